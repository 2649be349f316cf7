"""Story and narrative grouping on the story gold set (benchmarks/gold/stories/articles.jsonl).

Prints pairwise precision/recall/F1 and adjusted Rand index for stories and narratives, in one batch
and fed in chronological batches (incremental mode), speed, and a split-half check: parameters picked
on the odd-numbered gold stories are scored on the even-numbered ones and vice versa.

    .venv/bin/python benchmarks/stories.py [--batch 20] [--no-split] [--errors]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections import Counter
from dataclasses import replace
from math import comb
from pathlib import Path

from newstrace.attribution import analyze
from newstrace.model import Article, Source
from newstrace.outlets import default_registry
from newstrace.stories import Params, StoryIndex
from newstrace.stories.features import ArticleFeatures, features

GOLD = Path(__file__).resolve().parent / "gold" / "stories" / "articles.jsonl"
DISINFORMATION = {f"s{i:02d}" for i in range(1, 12)}


def load() -> tuple[list[dict], list[Article]]:
    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    articles = [
        Article(
            id=i + 1,
            key=r["id"],
            source=Source("jsonl", str(GOLD), str(i + 1)),
            content_hash=r["id"],
            title=r["title"],
            text=r["text"],
            published=r["published"],
            outlet=r["outlet"],
            lang=r["lang"],
        )
        for i, r in enumerate(rows)
    ]
    return rows, articles


def pairwise(pred: list, gold: list) -> tuple[float, float, float]:
    tp = sum(comb(n, 2) for n in Counter(zip(pred, gold, strict=True)).values())
    pp = sum(comb(n, 2) for n in Counter(pred).values())
    gp = sum(comb(n, 2) for n in Counter(gold).values())
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ari(pred: list, gold: list) -> float:
    both = sum(comb(n, 2) for n in Counter(zip(pred, gold, strict=True)).values())
    a = sum(comb(n, 2) for n in Counter(pred).values())
    b = sum(comb(n, 2) for n in Counter(gold).values())
    expected = a * b / comb(len(gold), 2)
    top = (a + b) / 2 - expected
    return (both - expected) / top if top else 1.0


def run(feats: list[ArticleFeatures], params: Params, batch: int | None = None) -> tuple[StoryIndex, float]:
    index = StoryIndex(params)
    start = time.perf_counter()
    if batch is None:
        index.add_features(feats)
    else:
        for chunk in chronological_batches(feats, batch):
            index.add_features(chunk)
    return index, time.perf_counter() - start


def chronological_batches(feats: list[ArticleFeatures], size: int) -> list[list[ArticleFeatures]]:
    """Dated articles in date order; an undated article arrives with the article before it in the file."""
    day, keyed = 0, []
    for f in feats:
        day = f.day if f.day is not None else day
        keyed.append((day, f.article_id, f))
    keyed.sort(key=lambda t: t[:2])
    return [[f for _, _, f in keyed[i : i + size]] for i in range(0, len(keyed), size)]


def labels(index: StoryIndex, feats: list[ArticleFeatures]) -> tuple[list[int], list[int]]:
    stories = [index.story_of_article(f.article_id) for f in feats]
    return stories, [index.narrative_of[s] for s in stories]


def score(index: StoryIndex, feats: list[ArticleFeatures], rows: list[dict]) -> dict[str, tuple]:
    stories, narratives = labels(index, feats)
    gold_s, gold_n = [r["story"] for r in rows], [r["narrative"] for r in rows]
    wave = [i for i, r in enumerate(rows) if r["story"] in DISINFORMATION]
    return {
        "stories": (*pairwise(stories, gold_s), ari(stories, gold_s), len(set(stories)), len(set(gold_s))),
        "  disinformation waves": (
            *pairwise([stories[i] for i in wave], [gold_s[i] for i in wave]),
            ari([stories[i] for i in wave], [gold_s[i] for i in wave]),
            len({stories[i] for i in wave}),
            len({gold_s[i] for i in wave}),
        ),
        "narratives": (
            *pairwise(narratives, gold_n),
            ari(narratives, gold_n),
            len(set(narratives)),
            len(set(gold_n)),
        ),
    }


def table(title: str, figures: dict[str, tuple]) -> None:
    print(f"\n{title}")
    print(f"  {'':24} {'P':>5} {'R':>5} {'F1':>5} {'ARI':>6} {'found':>6} {'gold':>5}")
    for name, (p, r, f, a, k, g) in figures.items():
        print(f"  {name:24} {p:5.3f} {r:5.3f} {f:5.3f} {a:6.3f} {k:6d} {g:5d}")


def errors(index: StoryIndex, feats: list[ArticleFeatures], rows: list[dict]) -> None:
    print("\nfound stories that are not exactly one gold story:")
    gold = {f.article_id: r for f, r in zip(feats, rows, strict=True)}
    for story in index.stories():
        counts = Counter(gold[i]["story"] for i in story.article_ids)
        main, n = counts.most_common(1)[0]
        if len(counts) > 1 or n != sum(1 for r in rows if r["story"] == main):
            strays = [
                f"{gold[i]['id']}({gold[i]['kind']})" for i in story.article_ids if gold[i]["story"] != main
            ]
            print(f"  {story.id:3d} {dict(counts)} strays: {' '.join(strays)}")


GRID = {"join": (0.25, 0.3, 0.35, 0.4), "cohesion": (0.6, 0.7, 0.8), "narrative": (0.4, 0.45, 0.5)}


def split_half(feats: list[ArticleFeatures], rows: list[dict]) -> None:
    print("\nsplit-half check: grid over", ", ".join(f"{k} {v}" for k, v in GRID.items()))
    print("  tune on the odd-numbered gold stories, report on the even-numbered (and the reverse)")
    halves = {
        parity: [i for i, r in enumerate(rows) if int(r["story"][1:]) % 2 == parity] for parity in (1, 0)
    }
    for tune, test in ((1, 0), (0, 1)):
        best, best_params = -1.0, None
        sub_feats = [feats[i] for i in halves[tune]]
        sub_rows = [rows[i] for i in halves[tune]]
        for values in itertools.product(*GRID.values()):
            params = replace(Params(), **dict(zip(GRID, values, strict=True)))
            index, _ = run(sub_feats, params)
            figures = score(index, sub_feats, sub_rows)
            combined = figures["stories"][3] + figures["narratives"][3]
            if combined > best:
                best, best_params = combined, params
        assert best_params is not None
        test_feats = [feats[i] for i in halves[test]]
        test_rows = [rows[i] for i in halves[test]]
        chosen = {k: getattr(best_params, k) for k in GRID}
        tuned, _ = run(test_feats, best_params)
        default, _ = run(test_feats, Params())
        name = {1: "odd", 0: "even"}
        table(
            f"  tuned on {name[tune]} stories {chosen}, scored on {name[test]}:",
            score(tuned, test_feats, test_rows),
        )
        table(f"  default parameters on {name[test]} stories:", score(default, test_feats, test_rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=20, help="articles per batch in incremental mode")
    parser.add_argument("--no-split", action="store_true", help="skip the split-half check")
    parser.add_argument(
        "--errors", action="store_true", help="list found stories that mix or split gold stories"
    )
    args = parser.parse_args()
    rows, articles = load()
    start = time.perf_counter()
    outlets = default_registry()
    # the speakers of each lead come from the attributions, as in the pipeline
    feats = features(articles, {a.id: analyze(a, outlets) for a in articles})
    embed_time = time.perf_counter() - start
    params = Params()
    batch_index, batch_time = run(feats, params)
    table(f"one batch ({len(feats)} articles)", score(batch_index, feats, rows))
    inc_index, inc_time = run(feats, params, args.batch)
    table(f"incremental, chronological batches of {args.batch}", score(inc_index, feats, rows))
    a, _ = labels(batch_index, feats)
    b, _ = labels(inc_index, feats)
    print(f"\nincremental vs one batch: ARI {ari(b, a):.3f}")
    n = len(feats)
    print(
        f"speed: features (embeddings, anchors) {n / embed_time:.0f} articles/s ({embed_time:.1f} s); "
        f"grouping one batch {n / batch_time:.0f} articles/s; incremental {n / inc_time:.0f} articles/s; "
        f"end to end {n / (embed_time + inc_time):.1f} articles/s"
    )
    if args.errors:
        errors(batch_index, feats, rows)
    if not args.no_split:
        split_half(feats, rows)


if __name__ == "__main__":
    main()
