"""Incremental MinHash LSH over word shingles: new articles are compared against the index
without recomputing old ones, in bounded memory.

Signatures come from rensa (128 permutations). The LSH tables are ours: with 64 bands of 2 rows,
a band key is exactly the two 32-bit hash values side by side in one 64-bit integer. Keys are
XOR-ed with a constant per band (so equal values in two bands stay apart) and kept in one sorted
array with the document ids beside it: a query is one vectorised bisection for its 64 keys. New documents
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


# one constant per band: odd multiples of the golden-ratio constant, distinct in every bit pattern
_BAND_SALT = (np.arange(1, NUM_BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)).astype(np.uint64)


def band_keys(mh: RMinHash) -> np.ndarray:
    """The 64 band keys of a signature: consecutive pairs of 32-bit values as one 64-bit key,
    salted by band."""
    return np.asarray(mh.digest(), dtype=np.uint32).view(np.uint64) ^ _BAND_SALT


class ReuseIndex:
    def __init__(self) -> None:
        self._keys = np.zeros(0, dtype=np.uint64)  # sorted salted band keys of merged documents
        self._ids = np.zeros(0, dtype=np.int32)
        self._buffer_keys = np.zeros((NUM_BANDS, BUFFER), dtype=np.uint64)
        self._buffer_ids = np.zeros(BUFFER, dtype=np.int32)
        self._buffered = 0
        self.size = 0

    def query(self, mh: RMinHash) -> list[int]:
        """Ids of indexed documents that share at least one band with ``mh`` (candidates still to
        be confirmed by alignment)."""
        keys = band_keys(mh)
        found: set[int] = set()
        if len(self._keys):
            lo = np.searchsorted(self._keys, keys, side="left")
            hi = np.searchsorted(self._keys, keys, side="right")
            for band in np.flatnonzero(hi > lo):
                found.update(self._ids[lo[band] : hi[band]].tolist())
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
        """Move the buffer into the sorted array: a linear merge, no full re-sort."""
        n = self._buffered
        if not n:
            return
        new_keys = self._buffer_keys[:, :n].ravel()
        new_ids = np.tile(self._buffer_ids[:n], NUM_BANDS)
        order = np.argsort(new_keys, kind="stable")
        new_keys, new_ids = new_keys[order], new_ids[order]
        # where each new key goes among the old ones, shifted by the new keys placed before it
        at = np.searchsorted(self._keys, new_keys, side="right") + np.arange(len(new_keys))
        total = len(self._keys) + len(new_keys)
        keys = np.empty(total, dtype=np.uint64)
        ids = np.empty(total, dtype=np.int32)
        mask = np.ones(total, dtype=bool)
        mask[at] = False
        keys[at], ids[at] = new_keys, new_ids
        keys[mask], ids[mask] = self._keys, self._ids
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
