"""Copy detection at scale, through the linker's own copy path.

    .venv/bin/python benchmarks/reuse.py [--n 100000] [--outlets 100] [--pairs FILE] [--texts FILE]

The corpus is benchmarks/corpus.py's (100 outlets with their own boilerplate, 5% planted
copies of a recent article by another outlet: exact, edited, truncated or wrapped). Each article
goes through ``Linker.link_copies`` in order — the per-outlet boilerplate, the MinHash index, passage alignment and confirmation, as ``newstrace
run`` does them, minus the document vectors — after the run has learnt each site's boilerplate
from its first pages (``SiteProfiles.preload``, as ``trace_pending`` does).

Prints the time of each 10k articles (wall clock, and the process's CPU time, steadier on a
shared machine, with the CPU time of each part: signatures, the index, site profiles, alignment):
it should stay flat as the index grows; the total, peak
memory (resident, the whole process), and recall on the planted pairs and precision (a found pair
is right when both articles belong to one family: an original and its copies). The articles are
generated before the clock starts into a SQLite file (``--texts``, kept and reused when given; a
temporary one otherwise) and read from it as the run reads its store: the article compared, and
each candidate the linker fetches. Generating is not timed, and the texts are not held in memory,
so the memory measured is the linker's.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newstrace.model import Article, Source  # noqa: E402
from newstrace.provenance import link as link_module  # noqa: E402
from newstrace.provenance.boilerplate import KEEP  # noqa: E402
from newstrace.provenance.link import Linker  # noqa: E402
from newstrace.reuse.generated import KINDS, Corpus  # noqa: E402
from newstrace.reuse.shingles import shingled_ahead  # noqa: E402

STEP = 10_000  # articles per timed step


def write_texts(corpus: Corpus, n: int, path: Path) -> None:
    """The corpus's articles in a SQLite file, written once (a file that holds all n is kept)."""
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY, key TEXT, outlet TEXT,"
        " published TEXT, text TEXT)"
    )
    if db.execute("SELECT count(*) FROM articles").fetchone()[0] != n:
        db.execute("DELETE FROM articles")
        for start in range(0, n, 5000):
            rows = []
            for i in range(start, min(n, start + 5000)):
                a = corpus.article(i)
                rows.append((a.id, a.key, a.outlet, a.published, a.text))
            db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?)", rows)
        db.commit()
    db.close()


class Texts:
    """The stored articles, read as a run reads its store."""

    def __init__(self, path: Path, lang: str):
        self.db = sqlite3.connect(path)
        self.lang = lang

    def get(self, article_id: int) -> Article:
        key, outlet, published, text = self.db.execute(
            "SELECT key, outlet, published, text FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return Article(
            id=article_id,
            key=key,
            source=Source("generated", str(article_id - 1)),
            content_hash=str(article_id - 1),
            title=f"Article {article_id - 1}",
            text=text,
            published=published,
            outlet=outlet,
            lang=self.lang,
        )

    def first_pages(self, outlets: int):
        """(id, outlet, text) in order, up to the point where every outlet has KEEP pages: what
        ``trace_pending`` hands to ``SiteProfiles.preload``."""
        full: dict[str, int] = {}
        for article_id, outlet, text in self.db.execute("SELECT id, outlet, text FROM articles ORDER BY id"):
            if len(full) == outlets and min(full.values()) >= KEEP:
                break
            full[outlet] = full.get(outlet, 0) + 1
            yield article_id, outlet, text


def run(
    n: int, outlets: int, seed: int, pairs_file: Path | None, texts_file: Path | None = None, workers: int = 1
) -> None:
    corpus = Corpus(n, outlets, seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = texts_file or Path(tmp) / "texts.sqlite"
        started = time.perf_counter()
        write_texts(corpus, n, path)
        print(f"{n:,} articles from {outlets} outlets, {len(corpus.copied):,} planted copies", end="")
        print(f" (generated and stored in {time.perf_counter() - started:.0f} s, not counted)")
        run_linker(corpus, Texts(path, corpus.lang), n, outlets, pairs_file, workers)


def run_linker(
    corpus: Corpus, texts: Texts, n: int, outlets: int, pairs_file: Path | None, workers: int
) -> None:
    linker = Linker()
    first_pages = list(texts.first_pages(outlets))
    started, cpu_started = time.perf_counter(), time.process_time()
    linker.sites.preload(first_pages)
    del first_pages
    preload, preload_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"  site boilerplate learnt from the first pages: {preload:.1f} s (CPU {preload_cpu:.1f} s)")

    cache: dict[int, Article] = {}

    def fetch(article_id: int):  # as trace_pending's: the last 1,000 articles fetched are kept
        if article_id not in cache:
            if len(cache) > 1000:
                cache.pop(next(iter(cache)))
            cache[article_id] = texts.get(article_id)
        return cache[article_id], None

    # CPU time of each part of the copy path, per step: what grows shows here
    parts = {"signature": 0.0, "index": 0.0, "sites": 0.0, "alignment": 0.0}
    aligned = 0  # candidates confirmed or rejected by alignment

    def timed(part: str, function):
        def run_part(*args):
            t = time.process_time()
            try:
                return function(*args)
            finally:
                parts[part] += time.process_time() - t

        return run_part

    def counted_copy(*args):
        nonlocal aligned
        aligned += 1
        return copy(*args)

    copy = timed("alignment", linker._copy)
    linker._copy = counted_copy
    linker.index.query = timed("index", linker.index.query)
    linker.index.insert = timed("index", linker.index.insert)
    linker.sites.add = timed("sites", linker.sites.add)
    linker.sites.boilerplate = timed("sites", linker.sites.boilerplate)
    link_module.minhash = timed("signature", link_module.minhash)

    found: set[tuple[int, int]] = set()
    total, total_cpu = preload, preload_cpu
    workers_cpu = [0.0]  # CPU time of the processes that shingle ahead (--workers)
    articles = shingled_ahead(
        (fetch(i + 1)[0] for i in range(n)), lambda a: a.text, workers, total=n, spent=workers_cpu
    )
    step_started, step_cpu_started, step_workers = time.perf_counter(), time.process_time(), 0.0
    for i, article in enumerate(articles):
        _, relations = linker.link_copies(article, None, fetch)
        found.update(tuple(sorted((r.source_id - 1, r.target_id - 1))) for r in relations if r.kind == "copy")
        if (i + 1) % STEP == 0 or i + 1 == n:
            step_time = time.perf_counter() - step_started
            step_cpu = time.process_time() - step_cpu_started + workers_cpu[0] - step_workers
            total += step_time
            total_cpu += step_cpu
            print(
                f"  articles {i // STEP * STEP:>7,}-{i + 1:<7,} {step_time:7.1f} s (CPU {step_cpu:6.1f} s)"
                f"   {aligned:>6,} aligned   total {total:7.1f} s, resident {rss_mb():,.0f} MB"
                + "   CPU in "
                + ", ".join(f"{part} {seconds:.1f}" for part, seconds in parts.items())
                + (f", shingling ahead {workers_cpu[0] - step_workers:.1f}" if workers > 1 else ""),
                flush=True,
            )
            aligned = 0
            parts.update(dict.fromkeys(parts, 0.0))
            step_started, step_cpu_started, step_workers = (
                time.perf_counter(),
                time.process_time(),
                workers_cpu[0],
            )

    truth = {tuple(sorted((source, copy))) for copy, (source, _) in corpus.copied.items()}
    right = {(a, b) for a, b in found if corpus.root(a) == corpus.root(b)}
    recall = len(truth & found) / len(truth) if truth else 0.0
    precision = len(right) / len(found) if found else 0.0
    by_kind = {k: [0, 0] for k in KINDS}
    for copy, (source, kind) in corpus.copied.items():
        by_kind[kind][0] += tuple(sorted((source, copy))) in found
        by_kind[kind][1] += 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"  total {total:.1f} s (CPU {total_cpu:.1f} s, {n / total:,.0f} articles/s), peak memory {peak:,.0f} MB"
        + (f" (and {worker_peak:,.0f} MB in the largest worker, shared pages counted)" if workers > 1 else "")
        + "; "
        f"recall {recall:.3f}, precision {precision:.3f} ({len(found):,} pairs found); "
        + ", ".join(f"{k} {a}/{b}" for k, (a, b) in by_kind.items())
    )
    if pairs_file:
        pairs_file.write_text("".join(f"{a}\t{b}\n" for a, b in sorted(found)))


def rss_mb() -> float:
    """Resident memory now (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles (default 100,000)")
    parser.add_argument("--outlets", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pairs", type=Path, help="write the pairs found here (to compare two runs)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the run here")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes that tokenise and shingle the next articles ahead (default: one per core; 1: none)",
    )
    parser.add_argument(
        "--texts", type=Path, help="SQLite file of the generated texts (written if needed, kept)"
    )
    args = parser.parse_args()
    if args.profile:
        import cProfile

        cProfile.runctx(
            "run(args.n, args.outlets, args.seed, args.pairs, args.texts, args.workers)",
            globals(),
            {"args": args},
            str(args.profile),
        )
    else:
        run(args.n, args.outlets, args.seed, args.pairs, args.texts, args.workers)


if __name__ == "__main__":
    main()
