"""Outlet registry: who publishes, under which names, on which domains, owned by whom.

The data lives in ``outlets.yaml`` beside this module; users add or override outlets with
their own YAML file of the same shape (``--outlets FILE`` or ``$NEWSTRACE_OUTLETS``).
Names are matched after normalisation (case, diacritics, punctuation) in any script.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from newstrace.datafile import read_package_yaml, read_user_yaml
from newstrace.errors import RegistryError

OUTLET_TYPES = {
    "news-agency",
    "state-affiliated",
    "broadcaster",
    "newspaper",
    "magazine",
    "online",
    "blog-aggregator",
    "fact-checker",
}


@dataclass(slots=True)
class Outlet:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    country: str | None = None
    owner: str | None = None
    type: list[str] = field(default_factory=list)
    lang: list[str] = field(default_factory=list)


_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


_CJK_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")


def normalize_name(name: str) -> str:
    """Casefold, drop diacritics and punctuation: 'RIA-Novosti' == 'ria novosti', 'Agência' == 'agencia'."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    # Only strip combining marks from Latin letters: Arabic/Cyrillic marks are part of the letter
    # in ways that matter less, and NFKD of 'й' would otherwise turn it into 'и'.
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch) and kept and kept[-1].isascii():
            continue
        kept.append(ch)
    text = unicodedata.normalize("NFC", "".join(kept))
    return _PUNCT.sub(" ", text).strip()


def domain_of(url: str | None) -> str | None:
    """Host of a URL without 'www.' and port; None when there is none."""
    if not url:
        return None
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


class OutletRegistry:
    def __init__(self, outlets: list[Outlet]):
        self.outlets: dict[str, Outlet] = {}
        self._by_domain: dict[str, str] = {}
        self._by_name: dict[str, str] = {}
        for outlet in outlets:
            self.add(outlet)

    def add(self, outlet: Outlet) -> None:
        """Add or replace an outlet (a user's entry with a known id overrides the built-in one)."""
        self.outlets[outlet.id] = outlet
        for domain in outlet.domains:
            self._by_domain[domain.lower().removeprefix("www.")] = outlet.id
        for name in [outlet.id, outlet.name, *outlet.aliases]:
            key = normalize_name(name)
            if key:
                self._by_name[key] = outlet.id
        self._names_longest_first = sorted(self._by_name, key=len, reverse=True)

    def __len__(self) -> int:
        return len(self.outlets)

    def __contains__(self, outlet_id: str) -> bool:
        return outlet_id in self.outlets

    def get(self, outlet_id: str) -> Outlet | None:
        return self.outlets.get(outlet_id)

    def by_domain(self, url_or_domain: str | None) -> str | None:
        """Outlet id for a URL or host; sub-domains fall back to their parents (fr.sputniknews.com)."""
        host = domain_of(url_or_domain)
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            if "." not in host:
                return None
            host = host.split(".", 1)[1]
        return None

    def by_name(self, name: str | None, *, partial: bool = False) -> str | None:
        """Outlet id for a name in any script ('РИА Новости', 'سبوتنيك', 'fr.sputniknews.com').

        With ``partial``, also find a known name inside a longer string ("FRENCH PRESS TV
        English edition"); only names of 4+ characters match that way, so 'RT' needs to
        stand alone.
        """
        if not name:
            return None
        if "." in name and " " not in name.strip():
            found = self.by_domain(name.strip())
            if found:
                return found
        key = normalize_name(name)
        if key in self._by_name:
            return self._by_name[key]
        if partial and key:
            padded = f" {key} "
            for alias in self._names_longest_first:
                if len(alias) >= 4 and f" {alias} " in padded:
                    return self._by_name[alias]
                if len(alias) >= 2 and _CJK_NAME.fullmatch(alias) and alias in key:
                    return self._by_name[alias]  # Chinese writes no spaces: "央视新闻客户端" holds 央视
        return None


def _parse(data: object, origin: str) -> list[Outlet]:
    if not isinstance(data, list):
        raise RegistryError(f"{origin}: expected a list of outlets at the top level")
    outlets = []
    for n, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or "id" not in entry or "name" not in entry:
            raise RegistryError(f"{origin}: entry {n} needs at least 'id' and 'name'")
        types = entry.get("type") or []
        types = [types] if isinstance(types, str) else list(types)
        unknown = set(types) - OUTLET_TYPES
        if unknown:
            raise RegistryError(
                f"{origin}: outlet {entry['id']!r} has unknown type {sorted(unknown)}; "
                f"use {sorted(OUTLET_TYPES)}"
            )
        langs = entry.get("lang") or []
        outlets.append(
            Outlet(
                id=str(entry["id"]),
                name=str(entry["name"]),
                aliases=[str(a) for a in entry.get("aliases") or []],
                domains=[str(d) for d in entry.get("domains") or []],
                country=entry.get("country"),
                owner=entry.get("owner"),
                type=types,
                lang=[langs] if isinstance(langs, str) else list(langs),
            )
        )
    return outlets


def load_file(path: str | Path) -> list[Outlet]:
    return _parse(read_user_yaml(path, "outlet"), str(path))


@lru_cache(maxsize=1)
def _builtin() -> tuple[Outlet, ...]:
    return tuple(_parse(read_package_yaml("newstrace.outlets", "outlets.yaml"), "outlets.yaml (built-in)"))


def default_registry(extra_files: list[str | Path] | None = None) -> OutletRegistry:
    """The built-in registry plus the user's files (arguments, then ``$NEWSTRACE_OUTLETS``)."""
    registry = OutletRegistry(list(_builtin()))
    files = list(extra_files or [])
    env = os.environ.get("NEWSTRACE_OUTLETS")
    if env:
        files.extend(p for p in env.split(os.pathsep) if p)
    for path in files:
        for outlet in load_file(path):
            registry.add(outlet)
    return registry
