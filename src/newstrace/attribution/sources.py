"""What kind of source a span names, its role, and which earlier mention it stands for."""

from __future__ import annotations

import re

from newstrace.attribution.lexicon import Lexicon, closed_alternation, closed_set, closed_words
from newstrace.outlets import OutletRegistry

INDEFINITE = re.compile(rf"^(?:{closed_alternation('indefinites')})\b", re.I)
DETERMINERS = closed_set("definite_articles", "articles", "possessives", "determiners")
_DETERMINER = re.compile(
    rf"^(?:{closed_alternation('definite_articles', 'articles')})\s+|^(?:l'|l’)",
    re.I,
)

_POSSESSIVE = re.compile(rf"^(?:{closed_alternation('possessives')})\s+\w", re.I)
_SPOKESPERSON = re.compile(closed_alternation("spokesperson", escape=False), re.I)

NEWS_TYPES = {"news-agency", "broadcaster", "newspaper", "magazine", "state-affiliated", "blog-aggregator"}


def looks_like_source(text: str, lex: Lexicon) -> bool:
    """A cheap test used before the registry is at hand: a name, a pronoun or a source word."""
    if text.casefold() in lex.pronouns or any(
        _is_cap(w) or (w.isupper() and len(w) > 1) for w in text.split()
    ):
        return True
    return any(lex.match(n, text) for n in ("anonymous", "official", "document", "social", "roles", "media"))


def _is_cap(word: str) -> bool:
    bare = word.strip('«»"“”(),.;:')
    return bool(bare) and bare[0].isupper() and not bare.isupper() and bare.casefold() not in DETERMINERS


def person_name(source: str, lex: Lexicon) -> bool:
    """Does the span name a person? Two capitalised words ('Frants Klintsevitch'), a title or
    role before a capitalised word ('M. Klintsevitch', 'le sénateur X'), an apposition
    ('le ministre, Étienne Morin'), or one bare capitalised word ('Poutine a déclaré')."""
    if lex.lang == "ar":
        return False
    words = source.split()
    if not words:
        return False
    after_comma = source.rsplit(",", 1)[1] if "," in source else ""
    if any(_is_cap(w) for w in after_comma.split()) and not lex.match("official", after_comma):
        return True  # "le ministre, Étienne Morin" — but not "The developer, Skyline Holdings"
    prepositions = lex.words.get("prepositions")
    in_name = False  # inside a run of capitalised words that a determiner or preposition opened
    for i, word in enumerate(words):
        prev = words[i - 1].casefold() if i else ""
        if _is_cap(word) and (
            in_name or prev in DETERMINERS or (prepositions is not None and prepositions.fullmatch(prev))
        ):
            # "the World Health Organization", "Residents of Millbrook Road": a place or a body
            in_name = True
            continue
        in_name = False
        if word[:2].casefold() in ("l'", "l’"):
            continue  # "L'Union", "l'Institut": an organisation's name
        if not _is_cap(word) or lex.match("official", word):
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if nxt and _is_cap(nxt) and not lex.match("official", nxt) and prev not in DETERMINERS:
            return True
        if prev and (prev in lex.honorifics or lex.match("roles", prev)):
            return True
    # one bare capitalised word: a surname ("Poutine a déclaré"), unless it is a common noun
    # that starts the sentence ("Analysts said", "Témoins") or an institution
    return (
        len(words) == 1
        and _is_cap(words[0])
        and not any(
            lex.match(k, words[0]) for k in ("official", "anonymous", "roles", "document", "media", "social")
        )
    )


def classify(source: str | None, lex: Lexicon, registry: OutletRegistry) -> tuple[str, str | None]:
    """(source_type, outlet id) of a source span."""
    if source is None:
        return "anonymous", None
    text = source.strip()
    if text.casefold() in lex.pronouns:
        return "person", None
    head = _DETERMINER.sub("", text)
    named = person_name(text, lex)
    outlet = registry.by_name(text, partial=True) or (registry.by_name(head) if head != text else None)
    if outlet and not lex.match("roles", text):
        kinds = set(registry.get(outlet).type) if registry.get(outlet) else set()
        # A monitor listed for its website (the Syrian Observatory) speaks as an organisation
        # when the text names it as one; a news outlet stays an outlet.
        if kinds & NEWS_TYPES or not lex.match("official", text):
            return "outlet", outlet
    media = lex.match("media", head)
    if media and 0 < media.start() and len(head[: media.start()].split()) <= 2 and not named:
        # "Spanish daily Marca", "local TV channel Hiru News": adjectives before the media word
        rest = head[media.end() :].strip(' «»"“”()')
        known = registry.by_name(rest) or registry.by_name(rest, partial=True) if rest[:1].isupper() else None
        # "agency" also names government bodies ("the maritime agency UKMTO"): only a known outlet
        if known or (rest[:1].isupper() and not lex.match("official", media.group(0))):
            return "outlet", known
        if (
            not rest
            and _is_cap(head.split()[0])
            and not lex.match("official", media.group(0))
            and not lex.match("social", head)
        ):
            return "outlet", None  # "Syrian state media", "Iranian state television": a country's media
    if media and media.start() == 0:
        # "قناة RT", "l'agence SANA", "the newspaper Kommersant": the name after the media word
        rest = head[media.end() :].strip(' «»"“”()')
        return "outlet", registry.by_name(rest) or registry.by_name(rest, partial=True)
    social = lex.match("social", head)
    if social and (social.start() <= 12 or social.end() == len(head)):
        # "his Telegram channel", "a Serbian nationalist channel": the platform is the head noun
        return "social-media", None
    document = lex.match("document", head)
    before_document = head[: document.start()].split() if document else []
    if document and head[document.start()].isupper() and before_document and _is_cap(before_document[-1]):
        document = None  # "the National Institute for Space Research": part of a name
    if document and (document.start() == 0 or not named):
        return "document", None
    if INDEFINITE.match(text) and not named:
        official = _SPOKESPERSON.search(text)
        return ("official" if official else "anonymous"), None
    if lex.match("anonymous", text) and not named:
        return "anonymous", None
    if named:
        return "person", None
    if lex.match("official", text) or lex.match("roles", text):
        return "official", None
    if any(w.isupper() and len(w) > 1 for w in text.split()) or any(_is_cap(w) for w in text.split()[1:]):
        return "official", None  # an organisation's name or acronym: "la CGT", "l'institut Kandilli"
    if lex.lang == "ar":
        return "person", None
    return "anonymous", None


def plausible(source: str | None, lex: Lexicon, registry: OutletRegistry, strict: bool = False) -> bool:
    """Could this span be a source at all? 'selon les cas', 'according to plan' are not.

    Arabic has no capitals to spot a name by, so there a span passes unless ``strict`` (after
    'according to'-type cues, where hard negatives like 'حسب الطلب' live)."""
    if source is None:
        return True
    text = source.strip()
    if not any(c.isalpha() for c in text):
        return False  # "575", "03.04": a figure or a date is no one
    if text.casefold() in lex.pronouns:
        return True
    head = _DETERMINER.sub("", text)
    never = lex.match("not_sources", head)
    # "Plan International", "the Step Foundation": a capitalised word before another is a name
    rest = head[never.end() :].split() if never else []
    named = bool(never and never.group(0)[:1].isupper() and rest and _is_cap(rest[0]))
    if never and not named and (never.start() <= 3 or len(text.split()) <= 3):
        return False
    if lex.lang not in ("fr", "en") and not (lex.lang == "ar" and strict):
        return True  # no capitals to go by in every script; the lexicon list above is the guard
    if lex.lang == "ar" and not strict:
        return True
    if any(_is_cap(w) or (w.isupper() and len(w) > 1) for w in text.split()):
        return True
    if registry.by_name(text, partial=True):
        return True
    if not strict and (_DETERMINER.match(text) or _POSSESSIVE.match(text)) and len(text.split()) <= 4:
        # "The museum said …", "His agent said …": a definite subject of a reporting verb names a speaker
        return True
    return any(
        lex.match(name, text) for name in ("anonymous", "official", "document", "social", "roles", "media")
    )


def definite(source: str) -> bool:
    """A short definite description ('the ministry', 'La maire', 'le prévenu'): a determiner
    and one or two lower-case words, no name."""
    rest = _DETERMINER.sub("", source.strip(), count=1)
    return (
        rest != source.strip()
        and 0 < len(rest.split()) <= 2
        and not any(w[0].isupper() for w in rest.split())
    )


def role_of(source: str | None, lex: Lexicon) -> str | None:
    if not source:
        return None
    m = lex.match("roles", source)
    return m.group(0) if m else None


_NAME = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.-]+")


def surname(source: str) -> str | None:
    names = [n for n in _NAME.findall(source) if n.casefold() not in DETERMINERS]
    return names[-1].rstrip(".,") if names else None


# a closed-class word that opens a noun phrase of its own: "and the police", "and two witnesses"
_OPENS_PHRASE = re.compile(
    r"^(?:\d[\d,.]*|"
    + "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in closed_words("opens_phrase"))
    + ")$"
)


def conjuncts(
    text: str,
    start: int,
    end: int,
    lex: Lexicon,
    registry: OutletRegistry,
    separate=None,
) -> list[tuple[int, int]]:
    """ "Syrian state media and Russia's Defense Ministry", "police and witnesses": one span per
    source when each side of the conjunction names a source on its own. Names with the
    conjunction inside ("Procter and Gamble", "Bosnia and Herzegovina", "the Ministry of Health
    and Social Affairs") stay whole. ``separate(a, b, c, d)`` — given by components with a
    named-entity model — says whether text[a:b] and text[c:d] are two entities of one kind
    ("Russia and China"): True, False, or None when it cannot tell."""
    joiner = lex.words.get("source_and")
    if joiner is None:
        return [(start, end)]
    for m in joiner.finditer(text, start, end):
        a, b = m.start(), m.end()
        if a <= start or b >= end or not (text[a - 1].isspace() and text[b].isspace()):
            continue
        left = text[start:a].rstrip()
        right_at = b + len(text[b:end]) - len(text[b:end].lstrip())
        right = text[right_at:end]
        if not left or not right or left.count("(") != left.count(")"):
            continue
        if _two_sources(left, right, lex, registry, separate, (start, start + len(left), right_at, end)):
            return [(start, start + len(left)), *conjuncts(text, right_at, end, lex, registry, separate)]
    return [(start, end)]


def _two_sources(left: str, right: str, lex: Lexicon, registry: OutletRegistry, separate, spans) -> bool:
    if not (looks_like_source(left, lex) and looks_like_source(right, lex)):
        return False
    if left.endswith(","):
        return False  # "A, B, and C": a list; its first members sit before the span
    first = right.split()[0]
    if first.casefold() in DETERMINERS or INDEFINITE.match(first) or _OPENS_PHRASE.match(first):
        return True  # "the ministry and the United Nations", "a U.S. official and a person …"
    last = left.split()[-1]
    if _is_cap(last) or last.isupper():
        if _is_cap(first) or first.isupper():
            # two names side by side: one name ("Marks and Spencer") unless each is known on its own
            if registry.by_name(left) and registry.by_name(right):
                return True
            if all(len(s.split()) >= 2 and person_name(s, lex) for s in (left, right)):
                return True  # "Maria Kovacs and John Smith"
            return bool(separate is not None and separate(*spans))
    prepositions = lex.words.get("prepositions")
    if prepositions is not None and any(prepositions.fullmatch(w) for w in left.split()[1:]):
        return False  # "the ministry of health and social affairs": the conjunction is inside the complement
    # a lower-case side must be a source by itself ("witnesses", "local officials"), not an
    # adjective of the other ("state and local officials")
    # a lone capitalised word before a lower-case side may be capitalised only because it opens
    # the sentence ("State and local officials"): it must be a source word too ("Police")
    lone = len(left.split()) == 1 and not (_is_cap(first) or first.isupper()) and not registry.by_name(left)
    for side, word in ((left, last), (right, first)):
        if (lone and side is left or not (_is_cap(word) or word.isupper())) and not any(
            lex.match(k, side) for k in ("anonymous", "official", "roles", "media", "document")
        ):
            return False
    return True
