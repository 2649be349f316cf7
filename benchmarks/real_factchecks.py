"""Which articles each fact-check attaches to on the real dev corpora, replayed fast.

    PYTHONPATH=src .venv/bin/python benchmarks/real_factchecks.py [--show] [--pairs] [CORPUS...]

The first call runs `newstrace run` once per corpus, with its fact-checks, into
$NEWSTRACE_FACTCHECKS_CACHE (default /tmp/newstrace-real-factchecks/<corpus>/) and keeps the
database and the export; later calls only redo the fact-check matching on that database
(`match_stored`, then `pipeline.match_stories`, as an import of fact-checks does) with the code
on the path, and score the (article, fact-check) pairs with benchmarks/real.py's own scoring
(seconds, not minutes). Prints per corpus the fact-check precision and recall; with --show,
every false and every missed pair: the article's label id, wave and language, whether it was
matched on its own or through its story, its best score for that fact-check and the passage
behind it (first characters only). Dev corpora only (benchmarks/real/splits.tsv).

Each corpus's line also gives how well the article-scale score (`Matcher.candidates`: an article's
best claim for each fact-check, claimant factor applied) tells the articles of the waves a
fact-check covers from the others, as the area under the ROC curve: over all its (article,
fact-check) pairs, and the mean over its fact-checks of each one's own (0.5: no better than
chance). With --pairs, every pair: its label (+ when the article's wave is covered), how it is
shown (own, story, -), its score, the values of the signals behind it (claim cosine, words,
coverage both ways, anchors, numbers agree, `claimant-` when the claimant factor cut it) and the
passage (h: headline).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "real"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from rebuild import read_tsv  # noqa: E402

from newstrace.extract.lang import detect_language  # noqa: E402
from newstrace.factcheck import Matcher, match_stored  # noqa: E402
from newstrace.factcheck import store as fc_store  # noqa: E402
from newstrace.factcheck.match import ARTICLE_POINT, ARTICLE_SLOPE, FEATURES, claim_units  # noqa: E402
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


def replay(corpus: str, show: bool, pairs: bool = False) -> dict:
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
    found = pair_scores(store, matcher, export, manifest, checks)
    m["auc"] = auc([p["score"] for p in found if p["gold"]], [p["score"] for p in found if not p["gold"]])
    per_check = [
        auc(
            [p["score"] for p in found if p["gold"] and p["check"] == c["id"]],
            [p["score"] for p in found if not p["gold"] and p["check"] == c["id"]],
        )
        for c in checks
    ]
    per_check = [a for a in per_check if a is not None]
    m["auc_per_check"] = sum(per_check) / len(per_check) if per_check else None
    if pairs:
        for p in sorted(found, key=lambda p: (p["check"], -p["score"])):
            print(
                f"    {p['check']} {'+' if p['gold'] else '-'} {p['shown']:5s} {p['score']:.3f} {p['article']}"
                f" {p['wave']} {p['lang']} {p['signals']} {p['passage'][:60]!r}"
            )
    return m


SIGNALS = ("claim", "words", "coverage", "claim_coverage", "anchors", "numbers_agree")


def pair_scores(store: Store, matcher: Matcher, export: dict, manifest: dict, checks: list) -> list[dict]:
    """One row per (labelled article, labelled fact-check): the article's score for it on the
    article scale, whether its wave is covered, how the report shows it, and the signals of the
    passage behind the score."""
    label = {a["id"]: manifest[a["url"]] for a in export["articles"] if a.get("url") in manifest}
    check_of = {f.id: row for row in checks for f in matcher.factchecks if f.url == row["url"]}
    shown: dict[tuple[int, int], str] = {}
    for match in export["matches"]:
        if match["article_id"] is not None:
            shown[(match["article_id"], match["factcheck_id"])] = "own" if match["score"] >= 0.5 else "story"
    column = {f.id: j for j, f in enumerate(matcher.factchecks)}
    wanted = [FEATURES.index(s) for s in SIGNALS]
    rows = []
    for article_id in sorted(label, key=lambda i: label[i]["id"]):
        article = store.get(article_id)
        analysis = store.analysis(article_id)
        attributions = analysis.attributions if analysis else []
        found = {m.factcheck_id: m for m in matcher.candidates(article, attributions)}
        units = claim_units(article, attributions)
        lang = article.lang or detect_language(article.text)
        features = matcher.features([u[2] for u in units], [lang] * len(units)) if units else None
        for factcheck_id, row in check_of.items():
            best = found.get(factcheck_id)
            signals = ""
            if best is not None and features is not None:
                unit = next(
                    n
                    for n, u in enumerate(units)
                    if (u[0], u[1], u[2]) == (best.sentence_start, best.sentence_end, best.sentence)
                )
                values = features[unit, column[factcheck_id], wanted]
                signals = " ".join(f"{name[:6]} {v:.2f}" for name, v in zip(SIGNALS, values, strict=True))
                linear = float(features[unit, column[factcheck_id]] @ matcher.weights)
                if best.score < 1.0 / (1.0 + np.exp(-ARTICLE_SLOPE * (linear - ARTICLE_POINT))) - 1e-3:
                    signals += " claimant-"
            rows.append(
                {
                    "check": row["id"],
                    "article": label[article_id]["id"],
                    "wave": label[article_id]["wave"],
                    "lang": article.lang,
                    "gold": label[article_id]["wave"] in {w.strip() for w in row["covers_waves"].split(",")},
                    "shown": shown.get((article_id, factcheck_id), "-"),
                    "score": best.score if best else 0.0,
                    "signals": signals,
                    "passage": ("h: " if best and best.sentence_start is None else "")
                    + (best.sentence if best else ""),
                }
            )
    return rows


def auc(positive: list[float], negative: list[float]) -> float | None:
    """The chance that a positive scores above a negative (ties count half); None without both."""
    if not positive or not negative:
        return None
    pos, neg = np.asarray(positive)[:, None], np.asarray(negative)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


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
    parser.add_argument("--pairs", action="store_true", help="every (article, fact-check) pair, scored")
    args = parser.parse_args()
    allowed = dev_corpora()
    corpora = args.corpora or allowed
    if any(c not in allowed for c in corpora):
        raise SystemExit(f"dev corpora only: {', '.join(allowed)}")
    tp = pred = true = 0
    aucs = []
    for corpus in corpora:
        m = replay(corpus, args.show, args.pairs)
        tp, pred, true = tp + m["fc_tp"], pred + m["fc_pred"], true + m["fc_true"]
        aucs.append((m["auc"], m["auc_per_check"]))
        print(
            f"{corpus:13s} fact-check P/R {ratio(m['fc_tp'], m['fc_pred'])}/{ratio(m['fc_tp'], m['fc_true'])}"
            f" ({m['fc_tp']} right of {m['fc_pred']} shown, {m['fc_true']} labelled)"
            f" AUC {_auc(m['auc'])} (per fact-check {_auc(m['auc_per_check'])})",
            flush=True,
        )
    mean = [
        sum(a[k] for a in aucs if a[k] is not None) / max(1, sum(a[k] is not None for a in aucs))
        for k in (0, 1)
    ]
    print(
        f"all           fact-check P/R {ratio(tp, pred)}/{ratio(tp, true)} ({tp}/{pred}, {true})"
        f" AUC mean {mean[0]:.2f} (per fact-check {mean[1]:.2f})"
    )


def _auc(value: float | None) -> str:
    return "  - " if value is None else f"{value:.2f}"


if __name__ == "__main__":
    main()
