"""Claim-to-fact-check matching on the gold set (benchmarks/gold/factchecks/).

    .venv/bin/python benchmarks/factcheck.py [--split dev|test|all] [--fit] [--show]

For each claim sentence the 53 fact-checks are ranked (``Matcher.features`` and the weights in
``newstrace.factcheck.match``). On claims that have a fact-check: MAP@5 (= MRR cut at 5, one
relevant fact-check per claim) and recall@1, per split and per language. On all claims, at the
calibrated threshold: a claim gets its top fact-check when the score reaches it, else none;
precision of those answers, recall over claims that have a fact-check, and the share of the
claims without one that were rightly left unmatched.

``--fit`` chooses the weights (listwise softmax over the 53 candidates), the calibration and the
threshold on the dev split only, and prints them to copy into ``match.py``; the figures then
use the fitted values.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newstrace.factcheck.match import (  # noqa: E402
    CALIBRATION,
    FEATURES,
    THRESHOLD,
    WEIGHTS,
    Matcher,
)
from newstrace.model import FactCheck  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold" / "factchecks"


def load() -> tuple[list[FactCheck], list[str], list[dict]]:
    rows = [json.loads(line) for line in (GOLD / "factchecks.jsonl").read_text("utf-8").splitlines() if line]
    factchecks = [
        FactCheck(
            id=n,
            claim=r["claim"],
            verdict=r["verdict"],
            url=r["url"],
            publisher=r["publisher"],
            date=r["date"],
            lang=r["lang"],
            title=r["title"],
            summary=r["summary"],
        )
        for n, r in enumerate(rows)
    ]
    claims = [json.loads(line) for line in (GOLD / "claims.jsonl").read_text("utf-8").splitlines() if line]
    return factchecks, [r["id"] for r in rows], claims


def fit_weights(
    features: np.ndarray | list[np.ndarray],
    gold: np.ndarray | list[np.ndarray],
    masks: list[np.ndarray | None] | None = None,
    shares: list[float] | None = None,
    l2: float = 0.001,
    steps: int = 2000,
    rate: float = 0.05,
) -> np.ndarray:
    """Listwise: maximise the softmax probability of the right fact-check among all of them
    (Adam). Several sets (a list of feature arrays, their gold positions, optional masks of the
    real candidates and the share of the objective each has, equal by default) can be fitted at
    once, whatever their sizes."""
    if not isinstance(features, list):
        features, gold = [features], [gold]
    shares = shares or [1 / len(features)] * len(features)
    sets = list(zip(features, gold, masks or [None] * len(features), shares, strict=True))
    w = np.zeros(sets[0][0].shape[-1])
    first, second = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, steps + 1):
        grad = l2 * w
        for x, g, mask, share in sets:
            rows = np.arange(len(g))
            z = x @ w
            if mask is not None:
                z = np.where(mask, z, -np.inf)
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            grad = grad + share * (np.einsum("qn,qnf->f", p, x) - x[rows, g].sum(0)) / len(g)
        first = 0.9 * first + 0.1 * grad
        second = 0.999 * second + 0.001 * grad**2
        w -= rate * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return w


def fit_calibration(top: np.ndarray, correct: np.ndarray) -> tuple[float, float, float]:
    """Platt scaling of the top score, then the cut that maximises F1 of answered claims; the
    intercept is shifted so that the cut is at THRESHOLD."""
    a, b = 1.0, 0.0
    for _ in range(5000):
        p = 1 / (1 + np.exp(-(a * top + b)))
        a -= 0.5 * np.mean((p - correct) * top)
        b -= 0.5 * np.mean(p - correct)
    best_f1, cut = -1.0, 0.0
    has = correct.sum()
    for t in np.unique(top):
        answered = top >= t
        tp = (answered & correct.astype(bool)).sum()
        precision = tp / max(answered.sum(), 1)
        recall = tp / max(has, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        if f1 > best_f1:
            best_f1, cut = f1, float(t)
    # keep the slope, move the intercept: score = THRESHOLD exactly at the cut
    logit = np.log(THRESHOLD / (1 - THRESHOLD))
    return a, logit - a * cut, cut


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="all", choices=["dev", "test", "all"])
    parser.add_argument("--fit", action="store_true", help="choose weights and threshold on dev")
    parser.add_argument("--show", action="store_true", help="print every claim whose top answer is wrong")
    args = parser.parse_args()

    factchecks, fc_ids, claims = load()
    started = time.perf_counter()
    matcher = Matcher(factchecks)
    features = matcher.features([c["text"] for c in claims], [c["lang"] for c in claims])
    elapsed = time.perf_counter() - started
    gold = np.array([fc_ids.index(c["factcheck"]) if c["factcheck"] else -1 for c in claims])
    dev = np.array([c["split"] == "dev" for c in claims])

    weights, calibration = np.asarray(WEIGHTS), CALIBRATION
    if args.fit:
        train = dev & (gold >= 0)
        weights = fit_weights(features[train], gold[train])
        linear = features @ weights
        top = linear.max(axis=1)
        correct = (linear.argmax(axis=1) == gold) & (gold >= 0)
        a, b, cut = fit_calibration(top[dev], correct[dev].astype(float))
        calibration = (a, b)
        print("fitted on dev (copy into src/newstrace/factcheck/match.py):")
        print(f"  FEATURES = {FEATURES}")
        print(f"  WEIGHTS = ({', '.join(f'{w:.3g}' for w in weights)})")
        print(f"  CALIBRATION = ({a:.3g}, {b:.3g})  # linear cut {cut:.3f}")
        print()
    linear = features @ weights
    scores = 1 / (1 + np.exp(-(calibration[0] * linear + calibration[1])))

    splits = ["dev", "test"] if args.split == "all" else [args.split]
    print(f"{len(claims)} claims, {len(factchecks)} fact-checks; features in {elapsed:.1f} s")
    print(f"{'split':<6} {'lang':<5} {'claims':>6} {'MAP@5':>6} {'R@1':>5} {'R@5':>5}")
    for split in splits:
        by_lang: dict[str, list[int]] = defaultdict(list)
        for i, c in enumerate(claims):
            if c["split"] == split and gold[i] >= 0:
                order = list(np.argsort(-scores[i], kind="stable"))
                by_lang[c["lang"]].append(order.index(gold[i]))
                by_lang["all"].append(order.index(gold[i]))
        for lang in sorted(by_lang, key=lambda x: (x == "all", x)):
            ranks = np.array(by_lang[lang])
            ap = np.where(ranks < 5, 1 / (ranks + 1), 0).mean()
            print(
                f"{split:<6} {lang:<5} {len(ranks):>6} {ap:>6.3f} {(ranks == 0).mean():>5.2f} {(ranks < 5).mean():>5.2f}"
            )

    print(f"\nabstention at threshold {THRESHOLD} (calibrated score):")
    print(f"{'split':<6} {'answered':>8} {'precision':>9} {'recall':>6} {'negatives left unmatched':>25}")
    for split in splits:
        mask = np.array([c["split"] == split for c in claims])
        top = scores.argmax(axis=1)
        answered = mask & (scores.max(axis=1) >= THRESHOLD)
        right = answered & (top == gold)
        negatives = mask & (gold < 0)
        print(
            f"{split:<6} {answered.sum():>8} {right.sum() / max(answered.sum(), 1):>9.2f}"
            f" {right.sum() / max((mask & (gold >= 0)).sum(), 1):>6.2f}"
            f" {(negatives & ~answered).sum():>12} of {negatives.sum()} ({(negatives & ~answered).sum() / max(negatives.sum(), 1):.2f})"
        )
        if args.show:
            for i in np.where(mask & (answered | (gold >= 0)) & ~right)[0]:
                c = claims[i]
                want = fc_ids[gold[i]] if gold[i] >= 0 else "none"
                got = fc_ids[top[i]] if answered[i] else "none"
                print(
                    f"   {c['id']} {c['lang']} want {want} got {got} ({scores[i].max():.2f}): {c['text'][:90]}"
                )


if __name__ == "__main__":
    main()
