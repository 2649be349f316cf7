"""A generated corpus for comparing `batch` with `run`: ``reuse.generated.Corpus`` articles (many
outlets, each with its own boilerplate, planted copies of every kind) as JSONL records, with
translations from the translation gold set planted among them (the source by one outlet, its
translation by another a day later), so copies, translations and stories all occur."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path

from newstrace.reuse.generated import Corpus

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold" / "translation" / "pairs.jsonl"


def write_corpus(path: Path, n: int, *, outlets: int = 25, translations: int = 20, seed: int = 7) -> dict:
    """Write ``n`` generated articles and ``translations`` planted pairs to ``path`` (JSONL);
    returns what was planted: {"copies": {(source key, copy key)}, "translations": {...}}."""
    corpus = Corpus(n, outlets, seed, sentences=(3, 6), lang="en")
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
    return planted
