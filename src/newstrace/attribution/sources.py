"""What kind of source a span names, its role, and which earlier mention it stands for."""

from __future__ import annotations

import re

from newstrace.attribution.lexicon import Lexicon
from newstrace.outlets import OutletRegistry

_INDEFINITE = re.compile(
    r"^(?:un|une|des|de|d'|d’|plusieurs|certains|certaines|deux|trois|quelques|a|an|some|several|two|three|many|"
    r"one|ein|eine|einer|mehrere|zwei|uno|una|unos|unas|varios|varias|dos|tre|due|alcuni|alcune|um|uma|uns|umas|"
    r"vários|várias|dois|duas|один|одна|несколько|двое|ряд)\b",
    re.I,
)
_DETERMINER = re.compile(
    r"^(?:le|la|les|l'|l’|un|une|des|du|de la|the|a|an|der|die|das|den|dem|el|los|las|il|lo|gli|o|os|as|ال)\s*", re.I
)
_NAME = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.-]+")


def _has_name(source: str, lex: Lexicon) -> bool:
    """A capitalised word that is not the first word (which is capitalised anyway) nor a known institution."""
    words = _NAME.findall(source)
    first = source.split()[0] if source.split() else ""
    names = [w for w in words if w != first or not _DETERMINER.match(first + " ")]
    names = [w for w in names if not (lex.match("official", w) or lex.match("roles", w) or w.casefold() in lex.honorifics)]
    if lex.lang == "ar":  # no capitals in Arabic script: a word outside every lexicon list counts as a name
        return False
    return bool(names)


def classify(source: str | None, lex: Lexicon, registry: OutletRegistry) -> tuple[str, str | None]:
    """(source_type, outlet id) of a source span."""
    if source is None:
        return "anonymous", None
    text = source.strip()
    low = text.casefold()
    if low in lex.pronouns:
        return "person", None
    outlet = registry.by_name(text, partial=True)
    if outlet is None:
        bare = _DETERMINER.sub("", text)
        outlet = registry.by_name(bare) if bare != text else None
    if outlet and not lex.match("roles", text):
        return "outlet", outlet
    head = _DETERMINER.sub("", text)
    if lex.match("document", head) and lex.match("document", head).start() == 0:
        return "document", None
    if lex.match("social", text) and not _has_name(text, lex):
        return "social-media", None
    named = _has_name(text, lex)
    if _INDEFINITE.match(text) and not named:
        spokes = lex.match("official", text)
        return ("official" if spokes and re.search(r"porte-parole|spokes|sprecher|portavoz|portavoce|porta-voz|пресс|المتحدث", text, re.I) else "anonymous"), None
    if lex.match("anonymous", text) and not named:
        return "anonymous", None
    if named and (lex.match("roles", text) or "," in text or not lex.match("official", text)):
        return "person", None
    if lex.match("official", text) or lex.match("roles", text):
        return "official", None
    if lex.lang == "ar":
        return "person", None
    return ("person" if named else "anonymous"), None


def role_of(source: str | None, lex: Lexicon) -> str | None:
    if not source:
        return None
    m = lex.match("roles", source)
    return m.group(0) if m else None


def surname(source: str) -> str | None:
    names = _NAME.findall(source)
    return names[-1].rstrip(".,") if names else None
