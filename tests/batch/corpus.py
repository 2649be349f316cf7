"""A generated corpus for comparing `batch` with `run`: ``reuse.generated.Corpus`` articles (many
outlets, each with its own boilerplate, planted copies of every kind) as JSONL records, with
translations from the translation gold set planted among them (the source by one outlet, its
translation by another a day later), so copies, translations and stories all occur. Headlines make
claims, and ``Corpus.factchecks`` gives fact-checks of some of them (and of claims nobody made),
as a ClaimReview JSON file and a CSV file: the two formats `factchecks import` reads most."""

from __future__ import annotations

import csv
import datetime
import json
import random
from pathlib import Path

from newstrace.reuse.generated import Corpus

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold" / "translation" / "pairs.jsonl"


def write_corpus(
    path: Path, n: int, *, outlets: int = 25, translations: int = 20, factchecks: int = 6, seed: int = 7
) -> dict:
    """Write ``n`` generated articles and ``translations`` planted pairs to ``path`` (JSONL), and
    ``factchecks`` fact-checks of their headlines (with half as many of claims nobody made) beside
    it (``path.factchecks.json`` and ``.csv``); returns what was planted: {"copies": {(source key,
    copy key)}, "translations": {...}, "factchecks": {(claim, key of the article that makes it)},
    "factcheck_files": [the two files]}."""
    corpus = Corpus(n, outlets, seed, sentences=(3, 6), lang="en", headlines=True)
    rng = random.Random(seed)
    records = [corpus.record(i) for i in range(n)]
    gold = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    pairs = [p for p in gold if p["label"] == "translation" and p["kind"] in ("full", "partial")][
        :translations
    ]
    planted = {"copies": set(), "translations": set()}
    for copy, (source, _) in corpus.copied.items():
        planted["copies"].add((records[source]["url"], records[copy]["url"]))
    for k, pair in enumerate(pairs):
        at = rng.randrange(n)
        day = datetime.date.fromisoformat(records[at]["published"])
        keys = []
        for side, shift in (("source", 0), ("target", 1)):
            doc = pair[side]
            outlet = f"translator{(2 * k + shift) % 7}.example"
            url = f"https://{outlet}/{pair['id']}/{side}"
            keys.append(url)
            record = {
                "url": url,
                "title": doc["title"],
                "text": doc["text"],
                "published": (day + datetime.timedelta(days=shift)).isoformat(),
                "outlet": outlet,
                "lang": doc["lang"],
            }
            records.insert(min(len(records), at + 2 * k + shift + 1), record)
        planted["translations"].add(tuple(keys))
    with open(path, "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    checks = corpus.factchecks(factchecks)
    planted["factchecks"] = {
        (c["claim"], corpus.article(c["article"]).key) for c in checks if c["article"] is not None
    }
    half = len(checks) // 2
    reviews = path.with_suffix(".factchecks.json")
    reviews.write_text(json.dumps([Corpus.claimreview(c) for c in checks[:half]]), "utf-8")
    table = path.with_suffix(".factchecks.csv")
    with open(table, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["claim", "verdict", "url", "date", "language", "publisher"])
        for c in checks[half:]:
            writer.writerow([c["claim"], c["verdict"], c["url"], c["date"], c["lang"], c["publisher"]])
    planted["factcheck_files"] = [str(reviews), str(table)]
    return planted
