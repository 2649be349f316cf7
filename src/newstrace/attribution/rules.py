"""The rule engine: cue lexicon + sentence patterns -> attributions, for any language.

For each sentence it finds cues (reporting verbs, "according to" forms, "citing" forms,
agentless reports) outside quotations and reads the source and content around each cue:

  according   "Selon X, C." / "C, selon X."        source after the cue
  citing      "…, citing X"                         source after; content shared with the
                                                    attribution it extends (nested chains)
  verb        "X a déclaré que C" / "X told Reuters: «C»"   source before, content after
  inverted    "C, a estimé le sénateur X." / "«C», said X"  content before, source after
  passive     "Сообщается, что C" / "It was reported that C"  no source

Language components may give better spans (a parser's subject); this engine only needs the
lexicon, so every language with a lexicon file works.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newstrace.attribution.asides import after_quote, medial_content, quote_cues
from newstrace.attribution.lexicon import Lexicon
from newstrace.attribution.sources import DETERMINERS, INDEFINITE, looks_like_source
from newstrace.text import Quote, Sentence, paragraphs, quotes, sentences, trim

MAX_SOURCE_WORDS = 14
RELAY_WINDOW = 80  # characters between a verb cue and its complementizer where "à Sputnik" may sit
_CLOSING_QUOTES = '»”"“’›'
_OPENING_QUOTES = '«“„"‹'
_SUBORDINATE_LEAD = re.compile(
    r"^(?:bien que|malgré|même si|si|alors que|although|though|despite|while|even if|хотя|несмотря на|"
    r"رغم|obwohl|trotz|aunque|pese a|sebbene|nonostante|embora|apesar de)\b[^,]*,\s*",
    re.I,
)


@dataclass(slots=True)
class Cue:
    kind: str  # a lexicon cue class
    start: int
    end: int
    inner_source: tuple[int, int] | None = None  # "по его словам": the source sits inside the cue


@dataclass(slots=True)
class Frame:
    """A raw attribution before typing: spans only."""

    cue: Cue
    source: tuple[int, int] | None
    content: tuple[int, int]
    direct: bool
    sentence: Sentence
    relay: tuple[int, int] | None = None  # "à Sputnik" in "a confié à Sputnik que"


def find_cues(lex: Lexicon, sentence: Sentence, inside_quotes: list[Quote]) -> list[Cue]:
    found: list[Cue] = []
    not_cues = lex.words.get("not_cues")
    # "called off", "found him guilty", "claimed the title": a reporting verb that reports nothing
    idle = (
        [(sentence.start + m.start(), sentence.start + m.end()) for m in not_cues.finditer(sentence.text)]
        if not_cues
        else []
    )
    for kind, pattern in lex.cues.items():
        for m in pattern.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            # leading whitespace swallowed by optional auxiliaries
            while start < end and sentence.text[start - sentence.start].isspace():
                start += 1
            start = _noun_in_adverb_slot(sentence, start, end)
            if any(q.start <= start < q.end for q in inside_quotes):
                continue
            if any(a <= start < b for a, b in idle):
                continue
            if kind == "say" and _passive(
                lex,
                sentence.text[start - sentence.start : end - sentence.start],
                sentence.text[end - sentence.start :],
            ):
                continue  # "were called to the scene", "was found": the subject reports nothing
            if (
                start > sentence.start
                and sentence.text[start - sentence.start].isupper()
                and kind in ("say", "deny", "dispute", "opinion")
            ):
                continue  # "the United States": a capitalised word mid-sentence is a name, not a verb
            if kind in ("say", "opinion", "deny", "dispute") and _used_as_noun(
                lex, sentence, start, end, found
            ):
                continue
            inner = None
            if "src" in pattern.groupindex:
                for name, value in m.groupdict().items():
                    if name == "src" and value:
                        inner = (sentence.start + m.start("src"), sentence.start + m.end("src"))
            found.append(Cue(kind, start, end, inner))
    found.extend(Cue("say", a, b) for a, b in quote_cues(lex, sentence, inside_quotes))
    # Overlaps: keep the longest, then the earlier class in CUE_CLASSES order.
    order = {k: i for i, k in enumerate(lex.cues)}
    found.sort(key=lambda c: (-(c.end - c.start), order[c.kind]))
    kept: list[Cue] = []
    for cue in found:
        if all(cue.end <= k.start or cue.start >= k.end for k in kept):
            kept.append(cue)
    kept.sort(key=lambda c: c.start)
    # "a réagi en affirmant que": two verbs a few words apart are one cue.
    merged: list[Cue] = []
    joiners = lex.words.get("cue_joiners")
    for cue in kept:
        gap = sentence.text[merged[-1].end - sentence.start : cue.start - sentence.start] if merged else ""
        if (
            merged
            and merged[-1].kind in ("say", "opinion")
            and merged[-1].start > sentence.start  # "Reports say": the first word is the subject
            and cue.kind in ("say", "opinion", "deny")
            and re.fullmatch(r"\s*(?:\w+\s+){0,1}", gap)
            # "is quoted as saying" is one cue, "insiders say bosses told" is two
            and (joiners is None or not gap.strip() or joiners.fullmatch(gap.strip()))
        ):
            merged[-1] = Cue(cue.kind if cue.kind == "deny" else merged[-1].kind, merged[-1].start, cue.end)
            continue
        merged.append(cue)
    return merged


_ARTICLES = frozenset({"the", "a", "an"})
# a participle after these is an adjective: "no reported casualties", "his alleged victims"
_ADJECTIVE_SLOT = _ARTICLES | {"no", "any", "his", "its", "their", "our", "your", "such", "these", "those"}
_LY_WORD = re.compile(r"(\w+ly)\s+")


def _noun_in_adverb_slot(sentence: Sentence, start: int, end: int) -> int:
    """ "The family says", "Italy said": the optional adverb slot of a cue ("reportedly said")
    took the subject's last word; the cue starts after it."""
    m = _LY_WORD.match(sentence.text, start - sentence.start, end - sentence.start)
    if m is None:
        return start
    before = sentence.text[: start - sentence.start].split()
    if m.group(1)[0].isupper() or (before and before[-1].casefold() in DETERMINERS):
        return sentence.start + m.end()
    return start


def _passive(lex: Lexicon, cue: str, after: str) -> bool:
    """ "were called", "was found" — but "was quoted as saying" still introduces speech."""
    words = cue.split()
    aux = lex.words.get("passive_aux")
    if (
        len(words) < 2
        or aux is None
        or not any(aux.fullmatch(w) for w in words[:-1])  # "was found", "has been found"
        or words[-1].casefold().endswith("ing")
    ):
        return False
    return not re.match(r"\s+as\b", after)


def _used_as_noun(lex: Lexicon, sentence: Sentence, start: int, end: int, found: list[Cue]) -> bool:
    """ "rejected the claims", "media reports", "the said agreement", "according to reports":
    a reporting verb's form used as a noun reports nothing by itself."""
    word = sentence.text[start - sentence.start : end - sentence.start]
    if " " in word.strip():
        return False  # "has said", "also told": an auxiliary or adverb makes it a verb
    before = sentence.text[: start - sentence.start].rstrip()
    prev = re.search(r"[\w'’]+(?=[\"”’»]?$)", before)  # 'held "several" calls': the quoted word counts
    if not prev:
        return False
    prev_word = prev.group(0).casefold()
    if lex.words.get("infinitive") and lex.words["infinitive"].fullmatch(prev_word):
        return True  # "more likely to show symptoms": an infinitive reports nothing yet
    passive = lex.words.get("passive_aux")
    if passive and passive.fullmatch(prev_word) and not word.casefold().endswith("ing"):
        return True  # "the measure was being considered", "could be announced": a passive
    plural = word.casefold().endswith("s")
    if prev_word.endswith(("'s", "’s")) and before == before.rstrip(",;:"):
        return True  # "the ministry's statement": a possessor before the word
    noun_before = lex.words.get("noun_before")
    if noun_before and noun_before.fullmatch(prev_word) and (plural or prev_word in _ARTICLES):
        return True
    if prev_word in _ADJECTIVE_SLOT and word.casefold().endswith("ed"):
        return True  # "no reported casualties", "his alleged victims": a participle used as an adjective
    two_back = re.search(r"([\w'’]+)\s+[\w'’]+$", before)
    if (
        word.casefold().endswith("ed")
        and two_back
        and two_back.group(1).casefold() in _ADJECTIVE_SLOT
        and (prev_word.endswith("ly") or prev_word == "much")
    ):
        return True  # "the much criticised stadium", "a widely reported remark"
    if (
        plural
        and lex.participle
        and lex.participle.search(prev_word)
        and before == before.rstrip(",;:")
        and re.match(r"\s+(?:for|of)\b", sentence.text[end - sentence.start :])
    ):
        return True  # "fuelling calls for tighter rules": the object of a participle
    prepositions = lex.words.get("prepositions")
    if plural and prepositions and prepositions.fullmatch(prev_word):
        return True  # "according to reports", "by claims"
    # "denied reports that …", "dismissed claims": the object of a denial
    return plural and any(
        c.kind in ("deny", "dispute")
        and c.end <= start
        and not sentence.text[c.end - sentence.start : start - sentence.start].strip()
        for c in found
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
            _ASIDE.match(last[1].strip())
            or (prepositions is not None and prepositions.match(last[1].strip()))
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
    dateline = _DATELINE.match(text, a, b)
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


def _quote_ending_at(qs: list[Quote], text: str, pos: int) -> Quote | None:
    """The quotation whose closing mark sits right before ``pos`` (spaces and a comma between)."""
    for q in qs:
        between = text[q.end + 1 : pos] if q.end < pos else None
        if between is not None and re.fullmatch(r"[\s,]*", between):
            return q
    return None


def _content_after(lex: Lexicon, text: str, pos: int, end: int, qs: list[Quote], participle: bool = False):
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
        # 'is quoted as saying, "…"' — but '"…," he said, "…"' resumes a quotation (see _split_quote)
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


def frames(lex: Lexicon, text: str, has_clause=None, subject_of=None) -> list[Frame]:
    """Frames of every sentence. ``has_clause(start, end)`` — given by components with a
    parser — says whether a span holds a finite clause, so "X said the army had left" counts
    without a "that"; without it a say-verb needs a complementizer, a colon or a quotation.
    ``subject_of(pos)`` gives the subject span of the clause a participle at ``pos`` hangs on
    ("Prosecutors charged X, alleging that …")."""
    result: list[Frame] = []
    all_quotes = quotes(text)
    quote_ends = {q.end for q in all_quotes}
    running = _running_quotes(text)
    for sentence in (piece for whole in sentences(text) for piece in _after_quoted_stop(whole, quote_ends)):
        lead = _LEAD.match(sentence.text)
        if lead and lead.end() < len(sentence.text):
            # "22:15 — ", "ANCHOR: ", "GENEVA (AP) — ": a rubric before the sentence proper
            sentence = Sentence(sentence.start + lead.end(), sentence.end, sentence.text[lead.end() :])
        qs = [q for q in all_quotes if sentence.start <= q.start < sentence.end]
        cues = find_cues(
            lex, sentence, qs + [q for q in running if q.start < sentence.end and sentence.start < q.end]
        )
        sentence_frames: list[Frame] = []
        for i, cue in enumerate(cues):
            prev = sentence_frames[-1] if sentence_frames else None
            if (
                prev is not None
                and cue.kind in ("say", "opinion")
                and prev.cue.kind in ("say", "opinion")
                and prev.cue.end <= prev.content[0] <= cue.start < prev.content[1]
            ):
                continue  # "said the study added to …": a verb inside reported content reports nothing new
            nxt = cues[i + 1].start if i + 1 < len(cues) else sentence.end
            content_end = nxt
            if (
                i + 1 < len(cues)
                and cues[i + 1].kind in ("say", "opinion", "nominal", "passive")
                and not re.search(r"[,;:«»“”\"]", text[cue.end : nxt])
            ):
                content_end = sentence.end  # no break before the next verb: it sits inside this content
            elif (
                i + 1 < len(cues)
                and cue.kind in ("say", "opinion")
                and cues[i + 1].kind == "citing"
                and not text[cue.end : nxt].strip(" ,")
            ):
                content_end = sentence.end  # "Reuters is reporting, citing X, that C": C is this verb's too
            frame = _frame(
                lex, text, sentence, cue, qs, sentence_frames, nxt, has_clause, content_end, subject_of
            )
            if frame and not frame.direct:
                frame.content = _cut_resumptive(lex, text, frame.content)
            if frame and prev is not None and frame.source is not None:
                _end_before_next_source(lex, text, prev, frame)
            if frame and frame.content[1] - frame.content[0] >= 3:
                sentence_frames.append(frame)
        _relay_before_verb(sentence_frames)
        result.extend(_drop_nested_passives(sentence_frames))
    return result


_NEGATED = re.compile(
    r"(?:did not|didn't|does not|doesn't|has not|hasn't|would not|declined to|refused to|refuses to|"
    r"a refusé de|ont refusé de|n'a pas|n’a pas|n'ont pas|ne \w+ pas|"
    r"\bне|nicht|\bno ha|\bnon ha|\bnão|\bلم)\s*$",
    re.I,
)
_ASIDE = re.compile(
    r"(?:who|which|whose|qui|dont|lequel|laquelle|который|которая|которые|الذي|التي|der|die|das|que|quien|che|il quale)\b"
    r"|\w+ing\b|\w+ant\b|speaking|s'exprimant"
    r"|\w+ed by\b",  # "The poll, commissioned by the charity, suggests"
    re.I,
)
_DATELINE = re.compile(
    r"[A-ZÀ-ÞА-ЯЁ][A-ZÀ-ÞА-ЯЁ .'-]{2,40}(?:,[^—–-]{0,30})?(?:\s*\([^)]{1,30}\))?\s*[—–-]\s+"
)
# "…, the mayor," after a name: a definite appositive is the role of the name before it
_NAME_THEN_ROLE = re.compile(r"[A-ZÀ-ÞА-ЯЁ][\w'’.-]+\s+[A-ZÀ-ÞА-ЯЁ][\w'’-]+$")
_DEFINITE = re.compile(r"\s*(?:the|le|la|l'|l’|der|die|das|el|la|il|o|a)\s+[a-zà-þ]", re.I)
_RELATIVE = re.compile(r"who|which|whose|qui|который|которая|которые|الذي|التي", re.I)
# a relative pronoun right before the verb: "…, Greg Ilves, who noted that", "…, qui a estimé"
_RELATIVE_SUBJECT = re.compile(r",\s*(?:who|which|qui|который|которая|которые|الذي|التي)\s*$", re.I)
_LEAD = re.compile(
    r"(?:\d{1,2}[:.h]\d{2}(?:\s*(?:[AaPp]\.?[Mm]\.?|BST|GMT|CET|CEST|EST|EDT|PST|PDT|UTC|ET|MSK))?\s*(?:[—–-]\s*)?(?=\S)"
    r"|[A-Z][A-Z .'-]{1,30}(?:\s*\([^)]{1,40}\))?:\s+"  # speaker labels and rubrics: "ANCHOR:", "EXCLUSIVE:"
    r"|" + _DATELINE.pattern + r")+"
)
_POSSESSIVE = re.compile(r"(?:['’]s?)?$")
_QUOTE_END = re.compile(r"[»”\"’]\s*,$")
_T_PRONOUN = re.compile(r"-t-(il|elle|ils|elles|on)\b", re.I)


def _relay_then_source(lex: Lexicon, text: str, pos: int, end: int):
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


def _frame(
    lex, text, sentence, cue, qs, previous, next_cue, has_clause=None, content_end=None, subject_of=None
) -> Frame | None:
    s_start, s_end = sentence.start, sentence.end
    before = text[s_start : cue.start]
    lead_only = not before.strip() or (lex.leading_drop and lex.leading_drop.fullmatch(before + " "))

    if cue.kind in ("according", "citing"):
        src = cue.inner_source or source_after(lex, text, cue.end, next_cue if next_cue > cue.end else s_end)
        if src is None:
            return None
        if cue.kind == "citing" and previous:
            return Frame(cue, src, previous[-1].content, previous[-1].direct, sentence)
        if lead_only or not before.strip():
            content = trim(text, src[1], s_end)
        else:
            content = _strip_subordinate(text, *trim(text, s_start, cue.start))
        return Frame(cue, src, content, False, sentence)

    if cue.kind == "nominal":
        # "the ministry's statement that C": the possessor is the source; "Claims that C spread
        # on WhatsApp": a rumour with no source; "denied claims that C": the denial's object
        content, direct, relay, opened = _content_after(lex, text, cue.end, s_end, qs)
        if not opened:
            return None
        src = None
        if re.search(r"\w['’]s?\s*$", before):
            src = source_before(lex, text, s_start, cue.start)
            if src is None:
                return None
            src = trim(text, src[0], src[1] - len(_POSSESSIVE.search(text[src[0] : src[1]]).group(0)))
        elif (
            previous
            and previous[-1].cue.kind in ("deny", "dispute")
            and not text[previous[-1].cue.end : cue.start].strip(" \t,")
        ):
            return None
        return Frame(cue, src, content, direct, sentence)

    if cue.kind == "according_after":  # German "X zufolge"
        src = source_before(lex, text, s_start, cue.start)
        return Frame(cue, src, trim(text, cue.end, s_end), False, sentence) if src else None

    if cue.kind == "passive":
        after = text[cue.end : s_end].strip(" ,.")
        if after:
            content, direct, _, _ = _content_after(lex, text, cue.end, s_end, qs)
        else:
            content, direct = _strip_subordinate(text, *trim(text, s_start, cue.start)), False
        return Frame(cue, None, content, direct, sentence)

    if (
        lex.agent is not None
        and cue.kind in ("deny", "dispute")
        and lex.agent.search(text, cue.start, cue.end)
    ):
        # "That account was disputed by a former employee": the agent after the cue is the
        # source, the subject before it what is contested
        src = source_after(lex, text, cue.end, next_cue if next_cue > cue.end else s_end)
        if src is None or lead_only:
            return None
        return Frame(cue, src, _strip_subordinate(text, *trim(text, s_start, cue.start)), False, sentence)

    # verb cues: say / opinion / deny / dispute
    tail = before.rstrip()
    after_text = text[cue.end : s_end]
    opens_content = re.match(r"\s*(?::|[«“„\"])", after_text) or (
        lex.complementizer and lex.complementizer.match(after_text.lstrip())
    )
    inverted = bool(tail) and tail[-1] in "," + _CLOSING_QUOTES + "–—" and not opens_content
    if inverted and tail[-1] == ",":
        aside = tail[:-1].rsplit(",", 1)
        if (
            len(aside) == 2
            and aside[0].strip()
            and _ASIDE.match(aside[1].strip())
            and (
                not has_clause(s_start, s_start + len(aside[0]))
                if has_clause is not None
                else len(aside[0].split()) <= 6
            )
        ):
            inverted = (
                False  # "Professor X, who led the trial, described …", "X, speaking on condition …, said"
            )
    if inverted and tail[-1] == "," and has_clause is not None and not _QUOTE_END.search(tail):
        # "Hungary's foreign minister, Gábor Szalai, wrote": what precedes is a name, not the content
        inverted = has_clause(s_start, s_start + len(tail) - 1)
    cue_words = text[cue.start : cue.end].split()
    if lex.participle and len(cue_words) == 1 and lex.participle.search(cue_words[0]):
        # "…, dismissing reports that …", "en affirmant que", "заявив, что": the source of the
        # clause it hangs on speaks again.
        main = next(
            (p for p in reversed(previous) if p.cue.kind in ("say", "opinion", "deny", "dispute")), None
        )
        subject = main.source if main is not None else None
        absolute = lex.absolute.search(before) if lex.absolute else None
        if absolute:
            # "fans rallied round, with one writing on X: …": the participle has its own subject
            subject, main = (s_start + absolute.start(1), s_start + absolute.end(1)), None
        if subject is None and main is None and subject_of is not None:
            subject = subject_of(cue.start)  # "Prosecutors charged X on Thursday, alleging that …"
        if subject is None:
            return None
        bound = min(s_end, content_end) if content_end is not None and content_end > cue.end else s_end
        content, direct, relay, opened = _content_after(lex, text, cue.end, bound, qs, participle=True)
        goes_on = lex.words.get("goes_on")
        if (
            main is not None
            and main.cue.kind in ("deny", "dispute")
            and cue.kind == "say"
            and goes_on is not None
            and goes_on.fullmatch(cue_words[0])
        ):
            # "questioned the figures, arguing that …", "cast doubt on that, saying there was no …":
            # the participle goes on contesting; it denies when it negates
            negates = lex.match("negation", text[content[0] : content[1]]) or lex.match(
                "rebuttal", text[content[0] : content[1]]
            )
            cue.kind = "deny" if negates else "dispute"
        frame = Frame(cue, subject, content, direct, sentence, relay=relay)
        _characterisation(lex, text, frame, qs, opened)
        return frame
    hearer = lex.words.get("hearer_verbs")
    if inverted and hearer and hearer.fullmatch(text[cue.start : cue.end]):
        inverted = False  # "…, a community leader told AFP": what follows "told" is the hearer
    pronoun = _T_PRONOUN.search(text, cue.start, cue.end)
    bound = next_cue if next_cue > cue.end else s_end
    src = None
    relay = None
    if inverted or pronoun:
        if pronoun:  # "a-t-il ajouté": the source is inside the cue
            src = pronoun.span(1)
        else:
            after = cue.end
            drop = lex.leading_drop.match(text, after, bound) if lex.leading_drop else None
            if drop:  # "a affirmé mardi le ministre X"
                after = drop.end()
            relay, src = _relay_then_source(lex, text, after, bound)
            if (
                src is not None
                and not looks_like_source(text[src[0] : src[1]], lex)
                # '"…," remarked the farmer': right after a quotation, any short noun phrase speaks
                and not (after_quote(text, s_start, cue.start) and len(text[src[0] : src[1]].split()) <= 4)
            ):
                src = None  # "…, a annoncé mercredi le déploiement de …": not an inverted clause
            if src is not None and has_clause is not None and has_clause(*src):
                # "… and John Smith, the mayor, said schools were shut": the noun after the verb
                # is the subject of the reported clause, not a speaker placed after the verb
                src = None
    if src is not None:
        quote = _quote_ending_at(qs, text, s_start + len(tail))
        if quote is None:
            quote = _quote_ending_at(qs, text, s_start + len(tail) - 1) if tail.endswith(",") else None
        if quote is not None:
            content = _split_quote(qs, text, quote, max(src[1], cue.end), s_end)
            return Frame(cue, src, content, True, sentence, relay=relay)
        content = _strip_subordinate(text, *trim(text, s_start, s_start + len(tail)))
        if previous and previous[-1].content[1] > content[0]:
            content = (max(content[0], previous[-1].cue.end), content[1])
            content = trim(text, *content)
        return Frame(cue, src, content, False, sentence, relay=relay)

    if _NEGATED.search(before):
        return None  # "He did not say what caused the fire"
    subject = None if lead_only else source_before(lex, text, s_start, cue.start)
    if lead_only or (lex.verb_first and subject is None):
        # verb first (Arabic VSO "قال المرصد … إن …", "Declared the ministry: …"): source after the cue
        src = source_after(lex, text, cue.end, s_end)
        if src is not None:
            content, direct, relay, opened = _content_after(lex, text, src[1], s_end, qs)
            if opened or (lex.verb_first and cue.kind in ("deny", "dispute")):
                return Frame(cue, src, content, direct, sentence)
        if lead_only:
            return None
    relative = _RELATIVE_SUBJECT.search(before)
    coordinated = lex.coordination.search(before) if lex.coordination else None
    main = next((p for p in reversed(previous) if p.cue.kind in ("say", "opinion", "deny", "dispute")), None)
    shared = None
    if coordinated and main is not None and main.cue.end <= s_start + coordinated.start():
        shared = main.source  # "X said C and blamed Y", "… and warned him that": one subject, two verbs
    elif coordinated and main is None and subject_of is not None:
        shared = subject_of(cue.start)  # "A spokesperson declined to comment but said C"
    if shared is not None:
        src = shared
        relative = coordinated
    elif relative:
        # "…, said Greg Ilves, a fund manager, who noted that": the relative stands for the name
        # the sentence already gave a speaker, else for the noun phrase before the comma
        anchor = s_start + relative.start()
        named = next((p.source for p in reversed(previous) if p.source and p.source[1] <= anchor), None)
        src = named or source_before(lex, text, s_start, anchor)
    else:
        src = source_before(lex, text, _clause_start(lex, text, s_start, cue, previous), cue.start)
    summary = None
    resumptive = lex.words.get("resumptive")
    if src is not None and resumptive is not None:
        # "…, a claim a Nordvik spokesman called "simply wrong"", "…, a report Brandt later denied":
        # the noun sums up what was said before; the speaker follows it
        m = resumptive.match(text, src[0], src[1]) if text[s_start : src[0]].rstrip().endswith(",") else None
        rest = re.match(r"\s+(?:that\s+|which\s+)?(?=\S)", text[m.end() : src[1]]) if m else None
        prepositions = lex.words.get("prepositions")
        if rest is not None and not (prepositions and prepositions.match(text, m.end() + rest.end(), src[1])):
            summary, src = (src[0], m.end()), (m.end() + rest.end(), src[1])
    if src is None:
        return None
    limit = content_end if content_end is not None else next_cue
    content, direct, relay, opened = _content_after(
        lex,
        text,
        cue.end,
        min(s_end, limit if limit > cue.end else s_end),
        qs,
        participle=bool(lex.participle and lex.participle.search(cue_words[-1])),
    )
    pre = text[s_start : src[0]].rstrip()
    medial = (
        None if relative or opened else medial_content(lex, text, s_start, src, cue.end, content, has_clause)
    )
    if medial is not None:
        return Frame(cue, src, medial, False, sentence)
    if (
        not relative
        and not opened
        and pre
        and pre[-1] in "," + _CLOSING_QUOTES
        and len(pre.split()) >= 3
        and not _adjunct(lex, text, s_start, s_start + len(pre) - 1, has_clause)
    ):
        # English order "…, Al Jazeera reported, citing …" / "«…», Hartigan told reporters"
        quote = _quote_ending_at(qs, text, s_start + len(pre)) or (
            _quote_ending_at(qs, text, s_start + len(pre) - 1) if pre.endswith(",") else None
        )
        if quote is not None:
            return Frame(cue, src, _split_quote(qs, text, quote, cue.end, s_end), True, sentence)
        return Frame(
            cue, src, _strip_subordinate(text, *trim(text, s_start, s_start + len(pre))), False, sentence
        )
    that = lex.complementizer.search(text, cue.end, content[0]) if lex.complementizer else None
    if (
        opened
        and not direct
        and has_clause is not None
        and that is not None
        and ":" not in text[cue.end : content[0]]
        and not has_clause(*content)
    ):
        # "in a video posted that evening": "that" was a determiner, no clause follows
        if cue.kind in ("say", "opinion"):
            whole = trim(text, cue.end, content[1])
            if that.start() == cue.end or not has_clause(*whole):
                return None
            # "said the figure included trucks that had …": "that" opened a relative clause
            # inside content that starts right after the verb
            content, relay = whole, None
        elif text[cue.end : that.start()].strip():
            content, relay = trim(text, cue.end, that.start()), None  # a denial's nominal object
        else:
            content, relay = trim(text, that.start(), content[1]), None  # "disputed that account"
    caption = lex.words.get("caption")
    if caption is not None and cue.kind == "say" and not opened:
        # "posted a photo on Instagram with the caption "Back stronger"": the caption is what it says
        m = caption.search(text, content[0], content[1])
        quote = next((q for q in qs if m and 0 < q.start - m.end() <= 3), None)
        if quote is not None:
            content, direct, opened = (quote.start, quote.end), True, True
    needs_clause = lex.words.get("needs_clause")
    if (
        cue.kind in ("say", "opinion")
        and not opened
        and needs_clause
        and needs_clause.search(text, cue.start, cue.end)
    ):
        # "Il a dit au revoir", "a raconté l'histoire de …": no reported clause follows
        if (has_clause is None or not has_clause(*content)) and not _mixed_quote(lex, text, content, qs):
            return None
    if cue.kind in ("deny", "dispute") and not direct and not relay and "," in text[content[0] : content[1]]:
        # "nie l'évacuation des commandants, a estimé …": a nominal object ends at the comma
        content = trim(text, content[0], content[0] + text[content[0] : content[1]].index(","))
    if summary is not None and cue.kind in ("deny", "dispute") and not opened:
        content = summary  # what "a report Brandt later denied" denies is the report
    frame = Frame(cue, src, content, direct, sentence, relay=relay)
    _characterisation(lex, text, frame, qs, opened)
    return frame


def _clause_start(lex: Lexicon, text: str, s_start: int, cue: Cue, previous: list[Frame]) -> int:
    """ "Officials said the roads were closed and John Smith, the mayor, said schools were shut":
    after an earlier verb of the sentence, the subject of the next one starts past the last
    conjunction between them."""
    joiner = lex.words.get("source_and")
    prior = next(
        (
            p
            for p in reversed(previous)
            if p.cue.kind in ("say", "opinion", "deny", "dispute") and s_start <= p.cue.end <= cue.start
        ),
        None,
    )
    if joiner is None or prior is None or prior.source is None or prior.source[1] > prior.cue.start:
        return s_start
    ends = [m.end() for m in joiner.finditer(text, prior.cue.end, cue.start)]
    return ends[-1] if ends else s_start


_DOUBLE_MARKS = '«»“”„"'  # not ’, which is also an apostrophe


def _running_quotes(text: str) -> list[Quote]:
    """ "We warned them for years. The engineers said …⏎"Now …," said Lopes': a paragraph that
    opens a quotation and does not close it is quoted speech running on into the next paragraph
    (the news convention for long quotes); a verb inside it reports nothing of the writer's."""
    found = []
    for start, end in paragraphs(text):
        body = text[start:end].lstrip()
        at = end - len(body)
        # no other mark at all in the paragraph: with mixed typography ('“Now …," said X') a
        # closing mark of another kind still closes the quotation
        if body[:1] in _DOUBLE_MARKS and not any(c in _DOUBLE_MARKS for c in body[1:]):
            found.append(Quote(at + 1, end))
    return found


def _split_quote(qs: list[Quote], text: str, quote: Quote, pos: int, end: int) -> tuple[int, int]:
    """'"Nobody was unkind," he said, "but there was no one to help."': a quotation resumed right
    after the reporting clause is the same quote; the content runs over both parts."""
    for q in qs:
        if pos < q.start < end:
            if re.fullmatch(r"[^\"“”«».;:]{0,40},\s*[«“„\"]", text[pos : q.start]):
                return quote.start, q.end
            break
    return quote.start, quote.end


def _end_before_next_source(lex: Lexicon, text: str, prev: Frame, frame: Frame) -> None:
    """ "…, saying there was no evidence, and Ramon Dizon, a spokesman, told CNN …": the content
    of one verb stops where the next verb's subject begins."""
    a, b = prev.content
    if prev.direct or not (a < frame.source[0] < b <= frame.cue.end):
        return
    end = frame.source[0]
    conjunction = lex.coordination.search(text, a, end) if lex.coordination else None
    if conjunction is not None:
        end = conjunction.start()
    end = a + len(text[a:end].rstrip(" ,;"))
    if end > a:
        prev.content = trim(text, a, end)


def _cut_resumptive(lex: Lexicon, text: str, content: tuple[int, int]) -> tuple[int, int]:
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


def _mixed_quote(lex: Lexicon, text: str, content: tuple[int, int], qs: list[Quote]) -> bool:
    """'said the survey "conflates trying something with being hooked"': a short noun phrase and a
    quotation that carries its verb — the parser cannot see the clause inside the marks."""
    words = text[content[0] : content[1]].split()
    if not words or words[0].casefold() not in DETERMINERS:
        return False
    quote = next((q for q in qs if content[0] < q.start < content[1]), None)
    return quote is not None and 1 <= len(text[content[0] : quote.start].split()) <= 4


def _characterisation(lex: Lexicon, text: str, frame: Frame, qs: list[Quote], opened: bool) -> None:
    """ "called the plan "a betrayal"", "calling them "completely baseless"", "described as "…"":
    the content is the quoted characterisation; a rebuttal ("baseless", "simply wrong") denies."""
    characterise = lex.words.get("characterise")
    cue_text = text[frame.cue.start : frame.cue.end]
    if characterise is None or (opened and not frame.direct) or not characterise.fullmatch(cue_text):
        return
    a, b = frame.content
    quote = next((q for q in qs if a < q.start <= b and len(text[a : q.start].split()) <= 5), None)
    if quote is not None and not frame.direct:
        frame.content, frame.direct = (quote.start, quote.end), True
    words = text[frame.content[0] : frame.content[1]]
    if len(words.split()) <= 8 and lex.match("rebuttal", words) and frame.cue.kind in ("say", "dispute"):
        frame.cue.kind = "deny"


def _relay_before_verb(sentence_frames: list[Frame]) -> None:
    """ "X, quoted by Y, said C", "Citing Z, the newspaper said C", "The paper, citing Z, said C":
    a relay cue placed before the main verb shares that verb's content, not the words before it."""
    for i, frame in enumerate(sentence_frames):
        if frame.cue.kind != "citing" or i + 1 >= len(sentence_frames):
            continue
        main = sentence_frames[i + 1]
        if main.cue.kind in ("citing", "according", "passive") or main.cue.start < frame.cue.end:
            continue
        if frame.content[0] < main.cue.start and main.content[0] >= main.cue.end:
            frame.content = main.content
            frame.direct = main.direct


_QUOTED_STOP = re.compile(r"[.!?…][»”\"]\s+(?=[A-ZÀ-ÞА-ЯЁ])")


def _after_quoted_stop(sentence: Sentence, quote_ends: set[int]) -> list[Sentence]:
    """'A caller reported a man "yelling at geese." Officers located …': a quotation that ends
    with a full stop and is followed by a capital ends the sentence too."""
    pieces, start = [], sentence.start
    for m in _QUOTED_STOP.finditer(sentence.text):
        close = sentence.start + m.start() + 1  # the closing mark
        if close not in quote_ends:
            continue
        cut = sentence.start + m.end()
        pieces.append(Sentence(start, cut, sentence.text[start - sentence.start : cut - sentence.start]))
        start = cut
    if not pieces:
        return [sentence]
    pieces.append(Sentence(start, sentence.end, sentence.text[start - sentence.start :]))
    return pieces


def _drop_nested_passives(sentence_frames: list[Frame]) -> list[Frame]:
    """ "Police sources said the gang is believed to be …", "… are said to be "uneasy", according
    to two people …": an agentless form inside content a named source reports is that source's
    hedge, not a report of its own."""
    return [
        f
        for f in sentence_frames
        if f.cue.kind != "passive"
        or not any(
            o.cue.kind != "passive" and o.source is not None and o.content[0] <= f.cue.start < o.content[1]
            for o in sentence_frames
        )
    ]


def _adjunct(lex: Lexicon, text: str, start: int, end: int, has_clause) -> bool:
    """ "In a statement,", "Speaking to reporters in Kyiv,", "Citing unnamed sources,": a phrase
    before the subject that is not reported content (it has no finite verb of its own)."""
    if _QUOTE_END.search(text[start : end + 1]):
        return False
    first = text[start:end].split(maxsplit=1)[0].casefold()
    prepositions = lex.words.get("prepositions")
    opens = (prepositions is not None and prepositions.fullmatch(first)) or (
        lex.participle is not None and lex.participle.search(first)
    )
    if has_clause is not None:
        return not has_clause(start, end) and bool(opens or len(text[start:end].split()) <= 4)
    return bool(opens)


def _strip_subordinate(text: str, start: int, end: int) -> tuple[int, int]:
    m = _SUBORDINATE_LEAD.match(text[start:end])
    if m and m.end() < end - start:
        return start + m.end(), end
    return start, end
