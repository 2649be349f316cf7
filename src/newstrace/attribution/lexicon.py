"""Per-language cue lexicons (``lexicons/{lang}.yaml``), compiled to regular expressions.

Each entry is a regular expression fragment matched case-insensitively on word boundaries.
Users can point ``NEWSTRACE_LEXICONS`` at a folder of YAML files of the same shape; an entry
there replaces the built-in language file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

CUE_CLASSES = (
    "nominal",
    "citing",
    "according",
    "according_after",
    "passive",
    "deny",
    "dispute",
    "opinion",
    "say",
)
WORD_CLASSES = (
    "hedges",
    "overclaim",
    "negation",
    "anonymous",
    "official",
    "generic_bodies",
    "document",
    "social",
    "roles",
    "media",
    "prepositions",
    "needs_clause",
    "not_sources",
    "hearer_verbs",
    "noun_before",
    "infinitive",
    "passive_aux",
    "not_cues",
    "anaphoric",
    "rebuttal",
    "characterise",
    "resumptive",
    "cue_joiners",
    "goes_on",
    "caption",
    "quote_verbs",
    "source_and",
    "claim_nouns",
    "mutual",
    "debunk",
    "accuse",
    "denial_noun",
    "appeal",
    "conjunction",
)

# Closed-class words (lists of plain words, or regex fragments where noted in the files). Unlike
# the classes above, the engine reads each of these across every language's file: an article
# quotes names and phrases of other languages, and a French rule meeting "the" must still see
# an article.
CLOSED_CLASSES = (
    "definite_articles",
    "articles",
    "possessives",
    "determiners",
    "indefinites",
    "relative_subject",
    "relative_possessive",
    "relative_other",
    "aside_openers",
    "subordinators",
    "negated_before",
    "spokesperson",
    "inverted_pronouns",
    "articles_before_noun",
    "adjective_slot",
    "opens_phrase",
)

# Noun classes: only these take the lexicon's ``word_suffix`` (verb forms and closed lists do not).
_NOUN_CLASSES = frozenset({"anonymous", "official", "document", "social", "roles", "media"})

# Combining marks (Arabic harakat) count as part of a word: \w does not include them.
_WORD = r"\w\u0610-\u061A\u064B-\u065F\u0670"


def _alternation(
    entries: list[str], clitics: str = "", suffix: str = "", bounded: bool = True
) -> re.Pattern[str] | None:
    entries = [e for e in entries if e]
    if not entries:
        return None
    # Longest first, so "a été informé" wins over "a".
    body = "|".join(f"(?:{e})" for e in sorted(entries, key=len, reverse=True))
    if not bounded:  # a script written without spaces (Chinese): a word has no boundary to test
        return re.compile(rf"{clitics}(?:{body}){suffix}", re.IGNORECASE)
    # An apostrophe may precede a word (French elision: "l'armée"), a letter or hyphen may not.
    # ``clitics`` are prefixes written joined to the word (Arabic و/ف: "وقال"); ``suffix`` is an
    # inflection every entry may take (English plural: "statement" also finds "statements").
    return re.compile(rf"(?<![{_WORD}-]){clitics}(?:{body}){suffix}(?![{_WORD}])", re.IGNORECASE)


def _cue_alternation(entries: list[str], clitics: str = "", bounded: bool = True) -> re.Pattern[str] | None:
    """Like ``_alternation``, but a joined clitic stays outside the match: in "وقال" the cue is
    "قال" ("and" is not part of the reporting verb)."""
    if not clitics or not bounded:
        return _alternation(entries, bounded=bounded)
    entries = [e for e in entries if e]
    if not entries:
        return None
    body = "|".join(f"(?:{e})" for e in sorted(entries, key=len, reverse=True))
    bare = clitics[:-1] if clitics.endswith("?") else clitics  # "(?:و|ف)?" -> "(?:و|ف)"
    start = rf"(?:(?<![{_WORD}-])|(?<=(?<![{_WORD}-]){bare}))"
    return re.compile(rf"{start}(?:{body})(?![{_WORD}])", re.IGNORECASE)


@dataclass
class Lexicon:
    lang: str
    cues: dict[str, re.Pattern[str]]
    words: dict[str, re.Pattern[str]]
    complementizer: re.Pattern[str] | None
    source_end: set[str]
    clause_start: re.Pattern[str] | None
    leading_drop: re.Pattern[str] | None
    pronouns: set[str]
    honorifics: set[str]
    participle: re.Pattern[str] | None  # "saying", "affirmant", "заявив": a second cue of the same source
    verb_first: bool = False  # verb-subject order is the norm (Arabic)
    trailing_drop: frozenset[str] = frozenset()  # particles between a subject and its verb ("قد")
    # "<previous word> <preposition>" pairs that do not end a source after a cue: "a statement from
    # the company", "people briefed on the talks"
    source_continue: re.Pattern[str] | None = None
    # a conjunction right before a verb that shares the previous verb's subject ("said C and blamed Y")
    coordination: re.Pattern[str] | None = None
    # "…, with one writing on X": a participle with a subject of its own, which group 1 holds
    absolute: re.Pattern[str] | None = None
    # the last word of a passive cue that puts its agent after it: "was disputed by X"
    agent: re.Pattern[str] | None = None
    # this language's articles (closed classes definite_articles and articles)
    articles: frozenset[str] = frozenset()
    # False: the file holds only denial cues (deny, dispute, rebuttal, mutual) read by
    # attribution.denials; the attribution rules do not run on this language yet
    analyzer: bool = True
    # never a source by themselves: relative pronouns ("laquelle", "cui", "os quais") stand for the
    # noun before them; function words ("Lo", "Según", "and") are a span cut in the wrong place
    relatives: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    # words a source span never ends on: a preposition or a verb's particle the cut left behind
    # ("WHO investigators to", "das Ministerium mit" of "teilte das Ministerium mit")
    tail_words: frozenset[str] = frozenset()
    # every noun is written with a capital (German): a capital tells no name
    capitalised_nouns: bool = False

    def match(self, name: str, text: str) -> re.Match[str] | None:
        pattern = self.words.get(name)
        return pattern.search(text) if pattern else None


def _load(data: dict) -> Lexicon:
    clitics = data.get("clitics") or ""
    bounded = data.get("word_boundaries", True)
    cues = {c: p for c in CUE_CLASSES if (p := _cue_alternation(data.get(c) or [], clitics, bounded))}
    word_clitics = data.get("word_clitics") or ""
    word_suffix = data.get("word_suffix") or ""
    words = {
        w: p
        for w in WORD_CLASSES
        if (
            p := _alternation(
                data.get(w) or [], word_clitics, word_suffix if w in _NOUN_CLASSES else "", bounded
            )
        )
    }
    drop = data.get("leading_drop") or []
    return Lexicon(
        lang=data["lang"],
        cues=cues,
        words=words,
        complementizer=_alternation(data.get("complementizer") or []),
        source_end={w.casefold() for w in data.get("source_end") or []},
        clause_start=_alternation(data.get("clause_start") or []),
        leading_drop=re.compile(
            rf"\s*(?:(?:{'|'.join(re.escape(d) for d in sorted(drop, key=len, reverse=True))})\b[\s,]*)+",
            re.I,
        )
        if drop
        else None,
        pronouns={w.casefold() for w in data.get("pronouns") or []},
        relatives=frozenset(w.casefold() for w in data.get("relative_pronouns") or []),
        function_words=frozenset(w.casefold() for w in data.get("function_words") or []),
        tail_words=frozenset(w.casefold() for w in data.get("source_tail_words") or []),
        capitalised_nouns=bool(data.get("capitalised_nouns")),
        honorifics={w.casefold() for w in data.get("honorifics") or []},
        verb_first=bool(data.get("verb_first")),
        analyzer=data.get("analyzer", True) is not False,
        trailing_drop=frozenset(data.get("source_trailing_drop") or []),
        source_continue=re.compile("|".join(f"(?:{e})" for e in data["source_continue"]), re.I)
        if data.get("source_continue")
        else None,
        coordination=re.compile(rf"[\s,]+(?:{data['coordination']})\s*$", re.I)
        if data.get("coordination")
        else None,
        absolute=re.compile(
            rf"(?:^|[\s,])(?:{data['absolute']})\s+((?:[\w'’-]+\s+){{0,3}}?[\w'’-]+)\s+$", re.I
        )
        if data.get("absolute")
        else None,
        agent=re.compile(rf"\s(?:{data['agent']})$", re.I) if data.get("agent") else None,
        participle=re.compile(f"(?:{data['participle_suffix']})$", re.I)
        if data.get("participle_suffix")
        else None,
        articles=frozenset(
            w.casefold() for w in (data.get("definite_articles") or []) + (data.get("articles") or [])
        ),
    )


def available() -> list[str]:
    names = [
        p.name[:-5]
        for p in resources.files("newstrace.attribution.lexicons").iterdir()
        if p.name.endswith(".yaml")
    ]
    return sorted(names)


@cache
def lexicon(lang: str) -> Lexicon | None:
    data = _raw(lang)
    return _load(data) if data else None


def _raw(lang: str) -> dict:
    user_dir = os.environ.get("NEWSTRACE_LEXICONS")
    if user_dir and (Path(user_dir) / f"{lang}.yaml").exists():
        return yaml.safe_load((Path(user_dir) / f"{lang}.yaml").read_text("utf-8"))
    ref = resources.files("newstrace.attribution.lexicons").joinpath(f"{lang}.yaml")
    return yaml.safe_load(ref.read_text("utf-8")) if ref.is_file() else {}


@cache
def closed_words(*names: str) -> tuple[str, ...]:
    """The words of closed classes ``names`` in every language's file, in file order, once each."""
    for name in names:
        if name not in CLOSED_CLASSES:
            raise ValueError(f"{name!r} is not a closed word class ({', '.join(CLOSED_CLASSES)})")
    seen: dict[str, None] = {}
    for lang in available():
        data = _raw(lang)
        for name in names:
            seen.update(dict.fromkeys(data.get(name) or []))
    return tuple(seen)


def closed_set(*names: str) -> frozenset[str]:
    """``closed_words`` casefolded, for membership tests on single words."""
    return frozenset(w.casefold() for w in closed_words(*names))


def closed_alternation(*names: str, escape: bool = True) -> str:
    """``closed_words`` as a regex alternation, longest first; ``escape=False`` for classes whose
    entries are regex fragments."""
    words = sorted(closed_words(*names), key=len, reverse=True)
    return "|".join(re.escape(w) if escape else w for w in words)
