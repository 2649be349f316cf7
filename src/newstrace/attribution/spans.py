"""Spans around a cue: the source named before or after it, the relay it spoke to ("à Sputnik"),
the content it introduces, and the quotations and clauses that bound them."""

from __future__ import annotations

import re

from newstrace.attribution.lexicon import Lexicon, closed_alternation
from newstrace.attribution.sources import DETERMINERS, INDEFINITE
from newstrace.text import Quote, trim

MAX_SOURCE_WORDS = 14
RELAY_WINDOW = 80  # characters between a verb cue and its complementizer where "à Sputnik" may sit
_OPENING_QUOTES = '«“„"‹'

# "who led the trial", "speaking on condition …", "commissioned by the charity": an aside
ASIDE = re.compile(
    rf"(?:{closed_alternation('relative_subject', 'relative_possessive', 'relative_other')})\b"
    rf"|{closed_alternation('aside_openers', escape=False)}",
    re.I,
)

DATELINE = re.compile(
    r"[A-ZÀ-ÞА-ЯЁ][A-ZÀ-ÞА-ЯЁ .'-]{2,40}(?:,[^—–-]{0,30})?(?:\s*\([^)]{1,30}\))?\s*[—–-]\s+"
)


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]


def source_after(lex: Lexicon, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The source named right after a cue, up to punctuation or a word that opens an adjunct."""
    words = _words(text, start, end)
    taken: list[tuple[int, int]] = []
    for a, b in words:
        word = text[a:b]
        if word[0] == "(" and taken:
            # a short parenthetical right after the name is part of it: "… internationale (UCI)"
            close = text.find(")", a, min(end, a + 40))
            if close > 0:
                taken.append((a, close + 1))
            break
        if word[0] in _OPENING_QUOTES + "(":
            break
        bare = word.rstrip(',.;:!?)»”"،؛').casefold()
        if taken and (bare in lex.source_end or (lex.complementizer and lex.complementizer.fullmatch(bare))):
            previous = text[taken[-1][0] : taken[-1][1]].casefold()
            if not (lex.source_continue and lex.source_continue.fullmatch(f"{previous} {bare}")):
                break
        if not taken and lex.complementizer and lex.complementizer.fullmatch(bare):
            return None
        stripped_end = b - (len(word) - len(word.rstrip(',.;:!?)»”"،؛')))
        taken.append((a, stripped_end))
        if stripped_end < b and not (bare in lex.honorifics or re.fullmatch(r"\w\.?|(?:\w\.)+\w\.?", bare)):
            # "Dr.", "J.", "U.S.": an abbreviation's period does not end the name
            break
        if len(taken) >= MAX_SOURCE_WORDS:
            return None
    if not taken:
        return None
    return taken[0][0], taken[-1][1]


# "…, the mayor," after a name: a definite appositive is the role of the name before it
_NAME_THEN_ROLE = re.compile(r"[A-ZÀ-ÞА-ЯЁ][\w'’.-]+\s+[A-ZÀ-ÞА-ЯЁ][\w'’-]+$")
_DEFINITE = re.compile(rf"\s*(?:{closed_alternation('definite_articles')})\s+[a-zà-þ]", re.I)
_RELATIVE = re.compile(closed_alternation("relative_subject", "relative_possessive"), re.I)


def source_before(lex: Lexicon, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The source named before a verb cue: back to a clause boundary, appositions included
    ("Le porte-parole du Kremlin, Dmitri Peskov, a déclaré")."""
    segment = text[start:end]
    stripped = segment.rstrip()
    apposition = stripped.endswith(",")
    if apposition:
        stripped = stripped[:-1]
        # "Fiona Marsh, who won by 600 votes, said": skip a relative or participial aside
        last = re.split(r",(?!\d)(?!.*,(?!\d))", stripped, maxsplit=1)
        prepositions = lex.words.get("prepositions")
        if len(last) == 2 and (
            ASIDE.match(last[1].strip()) or (prepositions is not None and prepositions.match(last[1].strip()))
        ):
            # "The ministry, in a statement, said": a prepositional aside is not the source either
            stripped = last[0]
            apposition = False
            # "Liam Crossley, 31, of Hoyland, admitted": an age before the place goes too
            age = re.search(r",\s*\d{1,3}$", stripped)
            if age:
                stripped = stripped[: age.start()]
        elif len(last) == 2 and re.fullmatch(r"\s*\d{1,3}", last[1]):
            stripped, apposition = last[0], False  # "Gloria Asante, 71, said"
        elif (
            len(last) == 2
            and last[0].strip()
            and (
                INDEFINITE.match(last[1].strip())
                or _NAME_THEN_ROLE.search(last[0])
                and _DEFINITE.match(last[1])
            )
        ):
            # "Lena Ortiz, a council spokeswoman, said", "John Smith, the mayor, said": an
            # appositive after the name is its role
            stripped, apposition = last[0], False
    cut = 0
    # "a survey by Action on Smoking and Health (ASH)": a closing parenthetical belongs to the name
    paren = re.search(r"\s\([^()]{1,40}\)$", stripped)
    # a comma inside a figure ("13,000 adults") is no boundary
    for m in re.finditer(r"[;:()«»“”\"،؛—–]|,(?!\d)", stripped[: paren.start()] if paren else stripped):
        cut = m.end()
    if lex.clause_start:
        for m in lex.clause_start.finditer(stripped, cut):
            if len(m.group(0)) > 1 and m.group(0).isupper():
                continue  # "The WHO has warned": an acronym, not a relative pronoun
            if m.start() == 0 and m.group(0)[:1].isupper() and m.group(0).casefold() in lex.articles:
                continue  # "Der Kreml wies … zurück": an article opening the sentence, not a relative
            if m.start() == 0 or stripped[m.start() - 1].isspace():
                if (
                    _RELATIVE.fullmatch(m.group(0))
                    and m.group(0).islower()  # "A WHO spokeswoman" is not a relative clause
                    and m.start() > cut
                    and stripped[cut : m.start()].strip()
                ):
                    # "An official who asked not to be named said": the noun before the relative
                    # clause is the speaker; the clause itself is an aside
                    return _source_span(lex, text, start + cut, start + m.start())
                cut = max(cut, m.end())
    if apposition and cut > 0 and stripped[cut - 1] == ",":
        # "X, Name," — include the title chunk before the name when it starts the clause
        prev = stripped[: cut - 1]
        prev_cut = max([m.end() for m in re.finditer(r"[;:()«»“”\"،؛]|,(?!\d)", prev)] or [0])
        if len(prev[prev_cut:].split()) <= 8:
            cut = prev_cut
    return _source_span(lex, text, start + cut, start + len(stripped))


def _source_span(lex: Lexicon, text: str, a: int, b: int) -> tuple[int, int] | None:
    dateline = DATELINE.match(text, a, b)
    if dateline:  # "WASHINGTON — The coalition said", "MOSCOU (AFP) - Le Kremlin a déclaré"
        a = dateline.end()
    if lex.leading_drop:
        m = lex.leading_drop.match(text, a, b)
        if m:
            a = m.end()
    a, b = trim(text, a, b, " \t,;:،؛")
    words = text[a:b].split()
    while words and words[-1] in lex.trailing_drop:
        b = a + text[a:b].rstrip().rfind(words[-1])
        a, b = trim(text, a, b, " \t,;:،؛")
        words = words[:-1]
    if a >= b:
        return None
    n = len(text[a:b].split())
    if n > MAX_SOURCE_WORDS:
        return None
    return a, b


def relay_then_source(lex: Lexicon, text: str, pos: int, end: int):
    """After an inverted cue: "a confié à Sputnik une source …" -> (relay span, source span)."""
    words = _words(text, pos, end)
    if not words or not lex.words.get("prepositions"):
        return None, source_after(lex, text, pos, end)
    first = text[words[0][0] : words[0][1]].casefold()
    if not lex.words["prepositions"].fullmatch(first):
        return None, source_after(lex, text, pos, end)
    # the relay runs to the first word that starts a determiner-led noun phrase
    for i in range(1, min(len(words), 6)):
        w = text[words[i][0] : words[i][1]].casefold()
        if w in DETERMINERS:
            relay = (words[0][0], words[i - 1][1])
            return relay, source_after(lex, text, words[i][0], end)
    # No determiners (Russian, Arabic): "сказал журналистам пресс-секретарь" — the relay is the
    # first word, with its object when it is a bare preposition ("в интервью").
    take = 1 if len(first) > 3 or len(words) < 3 else 2
    return (words[0][0], words[take - 1][1]), source_after(lex, text, words[take][0], end) if len(
        words
    ) > take else None


def content_after(lex: Lexicon, text: str, pos: int, end: int, qs: list[Quote], participle: bool = False):
    """Content after a verb cue: past a complementizer, a colon or into a quotation.

    Returns (span, direct, relay, opened): ``opened`` says a complementizer, colon or quotation
    introduced the content, which tells reported speech from "a dit au revoir".
    """
    relay = None
    opened = False
    window = text[pos : min(end, pos + RELAY_WINDOW)]
    m = lex.complementizer.search(window) if lex.complementizer else None
    colon = (
        re.match(r"\s*:\s*", window)
        or re.search(r":\s*(?=[«“„\"])", window)
        # 'is quoted as saying, "…"' — but '"…," he said, "…"' resumes a quotation (see split_quote)
        or (participle and re.match(r"\s*,\s*(?=[«“„\"])", window))
    )
    if colon and m and m.start() < colon.start():
        colon = None
    if colon:
        if colon.start() > 0:
            relay = trim(text, pos, pos + colon.start())
        pos += colon.end()
        opened = True
    elif m and not re.search(r"[.;«“„\"”]", window[: m.start()]):
        # past a quotation the "that" belongs to a later clause: 'said it was "sorry" and that …'
        if m.start() > 0:
            relay = trim(text, pos, pos + m.start())
        pos += m.end()
        opened = True
    rest = text[pos:end].lstrip()
    pos = end - len(rest)
    if rest[:1] in _OPENING_QUOTES:
        for q in qs:
            if q.start == pos + 1:
                return (q.start, q.end), True, relay, True
    a, b = trim(text, pos, end)
    return (a, b), False, relay, opened


def quote_ending_at(qs: list[Quote], text: str, pos: int) -> Quote | None:
    """The quotation whose closing mark sits right before ``pos`` (spaces and a comma between)."""
    for q in qs:
        between = text[q.end + 1 : pos] if q.end < pos else None
        if between is not None and re.fullmatch(r"[\s,]*", between):
            return q
    return None


def split_quote(qs: list[Quote], text: str, quote: Quote, pos: int, end: int) -> tuple[int, int]:
    """'"Nobody was unkind," he said, "but there was no one to help."': a quotation resumed right
    after the reporting clause is the same quote; the content runs over both parts."""
    for q in qs:
        if pos < q.start < end:
            if re.fullmatch(r"[^\"“”«».;:]{0,40},\s*[«“„\"]", text[pos : q.start]):
                return quote.start, q.end
            break
    return quote.start, quote.end


def cut_resumptive(lex: Lexicon, text: str, content: tuple[int, int]) -> tuple[int, int]:
    """ "a drone had damaged a depot, a claim that could not be verified": the appositive that
    sums up the claim is the writer's (or the next speaker's), not part of the content."""
    resumptive = lex.words.get("resumptive")
    if resumptive is None:
        return content
    for m in re.finditer(r",\s+", text[content[0] : content[1]]):
        at = content[0] + m.end()
        if resumptive.match(text, at, content[1]):
            return trim(text, content[0], content[0] + m.start())
    return content


_SUBORDINATE_LEAD = re.compile(rf"^(?:{closed_alternation('subordinators')})\b[^,]*,\s*", re.I)


def strip_subordinate(text: str, start: int, end: int) -> tuple[int, int]:
    m = _SUBORDINATE_LEAD.match(text[start:end])
    if m and m.end() < end - start:
        return start + m.end(), end
    return start, end
