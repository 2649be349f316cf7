"""Incremental MinHash LSH over word shingles (rensa): new articles are compared against the
index without recomputing old ones. Memory per document is one LSH entry per band."""

from __future__ import annotations

from rensa import RMinHash, RMinHashLSH

from newstrace.reuse.shingles import shingles, words

NUM_PERM = 128
# 64 bands of 2 rows: a pair with Jaccard 0.3 becomes a candidate with probability 0.998, one
# with 0.05 with probability 0.15 (those are discarded by alignment). Fewer bands missed half
# of the planted 0.4-Jaccard copies (shared/STACK.md).
NUM_BANDS = 64
SEED = 42


def minhash(text: str, ignore: frozenset[str] = frozenset()) -> RMinHash | None:
    grams = shingles(words(text).tokens)
    if ignore:
        grams = [g for g in grams if g not in ignore]
    if not grams:
        return None
    mh = RMinHash(NUM_PERM, SEED)
    mh.update(grams)
    return mh


class ReuseIndex:
    def __init__(self) -> None:
        self.lsh = RMinHashLSH(0.3, NUM_PERM, NUM_BANDS)
        self.size = 0

    def query(self, mh: RMinHash) -> list[int]:
        """Ids of indexed documents that may share passages with ``mh`` (still to be confirmed)."""
        return sorted(self.lsh.query(mh))

    def insert(self, doc_id: int, mh: RMinHash) -> None:
        self.lsh.insert(doc_id, mh)
        self.size += 1

    def add(self, doc_id: int, text: str) -> list[int]:
        """Index ``text`` under ``doc_id`` and return the ids of earlier documents that may share
        passages with it (candidates still to be confirmed by alignment)."""
        mh = minhash(text)
        if mh is None:
            return []
        candidates = [k for k in self.query(mh) if k != doc_id]
        self.insert(doc_id, mh)
        return candidates
