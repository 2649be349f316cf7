"""Reporting clauses that sit beside or inside what they report, for any language with a lexicon:

quote verbs   '"I should have stayed in bed," he joked' — verbs of manner ("joked", "sighed",
              "shouted") report only when a quotation closes right before them or a colon and a
              quotation follow; elsewhere they report nothing ("the crowd shouted at the referee")
medial        "The bridge, the council said, will close" — the reporting clause splits its
              content; the content is the contiguous hull around it
"""

from __future__ import annotations

import re

from newstrace.attribution.lexicon import Lexicon
from newstrace.text import Quote, Sentence, trim

# '"…," he' / '"…?" asked': a closing mark after a comma or a stop, then at most a short subject
_AFTER_QUOTE = re.compile(r"[,!?…]\s*[”\"’»]\s*(?:[^\s,;:«»“”\"]+\s+){0,4}$")
_BEFORE_QUOTE = re.compile(r"\s*[,:]\s*[«“„\"]")
_QUOTE_CLOSED = re.compile(r"[,!?…]\s*[”\"’»]\s*$")


def quote_cues(lex: Lexicon, sentence: Sentence, inside: list[Quote]) -> list[tuple[int, int]]:
    """Spans of the lexicon's ``quote_verbs`` that stand beside a quotation."""
    pattern = lex.words.get("quote_verbs")
    if pattern is None:
        return []
    spans = []
    for m in pattern.finditer(sentence.text):
        start = sentence.start + m.start()
        if any(q.start <= start < q.end for q in inside):
            continue
        before = sentence.text[: m.start()]
        if _AFTER_QUOTE.search(before) or (before.strip() and _BEFORE_QUOTE.match(sentence.text, m.end())):
            spans.append((start, sentence.start + m.end()))
    return spans


def after_quote(text: str, sentence_start: int, cue_start: int) -> bool:
    """Does a quotation close right before the cue ('"…," remarked the farmer')?"""
    return bool(_QUOTE_CLOSED.search(text, sentence_start, cue_start))


def medial_content(
    lex: Lexicon,
    text: str,
    s_start: int,
    source: tuple[int, int],
    cue_end: int,
    after: tuple[int, int],
    has_clause,
) -> tuple[int, int] | None:
    """ "The bridge, the council said, will close for repairs": a subject and a comma before the
    source, a comma after the cue and the rest of the clause after it. Returns the content hull
    (or only the part after the cue when the part before is an adjunct: "In Paris, …")."""
    pre = text[s_start : source[0]].rstrip()
    if not pre.endswith(",") or len(pre) < 2 or not re.match(r"\s*,\s*\S", text[cue_end : after[1]]):
        return None
    rest = trim(text, cue_end, after[1])
    words = text[rest[0] : rest[1]].split()
    if not words or not words[0][:1].islower():
        return None
    first_after = words[0].casefold()
    opener = text[s_start : source[0]].split()[0].casefold()
    prepositions = lex.words.get("prepositions")
    if (lex.participle and lex.participle.search(first_after)) or (
        lex.complementizer and lex.complementizer.fullmatch(first_after)
    ):
        return None  # "…, the agency said, citing …", "…, he said, that …"
    if lex.clause_start and lex.clause_start.fullmatch(first_after):
        return None  # "…, the council said, while …": a new clause, not the rest of this one
    if has_clause is not None and not has_clause(s_start, rest[1]):
        return None
    if prepositions is not None and prepositions.fullmatch(opener):
        return rest  # "In Paris, the minister said, talks were stalled"
    return trim(text, s_start, rest[1])
