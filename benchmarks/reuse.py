"""Copy detection at scale: candidate generation (MinHash LSH) + passage alignment.

    .venv/bin/python benchmarks/reuse.py --docs 10000 [--docs 100000 ...]

Generates a corpus of ~300-word documents (words drawn from a Zipf-like vocabulary so common
words repeat as in real text) and plants copies of 5% of them: exact, edited (10% of words
replaced), truncated (first 60%), and wrapped in boilerplate (an intro and an outro of new
text). Each document is added to one incremental index in order; its candidates are confirmed
by alignment (a pair counts when the passages cover at least half of the shorter text).
Prints recall on the planted pairs and precision (a found pair is right when both documents
belong to one family: an original and its copies), documents/s for candidate generation and for
the whole, and peak memory. The cost per document should stay flat as the corpus grows.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newstrace.reuse.align import align  # noqa: E402
from newstrace.reuse.index import ReuseIndex  # noqa: E402

KINDS = ("exact", "edited", "truncated", "wrapped")


def vocabulary(rng: random.Random, size: int = 30000) -> tuple[list[str], list[float]]:
    letters = "abcdefghijklmnopqrstuvwxyzéè"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(size)]
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(size)))
    return words, cumulative


def text(rng, words, cumulative, n: int) -> str:
    return " ".join(rng.choices(words, cum_weights=cumulative, k=n))


def derive(rng, original: str, kind: str, words, weights) -> str:
    tokens = original.split()
    if kind == "edited":
        for i in rng.sample(range(len(tokens)), len(tokens) // 10):
            tokens[i] = rng.choice(words)
    elif kind == "truncated":
        tokens = tokens[: int(len(tokens) * 0.6)]
    elif kind == "wrapped":
        tokens = text(rng, words, weights, 60).split() + tokens + text(rng, words, weights, 60).split()
    return " ".join(tokens)


def run(n_docs: int, seed: int, confirm: bool) -> None:
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    docs: list[str] = []
    planted: dict[int, tuple[int, str]] = {}
    while len(docs) < n_docs:
        docs.append(text(rng, words, weights, rng.randint(200, 400)))
        if rng.random() < 0.05 and len(docs) < n_docs:
            kind = KINDS[len(planted) % len(KINDS)]
            planted[len(docs)] = (len(docs) - 1 - rng.randint(0, min(50, len(docs) - 1)), kind)
            docs.append(derive(rng, docs[planted[len(docs)][0]], kind, words, weights))
    index = ReuseIndex()
    candidates: dict[int, list[int]] = {}
    rss_before = rss_mb()
    started = time.perf_counter()
    for i, doc in enumerate(docs):
        found = index.add(i, doc)
        if found:
            candidates[i] = found
    candidate_time = time.perf_counter() - started
    index_mb = rss_mb() - rss_before  # the index (and the candidate lists), not the corpus
    confirmed: set[tuple[int, int]] = set()
    align_started = time.perf_counter()
    n_candidates = sum(len(c) for c in candidates.values())
    for i, found in candidates.items():
        for j in found:
            if not confirm:
                confirmed.add((j, i))
                continue
            result = align(docs[j], docs[i])
            if max(result.source_share, result.target_share) >= 0.5:
                confirmed.add((j, i))
    align_time = time.perf_counter() - align_started
    truth = {(src, copy) for copy, (src, _) in planted.items()}
    # two copies of one original share text too: a pair inside one family is a correct find
    parent = {copy: src for copy, (src, _) in planted.items()}

    def root(doc: int) -> int:
        while doc in parent:  # a copy may itself have been copied
            doc = parent[doc]
        return doc

    related = {(a, b) for a, b in confirmed if root(a) == root(b)}
    tp = len(truth & confirmed)
    recall = tp / len(truth) if truth else 0.0
    precision = len(related) / len(confirmed) if confirmed else 0.0
    by_kind = {k: 0 for k in KINDS}
    found_kind = {k: 0 for k in KINDS}
    for copy, (src, kind) in planted.items():
        by_kind[kind] += 1
        found_kind[kind] += (src, copy) in confirmed
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{n_docs:>9,} docs, {len(truth):,} planted copies: recall {recall:.3f}, precision {precision:.3f}; "
        f"candidates {n_candidates:,}; " + ", ".join(f"{k} {found_kind[k]}/{by_kind[k]}" for k in KINDS)
    )
    print(
        f"{'':>9}  candidate generation {candidate_time:.1f} s ({n_docs / candidate_time:,.0f} docs/s, "
        f"{candidate_time / n_docs * 1e6:.0f} µs/doc); alignment of candidates {align_time:.1f} s; "
        f"peak memory {peak:,.0f} MB (corpus included), of which the index {index_mb:,.0f} MB"
    )


def rss_mb() -> float:
    """Resident memory now (Linux), in MB: the index lives in Rust, out of tracemalloc's sight."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, action="append", help="corpus size (repeatable)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-confirm", action="store_true", help="count raw LSH candidates, skip alignment")
    args = parser.parse_args()
    for n in args.docs or [10000]:
        run(n, args.seed, not args.no_confirm)


if __name__ == "__main__":
    main()
