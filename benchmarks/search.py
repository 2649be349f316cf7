"""Full-text search speed and size on a generated collection (`newstrace search`, Workspace.search).

    .venv/bin/python benchmarks/search.py [--articles 100000] [--repeat 20]

Articles are built as benchmarks/analyze.py builds them (the gold set's passages joined to about
600 words, French, English, Russian, Arabic), plus one in twenty in Chinese (characters drawn
with a Zipf law, so the trigram index holds realistic runs), each with an outlet, a date over
two years, a story of about 20 articles, a narrative of three stories, and a fact-check verdict
on one in fifty. The articles are stored first with the search migration held back; opening the
database then runs migration 009, which builds the index over all of them ("index build").
Prints the build time, the database size with and without the index, and p50/p95 latency of a
few queries, with and without facets, for a first page of 20 hits with facet counts, and their
CPU time (best of 3), which a loaded machine moves less than the wall time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from analyze import make_articles  # noqa: E402
from newstrace.extract import content_hash  # noqa: E402
from newstrace.model import Article, Source  # noqa: E402
from newstrace.store import Store  # noqa: E402
from newstrace.store import db as store_db  # noqa: E402
from newstrace.store.search import search  # noqa: E402

OUTLETS = [f"outlet-{i}" for i in range(60)]
SEARCH_MIGRATION = 9
QUERIES = [  # (label, query, filters)
    ("common word", "minister", {}),
    ("two words", "tribunal jugement", {}),
    ("phrase", '"tribunal correctionnel"', {}),
    ("Cyrillic prefix", "заяв*", {}),
    ("three languages OR", "président OR president OR президент", {}),
    ("Chinese, 2 characters", "中国", {}),
    ("Chinese, 3 characters", "中国人", {}),
    ("three languages OR + lang", "président OR president OR президент", {"lang": "fr"}),
    ("two words + date range", "tribunal jugement", {"date_from": "2021-03", "date_to": "2021-06"}),
    ("common word + outlet + verdict", "minister", {"outlet": "outlet-7", "verdict": "false"}),
    ("Cyrillic + story", "заяв*", {"story": 40}),
    ("common word, newest first", "minister", {"order": "newest"}),
]


def chinese(rng: random.Random, n: int) -> str:
    # common characters first: 中国人 and friends come up often, like real news
    alphabet = "中国人的一是不了在有和大这主中为上个国我以要他时来用们生到作地于出就分对成会可" + "".join(
        chr(c) for c in range(0x4E00, 0x4E00 + 2500)
    )
    weights = [1 / (rank + 1) for rank in range(len(alphabet))]
    chars = rng.choices(alphabet, weights=weights, k=n)
    return "".join(c + ("。" if rng.random() < 0.04 else "") for c in chars)


def generate(n: int, seed: int, batch: int = 2000):
    rng = random.Random(seed)
    made = 0
    while made < n:
        size = min(batch, n - made)
        for article in make_articles(size, seed + made):
            i = made
            if i % 20 == 19:
                text = chinese(rng, 900)
                article = Article(
                    id=None,
                    key="",
                    source=Source("file", ""),
                    content_hash="",
                    title=text[:30],
                    text=text,
                    lang="zh",
                )
            article.key = f"bench:{i}"
            article.source = Source("file", f"bench/{i}")
            article.content_hash = content_hash(article.title + str(i), article.text)
            article.raw_hash = article.content_hash
            article.outlet = OUTLETS[rng.randrange(len(OUTLETS))]
            article.published = (
                f"{2020 + (i * 2) // n}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
            )
            made += 1
            yield article


def build(path: Path, n: int, seed: int) -> None:
    every = store_db._migrations()
    held_back = store_db._migrations
    store_db._migrations = lambda: [m for m in every if m[0] < SEARCH_MIGRATION]
    try:
        with Store(path) as store:
            batch: list[Article] = []
            for article in generate(n, seed):
                batch.append(article)
                if len(batch) == 2000:
                    store.save_batch(batch)
                    batch = []
            if batch:
                store.save_batch(batch)
            conn = store.conn
            ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
            with store.transaction():
                stories = (len(ids) + 19) // 20
                conn.executemany(
                    "INSERT INTO stories (id, title, narrative_id) VALUES (?, ?, ?)",
                    [(s + 1, f"story {s + 1}", s - s % 3 + 1) for s in range(stories)],
                )
                conn.executemany(
                    "INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)",
                    [(a, k // 20 + 1) for k, a in enumerate(ids)],
                )
                conn.executemany(
                    "INSERT INTO factchecks (id, url, claim, verdict, rating) VALUES (?, ?, 'claim', ?, ?)",
                    [
                        (1, "https://fc.example/1", "False", "false"),
                        (2, "https://fc.example/2", "Misleading", "misleading"),
                    ],
                )
                conn.executemany(
                    "INSERT INTO factcheck_matches (factcheck_id, article_id, score, sentence) VALUES (?, ?, 0.9, 's')",
                    [(1 + (k // 50) % 2, a) for k, a in enumerate(ids) if k % 50 == 0],
                )
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store_db._migrations = held_back


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="Runs of each query (the first is not timed).")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "search.db"
        started = time.perf_counter()
        build(path, args.articles, args.seed)
        stored = time.perf_counter() - started
        before = size_mb(path)
        started = time.perf_counter()
        with Store(path) as store:  # runs migration 009: the index over every stored article
            indexed = time.perf_counter() - started
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            after = size_mb(path)
            cjk = store.conn.execute("SELECT COUNT(*) FROM article_search_cjk").fetchone()[0]
            print(f"{args.articles} articles ({cjk} with CJK text) stored in {stored:.0f} s")
            print(f"index build (migration 009): {indexed:.1f} s")
            print(
                f"database: {before:.0f} MB without the index, {after:.0f} MB with it (+{after - before:.0f} MB)"
            )
            print(f"{os.cpu_count()} CPUs; latency of a first page of 20 hits with total and facet counts:")
            print(f"{'query':<34} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8}")
            for label, query, filters in QUERIES:
                results = search(store.conn, query, limit=20, **filters)  # warm-up, not timed
                times = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    search(store.conn, query, limit=20, **filters)
                    times.append((time.perf_counter() - started) * 1000)
                p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
                cpu = []  # CPU time of this process, best of 3: what other load on the machine moves least
                for _ in range(3):
                    started = time.process_time()
                    search(store.conn, query, limit=20, **filters)
                    cpu.append((time.process_time() - started) * 1000)
                print(
                    f"{label:<34} {results.total:>7} {statistics.median(times):>8.0f} {p95:>8.0f} {min(cpu):>8.1f}"
                )


if __name__ == "__main__":
    main()
