"""Who a source is: each attribution's source resolved to an actor of the registry, a name key
for a named person it does not know, or marked unresolved when the span names no one.

A pronoun or a fragment is never a source. The guard is grammatical, driven by the lexicon:
a personal pronoun ("he", "Il") stands for the speaker ``resolve_mentions`` tied it to; a
relative pronoun ("laquelle", "cui", "os quais") for the noun phrase just before it; a function
word ("Lo", "Según"), a span that opens with a reporting verb ("revealed Russian Defence
Ministry") or holds one, or a span with a date in it ("date 2018-04 L'état-major") is a cut in
the wrong place, and only an actor named inside it can rescue it.

What is left must then be a source by what it is, not by what it is not (``accept_sources``): an
actor of the registry, an outlet, an anonymous source with its description, or a named person or
organisation (tagged by a named-entity model, or name-shaped where there is none). A common noun
no earlier mention tells ("the statement", "сообщении", "les autorités de la ville") is unresolved.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from newstrace.actors import Actor, ActorRegistry
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
    opener = folded.split()[0]
    if (
        len(folded.split()) > 1
        and lex.clause_start is not None
        and lex.clause_start.fullmatch(opener)
        and opener not in src_types.DETERMINERS
        and opener not in lex.pronouns | lex.relatives
    ):
        return "clause"  # "هناك تقريرا كنديا" ("there is a Canadian report"): a clause, not who speaks
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


def trim_tail(source: str, lex: Lexicon) -> str:
    """The span without the prepositions, conjunctions and verb particles a cut left at its end
    ("WHO investigators to" -> "WHO investigators", "das Ministerium mit" -> "das Ministerium")."""
    words = source.split()
    while len(words) > 1 and words[-1].casefold().strip(",.;:") in lex.tail_words:
        words.pop()
    return " ".join(words) if len(words) < len(source.split()) else source


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
    attributions: list[Attribution],
    lex: Lexicon,
    text: str,
    actors: ActorRegistry,
    title: str = "",
    country: str | None = None,
) -> None:
    """Set ``actor`` (and ``unresolved``) on every attribution; run after ``resolve_mentions``.

    Outlets keep their outlet id and social-media posts their platform; every other source is
    checked for pronouns and fragments, and persons, officials and documents get an actor. A bare
    body ("the defence ministry") is the one of the country named with it, else the one of its
    kind named before, else the one of ``country`` (the outlet's)."""
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
        head = trim_tail(clause_head(att.source, lex) if why == "clause" else att.source, lex)
        actor = actors.resolve(meant or head)
        if actor is None and why in (None, "clause") and not meant:
            # "Il Ministero della difesa della Federazione Russa", "the ministry of defence of Russia":
            # a body's common noun with the country it belongs to named beside it
            actor = country_body(head, lex, actors, span_country(head, actors))
        if actor is None and meant and why is None:
            actor = actors.resolve(att.source)
        if actor is None and (why is None or head != att.source) and _description(head, lex):
            actor = _named_before(att, lex, text, actors, named, title)
            if actor is None and country:  # else the body of the outlet's own country
                actor = country_body(head, lex, actors, country)
        if actor is None and why is not None and not meant:
            att.unresolved = True
            continue
        if actor is None and att.source_type == "person":
            actor = name_key(meant or att.source, lex)
        att.actor = actor
        if actor and att.source_type == "person" and (known := actors.get(actor)) and known.kind != "person":
            att.source_type = "official"  # "Il Ministero … della Federazione Russa" is no one's name
        if actor and why == "relative" and att.source_type == "anonymous":  # "laquelle" for a named speaker
            known = actors.get(actor)
            att.source_type = (
                "person" if actor.startswith("name:") or (known and known.kind == "person") else "official"
            )
        if actor and not actor.startswith("name:"):
            named.append((att.source_start or 0, actor))


def _description(source: str, lex: Lexicon) -> bool:
    """ "the ministry", "l'ambassade", "министерство", "الوزارة": a short description with no name
    that names a body or a role, which an earlier mention may tell. In German a common noun written
    with a capital ("das Ministerium") is no name."""
    source = " ".join(_common_lower(w, lex) for w in source.split())
    if src_types.definite(source):
        return True
    words = source.split()
    if len(words) > 1 and (prep := lex.match("prepositions", words[0])) and prep.group(0) == words[0]:
        words = words[1:]  # "В военном ведомстве": where a report was made is who made it
        source = " ".join(words)
    if (
        src_types._DETERMINER.match(source)
        and len(words) <= 4
        and not any(w[:1].isupper() for w in words[1:])
    ):
        return any(
            lex.match(k, source) for k in ("official", "roles", "document")
        )  # "le communiqué du ministère"
    return (
        0 < len(words) <= _DESCRIPTION_WORDS
        and not any(w[:1].isupper() for w in words)
        and any(lex.match(k, source) for k in ("official", "roles", "generic_bodies"))
    )


def _common_lower(word: str, lex: Lexicon) -> str:
    """In a language that capitalises its nouns, a capitalised word that is, whole, a common noun
    of the lexicon ("Ministerium", "Sprecher") in lower case; any other word as it is."""
    if not lex.capitalised_nouns or not word[:1].isupper() or word.isupper():
        return word  # "el Ministerio" in Spanish names a ministry by its name
    for kind in ("official", "roles", "generic_bodies", "document"):
        found = lex.match(kind, word)
        if found is not None and found.start() == 0 and len(found.group(0)) >= len(word.strip(",.;:")):
            return word.lower()
    return word


_DESCRIPTION_WORDS = 3  # "военном ведомстве особо": a body's noun, its adjective, an adverb


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
    span = clause_head(att.source, lex)
    heads = _body_heads(span, lex)
    if not heads:
        return None
    # "ведомство", "the department": a noun that names a body without saying which
    generic = (
        {_head(m.group(0)) for m in lex.words["generic_bodies"].finditer(span)}
        if "generic_bodies" in lex.words
        else set()
    )
    candidates = [a for _, a in sorted(named, reverse=True)]
    before = text[max(0, (att.source_start or 0) - 3000) : att.source_start or 0]
    for passage in (before, title):  # the headline names who "the ministry" is when the text does not
        mentioned = actors.mentions(passage) if passage else []
        candidates += [m.actor for m in sorted(mentioned, key=lambda m: m.start, reverse=True)]
    # the most recent one whose names hold every head word: "the defence ministry" is the defence
    # ministry named before, not the foreign ministry (nor the Cabinet of Ministers) named last
    heads &= _vocabulary(actors)
    for actor_id in candidates:
        actor = actors.get(actor_id)
        if actor is not None and heads and heads <= _actor_heads(actor):
            return actor_id
    if generic and not heads - generic:
        # "сообщили в ведомстве" after "заявили в Минобороны России": the institution named last
        for actor_id in candidates:
            actor = actors.get(actor_id)
            if actor is not None and actor.kind == "institution":
                return actor_id
    return _placed_body(heads - generic, att, text, title, actors)


def _placed_body(
    heads: set[str], att: Attribution, text: str, title: str, actors: ActorRegistry
) -> str | None:
    """ "la mairie" in "…, a annoncé la mairie de cette ville" after "à Marioupol": a common noun
    that only one body's names hold, said where the sentence or the headline names its place."""
    if not heads:
        return None
    holders = [a for a in actors.actors.values() if a.kind == "institution" and heads <= _actor_heads(a)]
    if len(holders) != 1:
        return None
    start = att.source_start or 0
    lo = max(
        (m.end() for m in _SENTENCE.finditer(text, max(0, start - 400), start)), default=max(0, start - 400)
    )
    hi = next((m.start() for m in _SENTENCE.finditer(text, att.source_end or start)), len(text))
    place = {_head(w) for w in _WORDS.findall(f"{text[lo:hi]} {title}") if w[:1].isupper() and len(w) >= 4}
    own = _actor_heads(holders[0]) - heads - set(_country_heads(actors))
    return holders[0].id if own & place else None


_SENTENCE = re.compile(r"[.!?\n]\s")


def _body_heads(span: str, lex: Lexicon) -> set[str]:
    """Head words of a description that may tell its body: "le communiqué du ministère" ->
    {minis}, the document the body put out says nothing of which body it is."""
    return {_head(w) for w in _WORDS.findall(span) if len(w) >= 4 and not lex.match("document", w)}


def _actor_heads(actor: Actor) -> set[str]:
    words = " ".join([*actor.names.values(), *actor.aliases, *actor.titles])
    return {_head(w) for w in _WORDS.findall(words) if len(w) >= 4}


@lru_cache(maxsize=4)
def _vocabulary(actors: ActorRegistry) -> frozenset[str]:
    """Head words some actor's names use: the words of a description that tell which body."""
    return frozenset(h for actor in actors.actors.values() for h in _actor_heads(actor))


@lru_cache(maxsize=4)
def _country_heads(actors: ActorRegistry) -> dict[str, str]:
    """Head words that name one country and no other ("russe", "российского", "ukrainian"): those
    found in the names of two or more of its actors and in none of another country's."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for actor in actors.actors.values():
        if actor.country:
            for h in _actor_heads(actor):
                seen[h][actor.country] += 1
    return {h: next(iter(c)) for h, c in seen.items() if len(c) == 1 and sum(c.values()) >= 2}


def span_country(span: str, actors: ActorRegistry) -> str | None:
    """The one country a span names, by a government's name or metonym ("della Federazione Russa",
    "of Russia") or a word only its actors' names use ("russe", "российского"); None for none or
    several."""
    found = {
        known.country
        for m in actors.mentions(span)
        if (known := actors.get(m.actor)) and known.kind == "government" and known.country
    }
    heads = _country_heads(actors)
    found |= {heads[h] for w in _WORDS.findall(span) if len(w) >= 4 and (h := _head(w)) in heads}
    return next(iter(found)) if len(found) == 1 else None


def country_body(span: str, lex: Lexicon, actors: ActorRegistry, country: str | None) -> str | None:
    """The institution of ``country`` a body's common noun names ("Ministero della difesa",
    "the defence ministry"): the one whose names hold all its head words, when only one does
    and the span names a body or a role at all."""
    if not country or not any(lex.match(k, span) for k in ("official", "roles")):
        return None
    country_words = set(_country_heads(actors))
    heads = _body_heads(span, lex) & _vocabulary(actors) - country_words
    if not heads:
        return None
    # every head word in the body's names ("équipe internationale d'enquêteurs" is not the
    # investigative committee for one shared word), and only one such body
    bodies = [
        actor.id
        for actor in actors.actors.values()
        if actor.country == country and actor.kind == "institution" and heads <= _actor_heads(actor)
    ]
    return bodies[0] if len(bodies) == 1 else None


def _head(word: str) -> str:
    """A word's first five letters, without the Arabic article: 'الوزارة' ~ 'وزارة'."""
    word = word.casefold()
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    return word[:5]


# -- the positive model of a source --------------------------------------------------------------
# A source is who an analyst can name: an actor of the registry, an outlet of the outlet registry, an
# anonymous source with its description ("a diplomatic and military source"), or a named person or
# organisation. Everything else a cut left as a source ("the statement", "сообщении", "о ночном
# обстреле Еленовки утром в пятницу", "les autorités de la ville" that no earlier mention tells) is
# marked unresolved: it stays in the analysis, said to be no one's word, and is never an origin.

_DESCRIBER_CLASSES = ("roles", "official", "anonymous", "media", "generic_bodies", "document", "prepositions")
_NAME_EDGES = "«»\"“”„'‘’()[],.;:!?–—-•·*"


def accept_sources(
    attributions: list[Attribution],
    lex: Lexicon,
    actors: ActorRegistry,
    named=None,
) -> None:
    """Mark ``unresolved`` every attribution whose source is none of the four kinds a source is;
    run after ``resolve_actors``. ``named(att)`` — given by components with a named-entity model —
    says whether the model tags a person, organisation or place in the source span (True, False,
    or None when it cannot tell, and the name's shape decides)."""
    for att in attributions:
        if att.source is None or att.unresolved or att.source_type == "social-media":
            continue
        if att.source_type == "outlet" and att.outlet:
            continue  # (b) an outlet of the registry
        if att.actor and not att.actor.startswith("name:"):
            continue  # (a) an actor of the registry
        span = att.refers_to or att.source
        if att.source_type == "anonymous" and described_anonymous(span, lex):
            continue  # (c) "a diplomatic and military source", "people familiar with the matter"
        tagged = named(att) if named is not None and not att.refers_to else None
        if tagged if tagged is not None else name_shaped(span, lex, actors):
            continue  # (d) a named person or organisation the registries do not know
        if att.actor and titled_name_at_end(span, lex):
            continue  # (d) the name key's person, after a description of him
        att.actor = None  # a name key of a span that is no name ("Verteidigungsministerium")
        names = _leading_name(span, lex, actors)
        actor = actors.resolve(names) if names else None  # a cut after the name: "Konaschenkow wurde"
        if actor is not None:
            att.actor = actor
            known = actors.get(actor)
            att.source_type = "person" if known is not None and known.kind == "person" else "official"
            continue
        att.unresolved = True


def described_anonymous(span: str, lex: Lexicon) -> bool:
    """An unnamed source with its description: a word of the language's anonymous class ("source",
    "witnesses", "источник", "مصدر"), or an indefinite official or role ("an official", "un
    responsable")."""
    if lex.match("anonymous", span):
        return True
    return bool(
        src_types.INDEFINITE.match(span.strip()) and any(lex.match(k, span) for k in ("official", "roles"))
    )


def _bare(word: str) -> str:
    return word.strip(_NAME_EDGES)


def name_word(word: str, lex: Lexicon) -> bool:
    """A word that can be part of a name: capitalised or an acronym, and not a common word of the
    lexicon that a sentence's first word or a German noun capitalises ("Police", "Witnesses",
    "Verteidigungsministerium")."""
    bare = _bare(word)
    if len(bare) < 2 or not bare[0].isupper():
        return False
    folded = bare.casefold()
    closed = src_types.DETERMINERS | lex.function_words | lex.pronouns | lex.relatives | lex.tail_words
    if folded in closed or folded in lex.honorifics:
        return False  # "Nel documento si", "Mr Lindqvist": a closed-class word opening the span
    prepositions = lex.words.get("prepositions")
    if prepositions is not None and prepositions.fullmatch(bare):
        return False
    if bare.isupper():
        return True  # "ДНР", "OPCW", "UNSC"
    for kind in _DESCRIBER_CLASSES[:-1]:
        found = lex.match(kind, bare)
        if found is not None and found.start() == 0 and len(found.group(0)) >= len(bare) - 3:
            return False
    # a language that capitalises its nouns writes its common nouns as names: one holding a word
    # of the lexicon's source classes ("Verteidigungsministerium", "Regierungssprecher") is none
    return not (lex.capitalised_nouns and _compound_common(bare, lex))


def _compound_common(word: str, lex: Lexicon) -> bool:
    """A noun that ends with a word of the lexicon's source classes ("Verteidigungsministerium")."""
    for kind in _DESCRIBER_CLASSES[:-1]:
        pattern = lex.words.get(kind)
        if pattern is not None and any(pattern.fullmatch(word[i:]) for i in range(len(word) - 3)):
            return True
    return False


def _describer(word: str, lex: Lexicon, actors: ActorRegistry) -> bool:
    """A lower-case word that may stand beside a name in a source span: a determiner, preposition,
    conjunction, title or honorific ("DPR head Denis Pushilin", "le député Oleksiy Goncharenko"), a
    word of the lexicon's source classes, or a word of some actor's names and titles
    ("ukrainien", "defence")."""
    bare = _bare(word).casefold()
    if not bare or not any(c.isalpha() for c in bare):
        return True
    closed = src_types.DETERMINERS | lex.function_words | lex.tail_words | lex.honorifics
    if bare in closed or bare.rstrip("'’") in closed or bare[:2] in ("l'", "l’", "d'", "d’"):
        return True
    joiner = lex.words.get("source_and")
    if joiner is not None and joiner.fullmatch(bare):
        return True
    if any((m := lex.match(k, bare)) is not None and m.start() == 0 for k in _DESCRIBER_CLASSES):
        return True
    return len(bare) >= 4 and _head(bare) in _vocabulary(actors)


def name_shaped(span: str, lex: Lexicon, actors: ActorRegistry) -> bool:
    """Does the span name someone by a name: at least one name word (capitalised or an acronym, not
    a common word the lexicon knows), every other word a determiner, title or the like? A clause
    around a name ("о ночном обстреле Еленовки утром в пятницу", "Niederlande und Australiens
    hatten dagegen") is not a name. Scripts without case have no name shape: there only the
    registries name someone."""
    words = [w for w in span.split() if _bare(w)]
    if not words or len(words) > _NAME_SPAN_WORDS:
        return False
    names = [w for w in words if name_word(w, lex)]
    if not names:
        return False
    return all(name_word(w, lex) or _describer(w, lex, actors) for w in words)


def titled_name_at_end(span: str, lex: Lexicon) -> bool:
    """Does the span end with a full name, two name words or more, after a description ("…, tra cui
    il giornalista BBC Shayan Sardarizadeh", "the lawyer, Ivan Pavlov")? A person named in
    apposition at the end of a longer description is who speaks."""
    words = span.split()
    run = 0
    while run < len(words) and name_word(words[-1 - run], lex):
        run += 1
    return 2 <= run < len(words)


def _leading_name(span: str, lex: Lexicon, actors: ActorRegistry) -> str:
    """The first run of name words of a span when only a title or determiners come before it
    ("Захарова даже", "Песков в ходе общения с журналистами", "the centre of … the DPR"), else
    "": a name further into a clause is what the clause is about ("… contra Moscou")."""
    words = span.split()
    for i, word in enumerate(words):
        if name_word(word, lex):
            run = [w for w in words[i:]]
            end = next((k for k, w in enumerate(run) if not name_word(w, lex)), len(run))
            return " ".join(_bare(w) for w in run[:end])
        if not _describer(word, lex, actors):
            return ""
    return ""


_NAME_SPAN_WORDS = 12  # "the chief physician of the Omsk Emergency Hospital No. 1, Alexander Murakhovsky"
