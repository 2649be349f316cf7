"""Remove what extractors leave around an article and turn credit lines into data.

Rules are data (``data/cleaning.yaml``, ``data/credits.yaml``): each is a regular expression
matched against one whole line, so a rule never cuts inside a paragraph.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from newstrace.model import Credit
from newstrace.outlets import OutletRegistry

MAX_CREDIT_LINE = 300  # a longer line is prose, not a credit
MAX_DROP_LINE = 100
TAIL_CREDIT_LINES = 5  # credit lines are searched among the last few lines only


@dataclass(frozen=True)
class Rules:
    cut_from: tuple[re.Pattern[str], ...]
    drop_block: tuple[re.Pattern[str], ...]
    drop_lines: tuple[re.Pattern[str], ...]
    credits: tuple[tuple[str, re.Pattern[str]], ...]
    datelines: tuple[re.Pattern[str], ...]


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _load_yaml(name: str) -> dict:
    text = resources.files("newstrace.extract.data").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text) or {}


@lru_cache(maxsize=1)
def rules() -> Rules:
    cleaning = _load_yaml("cleaning.yaml")
    extra = os.environ.get("NEWSTRACE_CLEANING")
    if extra:
        with open(extra, encoding="utf-8") as fh:
            user = yaml.safe_load(fh) or {}
        for key in ("cut_from", "drop_block", "drop_lines"):
            cleaning[key] = list(cleaning.get(key, [])) + list(user.get(key, []))
    credits = _load_yaml("credits.yaml")
    ordered = []
    for kind in ("translated", "source-link", "republished", "agency"):
        ordered.extend((kind, pattern) for pattern in _compile(credits.get(kind, [])))
    return Rules(
        cut_from=_compile(cleaning.get("cut_from", [])),
        drop_block=_compile(cleaning.get("drop_block", [])),
        drop_lines=_compile(cleaning.get("drop_lines", [])),
        credits=tuple(ordered),
        datelines=_compile(credits.get("dateline", [])),
    )


_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def normalize_lines(text: str) -> list[str]:
    """Lines with collapsed inner whitespace and no empty lines (paragraphs are lines)."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if line:
            lines.append(line)
    return lines


CUT_AFTER_SHARE = 1 / 3  # a comment-form marker counts only after this share of the text's characters
TAIL_SHARE = 0.3  # ... and only if what follows it is at most this share, or only short lines
SHORT_LINE = 200
BLOCK_LINES = 12  # a "read also" block has at most this many headline lines


def remove_boilerplate(lines: list[str]) -> list[str]:
    r = rules()
    total = sum(len(line) for line in lines)
    before = 0
    for i, line in enumerate(lines):
        # A comment form high up is more likely a quote or a menu, and prose after it means it
        # was not the end of the article: cutting there would lose text.
        if before >= total * CUT_AFTER_SHARE and any(p.match(line) for p in r.cut_from):
            after = lines[i + 1 :]
            if sum(len(x) for x in after) <= total * TAIL_SHARE or all(len(x) < SHORT_LINE for x in after):
                lines = lines[:i]
                break
        before += len(line)
    kept: list[str] = []
    skipping = 0
    for line in lines:
        if skipping:
            # headlines of the block: short, without a closing full stop
            if len(line) <= MAX_DROP_LINE and not re.search(r"[.!?»\"”]$", line):
                skipping -= 1
                continue
            skipping = 0
        if len(line) <= MAX_DROP_LINE and any(p.match(line) for p in r.drop_block):
            skipping = BLOCK_LINES
            continue
        if len(line) <= MAX_DROP_LINE and any(p.match(line) for p in r.drop_lines):
            continue
        kept.append(line)
    return kept


_URL = re.compile(
    r"https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|ru|fr|info|de|es|it|ar|ir|sy|tv|news|uk|example)(?:/\S*)?\b",
    re.I,
)


MAX_CREDIT_NAME_WORDS = 8
_SEPARATOR = re.compile(r"[:：\-–—]\s*$")


def _credible(prefix: str, name: str, outlet: str | None, url: re.Match[str] | None) -> bool:
    """Is this cue + name a credit, or a closing sentence that happens to start with 'Source'?"""
    if len(name.split()) > MAX_CREDIT_NAME_WORDS:
        return False
    if _SEPARATOR.search(prefix) or outlet or url:
        return True
    # no separator ("Traduction SLT"): only a short name written as a name
    words = name.split()
    return len(words) <= 3 and all(w[:1].isupper() or w.isupper() for w in words)


def parse_credit(line: str, registry: OutletRegistry) -> Credit | None:
    """A Credit when ``line`` is a credit line, else None."""
    if len(line) > MAX_CREDIT_LINE:
        return None
    text = line.strip().strip("*_").strip()
    for kind, pattern in rules().credits:
        match = pattern.match(text)
        if not match:
            continue
        name = match.group("name").strip().strip("«»\"“”'.").strip()
        if not name:
            continue
        url = _URL.search(name)
        outlet = registry.by_domain(url.group(0)) if url else None
        # After an explicit cue ("Source :", "Traduction") a known name may sit inside a longer
        # string ("SOURCE: FRENCH PRESS TV English"); a bare "Avec X" must be exactly an outlet,
        # or "Avec le soutien de la Croix-Rouge" would credit La Croix.
        outlet = outlet or registry.by_name(name, partial=kind != "agency")
        if kind == "republished" and url:
            kind = "source-link"
        if kind == "agency" and outlet is None:
            # "Avec plaisir", "(suite)" — a bare pattern like this is a credit only for a known outlet.
            continue
        if kind != "agency" and not _credible(text[: match.start("name")], name, outlet, url):
            continue
        return Credit(kind=kind, text=line, outlet=outlet, name=name)
    # A closing line that is nothing but an outlet's name ("Sputnik", "RT France").
    outlet = registry.by_name(text)
    if outlet and len(text) <= 60:
        return Credit(kind="republished", text=line, outlet=outlet, name=text)
    return None


def take_credits(lines: list[str], registry: OutletRegistry) -> tuple[list[str], list[Credit]]:
    """Strip credit lines from the end of the text; return the remaining lines and the credits."""
    credits: list[Credit] = []
    end = len(lines)
    checked = 0
    while end > 1 and checked < TAIL_CREDIT_LINES:
        credit = parse_credit(lines[end - 1], registry)
        if credit is None:
            break
        credits.append(credit)
        end -= 1
        checked += 1
    credits.reverse()
    if lines:
        for pattern in rules().datelines:
            match = pattern.match(lines[0])
            if match:
                outlet = registry.by_name(match.group("name").strip(), partial=True)
                if outlet:
                    credits.insert(
                        0,
                        Credit(
                            kind="agency",
                            text=match.group(0).strip(),
                            outlet=outlet,
                            name=match.group("name").strip(),
                        ),
                    )
                break
    return lines[:end], credits


def clean(text: str, registry: OutletRegistry) -> tuple[str, list[Credit]]:
    """Clean body text: boilerplate out, credit lines into data. Paragraphs joined by newlines."""
    lines = remove_boilerplate(normalize_lines(text))
    lines, credits = take_credits(lines, registry)
    # Boilerplate can sit under the credit line ("Sputnik" then a share bar): clean once more.
    return "\n".join(remove_boilerplate(lines)), credits
