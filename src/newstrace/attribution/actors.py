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
    text = source.strip(' \t,;:«»"“”()•·*–—-')
    folded = text.casefold()
    if not folded:
        return "function word"
    if folded in lex.pronouns:
        return "pronoun"
    if folded in lex.relatives:
        return "relative"
    closed = lex.function_words | lex.pronouns | lex.relatives | src_types.DETERMINERS
    if folded in closed or folded.rstrip("'’") in closed or all(w in closed for w in folded.split()):
        return "function word"  # "Lo", "All this", "Weiter", "• We"
    according = lex.cues.get("according")
    if according is not None and according.fullmatch(text):
        return "function word"  # "Según", "According": the cue taken for its own source
    if _DATE.search(text):
        return "date"
    if clause_head(text, lex) != text:
        return "clause"
    words = text.split()
    first = words[0].strip('«»"“”(),.;:')
    if (
        len(words) >= 3
        and first[:1].islower()
        and first.casefold() not in src_types.DETERMINERS
        and not src_types.INDEFINITE.match(first)
        and not any(lex.match(k, text) for k in _NOUN_CLASSES)
        and any(c.isupper() for c in text if c.isalpha())  # a script with case
    ):
        return "clause"  # "pidió más ataques brutales contra Ucrania y": a verb phrase, not a noun phrase
    for kind in _VERB_CLASSES:
        cue = lex.cues.get(kind)
        if cue is None:
            continue
        found = cue.search(text)
        if found and found.group(0).strip() and (found.start() == 0 or len(text.split()) > 2):
            return "verb"
    return None


def clause_head(source: str, lex: Lexicon) -> str:
    """The span before a complementizer or a clause opener inside it ("الوزارة أنه" -> "الوزارة",
    "the ministry that said" -> "the ministry"); the span itself when there is none."""
    words = list(_WORDS.finditer(source))
    for w in words[1:]:
        word = w.group(0)
        if (
            (lex.complementizer is not None and lex.complementizer.fullmatch(word))
            or (lex.clause_start is not None and lex.clause_start.fullmatch(word))
            or (lex.lang == "ar" and word[:2] in ("أن", "إن") and len(word) <= 4)
        ):
            return source[: w.start()].rstrip(" ,")
    return source


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
_NOUN_CLASSES = ("anonymous", "official", "roles", "media", "document", "social")


def resolve_actors(
    attributions: list[Attribution], lex: Lexicon, text: str, actors: ActorRegistry, title: str = ""
) -> None:
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
        head = clause_head(att.source, lex) if why == "clause" else att.source
        actor = actors.resolve(meant or head)
        if actor is None and meant and why is None:
            actor = actors.resolve(att.source)
        if actor is None and (why is None or head != att.source) and _description(head, lex):
            actor = _named_before(att, lex, text, actors, named, title)
        if actor is None and why is not None and not meant:
            att.unresolved = True
            continue
        if actor is None and att.source_type == "person":
            actor = name_key(meant or att.source, lex)
        att.actor = actor
        if actor and why == "relative" and att.source_type == "anonymous":  # "laquelle" for a named speaker
            known = actors.get(actor)
            att.source_type = (
                "person" if actor.startswith("name:") or (known and known.kind == "person") else "official"
            )
        if actor and not actor.startswith("name:"):
            named.append((att.source_start or 0, actor))


def _description(source: str, lex: Lexicon) -> bool:
    """ "the ministry", "l'ambassade", "министерство", "الوزارة": a short description with no name
    that names a body or a role, which an earlier mention may tell."""
    if src_types.definite(source):
        return True
    words = source.split()
    if (
        src_types._DETERMINER.match(source)
        and len(words) <= 4
        and not any(w[:1].isupper() for w in words[1:])
    ):
        return any(
            lex.match(k, source) for k in ("official", "roles", "document")
        )  # "le communiqué du ministère"
    return (
        0 < len(words) <= 2
        and not any(w[:1].isupper() for w in words)
        and any(lex.match(k, source) for k in ("official", "roles"))
    )


def _named_before(
    att: Attribution,
    lex: Lexicon,
    text: str,
    actors: ActorRegistry,
    named: list[tuple[int, str]],
    title: str = "",
) -> str | None:
    """ "the ministry", "the spokesman", "l'ambassade": the last actor named before, as a source or
    in the text, whose names or titles share the description's head word."""
    heads = {_head(w) for w in _WORDS.findall(clause_head(att.source, lex)) if len(w) >= 4}
    if not heads:
        return None
    candidates = [a for _, a in sorted(named, reverse=True)]
    before = text[max(0, (att.source_start or 0) - 3000) : att.source_start or 0]
    for passage in (before, title):  # the headline names who "the ministry" is when the text does not
        mentioned = actors.mentions(passage) if passage else []
        candidates += [m.actor for m in sorted(mentioned, key=lambda m: m.start, reverse=True)]
    for actor_id in candidates:
        actor = actors.get(actor_id)
        if actor is None:
            continue
        words = " ".join([*actor.names.values(), *actor.aliases, *actor.titles])
        if heads & {_head(w) for w in _WORDS.findall(words) if len(w) >= 4}:
            return actor_id
    return None


def _head(word: str) -> str:
    """A word's first five letters, without the Arabic article: 'الوزارة' ~ 'وزارة'."""
    word = word.casefold()
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    return word[:5]
