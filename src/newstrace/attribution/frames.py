"""One frame per cue: the source, content and relay a cue of each kind reads around itself
(see the table in ``rules``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newstrace.attribution.asides import after_quote, medial_content
from newstrace.attribution.cues import Cue
from newstrace.attribution.lexicon import Lexicon
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

_NEGATED = re.compile(
    r"(?:did not|didn't|does not|doesn't|has not|hasn't|would not|declined to|refused to|refuses to|"
    r"a refusé de|ont refusé de|n'a pas|n’a pas|n'ont pas|ne \w+ pas|"
    r"\bне|nicht|\bno ha|\bnon ha|\bnão|\bلم)\s*$",
    re.I,
)

# a relative pronoun right before the verb: "…, Greg Ilves, who noted that", "…, qui a estimé"
_RELATIVE_SUBJECT = re.compile(r",\s*(?:who|which|qui|который|которая|которые|الذي|التي)\s*$", re.I)
_POSSESSIVE = re.compile(r"(?:['’]s?)?$")
_QUOTE_END = re.compile(r"[»”\"’]\s*,$")
_T_PRONOUN = re.compile(r"-t-(il|elle|ils|elles|on)\b", re.I)


@dataclass(slots=True)
class Frame:
    """A raw attribution before typing: spans only."""

    cue: Cue
    source: tuple[int, int] | None
    content: tuple[int, int]
    direct: bool
    sentence: Sentence
    relay: tuple[int, int] | None = None  # "à Sputnik" in "a confié à Sputnik que"


def frame_for(
    lex, text, sentence, cue, qs, previous, next_cue, has_clause=None, content_end=None, subject_of=None
) -> Frame | None:
    """The frame one cue reads around itself in ``sentence``, or None when it reports nothing."""
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
            content = strip_subordinate(text, *trim(text, s_start, cue.start))
        return Frame(cue, src, content, False, sentence)

    if cue.kind == "nominal":
        # "the ministry's statement that C": the possessor is the source; "Claims that C spread
        # on WhatsApp": a rumour with no source; "denied claims that C": the denial's object
        content, direct, relay, opened = content_after(lex, text, cue.end, s_end, qs)
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
            content, direct, _, _ = content_after(lex, text, cue.end, s_end, qs)
        else:
            content, direct = strip_subordinate(text, *trim(text, s_start, cue.start)), False
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
        return Frame(cue, src, strip_subordinate(text, *trim(text, s_start, cue.start)), False, sentence)

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
            and ASIDE.match(aside[1].strip())
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
        content, direct, relay, opened = content_after(lex, text, cue.end, bound, qs, participle=True)
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
            relay, src = relay_then_source(lex, text, after, bound)
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
        quote = quote_ending_at(qs, text, s_start + len(tail))
        if quote is None:
            quote = quote_ending_at(qs, text, s_start + len(tail) - 1) if tail.endswith(",") else None
        if quote is not None:
            content = split_quote(qs, text, quote, max(src[1], cue.end), s_end)
            return Frame(cue, src, content, True, sentence, relay=relay)
        content = strip_subordinate(text, *trim(text, s_start, s_start + len(tail)))
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
            content, direct, relay, opened = content_after(lex, text, src[1], s_end, qs)
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
    content, direct, relay, opened = content_after(
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
        quote = quote_ending_at(qs, text, s_start + len(pre)) or (
            quote_ending_at(qs, text, s_start + len(pre) - 1) if pre.endswith(",") else None
        )
        if quote is not None:
            return Frame(cue, src, split_quote(qs, text, quote, cue.end, s_end), True, sentence)
        return Frame(
            cue, src, strip_subordinate(text, *trim(text, s_start, s_start + len(pre))), False, sentence
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
