"""Passage alignment between two texts in one language.

Seeds are shared word n-grams; runs of seeds on the same diagonal are extended and merged
across small gaps (a changed word, an inserted adjective), giving passages with character
offsets in both texts. Robust to new headlines, added intros ("Selon Sputnik, …"),
truncation and light edits, because it matches where the texts agree and ignores the rest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from newstrace.reuse.shingles import SHINGLE, Words, words

MAX_GAP = 6  # words of disagreement bridged inside one passage
MIN_PASSAGE_WORDS = 8


@dataclass(slots=True)
class Passage:
    source_start: int
    source_end: int
    target_start: int
    target_end: int
    words: int


@dataclass(slots=True)
class Alignment:
    passages: list[Passage]
    source_share: float  # share of the source's characters covered by passages
    target_share: float


def align(source: str, target: str, n: int = SHINGLE, ignore: frozenset[str] = frozenset()) -> Alignment:
    """Passages shared by ``source`` and ``target``. Shingles in ``ignore`` (a site's own
    boilerplate) seed nothing, so repeated site text never counts as reuse."""
    a, b = words(source), words(target)
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    grams = list(_grams(a.tokens, n))
    if ignore:
        for i, (gram, joined) in enumerate(zip(grams, map(" ".join, grams), strict=True)):
            if joined not in ignore:
                index[gram].append(i)
    else:
        for i, gram in enumerate(grams):
            index[gram].append(i)
    # (i, j) seed pairs; a gram repeated too often in the source is boilerplate inside the text
    seeds = []
    for j, gram in enumerate(_grams(b.tokens, n)):
        hits = index.get(gram)
        if hits and len(hits) <= 3:
            seeds.extend((i, j) for i in hits)
    runs = _chain(sorted(seeds, key=lambda s: (s[0] - s[1], s[0])), n)
    passages = [_passage(a, b, run) for run in _best_runs(runs) if run[1] - run[0] >= MIN_PASSAGE_WORDS]
    passages.sort(key=lambda p: p.target_start)
    return Alignment(
        passages=passages,
        source_share=_share(passages, len(source), "source"),
        target_share=_share(passages, len(target), "target"),
    )


def _grams(tokens: list[str], n: int):
    """The n-word runs of ``tokens`` as tuples, in order (built in C by ``zip``)."""
    return zip(*(tokens[i:] for i in range(n)), strict=False)


def _chain(seeds: list[tuple[int, int]], n: int) -> list[tuple[int, int, int, int]]:
    """Group seeds into runs (a_start, a_end, b_start, b_end) in words, allowing small gaps on
    roughly the same diagonal (an insertion shifts the diagonal by a few words)."""
    runs: list[list[int]] = []
    for i, j in sorted(seeds, key=lambda s: (s[1], s[0])):
        for run in reversed(runs[-8:]):
            a_end, b_end = run[1], run[3]
            if (
                0 <= j - b_end <= MAX_GAP
                and 0 <= i - a_end <= MAX_GAP
                and abs((i - run[0]) - (j - run[2])) <= MAX_GAP
            ):
                run[1], run[3] = max(a_end, i + n), max(b_end, j + n)
                break
            if run[2] <= j < b_end and run[0] <= i < a_end:
                run[1], run[3] = max(a_end, i + n), max(b_end, j + n)
                break
        else:
            runs.append([i, i + n, j, j + n])
    return [tuple(r) for r in runs]


def _best_runs(runs):
    """Keep runs that do not overlap a longer run in either text (a repeated sentence gives
    several candidate runs; the longest explains it)."""
    kept: list[tuple[int, int, int, int]] = []
    for run in sorted(runs, key=lambda r: r[1] - r[0], reverse=True):
        if all(run[1] <= k[0] or run[0] >= k[1] for k in kept) and all(
            run[3] <= k[2] or run[2] >= k[3] for k in kept
        ):
            kept.append(run)
    return kept


def _passage(a: Words, b: Words, run) -> Passage:
    a0, a1, b0, b1 = run
    return Passage(a.starts[a0], a.ends[a1 - 1], b.starts[b0], b.ends[b1 - 1], a1 - a0)


def _share(passages: list[Passage], length: int, side: str) -> float:
    if length == 0:
        return 0.0
    covered = sum(
        (p.source_end - p.source_start) if side == "source" else (p.target_end - p.target_start)
        for p in passages
    )
    return min(1.0, covered / length)
