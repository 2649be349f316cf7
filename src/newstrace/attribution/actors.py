"""Who a source is: each attribution's source resolved to an actor of the registry, a name key
for a named person it does not know, or marked unresolved when the span names no one.

A pronoun or a fragment is never a source. The guard is grammatical, driven by the lexicon:
a personal pronoun ("he", "Il") stands for the speaker ``resolve_mentions`` tied it to; a
relative pronoun ("laquelle", "cui", "os quais") for the noun phrase just before it; a function
word ("Lo", "Según"), a span that opens with a reporting verb ("revealed Russian Defence
Ministry") or holds one, or a span with a date in it ("date 2018-04 L'état-major") is a cut in
the wrong place, and only an actor named inside it can rescue it.
"""

from __future__ import annotations

import re

from newstrace.actors import ActorRegistry
from newstrace.anchors.names import skeleton
from newstrace.attribution import sources as src_types
from newstrace.attribution.lexicon import Lexicon
from newstrace.model import Attribution

_DATE = re.compile(r"\b(?:1[89]|20)\d\d(?:[-/.]\d{1,2}){0,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b")
_VERB_CLASSES = ("say", "deny", "dispute", "opinion")
_WORDS = re.compile(r"[\w'’-]+")
_CLAUSE_END = re.compile(r"[.;:!?\n«»\"“”()]")


def fragment(source: str, lex: Lexicon) -> str | None:
    """Why a source span cannot name a speaker by itself, or None when it can.

    ``pronoun`` and ``relative`` can still be resolved (to the speaker meant, or the antecedent);
    the others (``function word``, ``verb``, ``date``) are spans cut in the wrong place."""
    text = source.strip(' \t,;:«»"“”()')
    folded = text.casefold()
    if not folded:
        return "function word"
    if folded in lex.pronouns:
        return "pronoun"
    if folded in lex.relatives:
        return "relative"
    if folded in lex.function_words or folded.rstrip("'’") in lex.function_words:
        return "function word"
    according = lex.cues.get("according")
    if according is not None and according.fullmatch(text):
        return "function word"  # "Según", "According": the cue taken for its own source
    if _DATE.search(text):
        return "date"
    for kind in _VERB_CLASSES:
        cue = lex.cues.get(kind)
        if cue is None:
            continue
        found = cue.search(text)
        if found and found.group(0).strip() and (found.start() == 0 or len(text.split()) > 2):
            return "verb"
    return None


def antecedent(text: str, start: int | None, lex: Lexicon) -> str | None:
    """The noun phrase a relative pronoun at ``start`` stands for: the words between the clause
    boundary before it and the comma (or space) just before the pronoun, at most eight words."""
    if start is None:
        return None
    before = text[max(0, start - 200) : start].rstrip().rstrip(",").rstrip()
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    phrase = before[cut:]
    if "," in phrase:
        phrase = phrase.rsplit(",", 1)[1] if phrase.rsplit(",", 1)[1].strip() else phrase
    words = _WORDS.findall(phrase)
    if not words:
        return None
    phrase = " ".join(words[-8:])
    return phrase if src_types.looks_like_source(phrase, lex) else None


def name_key(source: str, lex: Lexicon) -> str | None:
    """'name:<skeleton>' of the surname a person's source names, the same in every script
    (Klintsevitch, Klintsevich, Клинцевич); None when there is no capitalised name."""
    if lex.lang == "ar" or not src_types.person_name(source, lex):
        return None
    name = src_types.surname(source)
    bones = skeleton(name) if name else ""
    return f"name:{bones}" if len(bones) >= 2 else None


_ACTOR_TYPES = ("person", "official", "document")


def resolve_actors(attributions: list[Attribution], lex: Lexicon, text: str, actors: ActorRegistry) -> None:
    """Set ``actor`` (and ``unresolved``) on every attribution; run after ``resolve_mentions``.

    Outlets keep their outlet id and social-media posts their platform; every other source is
    checked for pronouns and fragments, and persons, officials and documents get an actor."""
    named: list[tuple[int, str]] = []  # (source_start, actor) of sources resolved so far
    for att in sorted(attributions, key=lambda a: a.source_start or 0):
        if att.source is None or att.source_type == "social-media":
            continue
        if att.source_type == "outlet" and att.outlet:
            continue
        why = fragment(att.source, lex)
        if why == "relative" and not att.refers_to:
            att.refers_to = antecedent(text, att.source_start, lex)
        meant = att.refers_to if att.refers_to and not fragment(att.refers_to, lex) else None
        if att.source_type not in _ACTOR_TYPES and not (why and meant):
            att.unresolved = why is not None
            continue
        actor = actors.resolve(meant or att.source)
        if actor is None and meant and why is None:
            actor = actors.resolve(att.source)
        if actor is None and why is None and src_types.definite(att.source):
            actor = _named_before(att, lex, text, actors, named)
        if actor is None and why is not None and not meant:
            att.unresolved = True
            continue
        if actor is None and att.source_type == "person":
            actor = name_key(meant or att.source, lex)
        att.actor = actor
        if actor and att.source_type == "anonymous":  # "laquelle" standing for a named speaker
            known = actors.get(actor)
            att.source_type = (
                "person" if actor.startswith("name:") or (known and known.kind == "person") else "official"
            )
        if actor and not actor.startswith("name:"):
            named.append((att.source_start or 0, actor))


def _named_before(
    att: Attribution, lex: Lexicon, text: str, actors: ActorRegistry, named: list[tuple[int, str]]
) -> str | None:
    """ "the ministry", "the spokesman", "l'ambassade": the last actor named before, as a source or
    in the text, whose names or titles share the description's head word."""
    heads = {w[:5].casefold() for w in _WORDS.findall(att.source) if len(w) >= 4}
    if not heads:
        return None
    candidates = [a for _, a in sorted(named, reverse=True)]
    if att.source_start:
        mentioned = actors.mentions(text[max(0, att.source_start - 3000) : att.source_start])
        candidates += [m.actor for m in sorted(mentioned, key=lambda m: m.start, reverse=True)]
    for actor_id in candidates:
        actor = actors.get(actor_id)
        if actor is None:
            continue
        words = " ".join([*actor.names.values(), *actor.aliases, *actor.titles])
        if heads & {w[:5].casefold() for w in _WORDS.findall(words) if len(w) >= 4}:
            return actor_id
    return None
