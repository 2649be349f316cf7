"""Incremental MinHash LSH over word shingles: new articles are compared against the index
without recomputing old ones, in bounded memory.

Signatures come from rensa (128 permutations). The LSH tables are ours: with 64 bands of 2 rows,
a band key is exactly the two 32-bit hash values side by side in one 64-bit integer, so each band
is a sorted array of keys with the document ids beside it, searched by bisection. New documents
wait in a small array buffer, scanned whole at each query, that is merged into the sorted arrays
every ``BUFFER`` documents (a linear merge, no re-sort). That costs 768 bytes per document (64
keys of 8 bytes, 64 ids of 4), against about 9 KB in rensa's own hash-map LSH, whose
1M-document index outgrew the 8 GiB budget (benchmarks/reuse.py).
"""

from __future__ import annotations

import numpy as np
from rensa import RMinHash

from newstrace.reuse.shingles import shingles, words

NUM_PERM = 128
# 64 bands of 2 rows: a pair with Jaccard 0.3 becomes a candidate with probability 0.998, one
# with 0.05 with probability 0.15 (those are discarded by alignment). Fewer bands missed half
# of the planted 0.4-Jaccard copies (shared/STACK.md).
NUM_BANDS = 64
SEED = 42
BUFFER = 4096  # documents scanned linearly before a merge into the sorted arrays


def minhash(text: str, ignore: frozenset[str] = frozenset()) -> RMinHash | None:
    grams = shingles(words(text).tokens)
    if ignore:
        grams = [g for g in grams if g not in ignore]
    if not grams:
        return None
    mh = RMinHash(NUM_PERM, SEED)
    mh.update(grams)
    return mh


def band_keys(mh: RMinHash) -> np.ndarray:
    """The 64 band keys of a signature: consecutive pairs of 32-bit values as one 64-bit key."""
    return np.asarray(mh.digest(), dtype=np.uint32).view(np.uint64)


class ReuseIndex:
    def __init__(self) -> None:
        self._keys = np.zeros((NUM_BANDS, 0), dtype=np.uint64)  # each row sorted
        self._ids = np.zeros((NUM_BANDS, 0), dtype=np.int32)
        self._buffer_keys = np.zeros((NUM_BANDS, BUFFER), dtype=np.uint64)
        self._buffer_ids = np.zeros(BUFFER, dtype=np.int32)
        self._buffered = 0
        self.size = 0

    def query(self, mh: RMinHash) -> list[int]:
        """Ids of indexed documents that share at least one band with ``mh`` (candidates still to
        be confirmed by alignment)."""
        keys = band_keys(mh)
        found: set[int] = set()
        if self._keys.shape[1]:
            lo = [np.searchsorted(self._keys[b], keys[b], side="left") for b in range(NUM_BANDS)]
            hi = [np.searchsorted(self._keys[b], keys[b], side="right") for b in range(NUM_BANDS)]
            for band in range(NUM_BANDS):
                if hi[band] > lo[band]:
                    found.update(self._ids[band, lo[band] : hi[band]].tolist())
        if self._buffered:
            hits = (self._buffer_keys[:, : self._buffered] == keys[:, None]).any(axis=0)
            found.update(self._buffer_ids[: self._buffered][hits].tolist())
        return sorted(found)

    def insert(self, doc_id: int, mh: RMinHash) -> None:
        self._buffer_keys[:, self._buffered] = band_keys(mh)
        self._buffer_ids[self._buffered] = doc_id
        self._buffered += 1
        self.size += 1
        if self._buffered == BUFFER:
            self._merge()

    def _merge(self) -> None:
        """Move the buffer into the sorted arrays: a linear merge per band, no full re-sort."""
        n = self._buffered
        if not n:
            return
        order = np.argsort(self._buffer_keys[:, :n], axis=1, kind="stable")
        new_keys = np.take_along_axis(self._buffer_keys[:, :n], order, axis=1)
        n_old = self._keys.shape[1]
        keys = np.empty((NUM_BANDS, n_old + n), dtype=np.uint64)
        ids = np.empty((NUM_BANDS, n_old + n), dtype=np.int32)
        for band in range(NUM_BANDS):
            # where each new key goes among the old ones, shifted by the new keys placed before it
            at = np.searchsorted(self._keys[band], new_keys[band], side="right") + np.arange(n)
            mask = np.ones(n_old + n, dtype=bool)
            mask[at] = False
            keys[band, at] = new_keys[band]
            keys[band, mask] = self._keys[band]
            ids[band, at] = self._buffer_ids[order[band]]
            ids[band, mask] = self._ids[band]
        self._keys, self._ids = keys, ids
        self._buffered = 0

    def add(self, doc_id: int, text: str) -> list[int]:
        """Index ``text`` under ``doc_id`` and return the ids of earlier documents that may share
        passages with it (candidates still to be confirmed by alignment)."""
        mh = minhash(text)
        if mh is None:
            return []
        candidates = [k for k in self.query(mh) if k != doc_id]
        self.insert(doc_id, mh)
        return candidates
