"""Which articles each fact-check attaches to on the real dev corpora, replayed fast.

    PYTHONPATH=src .venv/bin/python benchmarks/real_factchecks.py [--show] [CORPUS...]

The first call runs `newstrace run` once per corpus, with its fact-checks, into
$NEWSTRACE_FACTCHECKS_CACHE (default /tmp/newstrace-real-factchecks/<corpus>/) and keeps the
database and the export; later calls only redo the fact-check matching on that database
(`match_stored`, then `pipeline.match_stories`, as an import of fact-checks does) with the code
on the path, and score the (article, fact-check) pairs with benchmarks/real.py's own scoring
(seconds, not minutes). Prints per corpus the fact-check precision and recall; with --show,
every false and every missed pair: the article's label id, wave and language, whether it was
matched on its own or through its story, its best score for that fact-check and the passage
behind it (first characters only). Dev corpora only (benchmarks/real/splits.tsv).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "real"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from rebuild import read_tsv  # noqa: E402

from newstrace.factcheck import Matcher, match_stored  # noqa: E402
from newstrace.factcheck import store as fc_store  # noqa: E402
from newstrace.pipeline import match_stories  # noqa: E402
from newstrace.report.export import match_records  # noqa: E402
from newstrace.store.db import Store  # noqa: E402
from newstrace.stories.store import stories  # noqa: E402
from real import REAL, dev_corpora, ratio, run_newstrace, score  # noqa: E402

CACHE = Path(os.environ.get("NEWSTRACE_FACTCHECKS_CACHE", "/tmp/newstrace-real-factchecks"))


def load(corpus: str) -> Path:
    """The cached run of ``corpus`` (made on first use)."""
    folder = CACHE / corpus
    if not (folder / "export.json").exists():
        run_newstrace(REAL / corpus, folder)
    return folder


def replay(corpus: str, show: bool) -> dict:
    folder = load(corpus)
    export = json.loads((folder / "export.json").read_text("utf-8"))
    store = Store(folder / "newstrace.db")
    factchecks = fc_store.factchecks(store)
    matcher = Matcher(factchecks)
    match_stored(store, matcher=matcher)
    match_stories(store, [s.id for s in stories(store)], matcher=matcher)
    export["matches"] = list(match_records(store))
    manifest = {r["url"]: r for r in read_tsv(REAL / corpus / "manifest.tsv")}
    waves = {r["wave"]: r for r in read_tsv(REAL / corpus / "waves.tsv")}
    checks = read_tsv(REAL / corpus / "factchecks.tsv")
    m = score(corpus, manifest, waves, checks, export, 0.0)
    if show:
        explain(store, matcher, export, manifest, checks)
    return m


def explain(store: Store, matcher: Matcher, export: dict, manifest: dict, checks: list) -> None:
    """Every false and missed (article, fact-check) pair, with the article's best score."""
    label = {a["id"]: manifest[a["url"]] for a in export["articles"] if a.get("url") in manifest}
    story_of = {a["id"]: a.get("story_id") for a in export["articles"]}
    by_url = {f.url: f for f in matcher.factchecks}
    own, lent = defaultdict(set), defaultdict(set)
    for match in export["matches"]:
        if match["article_id"] is None:
            continue
        (lent if match["score"] < 0.5 else own)[match["article_id"]].add(match["factcheck_id"])
    for row in checks:
        fc = by_url.get(row["url"])
        if fc is None:
            continue
        covers = {w.strip() for w in row["covers_waves"].split(",")}
        print(f"  {row['id']} covers {sorted(covers)}: {fc.claim[:100]!r}")
        for article_id in sorted(label, key=lambda i: label[i]["id"]):
            gold = label[article_id]["wave"] in covers
            how = "own" if fc.id in own[article_id] else "story" if fc.id in lent[article_id] else None
            if gold == (how is not None):
                continue
            article = store.get(article_id)
            analysis = store.analysis(article_id)
            found = matcher.candidates(article, analysis.attributions if analysis else [])
            best = next((m for m in found if m.factcheck_id == fc.id), None)
            print(
                f"    {'FALSE ' if how else 'MISSED'} {label[article_id]['id']} {label[article_id]['wave']}"
                f" {article.lang} story {story_of[article_id]} {how or '-':5s}"
                f" score {best.score if best else 0:.3f} {(best.sentence if best else '')[:70]!r}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpora", nargs="*")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    allowed = dev_corpora()
    corpora = args.corpora or allowed
    if any(c not in allowed for c in corpora):
        raise SystemExit(f"dev corpora only: {', '.join(allowed)}")
    tp = pred = true = 0
    for corpus in corpora:
        m = replay(corpus, args.show)
        tp, pred, true = tp + m["fc_tp"], pred + m["fc_pred"], true + m["fc_true"]
        print(
            f"{corpus:13s} fact-check P/R {ratio(m['fc_tp'], m['fc_pred'])}/{ratio(m['fc_tp'], m['fc_true'])}"
            f" ({m['fc_tp']} right of {m['fc_pred']} shown, {m['fc_true']} labelled)",
            flush=True,
        )
    print(f"all           fact-check P/R {ratio(tp, pred)}/{ratio(tp, true)} ({tp}/{pred}, {true})")


if __name__ == "__main__":
    main()
