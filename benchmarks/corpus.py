"""A generated news collection with planted copies, shared by the benchmarks that need one
(benchmarks/reuse.py drives the copy path on it, benchmarks/batch.py runs `newstrace run` and
`newstrace batch` on it as JSONL files).

Many outlets, each framing its pages with its own boilerplate (a menu line, a standard intro, a
closing disclaimer and a "follow us" line); the body is 8-16 sentences of words drawn from a
Zipf-like vocabulary (common words repeat as in real text). 5% of the articles are planted
copies of a recent article, published by another outlet in its own frame: exact, edited (10% of
words replaced), truncated (first 60% of the sentences) or wrapped (a new intro and outro).
An article is generated again, deterministically, whenever it is asked for, so a benchmark
need not keep the texts in memory.
"""

from __future__ import annotations

import datetime
import gzip
import itertools
import json
import random
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from newstrace.model import Article, Source  # noqa: E402

KINDS = ("exact", "edited", "truncated", "wrapped")
COPY_RATE = 0.05


class Corpus:
    """A generated corpus: ``article(i)`` is the same every time it is asked for."""

    def __init__(self, n: int, outlets: int, seed: int, lang: str = "xx"):
        """``lang``: the language the articles declare (the words are made up; "xx" runs no
        language's analysis, "fr" runs the French one on them, at a real article's cost)."""
        rng = random.Random(seed)
        self.seed, self.lang = seed, lang
        letters = "abcdefghijklmnopqrstuvwxyzéè"
        self.words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(30000)]
        self.weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.words))))
        self.outlets = [f"outlet{i:03d}.example" for i in range(outlets)]
        self.frames = [self._frame(rng) for _ in self.outlets]
        # who publishes what: an original, or a copy of a recent article by another outlet
        self.outlet_of: list[int] = []
        self.copied: dict[int, tuple[int, str]] = {}  # copy -> (its source, kind)
        for i in range(n):
            outlet = rng.randrange(outlets)
            if i and rng.random() < COPY_RATE:
                source = i - 1 - rng.randint(0, min(500, i - 1))
                while self.outlet_of[source] == outlet:
                    outlet = rng.randrange(outlets)
                self.copied[i] = (source, KINDS[len(self.copied) % len(KINDS)])
            self.outlet_of.append(outlet)

    def _sentence(self, rng: random.Random, n: int) -> str:
        return " ".join(rng.choices(self.words, cum_weights=self.weights, k=n)).capitalize() + "."

    def _frame(self, rng: random.Random) -> tuple[list[str], list[str]]:
        menu = " ".join(rng.choices(self.words[:3000], k=rng.randint(5, 9))).title()
        intro = self._sentence(rng, rng.randint(14, 22))
        disclaimer = self._sentence(rng, rng.randint(20, 30))
        follow = self._sentence(rng, rng.randint(12, 16))
        return [menu, intro], [disclaimer, follow]

    @lru_cache(maxsize=4096)  # noqa: B019 — a benchmark's one corpus
    def body(self, i: int) -> tuple[str, ...]:
        rng = random.Random(self.seed * 1_000_003 + i)
        if i not in self.copied:
            return tuple(self._sentence(rng, rng.randint(12, 28)) for _ in range(rng.randint(8, 16)))
        source, kind = self.copied[i]
        sentences = list(self.body(source))
        if kind == "edited":
            edited = []
            for sentence in sentences:
                tokens = sentence.split()
                for k in rng.sample(range(len(tokens)), len(tokens) // 10):
                    tokens[k] = rng.choice(self.words)
                edited.append(" ".join(tokens))
            sentences = edited
        elif kind == "truncated":
            sentences = sentences[: max(1, int(len(sentences) * 0.6))]
        elif kind == "wrapped":
            sentences = [
                self._sentence(rng, 20),
                *sentences,
                self._sentence(rng, 20),
                self._sentence(rng, 15),
            ]
        return tuple(sentences)

    def article(self, i: int) -> Article:
        outlet = self.outlet_of[i]
        head, foot = self.frames[outlet]
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=i * 365 // max(1, len(self.outlet_of)))
        return Article(
            id=i + 1,
            key=f"https://{self.outlets[outlet]}/{i}",
            source=Source("generated", str(i)),
            content_hash=str(i),
            title=f"Article {i}",
            text="\n".join([*head, *self.body(i), *foot]),
            published=day.isoformat(),
            outlet=self.outlets[outlet],
            lang=self.lang,
        )

    def root(self, i: int) -> int:
        while i in self.copied:  # a copy may itself have been copied
            i = self.copied[i][0]
        return i


def write_jsonl(corpus: Corpus, folder: Path, per_file: int | None = None) -> list[Path]:
    """The corpus as gzipped JSONL exports (url, title, text, published, outlet, lang), ``per_file``
    articles a file (a file is one Spark task; default: 2,000, or fewer so that a small corpus
    still makes 8 files): what `newstrace run` and `batch` both read."""
    folder.mkdir(parents=True, exist_ok=True)
    n = len(corpus.outlet_of)
    per_file = per_file or max(1, min(2000, -(-n // 8)))
    paths = []
    for first in range(0, n, per_file):
        path = folder / f"articles-{first // per_file:05d}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
            for i in range(first, min(n, first + per_file)):
                a = corpus.article(i)
                record = {
                    "url": a.key,
                    "title": a.title,
                    "text": a.text,
                    "published": a.published,
                    "outlet": a.outlet,
                    "lang": corpus.lang,
                }
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths
