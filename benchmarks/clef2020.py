"""CLEF 2020 CheckThat! task 2 (verified-claim retrieval) with newstrace's own fact-check matcher.

    .venv/bin/python benchmarks/clef2020.py [--data DIR] [--split NAME] [--run FILE] [--fit | --fit-claims]

Every tweet of a split is ranked against all verified claims by ``newstrace.factcheck.Matcher``
(the code ``newstrace analyze`` matches fact-checks with; tweets are given as English), a TREC run
(``tweet_id Q0 vclaim_id rank score tag``, the top ``--depth`` claims per tweet) is written and
MAP@1, MAP@5 and MRR are printed by the task's rules: ranked by score, ties by vclaim id
descending; MAP@k sums the precision at each relevant claim within the top k and divides by the
tweet's number of relevant claims (trectools, the official evaluator's library); MRR over the
whole ranking.

The data is not in the repository: ``--data`` is a folder holding ``verified_claims.docs.tsv``
and one folder per split with ``tweets.queries.tsv`` and ``tweet-vclaim-pairs.qrels`` (default:
``../shared/data/clef2020-t2`` beside the repository; its README says where it comes from).

``--fit`` chooses the weights the matcher gives social-media posts (``post_weights`` in
``src/newstrace/factcheck/data/matcher.yaml``; the tweets are posts, ``factcheck.social.is_post``)
on the ``train`` split alone: a listwise objective over each tweet's candidates (the right claim
and each feature's top ``candidates``); same_language, constant among English tweets, is chosen on
the dev split of ``benchmarks/gold/factchecks`` with the other weights fixed; the calibration is
Platt scaling of train top scores. ``--fit-claims`` fits the weights of written claims and
articles instead, on train together with the gold dev split (gold_share of the objective) and
their calibration on gold dev. Both write matcher.yaml; the figures printed after it are for
``--split`` (dev by default: never fit on what you report).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from newstrace.factcheck.match import FEATURES, Matcher  # noqa: E402
from newstrace.factcheck.settings import settings  # noqa: E402
from newstrace.model import FactCheck  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "clef2020-t2"
SETTINGS = ROOT / "src" / "newstrace" / "factcheck" / "data" / "matcher.yaml"
BATCH = 48  # tweets scored at once: 48 x 10,375 x features floats


def read_tsv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows by position: the files' headers leave the id column unnamed."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return [dict(zip(columns, row, strict=False)) for row in rows[1:] if row]


def load_claims(data: Path) -> list[FactCheck]:
    return [
        FactCheck(
            id=int(r["vclaim_id"]),
            claim=r["vclaim"],
            title=r["title"],
            verdict="",
            url=f"clef2020:vclaim:{r['vclaim_id']}",
            lang="en",
        )
        for r in read_tsv(data / "verified_claims.docs.tsv", ("vclaim_id", "vclaim", "title"))
    ]


def load_split(data: Path, split: str) -> tuple[list[tuple[int, str]], dict[int, set[int]]]:
    folder = data / split
    tweets = [
        (int(r["tweet_id"]), r["tweet_content"])
        for r in read_tsv(folder / "tweets.queries.tsv", ("tweet_id", "tweet_content"))
    ]
    qrels: dict[int, set[int]] = {}
    for line in (folder / "tweet-vclaim-pairs.qrels").read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and int(parts[3]) > 0:
            qrels.setdefault(int(parts[0]), set()).add(int(parts[2]))
    return tweets, qrels


def ranking(scores: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Positions into ``ids`` by score descending, ties by id descending (the task's rule)."""
    return np.lexsort((-ids, -scores))


def evaluate(rankings: dict[int, list[int]], qrels: dict[int, set[int]]) -> dict[str, float]:
    """MAP@1, MAP@5 and MRR as trectools computes them, over the tweets that have relevant claims."""
    figures = {"MAP@1": 0.0, "MAP@5": 0.0, "MRR": 0.0}
    for tweet, relevant in qrels.items():
        ranked = rankings.get(tweet, [])
        for k in (1, 5):
            hits, precisions = 0, 0.0
            for position, doc in enumerate(ranked[:k], 1):
                if doc in relevant:
                    hits += 1
                    precisions += hits / position
            figures[f"MAP@{k}"] += precisions / len(relevant)
        first = next((p for p, doc in enumerate(ranked, 1) if doc in relevant), None)
        figures["MRR"] += 1 / first if first else 0.0
    return {name: value / max(len(qrels), 1) for name, value in figures.items()}


def features_in_batches(matcher: Matcher, texts: list[str], langs: list[str]):
    for start in range(0, len(texts), BATCH):
        yield start, matcher.features(texts[start : start + BATCH], langs[start : start + BATCH])


def clef_candidates(matcher: Matcher, data: Path, split: str):
    """Features of each tweet of ``split`` against its candidates (the right claim and each
    feature's top ``candidates``), padded into one array, with the mask of real candidates and the
    position of the right claim."""
    tweets, qrels = load_split(data, split)
    candidates = settings()["fit"]["candidates"]
    ids = np.array([fc.id for fc in matcher.factchecks])
    position = {int(i): n for n, i in enumerate(ids)}
    texts = [t for _, t in tweets]
    rows, gold = [], []
    for start, features in features_in_batches(matcher, texts, ["en"] * len(texts)):
        for row, block in enumerate(features):
            relevant = [position[d] for d in qrels.get(tweets[start + row][0], ()) if d in position]
            if not relevant:
                continue
            chosen = {relevant[0]}
            for f in range(block.shape[1]):
                chosen.update(np.argsort(-block[:, f], kind="stable")[:candidates].tolist())
            chosen_list = sorted(chosen)
            rows.append(block[chosen_list])
            gold.append(chosen_list.index(relevant[0]))
    width = max(len(r) for r in rows)
    features = np.stack([np.concatenate([r, np.zeros((width - len(r), r.shape[1]), r.dtype)]) for r in rows])
    mask = np.array([[n < len(r) for n in range(width)] for r in rows])
    return features, mask, np.array(gold)


def write_settings(**values: list[float]) -> None:
    text = SETTINGS.read_text("utf-8")
    for key, numbers in values.items():
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: [{', '.join(f'{w:.4g}' for w in numbers)}]", text)
    SETTINGS.write_text(text, "utf-8")


def fit(matcher: Matcher, data: Path) -> None:
    """The posts' weights on CLEF train alone, same_language excepted (constant within English
    tweets: it is chosen on the gold dev claims, the other weights fixed); their calibration on
    CLEF train; written into matcher.yaml."""
    from factcheck import fit_calibration, fit_weights
    from factcheck import load as load_gold

    features, mask, gold = clef_candidates(matcher, data, "train")
    fitted = settings()["fit"]
    weights = fit_weights(
        [features], [gold], [mask], l2=fitted["l2"], steps=fitted["steps"], rate=fitted["rate"]
    )
    same = FEATURES.index("same_language")
    factchecks, fc_ids, claims = load_gold()
    gold_features = Matcher(factchecks).features([c["text"] for c in claims], [c["lang"] for c in claims])
    dev = [i for i, c in enumerate(claims) if c["split"] == "dev" and c["factcheck"]]
    gold_index = np.array([fc_ids.index(claims[i]["factcheck"]) for i in dev])
    x = gold_features[dev].astype(np.float64)

    def likelihood(w: np.ndarray) -> float:
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        return float((z[np.arange(len(dev)), gold_index] - np.log(np.exp(z).sum(axis=1))).mean())

    grid = np.arange(-20.0, 5.0, 0.05)
    weights[same] = max(grid, key=lambda v: likelihood(np.where(np.arange(len(weights)) == same, v, weights)))
    # calibration: a tweet whose right claim comes first is a match; the best claim of a tweet
    # whose right claim is left out (or comes after another) is not
    linear = np.where(mask, features @ weights, -np.inf)
    rows = np.arange(len(gold))
    right_first = linear.argmax(axis=1) == gold
    without = linear.copy()
    without[rows, gold] = -np.inf
    top = np.concatenate([linear.max(axis=1), without.max(axis=1)])
    correct = np.concatenate([right_first, np.zeros(len(gold), bool)]).astype(float)
    a, b, cut = fit_calibration(top, correct)
    write_settings(post_weights=weights, post_calibration=[a, b])
    print(
        f"posts' weights fitted on CLEF train ({len(gold)} tweets); same_language on gold dev ({len(dev)} claims):"
    )
    for name, w in zip(FEATURES, weights, strict=True):
        print(f"  {name:<15} {w:8.3f}")
    print(f"  calibration ({a:.3f}, {b:.3f}), linear cut {cut:.3f}; written to {SETTINGS.relative_to(ROOT)}")


def fit_claims(matcher: Matcher, data: Path) -> None:
    """The weights of claims and articles on CLEF train + gold dev; calibration on gold dev."""
    from factcheck import fit_calibration, fit_weights
    from factcheck import load as load_gold

    clef_features, clef_mask, clef_gold = clef_candidates(matcher, data, "train")
    factchecks, fc_ids, claims = load_gold()
    gold_matcher = Matcher(factchecks)
    gold_features = gold_matcher.features([c["text"] for c in claims], [c["lang"] for c in claims])
    gold_index = np.array([fc_ids.index(c["factcheck"]) if c["factcheck"] else -1 for c in claims])
    dev = np.array([c["split"] == "dev" for c in claims])
    train = dev & (gold_index >= 0)

    share = settings()["fit"]["gold_share"]
    weights = fit_weights(
        [clef_features, gold_features[train]],
        [clef_gold, gold_index[train]],
        [clef_mask, None],
        shares=[1 - share, share],
        l2=settings()["fit"]["l2"],
        steps=settings()["fit"]["steps"],
        rate=settings()["fit"]["rate"],
    )
    linear = gold_features @ weights
    top = linear.max(axis=1)
    correct = (linear.argmax(axis=1) == gold_index) & (gold_index >= 0)
    a, b, cut = fit_calibration(top[dev], correct[dev].astype(float))
    write_settings(weights=weights, calibration=[a, b])
    print(f"fitted on CLEF train ({len(clef_gold)} tweets) and gold dev ({train.sum()} claims):")
    for name, w in zip(FEATURES, weights, strict=True):
        print(f"  {name:<15} {w:8.3f}")
    print(f"  calibration ({a:.3f}, {b:.3f}), linear cut {cut:.3f}; written to {SETTINGS.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the task's files")
    parser.add_argument("--split", default="dev", help="a folder of --data laid out like dev/")
    parser.add_argument("--run", type=Path, help="write the TREC run here")
    parser.add_argument("--depth", type=int, default=1000, help="claims per tweet in the run")
    parser.add_argument("--tag", default="newstrace")
    parser.add_argument(
        "--fit", action="store_true", help="fit the posts' weights on train, then report --split"
    )
    parser.add_argument(
        "--fit-claims", action="store_true", help="fit the claims' and articles' weights on train + gold dev"
    )
    args = parser.parse_args()

    started = time.perf_counter()
    factchecks = load_claims(args.data)
    matcher = Matcher(factchecks)
    built = time.perf_counter() - started
    print(f"{len(factchecks)} verified claims indexed and embedded in {built:.1f} s")
    if args.fit or args.fit_claims:
        (fit if args.fit else fit_claims)(matcher, args.data)
        settings.cache_clear()
        matcher.weights = np.asarray(settings()["weights"], dtype=np.float32)
        matcher.calibration = tuple(settings()["calibration"])
        matcher.post_weights = np.asarray(settings()["post_weights"], dtype=np.float32)
        matcher.post_calibration = tuple(settings()["post_calibration"])

    tweets, qrels = load_split(args.data, args.split)
    started = time.perf_counter()
    ids = np.array([fc.id for fc in factchecks])
    texts = [t for _, t in tweets]
    rankings: dict[int, list[int]] = {}
    lines: list[str] = []
    for start in range(0, len(texts), BATCH):
        scores, _ = matcher.scores(texts[start : start + BATCH], ["en"] * len(texts[start : start + BATCH]))
        for row, tweet_scores in enumerate(scores):
            tweet = tweets[start + row][0]
            order = ranking(tweet_scores, ids)
            rankings[tweet] = ids[order].tolist()
            if args.run:
                for rank, j in enumerate(order[: args.depth], 1):
                    lines.append(f"{tweet}\tQ0\t{ids[j]}\t{rank}\t{tweet_scores[j]:.10g}\t{args.tag}")
    elapsed = time.perf_counter() - started
    if args.run:
        args.run.write_text("\n".join(lines) + "\n", "utf-8")
    figures = evaluate(rankings, qrels)
    print(f"{args.split}: {len(tweets)} tweets ranked in {elapsed:.1f} s")
    print("  ".join(f"{name} {value:.3f}" for name, value in figures.items()))


if __name__ == "__main__":
    main()
