"""Why labelled waves merge or split: story grouping on the real dev corpora, replayed fast.

    PYTHONPATH=src .venv/bin/python benchmarks/real_stories.py [--show] [--merges] [--set key=value ...] [CORPUS...]

The first call runs `newstrace run` once per corpus into $NEWSTRACE_STORIES_CACHE (default
/tmp/newstrace-real-stories/<corpus>/) and keeps the database; later calls re-read articles,
relations and story features from it and only redo the grouping (seconds, not minutes), with
any stories.Params changed by --set. Prints per corpus the story ARI, pairwise precision and
recall and the narrative ARI (the same scores as benchmarks/real.py); with --show, the mean pair
score between and within labelled waves, and per article its wave, the story found, publication
and news day, nearest neighbour and its score, lead anchors and the forced links (copies,
translations) that hold it; with --merges, every merge of the grouping that mixed two labelled
waves (rule, mean pair score, each side's waves, undated ones and lead speakers). Dev corpora only (benchmarks/real/splits.tsv); texts are never printed
beyond the first characters of a title.
"""

from __future__ import annotations

import argparse
import copy
import os
import pickle
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "real"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from rebuild import read_tsv  # noqa: E402

from newstrace.pipeline import story_links  # noqa: E402
from newstrace.store.db import Store  # noqa: E402
from newstrace.stories.clustering import Params, StoryIndex, _known  # noqa: E402
from newstrace.stories.features import ANCHORS_VERSION, features  # noqa: E402
from newstrace.stories.store import analyses_of  # noqa: E402
from real import REAL, adjusted_rand, dev_corpora, pairwise, run_newstrace  # noqa: E402

CACHE = Path(os.environ.get("NEWSTRACE_STORIES_CACHE", "/tmp/newstrace-real-stories"))


def load(corpus: str) -> dict:
    folder = CACHE / corpus
    db = folder / "newstrace.db"
    if not db.exists():
        run_newstrace(REAL / corpus, folder, factchecks=False)
    pickled = folder / f"features-v{ANCHORS_VERSION}.pkl"
    store = Store(db)
    manifest = {r["url"]: r for r in read_tsv(REAL / corpus / "manifest.tsv")}
    articles = [a for a in store.articles(latest_only=True) if a.url in manifest]
    if pickled.exists():
        feats = pickle.loads(pickled.read_bytes())
    else:
        feats = features(articles, analyses_of(store, articles))
        pickled.write_bytes(pickle.dumps(feats))
    return {
        "articles": articles,
        "features": feats,
        "relations": store.relations([a.id for a in articles]),
        "label": {a.id: manifest[a.url] for a in articles},
        "waves": {r["wave"]: r for r in read_tsv(REAL / corpus / "waves.tsv")},
    }


def group(data: dict, params: Params, trace: bool = False) -> StoryIndex:
    index = StoryIndex(params)
    if trace:
        index.trace = []
    links = story_links(data["relations"], params.link_share)
    index.add_features([copy.copy(f) for f in data["features"]], links)
    return index


def scores(data: dict, index: StoryIndex) -> dict:
    label, ids = data["label"], sorted(data["label"])
    waves = [label[i]["wave"] for i in ids]
    found = [index.story_of_article(i) for i in ids]
    gold_narrative = [data["waves"].get(label[i]["wave"], label[i])["narrative"] for i in ids]
    found_narrative = [index.narrative_of.get(s, s) for s in found]
    tp, pred, true = pairwise(waves, found)
    return {
        "ari": adjusted_rand(waves, found),
        "p": tp / pred if pred else 0.0,
        "r": tp / true if true else 0.0,
        "stories": len(set(found)),
        "waves": len(set(waves)),
        "narrative_ari": adjusted_rand(gold_narrative, found_narrative),
    }


def show(data: dict, index: StoryIndex) -> None:
    label, ids = data["label"], sorted(data["label"])
    by_id = {a.id: a for a in data["articles"]}
    rows = [index.row_of[i] for i in ids]
    pair = index.pair_scores(rows)
    for wave, row in data["waves"].items():
        print(f"  {wave} {row['date']} {row['narrative']} {row['description'][:110]}")
    members = defaultdict(list)
    for k, i in enumerate(ids):
        members[label[i]["wave"]].append(k)
    names = sorted(members)
    print("  mean pair score, wave x wave (diagonal: within the wave)")
    for a in names:
        cells = []
        for b in names:
            block = pair[np.ix_(members[a], members[b])]
            if a == b:
                block = block[~np.eye(len(block), dtype=bool)]
            cells.append(f"{block.mean():6.2f}" if block.size else "     -")
        print(f"   {a}: {' '.join(cells)}")
    links = defaultdict(list)
    for a, b in story_links(data["relations"], index.params.link_share):
        links[a].append(label[b]["id"])
        links[b].append(label[a]["id"])
    order = sorted(range(len(ids)), key=lambda k: (label[ids[k]]["wave"], index.story_of_article(ids[k])))
    for k in order:
        i = ids[k]
        f, m = index.rows[index.row_of[i]], label[i]
        others = pair[k].copy()
        others[k] = -np.inf
        nn = int(np.argmax(others))
        news = "-" if f.news is None else (f.news - f.day if f.day else "abs")
        print(
            f"  {m['id']} {m['wave']} story {index.story_of_article(i)} {m['lang']} published {by_id[i].published}"
            f" news {news} origin {m['origin']} | nearest {label[ids[nn]]['id']} {label[ids[nn]]['wave']}"
            f" {others[nn]:.2f} | links {links.get(i, [])}"
        )
        print(f"      {by_id[i].title[:90]!r} lead {sorted(f.lead_anchors)[:10]}")


def merges(data: dict, index: StoryIndex) -> None:
    """Every merge that put two labelled waves into one story, in the order the grouping made it:
    the rule (``join`` of two groups, ``attach`` of a leftover), the mean pair score, and each
    side's articles as wave, ``?`` when undated, and the registry bodies speaking in its lead."""
    label, feats = data["label"], {f.article_id: f for f in data["features"]}

    def side(ids: list[int]) -> str:
        return " ".join(
            f"{label[i]['wave']}{'' if feats[i].day is not None else '?'}"
            f":{','.join(sorted(_known(feats[i].speakers))) or '-'}"
            for i in ids
            if i in label
        )

    mixed = 0
    for rule, kept, merged, how in index.trace or []:
        waves = {label[i]["wave"] for i in kept + merged if i in label}
        if len(waves) > 1:
            mixed += 1
            print(f"  {rule:6s} {how:5.2f} [{side(kept)}] + [{side(merged)}]")
    print(f"  {mixed} of {len(index.trace or [])} merges mixed labelled waves")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpora", nargs="*")
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--merges", action="store_true", help="list the merges that mixed labelled waves")
    parser.add_argument("--set", nargs="*", default=[], help="stories.Params overrides, key=value")
    args = parser.parse_args()
    allowed = dev_corpora()
    corpora = args.corpora or allowed
    if any(c not in allowed for c in corpora):
        raise SystemExit(f"dev corpora only: {', '.join(allowed)}")
    defaults = Params()
    changes = {k: type(getattr(defaults, k))(v) for k, v in (s.split("=", 1) for s in args.set)}
    params = Params(**changes)
    results = []
    for corpus in corpora:
        data = load(corpus)
        index = group(data, params, trace=args.merges)
        r = scores(data, index)
        results.append(r)
        print(
            f"{corpus:13s} waves {r['waves']} stories {r['stories']:2d} story ARI {r['ari']:5.2f}"
            f" P {r['p']:.2f} R {r['r']:.2f} narrative ARI {r['narrative_ari']:5.2f}"
        )
        if args.show:
            show(data, index)
        if args.merges:
            merges(data, index)
    print(
        f"mean story ARI {np.mean([r['ari'] for r in results]):.3f}, "
        f"narrative ARI {np.mean([r['narrative_ari'] for r in results]):.3f}"
    )


if __name__ == "__main__":
    main()
