"""Paragraphs, quotations and sentences with character offsets into an article text (shared by the stages)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Quotation pairs as news in our languages writes them.
_QUOTE = re.compile(r"«([^«»]*)»|“([^“”]*)”|„([^„“”]*)[“”]|\"([^\"\n]*)\"|‹([^‹›]*)›")
_SENTENCE_END = re.compile(r"[.!?…]+[\"»”’)]*\s+(?=[\"«“„(\-–—]?[\w«“„\"])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:M|Mme|Mlle|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gen|Col|Lt|Sgt|Prof|Jr|Sr|No|vs|etc|cf|p|pp|Inc|Ltd|Co|"
    r"г|гг|ул|им|т|др|проф|Nr|bzw|ca|Sra|Sr|Dra|sig|dott|St|U\.S|U\.K|e\.g|i\.e)|\b[A-ZА-Я])\.$"
)

# outlets and brands whose name ends with "!" (a lower-case word after "!" never starts a sentence)
_EXCLAIMED_NAME = re.compile(r"\b(?:Yahoo|E|OK|Hello|Jeopardy|Wham|Joomla|Panic)!$")


@dataclass(slots=True)
class Quote:
    start: int  # inner text, without the marks
    end: int


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    found = []
    for match in _QUOTE.finditer(text, start, len(text) if end is None else end):
        group = next(i for i in range(1, 6) if match.group(i) is not None)
        inner_start, inner_end = match.span(group)
        if inner_end - inner_start >= 2:
            found.append(Quote(inner_start, inner_end))
    return found


def sentences(text: str) -> list[Sentence]:
    """Sentences of every paragraph; a quotation is never cut, so a quote of several sentences
    stays with the reporting clause that follows it."""
    result = []
    for p_start, p_end in paragraphs(text):
        inside = [(q.start, q.end) for q in quotes(text, p_start, p_end)]
        cut = p_start
        for match in _SENTENCE_END.finditer(text, p_start, p_end):
            boundary = match.end()
            if any(a < match.start() < b for a, b in inside):
                continue
            if _ABBREVIATION.search(text[max(cut, match.start() - 6) : match.start() + 1]):
                continue
            if match.group(0).startswith("!") and (
                text[boundary : boundary + 1].islower()
                or _EXCLAIMED_NAME.search(text, cut, match.start() + 1)
            ):
                continue  # "OK! reported", "told Yahoo! News": a name with "!" in it, not an exclamation
            result.append(_sentence(text, cut, boundary))
            cut = boundary
        if cut < p_end:
            result.append(_sentence(text, cut, p_end))
    return [piece for s in result if s.text.strip() for piece in _bounded(text, s)]


MAX_SENTENCE = 1500  # characters; longer "sentences" (lists, run-ons, missing punctuation) are cut


def _bounded(text: str, sentence: Sentence) -> list[Sentence]:
    """Cut an over-long sentence at clause punctuation so that work per sentence stays bounded."""
    if sentence.end - sentence.start <= MAX_SENTENCE:
        return [sentence]
    pieces, start = [], sentence.start
    while sentence.end - start > MAX_SENTENCE:
        window = text[start : start + MAX_SENTENCE]
        cut = max(window.rfind("; "), window.rfind(", "), window.rfind(" "))
        cut = start + (cut + 1 if cut > 0 else MAX_SENTENCE)
        pieces.append(_sentence(text, start, cut))
        start = cut
        while start < sentence.end and text[start].isspace():
            start += 1
    pieces.append(_sentence(text, start, sentence.end))
    return [p for p in pieces if p.text.strip()]


def _sentence(text: str, start: int, end: int) -> Sentence:
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end])


def trim(text: str, start: int, end: int, chars: str = " \t,;:.–—-،؛") -> tuple[int, int]:
    """Shrink a span past surrounding spaces and punctuation."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
