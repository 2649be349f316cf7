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

The parts: ``cues`` finds the cues of a sentence, ``spans`` reads sources, relays and
contents around a cue, ``frames`` builds one frame per cue kind; this module runs them over
a text and corrects each frame against its neighbours in the sentence.
"""

from __future__ import annotations

import re

from newstrace.attribution.cues import Cue, find_cues
from newstrace.attribution.frames import Frame, frame_for
from newstrace.attribution.lexicon import Lexicon
from newstrace.attribution.spans import (
    DATELINE,
    MAX_SOURCE_WORDS,
    RELAY_WINDOW,
    cut_resumptive,
    source_after,
    source_before,
)
from newstrace.text import Quote, Sentence, paragraphs, quotes, sentences, trim

__all__ = [
    "MAX_SOURCE_WORDS",
    "RELAY_WINDOW",
    "Cue",
    "Frame",
    "find_cues",
    "frames",
    "source_after",
    "source_before",
]

_LEAD = re.compile(
    r"(?:\d{1,2}[:.h]\d{2}(?:\s*(?:[AaPp]\.?[Mm]\.?|BST|GMT|CET|CEST|EST|EDT|PST|PDT|UTC|ET|MSK))?\s*(?:[—–-]\s*)?(?=\S)"
    r"|[A-Z][A-Z .'-]{1,30}(?:\s*\([^)]{1,40}\))?:\s+"  # speaker labels and rubrics: "ANCHOR:", "EXCLUSIVE:"
    r"|" + DATELINE.pattern + r")+"
)


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
            frame = frame_for(
                lex, text, sentence, cue, qs, sentence_frames, nxt, has_clause, content_end, subject_of
            )
            if frame and not frame.direct:
                frame.content = cut_resumptive(lex, text, frame.content)
            if frame and prev is not None and frame.source is not None:
                _end_before_next_source(lex, text, prev, frame)
            if frame and frame.content[1] - frame.content[0] >= 3:
                sentence_frames.append(frame)
        _relay_before_verb(sentence_frames)
        result.extend(_drop_nested_passives(sentence_frames))
    return result


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
