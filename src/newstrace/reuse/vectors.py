"""Nearest document vectors within a date window, exact while small, approximate when large.

The linker asks, for every new article, which stored document vectors (unit-length multilingual
USE centroids) have a cosine of at least some threshold with its own, among those dated within
``window_days`` of it. Undated vectors are always eligible, and an undated query sees every
vector. Ids are the caller's (article ids); results come in insertion order.

Below ``exact_below`` vectors the search is brute force over a float32 matrix, exactly as the
linker always did. When the index reaches that size it becomes an inverted file (IVF): spherical
k-means, trained in numpy on a sample, splits the space into about ``2 * sqrt(n)`` lists; a
query scores the list centroids, takes the rows of its ``nprobe`` nearest lists, drops the rows
outside its date window, and computes exact cosines on what is left. With lists of even size
the per-query cost would grow with the square root of the collection; popular topics make some
lists far larger than the mean, and those are the ones queries read, so it grows faster (1.0 ms
at 100k vectors, 6.9 ms at 1M, against 21 and 195 ms for brute force; benchmarks/vectors.py).

Vectors added after training wait in a short pending tail (always scanned exactly) and are then
filed in batches under their nearest centroid. Centroids learnt on the first articles describe
the topics of that time; later topics land in the nearest old list, which grows. So the index
is retrained (new centroids, every vector refiled) whenever the collection has grown
``RETRAIN_GROWTH`` times since the last training, which also keeps the number of lists in step
with the collection. Every vector is thus filed about twice in all: at 1M vectors the trainings
took 53 of the 76 s of building, some 50 µs per vector.

In IVF mode vectors are kept as 16-bit bfloat16 (the high half of each float32, rounded), half
the memory of float32. Not float16: numpy converts float16 to float32 without SIMD here, five
times slower than the bit shift that restores a bfloat16, and that conversion was most of the
query time. A cosine moves by less than 5e-4 (benchmarks/vectors.py).
"""

from __future__ import annotations

import math

import numpy as np

EXACT_BELOW = 50_000  # brute force up to this many vectors (100 MB of float32)
LISTS_PER_ROOT = 2.0  # inverted lists per square root of the collection size
NPROBE = 32  # lists a query reads
TRAIN_PER_LIST = 40  # k-means sample: this many vectors per list (fewer make poor centroids)
KMEANS_ITERATIONS = 12
RETRAIN_GROWTH = 2  # retrain when the collection has grown this many times since the last training
ASSIGN_BATCH = 1024  # pending vectors scanned exactly before they are filed under their lists
CHUNK = 2048  # rows converted and scored at a time: stays in cache, bounds temporary memory


class VectorIndex:
    """Unit document vectors with a publication day each (or none), searched by cosine."""

    def __init__(
        self,
        dim: int = 512,
        *,
        window_days: int = 120,
        exact_below: int = EXACT_BELOW,
        nprobe: int = NPROBE,
        seed: int = 0,
    ) -> None:
        self.dim = dim
        self.window_days = window_days
        self.exact_below = exact_below
        self.nprobe = nprobe
        self._rng = np.random.default_rng(seed)
        self._n = 0
        self._ids = np.zeros(1024, dtype=np.int64)
        self._days = np.full(1024, np.nan)
        # exact mode: float32 rows in arrival order, in an array that doubles when full
        self._exact: np.ndarray | None = np.zeros((1024, dim), dtype=np.float32)
        # IVF mode: bfloat16 rows (uint16) in arrival order, lists of row numbers per centroid
        self._packed: np.ndarray | None = None
        self._centroids = np.zeros((0, dim), dtype=np.float32)
        self._lists: list[np.ndarray] = []
        self._list_sizes = np.zeros(0, dtype=np.int64)
        self._filed = 0  # rows below this are in a list; the rest are pending
        self._trained_at = 0

    def __len__(self) -> int:
        return self._n

    @property
    def approximate(self) -> bool:
        return self._packed is not None

    @property
    def lists(self) -> int:
        return len(self._lists)

    @property
    def nbytes(self) -> int:
        """Memory held by the index's arrays (allocated capacity included)."""
        arrays = [self._ids, self._days, self._centroids, self._list_sizes, *self._lists]
        arrays += [a for a in (self._exact, self._packed) if a is not None]
        return sum(a.nbytes for a in arrays)

    # -- adding -------------------------------------------------------------------------------
    def add(self, id: int, vector: np.ndarray, day: int | None) -> None:
        """Store ``vector`` (unit length, any float dtype) under ``id``, dated ``day`` (a date
        ordinal) or undated."""
        n = self._n
        if n == len(self._ids):
            self._grow()
        self._ids[n] = id
        self._days[n] = np.nan if day is None else day
        if self._exact is not None:
            self._exact[n] = vector
        else:
            assert self._packed is not None
            self._packed[n] = _to_bfloat16(np.asarray(vector, dtype=np.float32))
        self._n = n + 1
        if self._exact is not None:
            if self._n >= self.exact_below:
                self._train()
        elif self._n >= RETRAIN_GROWTH * self._trained_at:
            self._train()
        elif self._n - self._filed >= ASSIGN_BATCH:
            self._file(np.arange(self._filed, self._n))
            self._filed = self._n

    def _grow(self) -> None:
        size = len(self._ids)
        self._ids = np.concatenate([self._ids, np.zeros(size, dtype=np.int64)])
        self._days = np.concatenate([self._days, np.full(size, np.nan)])
        if self._exact is not None:
            self._exact = np.concatenate([self._exact, np.zeros_like(self._exact)])
        if self._packed is not None:
            self._packed = np.concatenate([self._packed, np.zeros_like(self._packed)])

    # -- searching ----------------------------------------------------------------------------
    def query(self, vector: np.ndarray, day: int | None, min_cosine: float) -> tuple[np.ndarray, np.ndarray]:
        """Ids of the stored vectors within the date window of ``day`` (all of them when it is
        None; undated ones always) whose cosine with ``vector`` is at least ``min_cosine``, and
        those cosines (float32), in insertion order. Exact below ``exact_below`` vectors,
        approximate above: a neighbour whose nearest centroid is far from ``vector`` is missed."""
        q = np.asarray(vector, dtype=np.float32)
        n = self._n
        if self._exact is not None:
            if day is None:
                rows = np.arange(n)
                cosines = self._exact[:n] @ q
            else:
                days = self._days[:n]
                rows = np.flatnonzero(np.isnan(days) | (np.abs(days - day) <= self.window_days))
                cosines = self._exact[rows] @ q
        else:
            rows = self._in_window(self._candidates(q), day)
            cosines = self._cosines(rows, q)
        keep = cosines >= min_cosine
        return self._ids[rows[keep]], cosines[keep]

    def _candidates(self, q: np.ndarray) -> np.ndarray:
        """Rows of the lists nearest to ``q`` and the pending rows, in ascending order."""
        scores = _dot(self._centroids, q)
        if len(scores) > self.nprobe:
            probed = np.argpartition(-scores, self.nprobe - 1)[: self.nprobe]
        else:
            probed = np.arange(len(scores))
        parts = [self._lists[i][: self._list_sizes[i]] for i in probed.tolist()]
        parts.append(np.arange(self._filed, self._n, dtype=np.int32))
        rows = np.concatenate(parts)
        rows.sort()  # insertion order out, and the gather below reads memory in order
        return rows

    def _in_window(self, rows: np.ndarray, day: int | None) -> np.ndarray:
        if day is None:
            return rows
        days = self._days[rows]
        return rows[np.isnan(days) | (np.abs(days - day) <= self.window_days)]

    def _cosines(self, rows: np.ndarray, q: np.ndarray) -> np.ndarray:
        out = np.empty(len(rows), dtype=np.float32)
        for start in range(0, len(rows), CHUNK):
            part = rows[start : start + CHUNK]
            out[start : start + len(part)] = _dot(self._unpack(part), q)
        return out

    def _unpack(self, rows: np.ndarray) -> np.ndarray:
        assert self._packed is not None
        return _from_bfloat16(self._packed[rows])

    # -- the inverted file --------------------------------------------------------------------
    def _train(self) -> None:
        """Learn centroids on a sample of every vector so far and file every vector again."""
        n = self._n
        if self._exact is not None:  # leaving exact mode: keep 16 bits per value from now on
            self._packed = np.zeros((len(self._exact), self.dim), dtype=np.uint16)
            for start in range(0, n, CHUNK):
                end = min(n, start + CHUNK)
                self._packed[start:end] = _to_bfloat16(self._exact[start:end])
            self._exact = None
        k = max(1, round(LISTS_PER_ROOT * math.sqrt(n)))
        sample = np.sort(self._rng.choice(n, size=min(n, TRAIN_PER_LIST * k), replace=False))
        self._centroids = _spherical_kmeans(self._unpack(sample), k, KMEANS_ITERATIONS, self._rng)
        self._lists = [np.zeros(0, dtype=np.int32) for _ in self._centroids]
        self._list_sizes = np.zeros(len(self._centroids), dtype=np.int64)
        self._file(np.arange(n))
        self._filed = self._trained_at = n

    def _file(self, rows: np.ndarray) -> None:
        """Append ``rows`` to the lists of their nearest centroids."""
        labels = np.concatenate(
            [
                _nearest(self._unpack(rows[start : start + CHUNK]), self._centroids)[0]
                for start in range(0, len(rows), CHUNK)
            ]
        )
        order = np.argsort(labels, kind="stable")  # rows of one list stay in ascending order
        labels, rows = labels[order], rows[order].astype(np.int32)
        starts = np.flatnonzero(np.diff(labels, prepend=-1))
        for label, part in zip(labels[starts].tolist(), np.split(rows, starts[1:]), strict=True):
            self._append(label, part)

    def _append(self, label: int, rows: np.ndarray) -> None:
        size = int(self._list_sizes[label])
        held = self._lists[label]
        if size + len(rows) > len(held):
            grown = np.zeros(max(2 * len(held), size + len(rows), 16), dtype=np.int32)
            grown[:size] = held[:size]
            self._lists[label] = held = grown
        held[size : size + len(rows)] = rows
        self._list_sizes[label] = size + len(rows)


def _to_bfloat16(x: np.ndarray) -> np.ndarray:
    """The high 16 bits of each float32, rounded to nearest even."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    return ((bits + np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1))) >> np.uint32(16)).astype(
        np.uint16
    )


def _from_bfloat16(packed: np.ndarray) -> np.ndarray:
    out = np.empty(packed.shape, dtype=np.uint32)
    np.left_shift(packed, 16, out=out, dtype=np.uint32)
    return out.view(np.float32)


def _dot(matrix: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``matrix @ q`` without BLAS: OpenBLAS wakes its threads for a matrix-vector product
    and, when the other cores are busy, each product then waits ~8 ms for a core (measured on a
    shared two-core machine, against 0.2 ms for 8192 rows on one thread). numpy's own loop is
    half the speed of one BLAS thread and never waits."""
    return np.einsum("ij,j->i", matrix, q)


def _nearest(x: np.ndarray, centroids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's nearest centroid and its cosine to it, a chunk of rows at a time."""
    labels = np.empty(len(x), dtype=np.int32)
    fit = np.empty(len(x), dtype=np.float32)
    for start in range(0, len(x), CHUNK):
        scores = x[start : start + CHUNK] @ centroids.T
        labels[start : start + len(scores)] = best = np.argmax(scores, axis=1)
        fit[start : start + len(scores)] = scores[np.arange(len(scores)), best]
    return labels, fit


def _spherical_kmeans(sample: np.ndarray, k: int, iterations: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` unit centroids that maximise the summed cosine of ``sample`` rows to their nearest
    one. An emptied centroid restarts on the sample row worst served by its own."""
    k = min(k, len(sample))
    centroids = sample[rng.choice(len(sample), size=k, replace=False)].copy()
    for _ in range(iterations):
        labels, fit = _nearest(sample, centroids)
        order = np.argsort(labels, kind="stable")
        present, starts = np.unique(labels[order], return_index=True)
        sums = np.add.reduceat(sample[order], starts, axis=0)
        centroids[present] = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        empty = np.setdiff1d(np.arange(k), present)
        if len(empty):
            centroids[empty] = sample[np.argsort(fit)[: len(empty)]]
    return centroids
