"""Finding cues in a sentence: reporting verbs, "according to" and "citing" forms, nominal
and agentless reports, each a lexicon cue class — but only where the words really report
(outside quotations, not a noun, not a passive that reports nothing)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newstrace.attribution.asides import quote_cues
from newstrace.attribution.lexicon import Lexicon, closed_set
from newstrace.attribution.sources import DETERMINERS
from newstrace.text import Quote, Sentence


@dataclass(slots=True)
class Cue:
    kind: str  # a lexicon cue class
    start: int
    end: int
    inner_source: tuple[int, int] | None = None  # "по его словам": the source sits inside the cue


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


_ARTICLES = closed_set("articles_before_noun")
# a participle after these is an adjective: "no reported casualties", "his alleged victims"
_ADJECTIVE_SLOT = _ARTICLES | closed_set("adjective_slot")
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
