"""Translation-candidate search at scale: the document-vector index (newstrace.reuse.vectors).

    .venv/bin/python benchmarks/vectors.py --docs 10000 --docs 100000 [--docs 1000000]
        [--nprobe 16 --nprobe 32 ...] [--queries 1000] [--no-retrain] [--exact-below 50000]

Generates a synthetic collection of unit 512-d vectors shaped like multilingual USE document
centroids of news: a direction every article shares (USE space is anisotropic), one of 16
sections, one of ~8*sqrt(N) topics that live for two weeks to three years (so topics drift and
centroids trained on early articles describe later ones badly), a story within the topic (an
event several outlets report independently), and the document itself, which 25% of documents
share with 1-5 translations published up to a few days later. Typical cosines: unrelated
sections 0.1-0.25, same section 0.2-0.35, same topic 0.3-0.45, independent reports of one story
0.45-0.65, translations 0.6-0.9. Dates span two years; 10% of vectors are undated. Vectors
arrive in date order (give or take two days), as a linker meets them.

Each size runs in its own process (so peak memory is its own) and prints: build time (the
adds, trainings included), the per-query time of the index and of the brute force it replaces
(float32, the linker's old code), rows scored per query, recall against exact float32 brute
force of (a) the planted translation pairs and (b) every pair at cosine >= 0.55 (independent
reports of one story included), and peak memory.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import newstrace.reuse.vectors as vectors  # noqa: E402

DIM = 512
DAYS = 730
WINDOW = 120
CANDIDATE = 0.55  # the linker's CANDIDATE_COSINE
QUERY_MIN = 0.5  # the linker asks for CITES_COSINE and up
SECTIONS = 16
# squared weight of each shared component (before jitter); the rest is the document and noise
GLOBAL, SECTION, TOPIC, STORY = 0.22, 0.08, 0.12, 0.14
CHUNK_STORIES = 4000


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


class Corpus:
    """Vectors in arrival order with their days (NaN: undated) and translation group."""

    def __init__(self, n: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        n_topics = max(200, round(8 * math.sqrt(n)))
        start = rng.uniform(-300, 700, n_topics)
        length = np.exp(rng.uniform(math.log(14), math.log(1000), n_topics))
        lo = np.clip(start, 0, DAYS - 15)
        hi = np.clip(start + length, lo + 14, DAYS - 1)
        popularity = 1 / np.arange(1, n_topics + 1) ** 0.8
        topic_section = rng.integers(0, SECTIONS, n_topics)
        common = unit(rng.standard_normal(DIM, dtype=np.float32))
        sections = unit(rng.standard_normal((SECTIONS, DIM), dtype=np.float32))
        topics = unit(rng.standard_normal((n_topics, DIM), dtype=np.float32))

        # stories (1-8 reports each), reports (1-6 language versions each), until n vectors
        n_stories = n  # more than enough; cut below
        story_topic = rng.choice(n_topics, n_stories, p=popularity / popularity.sum())
        story_day = rng.uniform(lo[story_topic], hi[story_topic])
        reports = np.minimum(rng.geometric(0.5, n_stories), 8)
        report_story = np.repeat(np.arange(n_stories), reports)
        sizes = np.where(rng.random(len(report_story)) < 0.75, 1, rng.integers(2, 7, len(report_story)))
        ends = np.cumsum(sizes)
        n_reports = int(np.searchsorted(ends, n)) + 1
        report_story, sizes = report_story[:n_reports], sizes[:n_reports]
        sizes[-1] -= ends[n_reports - 1] - n
        story_of = np.repeat(report_story, sizes)
        group = np.repeat(np.arange(n_reports), sizes)
        first = np.r_[0, np.cumsum(sizes)[:-1]]
        is_copy = np.ones(n, dtype=bool)
        is_copy[first] = False  # the original of each report; the others translate it
        report_day = story_day[report_story] + rng.integers(0, 4, n_reports)
        day = np.floor(report_day[group] + np.where(is_copy, rng.integers(0, 5, n), 0))
        noise2 = np.repeat(rng.uniform(0.10, 0.40, n_reports), sizes) * rng.uniform(0.9, 1.1, n)

        # vectors are built story by story and written at their arrival position
        arrival = np.argsort(day + rng.uniform(0, 2, n), kind="stable")
        position = np.empty(n, dtype=np.int64)
        position[arrival] = np.arange(n)
        self.vectors = np.empty((n, DIM), dtype=np.float32)
        bounds = np.searchsorted(story_of, np.arange(0, story_of[-1] + CHUNK_STORIES + 1, CHUNK_STORIES))
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            if a == b:
                continue
            s0 = story_of[a]
            story_dirs = unit(rng.standard_normal((story_of[b - 1] - s0 + 1, DIM), dtype=np.float32))
            g0 = group[a]
            doc_dirs = unit(rng.standard_normal((group[b - 1] - g0 + 1, DIM), dtype=np.float32))
            m = b - a
            jitter = (rng.uniform(0.7, 1.3, (m, 4)) * np.array([GLOBAL, SECTION, TOPIC, STORY])).astype(
                np.float32
            )
            doc2 = np.clip(1 - jitter.sum(1) - noise2[a:b], 0.02, None).astype(np.float32)
            topic = story_topic[story_of[a:b]]
            v = (
                np.sqrt(jitter[:, :1]) * common
                + np.sqrt(jitter[:, 1:2]) * sections[topic_section[topic]]
                + np.sqrt(jitter[:, 2:3]) * topics[topic]
                + np.sqrt(jitter[:, 3:4]) * story_dirs[story_of[a:b] - s0]
                + np.sqrt(doc2)[:, None] * doc_dirs[group[a:b] - g0]
                + np.sqrt(noise2[a:b]).astype(np.float32)[:, None]
                * unit(rng.standard_normal((m, DIM), dtype=np.float32))
            )
            self.vectors[position[a:b]] = unit(v)
        undated = rng.random(n) < 0.10
        self.days = np.where(undated, np.nan, day)[arrival]
        self.group = group[arrival]
        self.story = story_of[arrival]


def eligible(days: np.ndarray, day: float) -> np.ndarray:
    if np.isnan(day):
        return np.ones(len(days), dtype=bool)
    return np.isnan(days) | (np.abs(days - day) <= WINDOW)


def run(n: int, nprobes: list[int], n_queries: int, seed: int, retrain: bool, exact_below: int) -> None:
    if not retrain:
        vectors.RETRAIN_GROWTH = 10**12
    started = time.perf_counter()
    corpus = Corpus(n, seed)
    generate_time = time.perf_counter() - started
    V, days = corpus.vectors, corpus.days

    index = vectors.VectorIndex(DIM, window_days=WINDOW, exact_below=exact_below)
    trainings: list[tuple[int, float]] = []
    started = time.perf_counter()
    for i in range(n):
        before = time.perf_counter()
        index.add(i, V[i], None if np.isnan(days[i]) else int(days[i]))
        if index.approximate and index._trained_at == i + 1:
            trainings.append((i + 1, time.perf_counter() - before))
    build_time = time.perf_counter() - started

    # queries: half from translation groups (to count planted pairs), half at random
    rng = np.random.default_rng(seed + 1)
    sizes = np.bincount(corpus.group)
    translated = np.flatnonzero(sizes[corpus.group] > 1)
    queries = np.unique(
        np.r_[
            rng.choice(translated, min(len(translated), n_queries // 2), replace=False),
            rng.choice(n, n_queries // 2, replace=False),
        ]
    )
    Q = V[queries]
    truth: list[dict[int, float]] = [{} for _ in queries]
    for start in range(0, n, 65536):
        scores = V[start : start + 65536] @ Q.T
        rows, cols = np.nonzero(scores >= CANDIDATE)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            truth[c][start + r] = float(scores[r, c])
    for k, i in enumerate(queries.tolist()):
        truth[k].pop(i, None)
        ok = eligible(days, days[i])
        truth[k] = {j: c for j, c in truth[k].items() if ok[j]}
    planted = [
        {j for j in t if corpus.group[j] == corpus.group[i]} for t, i in zip(truth, queries, strict=True)
    ]
    n_planted, n_truth = sum(map(len, planted)), sum(map(len, truth))

    # the linker's old search: float32 rows of the window, one matrix-vector product
    brute = queries[: min(len(queries), 100)]
    started = time.perf_counter()
    for i in brute.tolist():
        d = days[i]
        if np.isnan(d):
            V @ V[i]
        else:
            V[np.flatnonzero(eligible(days, d))] @ V[i]
    brute_ms = (time.perf_counter() - started) / len(brute) * 1e3

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sizes_now = index._list_sizes if index.approximate else np.zeros(1)
    print(
        f"N={n:,}: generated in {generate_time:.1f} s; built in {build_time:.1f} s "
        f"({build_time / n * 1e6:.0f} µs/add; trainings at "
        + (", ".join(f"{at:,} ({sec:.1f} s)" for at, sec in trainings) or "none")
        + f"); {index.lists} lists (largest {sizes_now.max():,.0f}, mean {sizes_now.mean():,.0f}); "
        f"index {index.nbytes / 2**20:,.0f} MiB; brute force {brute_ms:.1f} ms/query"
    )
    print(
        f"{'':>4}{len(queries)} queries, {n_planted:,} planted translation pairs and {n_truth:,} pairs "
        f"in all at cosine >= {CANDIDATE} within the window"
    )
    for nprobe in nprobes:
        index.nprobe = nprobe
        found: list[dict[int, float]] = []
        scored = 0
        started = time.perf_counter()
        for i in queries.tolist():
            ids, cosines = index.query(V[i], None if np.isnan(days[i]) else int(days[i]), QUERY_MIN)
            found.append(dict(zip(ids.tolist(), cosines.tolist(), strict=True)))
        query_ms = (time.perf_counter() - started) / len(queries) * 1e3
        if index.approximate:
            for i in queries.tolist():  # rows whose cosine was computed (outside the timing)
                scored += len(
                    index._in_window(index._candidates(V[i]), None if np.isnan(days[i]) else days[i])
                )
        hit_planted = hit_all = extra = 0
        error = 0.0
        for k, i in enumerate(queries.tolist()):
            got = {j: c for j, c in found[k].items() if j != i and c >= CANDIDATE}
            hit_planted += len(planted[k] & got.keys())
            hit_all += len(truth[k].keys() & got.keys())
            extra += len(got.keys() - truth[k].keys())
            for j in truth[k].keys() & got.keys():
                error = max(error, abs(got[j] - truth[k][j]))
        print(
            f"{'':>4}nprobe {nprobe:>3}: {query_ms:6.2f} ms/query ({scored / len(queries):,.0f} rows scored), "
            f"recall planted {hit_planted / max(n_planted, 1):.4f}, all {hit_all / max(n_truth, 1):.4f}, "
            f"{extra} extra (rounding at the threshold), max cosine error {error:.1e}; "
            f"{n} queries at this rate: {n * query_ms / 3.6e6:.2f} h"
        )
    print(f"{'':>4}peak memory {peak:,.0f} MB (the float32 corpus, {V.nbytes / 2**20:,.0f} MiB, included)")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, action="append", help="collection size (repeatable)")
    parser.add_argument("--nprobe", type=int, action="append", help="lists probed (repeatable)")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-retrain", action="store_true", help="keep the first centroids for good")
    parser.add_argument("--exact-below", type=int, default=vectors.EXACT_BELOW)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    for n in args.docs or [10000, 100000]:
        job = context.Process(
            target=run,
            args=(
                n,
                args.nprobe or [vectors.NPROBE],
                args.queries,
                args.seed,
                not args.no_retrain,
                args.exact_below,
            ),
        )
        job.start()
        job.join()


if __name__ == "__main__":
    main()
