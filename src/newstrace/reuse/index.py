"""Incremental MinHash LSH over word shingles: new articles are compared against the index
without recomputing old ones, in bounded memory.

Signatures come from rensa (128 permutations) and are kept as what they are: 128 32-bit hash
values in a numpy array, stored as their bytes (``signature_bytes``), never as a pickled object.
The LSH tables are ours: with 64 bands of 2 rows, a band key is exactly the two 32-bit hash
values side by side in one 64-bit integer. Keys are XOR-ed with a constant per band (so equal
values in two bands stay apart) and kept in sorted runs with the document ids beside them; a
directory of where each top-bits bucket starts narrows a query to its 64 buckets (8-16 keys
each), read side by side in one gather. New documents wait in a small buffer (arrays, and a dict
from key to document for the queries); a full buffer becomes a sorted run that is merged into levels of growing size
(each ``GROWTH`` times the one before, as in a log-structured merge tree), so every key is
rewritten only a few times and the cost per document grows only with the number of levels.
That costs 768 bytes per document (64 keys of 8 bytes, 64 ids of 4) and the directories
(about 1 byte per key), against about 9 KB in rensa's own hash-map LSH, whose 1M-document
index outgrew the 8 GiB budget.
"""

from __future__ import annotations

import numpy as np
from rensa import RMinHash

from newstrace.reuse.shingles import shingle_set

NUM_PERM = 128
# 64 bands of 2 rows: a pair with Jaccard 0.3 becomes a candidate with probability 0.998, one
# with 0.05 with probability 0.15 (those are discarded by alignment). Fewer bands missed half
# of the planted 0.4-Jaccard copies (shared/STACK.md).
NUM_BANDS = 64
SEED = 42
BUFFER = 4096  # documents scanned linearly before they become a sorted run
GROWTH = 8  # each level holds up to this many times the keys of the level before
GATHER_WIDTH = 256  # a query reads whole buckets up to this size (8-16 keys each on average)


def minhash(text: str, ignore: frozenset[str] = frozenset()) -> np.ndarray | None:
    """The MinHash signature of a text's shingles (those not in ``ignore``): NUM_PERM uint32."""
    grams = shingle_set(text)
    if ignore:
        grams = grams - ignore
    if not grams:
        return None
    mh = RMinHash(NUM_PERM, SEED)
    mh.update(grams)
    return np.asarray(mh.digest(), dtype=np.uint32)


def signature_bytes(signature: np.ndarray) -> bytes:
    """A signature as stored: its hash values as little-endian uint32."""
    return signature.astype("<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    if len(data) != 4 * NUM_PERM:
        raise ValueError(f"a stored signature has {len(data)} bytes, not {4 * NUM_PERM}")
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


# one constant per band: odd multiples of the golden-ratio constant, distinct in every bit pattern
_BAND_SALT = (np.arange(1, NUM_BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)).astype(np.uint64)


def band_keys(signature: np.ndarray) -> np.ndarray:
    """The 64 band keys of a signature: consecutive pairs of 32-bit values as one 64-bit key,
    salted by band."""
    return np.ascontiguousarray(signature, dtype=np.uint32).view(np.uint64) ^ _BAND_SALT


class ReuseIndex:
    def __init__(self) -> None:
        # sorted runs of salted band keys with their document ids; level i holds at most
        # BUFFER * NUM_BANDS * GROWTH ** (i + 1) keys
        self._levels: list[tuple[np.ndarray, np.ndarray]] = []
        self._directories: dict[int, tuple[np.ndarray, np.uint64, np.ndarray]] = {}  # by level
        self._buffer_keys = np.zeros((NUM_BANDS, BUFFER), dtype=np.uint64)
        self._buffer_ids = np.zeros(BUFFER, dtype=np.int32)
        # the buffered keys again, for lookups: scanning the whole buffer cost more than the
        # bisection of every level together. A key's first document, and the others of a key
        # shared by several (rare: a band in common): a query and an insert are then a set
        # operation done in C, not 64 lookups in Python
        self._buffer_lookup: dict[int, int] = {}
        self._buffer_more: dict[int, list[int]] = {}
        self._buffered = 0
        self.size = 0

    def query(self, signature: np.ndarray) -> list[int]:
        """Ids of indexed documents that share at least one band with ``signature`` (candidates
        still to be confirmed by alignment)."""
        keys = band_keys(signature)
        found: set[int] = set()
        for level, (level_keys, level_ids) in enumerate(self._levels):
            if not len(level_keys):
                continue
            lo, hi = self._buckets(level, level_keys, keys)
            width = int((hi - lo).max())
            if not width:
                continue
            if width <= GATHER_WIDTH:
                # every key equal to a query key is in that key's top-bits bucket: read the 64
                # buckets whole, side by side, and keep the equal ones (one gather instead of a
                # bisection of several numpy steps); what is read past a bucket's end has other
                # top bits, so it never equals
                at = np.minimum(lo[:, None] + np.arange(width), len(level_keys) - 1)
                rows, cols = np.nonzero(level_keys[at] == keys[:, None])
                if len(rows):
                    found.update(level_ids[at[rows, cols]].tolist())
                continue
            # a bucket crowded by one repeated key (many documents with one band): bisect
            lo = self._first_at_least(level_keys, keys, lo, hi)
            hits = np.flatnonzero(level_keys[np.minimum(lo, len(level_keys) - 1)] == keys)
            if len(hits):
                hi = np.searchsorted(level_keys, keys[hits], side="right")
                for start, end in zip(lo[hits].tolist(), hi.tolist(), strict=True):
                    found.update(level_ids[start:end].tolist())
        lookup = self._buffer_lookup
        if lookup:
            for key in lookup.keys() & keys.tolist():
                found.add(lookup[key])
                found.update(self._buffer_more.get(key, ()))
        return sorted(found)

    def _buckets(self, level: int, level_keys: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where the top-bits bucket of each of ``keys`` starts and ends in a level. A bisection
        over millions of keys waits on memory at every step, one key after the other; the keys
        are hashes, so their top bits spread them evenly, and a directory of where each bucket
        starts leaves a few keys to look at."""
        directory = self._directories.get(level)
        if directory is None or directory[0] is not level_keys:
            bits = max(1, len(level_keys).bit_length() - 4)  # about 8-16 keys per bucket
            shift = np.uint64(64 - bits)
            counts = np.bincount((level_keys >> shift).astype(np.intp), minlength=2**bits)
            starts = np.concatenate([[0], np.cumsum(counts)])
            directory = self._directories[level] = (level_keys, shift, starts)
        _, shift, starts = directory
        bucket = (keys >> shift).astype(np.intp)
        return starts[bucket], starts[bucket + 1]

    @staticmethod
    def _first_at_least(
        level_keys: np.ndarray, keys: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> np.ndarray:
        """Position of the first key >= each of ``keys`` in a level, bisecting within its bucket
        [lo, hi), for all 64 keys at once."""
        last = len(level_keys) - 1
        while True:
            active = lo < hi
            if not active.any():
                return lo
            mid = (lo + hi) >> 1
            less = level_keys[np.minimum(mid, last)] < keys
            lo = np.where(active & less, mid + 1, lo)
            hi = np.where(active & ~less, mid, hi)

    def insert(self, doc_id: int, signature: np.ndarray) -> None:
        keys = band_keys(signature)
        self._buffer_keys[:, self._buffered] = keys
        self._buffer_ids[self._buffered] = doc_id
        keys_list, lookup = keys.tolist(), self._buffer_lookup
        shared = lookup.keys() & keys_list
        if shared:
            for key in shared:
                self._buffer_more.setdefault(key, []).append(doc_id)
            lookup.update(dict.fromkeys([k for k in keys_list if k not in shared], doc_id))
        else:
            lookup.update(dict.fromkeys(keys_list, doc_id))
        self._buffered += 1
        self.size += 1
        if self._buffered == BUFFER:
            self._flush()

    def _flush(self) -> None:
        """Turn the buffer into a sorted run and merge it down the levels."""
        n = self._buffered
        keys = self._buffer_keys[:, :n].ravel()
        ids = np.tile(self._buffer_ids[:n], NUM_BANDS)
        order = np.argsort(keys, kind="stable")
        run = (keys[order], ids[order])
        self._buffered = 0
        self._buffer_lookup = {}
        self._buffer_more = {}
        for level in range(len(self._levels) + 1):
            if level == len(self._levels):
                self._levels.append(run)
                return
            held = self._levels[level]
            if not len(held[0]):
                self._levels[level] = run
                return
            merged = _merge(held, run)
            if len(merged[0]) <= BUFFER * NUM_BANDS * GROWTH ** (level + 1):
                self._levels[level] = merged
                return
            self._levels[level] = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int32))
            run = merged  # too big for this level: carry it down

    def add(self, doc_id: int, text: str) -> list[int]:
        """Index ``text`` under ``doc_id`` and return the ids of earlier documents that may share
        passages with it (candidates still to be confirmed by alignment)."""
        mh = minhash(text)
        if mh is None:
            return []
        candidates = [k for k in self.query(mh) if k != doc_id]
        self.insert(doc_id, mh)
        return candidates


def _merge(
    a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Two sorted runs as one: a linear merge, no re-sort."""
    (a_keys, a_ids), (b_keys, b_ids) = a, b
    at = np.searchsorted(a_keys, b_keys, side="right") + np.arange(len(b_keys))
    total = len(a_keys) + len(b_keys)
    keys = np.empty(total, dtype=np.uint64)
    ids = np.empty(total, dtype=np.int32)
    mask = np.ones(total, dtype=bool)
    mask[at] = False
    keys[at], ids[at] = b_keys, b_ids
    keys[mask], ids[mask] = a_keys, a_ids
    return keys, ids
