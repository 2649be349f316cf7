"""The frame a cue reads around itself: its source, content and relay. One small function per
construction of news prose ("Selon X, C", "C, a estimé X", "X said that C", "قال المرصد إن …"),
tried in the order of ``CONSTRUCTIONS``; the first that reads the cue gives its frame (see the
table in ``rules``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from newstrace.attribution.asides import after_quote, medial_content
from newstrace.attribution.cues import Cue
from newstrace.attribution.lexicon import Lexicon, closed_alternation
from newstrace.attribution.sources import DETERMINERS, looks_like_source
from newstrace.attribution.spans import (
    ASIDE,
    content_after,
    quote_ending_at,
    relay_then_source,
    source_after,
    source_before,
    split_quote,
    strip_subordinate,
)
from newstrace.text import Quote, Sentence, trim

_CLOSING_QUOTES = '»”"“’›'

_NEGATED = re.compile(rf"(?:{closed_alternation('negated_before', escape=False)})\s*$", re.I)

# a relative pronoun right before the verb: "…, Greg Ilves, who noted that", "…, qui a estimé"
_RELATIVE_SUBJECT = re.compile(rf",\s*(?:{closed_alternation('relative_subject')})\s*$", re.I)
_POSSESSIVE = re.compile(r"(?:['’]s?)?$")
_QUOTE_END = re.compile(r"[»”\"’]\s*,$")
_T_PRONOUN = re.compile(rf"-t-({closed_alternation('inverted_pronouns')})\b", re.I)


@dataclass(slots=True)
class Frame:
    """A raw attribution before typing: spans only."""

    cue: Cue
    source: tuple[int, int] | None
    content: tuple[int, int]
    direct: bool
    sentence: Sentence
    relay: tuple[int, int] | None = None  # "à Sputnik" in "a confié à Sputnik que"


@dataclass(slots=True)
class Reading:
    """One cue in its sentence, with what every construction reads around it."""

    lex: Lexicon
    text: str
    sentence: Sentence
    cue: Cue
    qs: list[Quote]
    previous: list[Frame]  # the frames of the sentence's earlier cues
    next_cue: int  # where the next cue of the sentence starts (the sentence end if none)
    has_clause: Callable[[int, int], bool] | None  # from a parser: does a span hold a finite clause
    content_end: int | None  # where this cue's content must stop, when the caller knows
    subject_of: Callable[[int], tuple[int, int] | None] | None  # a parser's subject of a clause

    @property
    def s_start(self) -> int:
        return self.sentence.start

    @property
    def s_end(self) -> int:
        return self.sentence.end

    @property
    def before(self) -> str:
        return self.text[self.sentence.start : self.cue.start]

    @property
    def lead_only(self) -> bool:
        """Nothing before the cue but words the lexicon drops ("Mardi, a déclaré …")."""
        before = self.before
        return not before.strip() or bool(
            self.lex.leading_drop and self.lex.leading_drop.fullmatch(before + " ")
        )

    @property
    def bound(self) -> int:
        """Where a source after the cue must end: the next cue, else the sentence end."""
        return self.next_cue if self.next_cue > self.cue.end else self.s_end

    def main_verb(self) -> Frame | None:
        """The sentence's last earlier frame of a verb cue (say, opinion, deny, dispute)."""
        return next((p for p in reversed(self.previous) if p.cue.kind in _VERB_KINDS), None)


_VERB_KINDS = ("say", "opinion", "deny", "dispute")


class _Next:
    """A construction's answer when the cue is not one it reads: the table tries the next."""


NEXT = _Next()


def frame_for(
    lex, text, sentence, cue, qs, previous, next_cue, has_clause=None, content_end=None, subject_of=None
) -> Frame | None:
    """The frame one cue reads around itself in ``sentence``, or None when it reports nothing:
    the first construction of ``CONSTRUCTIONS`` that reads the cue gives it."""
    reading = Reading(lex, text, sentence, cue, qs, previous, next_cue, has_clause, content_end, subject_of)
    for construction in CONSTRUCTIONS:
        found = construction(reading)
        if found is not NEXT:
            return found
    return None


def according(r: Reading) -> Frame | None | _Next:
    """ "Selon X, C." / "C, selon X." / "…, citing X": the source follows the cue; a citing cue
    shares the content of the attribution it extends (nested chains)."""
    if r.cue.kind not in ("according", "citing"):
        return NEXT
    text, cue = r.text, r.cue
    src = cue.inner_source or source_after(r.lex, text, cue.end, r.bound)
    if src is None:
        return None
    if cue.kind == "citing" and r.previous:
        return Frame(cue, src, r.previous[-1].content, r.previous[-1].direct, r.sentence)
    if r.lead_only or not r.before.strip():
        content = trim(text, src[1], r.s_end)
    else:
        content = strip_subordinate(text, *trim(text, r.s_start, cue.start))
    return Frame(cue, src, content, False, r.sentence)


def nominal(r: Reading) -> Frame | None | _Next:
    """ "the ministry's statement that C": the possessor is the source; "Claims that C spread on
    WhatsApp": a rumour with no source; "denied claims that C": the denial's object, no report."""
    if r.cue.kind != "nominal":
        return NEXT
    text, cue = r.text, r.cue
    content, direct, relay, opened = content_after(r.lex, text, cue.end, r.s_end, r.qs)
    if not opened:
        return None
    src = None
    if re.search(r"\w['’]s?\s*$", r.before):
        src = source_before(r.lex, text, r.s_start, cue.start)
        if src is None:
            return None
        src = trim(text, src[0], src[1] - len(_POSSESSIVE.search(text[src[0] : src[1]]).group(0)))
    elif (
        r.previous
        and r.previous[-1].cue.kind in ("deny", "dispute")
        and not text[r.previous[-1].cue.end : cue.start].strip(" \t,")
    ):
        return None
    return Frame(cue, src, content, direct, r.sentence)


def according_after(r: Reading) -> Frame | None | _Next:
    """German "X zufolge, C": the source before the cue, the content after it."""
    if r.cue.kind != "according_after":
        return NEXT
    src = source_before(r.lex, r.text, r.s_start, r.cue.start)
    return Frame(r.cue, src, trim(r.text, r.cue.end, r.s_end), False, r.sentence) if src else None


def agentless(r: Reading) -> Frame | None | _Next:
    """ "Сообщается, что C", "It was reported that C", "C, it is believed": no source."""
    if r.cue.kind != "passive":
        return NEXT
    text, cue = r.text, r.cue
    if text[cue.end : r.s_end].strip(" ,."):
        content, direct, _, _ = content_after(r.lex, text, cue.end, r.s_end, r.qs)
    else:
        content, direct = strip_subordinate(text, *trim(text, r.s_start, cue.start)), False
    return Frame(cue, None, content, direct, r.sentence)


def contested_by(r: Reading) -> Frame | None | _Next:
    """ "That account was disputed by a former employee": the agent after the cue is the
    source, the subject before it what is contested."""
    lex, cue = r.lex, r.cue
    if not (
        lex.agent is not None
        and cue.kind in ("deny", "dispute")
        and lex.agent.search(r.text, cue.start, cue.end)
    ):
        return NEXT
    src = source_after(lex, r.text, cue.end, r.bound)
    if src is None or r.lead_only:
        return None
    return Frame(cue, src, strip_subordinate(r.text, *trim(r.text, r.s_start, cue.start)), False, r.sentence)


def participle(r: Reading) -> Frame | None | _Next:
    """ "…, dismissing reports that …", "en affirmant que", "заявив, что": the source of the
    clause the participle hangs on speaks again."""
    lex, text, cue = r.lex, r.text, r.cue
    cue_words = text[cue.start : cue.end].split()
    if not (lex.participle and len(cue_words) == 1 and lex.participle.search(cue_words[0])):
        return NEXT
    main = r.main_verb()
    subject = main.source if main is not None else None
    absolute = lex.absolute.search(r.before) if lex.absolute else None
    if absolute:
        # "fans rallied round, with one writing on X: …": the participle has its own subject
        subject, main = (r.s_start + absolute.start(1), r.s_start + absolute.end(1)), None
    if subject is None and main is None and r.subject_of is not None:
        subject = r.subject_of(cue.start)  # "Prosecutors charged X on Thursday, alleging that …"
    if subject is None:
        return None
    content_end = r.content_end
    bound = min(r.s_end, content_end) if content_end is not None and content_end > cue.end else r.s_end
    content, direct, relay, opened = content_after(lex, text, cue.end, bound, r.qs, participle=True)
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
    frame = Frame(cue, subject, content, direct, r.sentence, relay=relay)
    _characterisation(lex, text, frame, r.qs, opened)
    return frame


def inverted(r: Reading) -> Frame | None | _Next:
    """ "C, a estimé le sénateur X." / "«C», said X" / "a-t-il ajouté": the content before the
    cue, the source after it (or inside it)."""
    lex, text, cue = r.lex, r.text, r.cue
    tail = r.before.rstrip()
    is_inverted = _inverted_order(r, tail)
    hearer = lex.words.get("hearer_verbs")
    if is_inverted and hearer and hearer.fullmatch(text[cue.start : cue.end]):
        is_inverted = False  # "…, a community leader told AFP": what follows "told" is the hearer
    pronoun = _T_PRONOUN.search(text, cue.start, cue.end)
    if not (is_inverted or pronoun):
        return NEXT
    relay = None
    if pronoun:  # "a-t-il ajouté": the source is inside the cue
        src = pronoun.span(1)
    else:
        relay, src = _source_after_inverted_verb(r)
    if src is None:
        return NEXT
    s_start = r.s_start
    quote = quote_ending_at(r.qs, text, s_start + len(tail))
    if quote is None:
        quote = quote_ending_at(r.qs, text, s_start + len(tail) - 1) if tail.endswith(",") else None
    if quote is not None:
        content = split_quote(r.qs, text, quote, max(src[1], cue.end), r.s_end)
        return Frame(cue, src, content, True, r.sentence, relay=relay)
    content = strip_subordinate(text, *trim(text, s_start, s_start + len(tail)))
    if r.previous and r.previous[-1].content[1] > content[0]:
        content = (max(content[0], r.previous[-1].cue.end), content[1])
        content = trim(text, *content)
    return Frame(cue, src, content, False, r.sentence, relay=relay)


def _inverted_order(r: Reading, tail: str) -> bool:
    """Does the verb follow its content ("C, a estimé X", "«C», said X", "C — said X")?"""
    lex, text, s_start, has_clause = r.lex, r.text, r.s_start, r.has_clause
    after_text = text[r.cue.end : r.s_end]
    opens_content = re.match(r"\s*(?::|[«“„\"])", after_text) or (
        lex.complementizer and lex.complementizer.match(after_text.lstrip())
    )
    result = bool(tail) and tail[-1] in "," + _CLOSING_QUOTES + "–—" and not opens_content
    if result and tail[-1] == ",":
        aside = tail[:-1].rsplit(",", 1)
        if (
            len(aside) == 2
            and aside[0].strip()
            and ASIDE.match(aside[1].strip())
            and (
                not has_clause(s_start, s_start + len(aside[0]))
                if has_clause is not None
                else len(aside[0].split()) <= 6
            )
        ):
            # "Professor X, who led the trial, described …", "X, speaking on condition …, said"
            result = False
    if result and tail[-1] == "," and has_clause is not None and not _QUOTE_END.search(tail):
        # "Hungary's foreign minister, Gábor Szalai, wrote": what precedes is a name, not the content
        result = has_clause(s_start, s_start + len(tail) - 1)
    return result


def _source_after_inverted_verb(r: Reading) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(relay, source) after an inverted verb: "a confié à Sputnik une source …"."""
    lex, text, cue = r.lex, r.text, r.cue
    after = cue.end
    drop = lex.leading_drop.match(text, after, r.bound) if lex.leading_drop else None
    if drop:  # "a affirmé mardi le ministre X"
        after = drop.end()
    relay, src = relay_then_source(lex, text, after, r.bound)
    if (
        src is not None
        and not looks_like_source(text[src[0] : src[1]], lex)
        # '"…," remarked the farmer': right after a quotation, any short noun phrase speaks
        and not (after_quote(text, r.s_start, cue.start) and len(text[src[0] : src[1]].split()) <= 4)
    ):
        src = None  # "…, a annoncé mercredi le déploiement de …": not an inverted clause
    if src is not None and r.has_clause is not None and r.has_clause(*src):
        # "… and John Smith, the mayor, said schools were shut": the noun after the verb
        # is the subject of the reported clause, not a speaker placed after the verb
        src = None
    return relay, src


def negated(r: Reading) -> None | _Next:
    """ "He did not say what caused the fire": a negated verb reports nothing."""
    return None if _NEGATED.search(r.before) else NEXT


def verb_first(r: Reading) -> Frame | None | _Next:
    """Verb first (Arabic VSO "قال المرصد … إن …", "Declared the ministry: …"): the source after
    the cue. A cue that opens the sentence and finds no such source reports nothing."""
    lex, text, cue = r.lex, r.text, r.cue
    lead_only = r.lead_only
    subject = None if lead_only else source_before(lex, text, r.s_start, cue.start)
    if not (lead_only or (lex.verb_first and subject is None)):
        return NEXT
    src = source_after(lex, text, cue.end, r.s_end)
    if src is not None:
        content, direct, relay, opened = content_after(lex, text, src[1], r.s_end, r.qs)
        if opened or (lex.verb_first and cue.kind in ("deny", "dispute")):
            return Frame(cue, src, content, direct, r.sentence)
    return None if lead_only else NEXT


def subject_verb(r: Reading) -> Frame | None | _Next:
    """ "X a déclaré que C", "X told Reuters: «C»", "…, who noted that C", "X said C and blamed
    Y": the source before the verb, the content after it."""
    lex, text, cue, s_start = r.lex, r.text, r.cue, r.s_start
    src, relative = _subject(r)
    summary = None
    if src is not None:
        summary, src = _resumptive_subject(r, src)
    if src is None:
        return None
    cue_words = text[cue.start : cue.end].split()
    limit = r.content_end if r.content_end is not None else r.next_cue
    content, direct, relay, opened = content_after(
        lex,
        text,
        cue.end,
        min(r.s_end, limit if limit > cue.end else r.s_end),
        r.qs,
        participle=bool(lex.participle and lex.participle.search(cue_words[-1])),
    )
    pre = text[s_start : src[0]].rstrip()
    medial = (
        None
        if relative or opened
        else medial_content(lex, text, s_start, src, cue.end, content, r.has_clause)
    )
    if medial is not None:
        return Frame(cue, src, medial, False, r.sentence)
    if (
        not relative
        and not opened
        and pre
        and pre[-1] in "," + _CLOSING_QUOTES
        and len(pre.split()) >= 3
        and not _adjunct(lex, text, s_start, s_start + len(pre) - 1, r.has_clause)
    ):
        return _content_before_subject(r, src, pre)
    found = _determiner_that(r, content, relay, direct, opened)
    if found is None:
        return None
    content, relay = found
    content, direct, opened = _caption(r, content, direct, opened)
    needs_clause = lex.words.get("needs_clause")
    if (
        cue.kind in ("say", "opinion")
        and not opened
        and needs_clause
        and needs_clause.search(text, cue.start, cue.end)
    ):
        # "Il a dit au revoir", "a raconté l'histoire de …": no reported clause follows
        if (r.has_clause is None or not r.has_clause(*content)) and not _mixed_quote(
            lex, text, content, r.qs
        ):
            return None
    if cue.kind in ("deny", "dispute") and not direct and not relay and "," in text[content[0] : content[1]]:
        # "nie l'évacuation des commandants, a estimé …": a nominal object ends at the comma
        content = trim(text, content[0], content[0] + text[content[0] : content[1]].index(","))
    if summary is not None and cue.kind in ("deny", "dispute") and not opened:
        content = summary  # what "a report Brandt later denied" denies is the report
    frame = Frame(cue, src, content, direct, r.sentence, relay=relay)
    _characterisation(lex, text, frame, r.qs, opened)
    return frame


# The constructions, tried in this order on every cue; the first that reads the cue gives its frame.
CONSTRUCTIONS: tuple[Callable[[Reading], Frame | None | _Next], ...] = (
    according,
    nominal,
    according_after,
    agentless,
    contested_by,
    participle,
    inverted,
    negated,
    verb_first,
    subject_verb,
)


def _subject(r: Reading) -> tuple[tuple[int, int] | None, re.Match[str] | None]:
    """The source before a verb, and the relative pronoun or conjunction that stands for it
    ("…, who noted", "… and blamed"), if one does."""
    lex, text, s_start = r.lex, r.text, r.s_start
    before = r.before
    relative = _RELATIVE_SUBJECT.search(before)
    coordinated = lex.coordination.search(before) if lex.coordination else None
    main = r.main_verb()
    shared = None
    if coordinated and main is not None and main.cue.end <= s_start + coordinated.start():
        shared = main.source  # "X said C and blamed Y", "… and warned him that": one subject, two verbs
    elif coordinated and main is None and r.subject_of is not None:
        shared = r.subject_of(r.cue.start)  # "A spokesperson declined to comment but said C"
    if shared is not None:
        return shared, coordinated
    if relative:
        # "…, said Greg Ilves, a fund manager, who noted that": the relative stands for the name
        # the sentence already gave a speaker, else for the noun phrase before the comma
        anchor = s_start + relative.start()
        named = next((p.source for p in reversed(r.previous) if p.source and p.source[1] <= anchor), None)
        return named or source_before(lex, text, s_start, anchor), relative
    return source_before(lex, text, _clause_start(lex, text, s_start, r.cue, r.previous), r.cue.start), None


def _resumptive_subject(r: Reading, src: tuple[int, int]) -> tuple[tuple[int, int] | None, tuple[int, int]]:
    """ "…, a claim a Nordvik spokesman called "simply wrong"", "…, a report Brandt later denied":
    the noun sums up what was said before; the speaker follows it. (summary, source)."""
    lex, text = r.lex, r.text
    resumptive = lex.words.get("resumptive")
    if resumptive is None:
        return None, src
    m = resumptive.match(text, src[0], src[1]) if text[r.s_start : src[0]].rstrip().endswith(",") else None
    rest = re.match(r"\s+(?:that\s+|which\s+)?(?=\S)", text[m.end() : src[1]]) if m else None
    prepositions = lex.words.get("prepositions")
    if rest is not None and not (prepositions and prepositions.match(text, m.end() + rest.end(), src[1])):
        return (src[0], m.end()), (m.end() + rest.end(), src[1])
    return None, src


def _content_before_subject(r: Reading, src: tuple[int, int], pre: str) -> Frame:
    """English order "…, Al Jazeera reported, citing …" / "«…», Hartigan told reporters": the
    content comes before the subject."""
    text, s_start, qs = r.text, r.s_start, r.qs
    quote = quote_ending_at(qs, text, s_start + len(pre)) or (
        quote_ending_at(qs, text, s_start + len(pre) - 1) if pre.endswith(",") else None
    )
    if quote is not None:
        return Frame(r.cue, src, split_quote(qs, text, quote, r.cue.end, r.s_end), True, r.sentence)
    return Frame(
        r.cue, src, strip_subordinate(text, *trim(text, s_start, s_start + len(pre))), False, r.sentence
    )


def _determiner_that(r: Reading, content, relay, direct: bool, opened: bool):
    """ "in a video posted that evening": a "that" with no clause after it is a determiner.
    (content, relay), or None when the cue then reports nothing."""
    lex, text, cue, has_clause = r.lex, r.text, r.cue, r.has_clause
    that = lex.complementizer.search(text, cue.end, content[0]) if lex.complementizer else None
    if not (
        opened
        and not direct
        and has_clause is not None
        and that is not None
        and ":" not in text[cue.end : content[0]]
        and not has_clause(*content)
    ):
        return content, relay
    if cue.kind in ("say", "opinion"):
        whole = trim(text, cue.end, content[1])
        if that.start() == cue.end or not has_clause(*whole):
            return None
        # "said the figure included trucks that had …": "that" opened a relative clause
        # inside content that starts right after the verb
        return whole, None
    if text[cue.end : that.start()].strip():
        return trim(text, cue.end, that.start()), None  # a denial's nominal object
    return trim(text, that.start(), content[1]), None  # "disputed that account"


def _caption(r: Reading, content, direct: bool, opened: bool):
    """ "posted a photo on Instagram with the caption "Back stronger"": the caption is what it says."""
    caption = r.lex.words.get("caption")
    if caption is not None and r.cue.kind == "say" and not opened:
        m = caption.search(r.text, content[0], content[1])
        quote = next((q for q in r.qs if m and 0 < q.start - m.end() <= 3), None)
        if quote is not None:
            return (quote.start, quote.end), True, True
    return content, direct, opened


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
