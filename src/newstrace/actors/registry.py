"""Actor registry: the people, institutions and governments that speak in the news, their names
in every script, the titles that name them, and whom they speak for.

The data lives in ``actors.yaml`` beside this module; users add or override actors with their
own YAML file of the same shape (``--actors FILE`` or ``$NEWSTRACE_ACTORS``). A source span
("le porte-parole du ministère russe de la Défense, Igor Konachenkov", "Захаровой", "the
Kremlin") resolves to one actor id; ``speaks_for`` folds a person into the body he speaks for,
which is what independent sources are counted by.

Matching works on normalised tokens (case, Latin accents and punctuation dropped; Chinese
characters one token each). Words of a multi-word name may carry an inflection ("Министерства
обороны России" = "Министерство обороны России"); one-word names must match whole, except
Cyrillic ones of five letters or more ("Путина", "Кремля"). Arabic words may carry the
clitics و ف ب ل ك and the article ال. A surname in another transliteration (Konachenkov,
Konaschenkow) is found by its consonant skeleton.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newstrace.anchors.names import skeleton
from newstrace.datafile import read_package_yaml, read_user_yaml
from newstrace.errors import RegistryError
from newstrace.outlets.registry import normalize_name

ACTOR_KINDS = {"person", "institution", "government", "international"}


@dataclass(slots=True)
class Actor:
    id: str
    kind: str
    names: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)
    country: str | None = None
    own_voice: bool = False  # a member who speaks for himself (a senator), not for his body

    def name(self, lang: str | None = "en") -> str:
        """The actor's name for a reader of ``lang``, English when the registry has none."""
        return (
            self.names.get(lang or "en") or self.names.get("en") or next(iter(self.names.values()), self.id)
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor named in a span: tokens ``start``..``start + length`` of it, and how."""

    actor: str
    start: int
    length: int
    how: str  # name | title | metonym | surname


_CJK = re.compile(r"([\u3400-\u9fff\uf900-\ufaff])")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_FAMILY_FIRST = frozenset({"CN", "TW", "HK", "MO"})  # Chinese names: family name first, in English too
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def tokens(text: str) -> list[str]:
    """Normalised tokens of a name or a span; each Chinese character is a token of its own."""
    return _CJK.sub(r" \1 ", normalize_name(text)).split()


def _arabic_bare(token: str) -> list[str]:
    """An Arabic word without its clitics: 'والكرملين' -> ['والكرملين', 'الكرملين', 'كرملين', …]."""
    forms = [token]
    for prefix in _ARABIC_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            forms.append(token[len(prefix) :])
    return forms


def _key(token: str) -> str:
    return token[:3]


def _same(name_token: str, token: str, fuzzy: bool) -> bool:
    if name_token == token:
        return True
    if _ARABIC.match(name_token):
        bare = {f for f in _arabic_bare(name_token)}
        return any(f in bare for f in _arabic_bare(token))
    if not fuzzy or len(name_token) < 4 or _CJK.match(name_token):
        return False
    stem = name_token[: max(4, len(name_token) - 2)]
    return token.startswith(stem) and len(token) - len(stem) <= 3


class ActorRegistry:
    def __init__(self, actors: list[Actor]):
        self.actors: dict[str, Actor] = {}
        # first-token key -> (name tokens, actor id, how)
        self._index: dict[str, list[tuple[tuple[str, ...], str, str]]] = defaultdict(list)
        self._surnames: dict[str, str] = {}
        # family names written first (a Chinese name: "Hua Chunying" is "Hua"), each
        # to its one actor; None when two actors share it ("Wang" Yi, "Wang" Wenbin)
        self._family_first: dict[str, str | None] = {}
        for actor in actors:
            self.add(actor)

    def add(self, actor: Actor) -> None:
        """Add or replace an actor (a user's entry with a known id overrides the built-in one)."""
        old = self.actors.get(actor.id)
        if old is not None:
            for key in list(self._index):
                self._index[key] = [e for e in self._index[key] if e[1] != actor.id]
        self.actors[actor.id] = actor
        entries = [(n, "name") for n in [*actor.names.values(), *actor.aliases]]
        entries += [(t, "title") for t in actor.titles] + [(m, "metonym") for m in actor.metonyms]
        for text, how in entries:
            toks = tuple(tokens(text))
            if not toks:
                continue
            # a one-word acronym ("UN", "SBU") names the actor only written in capitals: French "un"
            # is an article
            if len(toks) == 1 and len(text.strip()) > 1 and text.strip().isupper():
                how = f"{how}:acronym"
            for first in {_key(f) for f in (_arabic_bare(toks[0]) if _ARABIC.match(toks[0]) else [toks[0]])}:
                self._index[first].append((toks, actor.id, how))
        if actor.kind == "person":
            for text in [actor.names.get("en", ""), *(a for a in actor.aliases if " " not in a.strip())]:
                words = _WORD.findall(text)
                if words and not _ARABIC.search(words[-1]):
                    bones = skeleton(words[-1])
                    if len(bones) >= 4:
                        self._surnames.setdefault(bones, actor.id)
            words = _WORD.findall(actor.names.get("en", ""))
            if actor.country in _FAMILY_FIRST and len(words) >= 2:  # the family name comes first
                family = words[0].casefold()
                known = self._family_first.get(family, actor.id)
                self._family_first[family] = actor.id if known == actor.id else None

    def __len__(self) -> int:
        return len(self.actors)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def get(self, actor_id: str | None) -> Actor | None:
        return self.actors.get(actor_id) if actor_id else None

    def name(self, actor_id: str, lang: str | None = "en") -> str:
        actor = self.actors.get(actor_id)
        return actor.name(lang) if actor else actor_id

    def speaks_for(self, actor_id: str) -> str:
        """The body an actor speaks for: a person's first institution (Konashenkov -> ru-mod,
        Putin -> ru-kremlin); an institution or government speaks for itself, and so does a
        person marked ``own_voice`` (a senator is not his chamber)."""
        actor = self.actors.get(actor_id)
        seen = {actor_id}
        while actor is not None and actor.kind == "person" and actor.member_of and not actor.own_voice:
            parent = actor.member_of[0]
            if parent in seen or parent not in self.actors:
                return parent if parent not in seen else actor.id
            seen.add(parent)
            actor = self.actors[parent]
        return actor.id if actor else actor_id

    def within(self, actor_id: str, body: str) -> bool:
        """Does ``actor_id`` belong to ``body``, directly or through its own bodies (ru-mod and
        Konashenkov are within ru-gov; ru-gov is not within itself)?"""
        seen: set[str] = set()
        todo = list(self.actors[actor_id].member_of) if actor_id in self.actors else []
        while todo:
            parent = todo.pop()
            if parent == body:
                return True
            if parent in seen or parent not in self.actors:
                continue
            seen.add(parent)
            todo.extend(self.actors[parent].member_of)
        return False

    def mentions(self, text: str) -> list[Mention]:
        """Every actor name, title or surname in ``text`` (overlapping mentions included)."""
        toks = tokens(text)
        raw = [w for w in re.split(r"[\W_]+", _CJK.sub(r" \1 ", text)) if w]
        cased = len(raw) == len(toks)
        found: list[Mention] = []
        for i, token in enumerate(toks):
            keys = {_key(f) for f in (_arabic_bare(token) if _ARABIC.match(token) else [token])}
            for key in keys:
                for name, actor_id, how in self._index.get(key, ()):
                    n = len(name)
                    if i + n > len(toks):
                        continue
                    fuzzy = n > 1 or bool(_CYRILLIC.match(name[0]) and len(name[0]) >= 5)
                    if how.endswith(":acronym"):
                        if cased and not raw[i].isupper():
                            continue
                        how = how.split(":")[0]
                    if all(_same(name[k], toks[i + k], fuzzy) for k in range(n)):
                        found.append(Mention(actor_id, i, n, how))
        for word in _WORD.findall(text):
            if word[:1].isupper() and not word.isupper():
                actor_id = self._surnames.get(skeleton(word))
                if actor_id and not any(m.actor == actor_id for m in found):
                    found.append(Mention(actor_id, -1, 1, "surname"))
                actor_id = self._family_first.get(word.casefold())
                if actor_id and not any(m.actor == actor_id for m in found):
                    found.append(Mention(actor_id, -1, 1, "surname"))
        return found

    def resolve(self, span: str | None) -> str | None:
        """The actor a source span names, or None.

        A person named in the span wins over the bodies around him ("the Russian Defence Ministry
        spokesman Igor Konashenkov" is Konashenkov); else the longest name. A government is taken
        only when it is at least half the span ("Russian authorities", "Moscow"), so "a Russian
        lawmaker" is not the Russian government; a metonym ("Washington") only as the whole span.
        """
        if not span:
            return None
        found = self.mentions(span)
        if not found:
            return None
        content = [t for t in tokens(span) if len(t) >= 3 or _CJK.match(t) or _ARABIC.match(t)]
        size = max(1, len(content))

        def covers(m: Mention) -> float:
            return m.length / size

        raw = [w for w in re.split(r"[\W_]+", _CJK.sub(r" \1 ", span)) if w]
        cased = len(raw) == len(tokens(span))
        kept = []
        for m in found:
            actor = self.actors[m.actor]
            after = m.start + m.length
            if (
                cased
                and m.length == 1
                and m.how == "name"
                and actor.kind == "institution"
                and after < len(raw)
                and raw[after][:1].isupper()
                and not any(o.start <= after < o.start + o.length for o in found if o is not m)
            ):
                continue  # "МИД Польши": another country's ministry, not the one the bare word names
            if m.how == "metonym" and covers(m) < 1:
                continue
            if actor.kind == "government" and covers(m) < 0.5:
                continue
            kept.append(m)
        if not kept:
            return None
        people = [m for m in kept if self.actors[m.actor].kind == "person"]
        pool = people or kept
        best = max(pool, key=lambda m: (m.length, m.how != "surname", -m.start))
        return best.actor


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _parse(data: object, origin: str) -> list[Actor]:
    if not isinstance(data, list):
        raise RegistryError(f"{origin}: expected a list of actors at the top level")
    actors = []
    for n, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or "id" not in entry or "kind" not in entry:
            raise RegistryError(f"{origin}: entry {n} needs at least 'id' and 'kind'")
        if entry["kind"] not in ACTOR_KINDS:
            raise RegistryError(
                f"{origin}: actor {entry['id']!r} has unknown kind {entry['kind']!r}; use {sorted(ACTOR_KINDS)}"
            )
        names = entry.get("names") or {}
        if isinstance(names, str):
            names = {"en": names}
        if not isinstance(names, dict) or not names:
            raise RegistryError(f"{origin}: actor {entry['id']!r} needs 'names' (a name per language)")
        actors.append(
            Actor(
                id=str(entry["id"]),
                kind=entry["kind"],
                names={str(k): str(v) for k, v in names.items()},
                aliases=_strings(entry.get("aliases")),
                titles=_strings(entry.get("titles")),
                metonyms=_strings(entry.get("metonyms")),
                member_of=_strings(entry.get("member_of")),
                country=entry.get("country"),
                own_voice=bool(entry.get("own_voice")),
            )
        )
    return actors


def load_file(path: str | Path) -> list[Actor]:
    return _parse(read_user_yaml(path, "actor"), str(path))


@lru_cache(maxsize=1)
def _builtin() -> tuple[Actor, ...]:
    return tuple(_parse(read_package_yaml("newstrace.actors", "actors.yaml"), "actors.yaml (built-in)"))


def default_actors(extra_files: list[str | Path] | None = None) -> ActorRegistry:
    """The built-in registry plus the user's files (arguments, then ``$NEWSTRACE_ACTORS``)."""
    files = [str(p) for p in extra_files or []]
    env = os.environ.get("NEWSTRACE_ACTORS")
    if env:
        files.extend(p for p in env.split(os.pathsep) if p)
    return _registry(tuple(files))


@lru_cache(maxsize=8)
def _registry(files: tuple[str, ...]) -> ActorRegistry:
    registry = ActorRegistry(list(_builtin()))
    for path in files:
        for actor in load_file(path):
            registry.add(actor)
    return registry
