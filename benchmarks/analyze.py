"""Speed and memory of the full analysis (`newstrace analyze`) on 600-word articles.

    .venv/bin/python benchmarks/analyze.py [--articles 400] [--workers 2]

Articles are built from the gold set's passages (benchmarks/gold/attribution), joined to about
600 words each, in French, English, Russian and Arabic (half of them French/English, which run
on spaCy). Prints articles/s for each stage as `newstrace analyze` runs them — attributions
(worker processes), copies and translations (one process: the reuse index is global), stories and
fact-check matching — storage and model loading included, and peak memory. The passages repeat
across articles, so every article shares text with many others: a hard case for the linker.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newstrace.extract import content_hash  # noqa: E402
from newstrace.model import Article, Source  # noqa: E402
from newstrace.pipeline import analyze_pending, group_pending, trace_pending  # noqa: E402
from newstrace.store import Store  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold" / "attribution"
MIX = ["fr", "fr", "en", "en", "ru", "ar"]


def make_articles(n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    texts = {
        lang: [json.loads(line)["text"] for line in (GOLD / f"{lang}.jsonl").read_text("utf-8").splitlines()]
        for lang in set(MIX)
    }
    articles = []
    for i in range(n):
        lang = MIX[i % len(MIX)]
        parts, words = [], 0
        while words < 600:
            part = rng.choice(texts[lang])
            parts.append(part)
            words += len(part.split())
        text = "\n".join(parts)
        title = text.split(".")[0][:100]
        articles.append(
            Article(
                id=None,
                key=f"bench:{i}",
                source=Source("file", f"bench/{i}"),
                content_hash=content_hash(title + str(i), text),
                title=title,
                text=text,
                lang=lang,
            )
        )
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newstrace-analyze-"))
    try:
        store = Store(work / "bench.db")
        store.save_batch(make_articles(args.articles, seed=1))
        words = sum(len(a.text.split()) for a in store.articles())
        # Timed as a user runs it: worker start-up and spaCy model loading included.
        started = time.perf_counter()
        first = analyze_pending(store, workers=args.workers)
        elapsed = time.perf_counter() - started
        started = time.perf_counter()
        traced = trace_pending(store)
        trace_time = time.perf_counter() - started
        started = time.perf_counter()
        grouped = group_pending(store)
        group_time = time.perf_counter() - started
        peak = (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        ) / 1024
        store.close()
        print(
            f"articles: {args.articles} ({words / args.articles:.0f} words on average; mix {'/'.join(MIX)}), "
            f"workers: {args.workers}"
        )
        print(
            f"attributions found: {first.attributions} ({first.attributions / args.articles:.1f} per article)"
        )
        print(
            f"attributions: {elapsed:.1f} s (model loading included) -> {first.analysed / elapsed:.1f} articles/s"
        )
        print(
            f"copies and translations: {trace_time:.1f} s -> {traced.traced / trace_time:.1f} articles/s "
            f"({traced.relations} relations)"
        )
        print(
            f"stories: {group_time:.1f} s -> {grouped.grouped / group_time:.1f} articles/s "
            f"({len(grouped.stories)} stories)"
        )
        total = elapsed + trace_time + group_time
        print(f"whole analysis: {total:.1f} s -> {args.articles / total:.1f} articles/s")
        print(f"peak memory (main + workers, max RSS summed): {peak:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
