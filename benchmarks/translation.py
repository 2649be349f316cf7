"""Translation detection on the translation gold set (benchmarks/gold/translation/pairs.jsonl).

    .venv/bin/python benchmarks/translation.py [--split dev|test|all] [--threshold T] [--show] [--sweep] [--soft]

A pair is called a translation when `compare(source, target).score` reaches the threshold.
Positives are the `translation` pairs (full, partial, added, loose); negatives are the
`independent` reports of the same event and `unrelated` pairs. Prints P/R/F1 per split,
recall per kind and false positives per negative label. `--soft` scores the soft coverage
(`newstrace.reuse.translation.coverage`) alone instead, with its cut chosen on dev: the evidence
the linker accepts only when a credit line already links the two articles.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newstrace.reuse.translation import THRESHOLD, compare, coverage  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold" / "translation" / "pairs.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="all", choices=["dev", "test", "all"])
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--show", action="store_true", help="print every pair's score")
    parser.add_argument("--sweep", action="store_true", help="F1 on the dev split for a range of thresholds")
    parser.add_argument(
        "--soft", action="store_true", help="score the soft coverage alone (cut chosen on dev)"
    )
    args = parser.parse_args()
    pairs = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines()]
    started = time.perf_counter()
    scored = []
    for p in pairs:
        m = compare(p["source"]["text"], p["target"]["text"])
        scored.append((p, m))
        if args.show and args.split in ("all", p["split"]):
            print(
                f"{p['id']:12} {p['split']:4} {p['label']:12} {str(p['kind']):8} score={m.score:.2f} "
                f"cov={max(m.source_share, m.target_share):.2f} sim={m.similarity:.2f} order={m.order:.2f} "
                f"anchors={m.anchors:.2f}"
            )
    elapsed = time.perf_counter() - started
    if args.soft:
        soft_report(pairs, args.split)
        return
    if args.sweep:
        dev = [(p, m) for p, m in scored if p["split"] == "dev"]
        for t in [x / 100 for x in range(20, 70, 5)]:
            tp = sum(1 for p, m in dev if p["label"] == "translation" and m.score >= t)
            fp = sum(1 for p, m in dev if p["label"] != "translation" and m.score >= t)
            fn = sum(1 for p, m in dev if p["label"] == "translation" and m.score < t)
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            print(f"dev threshold {t:.2f}: F1={f1:.2f} (tp {tp}, fp {fp}, fn {fn})")
    splits = ["dev", "test"] if args.split == "all" else [args.split]
    for split in splits:
        rows = [(p, m) for p, m in scored if p["split"] == split]
        tp = sum(1 for p, m in rows if p["label"] == "translation" and m.score >= args.threshold)
        fp = sum(1 for p, m in rows if p["label"] != "translation" and m.score >= args.threshold)
        fn = sum(1 for p, m in rows if p["label"] == "translation" and m.score < args.threshold)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        kinds = Counter(p["kind"] for p, m in rows if p["label"] == "translation")
        found = Counter(
            p["kind"] for p, m in rows if p["label"] == "translation" and m.score >= args.threshold
        )
        negatives = Counter(p["label"] for p, m in rows if p["label"] != "translation")
        false = Counter(
            p["label"] for p, m in rows if p["label"] != "translation" and m.score >= args.threshold
        )
        print(
            f"split {split}: {len(rows)} pairs  P={prec:.2f} R={rec:.2f} F1={f1:.2f}  (threshold {args.threshold})"
        )
        print("  recall by kind: " + ", ".join(f"{k} {found[k]}/{n}" for k, n in sorted(kinds.items())))
        print("  false positives: " + ", ".join(f"{k} {false[k]}/{n}" for k, n in sorted(negatives.items())))
    print(f"{len(pairs)} pairs compared in {elapsed:.1f} s")


def soft_report(pairs: list[dict], split: str) -> None:
    scored = [(p, coverage(p["source"]["text"], p["target"]["text"])) for p in pairs]

    def counts(rows, cut):
        tp = sum(1 for p, c in rows if p["label"] == "translation" and c >= cut)
        fp = sum(1 for p, c in rows if p["label"] != "translation" and c >= cut)
        fn = sum(1 for p, c in rows if p["label"] == "translation" and c < cut)
        return tp, fp, fn

    dev = [(p, c) for p, c in scored if p["split"] == "dev"]

    def f1(rows, cut):
        tp, fp, fn = counts(rows, cut)
        return 2 * tp / max(2 * tp + fp + fn, 1)

    cut = max(sorted({c for _, c in dev}), key=lambda t: f1(dev, t))
    for name in ["dev", "test"] if split == "all" else [split]:
        tp, fp, fn = counts([(p, c) for p, c in scored if p["split"] == name], cut)
        prec, rec, f = tp / max(tp + fp, 1), tp / max(tp + fn, 1), 2 * tp / max(2 * tp + fp + fn, 1)
        print(
            f"soft coverage >= {cut:.2f} (chosen on dev), split {name}: P={prec:.2f} R={rec:.2f} F1={f:.2f} (fp {fp}, fn {fn})"
        )


if __name__ == "__main__":
    main()
