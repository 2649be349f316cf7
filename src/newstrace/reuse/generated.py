"""Generated corpora with planted copies, for benchmarks and tests (benchmarks/reuse.py, the Spark
tests): ``Corpus(n, outlets, seed).article(i)`` is the same article every time it is asked for.

Each outlet frames its pages with its own boilerplate (a menu line, a standard intro, a closing
disclaimer and a "follow us" line), and the body is sentences of words drawn from a Zipf-like
vocabulary (common words repeat as in real text). ``COPY_RATE`` of the articles are planted copies
of a recent article, published by another outlet in its own frame: exact, edited (10% of words
replaced), truncated (first 60% of the sentences) or wrapped (a new intro and outro).

With ``headlines``, an original's title is the start of its first sentence and a copy keeps its
source's title, so headlines make claims; ``factchecks(k)`` then gives fact-checks of some of
those claims (and of claims nobody made), for tests of fact-check matching at scale.
"""

from __future__ import annotations

import datetime
import itertools
import random
from functools import lru_cache

from newstrace.model import Article, Source

KINDS = ("exact", "edited", "truncated", "wrapped")
COPY_RATE = 0.05
HEADLINE_WORDS = 9  # words of an original's first sentence its headline keeps


class Corpus:
    """A generated corpus: ``article(i)`` is the same every time it is asked for."""

    def __init__(
        self,
        n: int,
        outlets: int,
        seed: int,
        *,
        sentences: tuple[int, int] = (8, 16),
        lang: str = "xx",
        headlines: bool = False,
    ):
        """``sentences``: the least and most sentences of an original's body; ``headlines``:
        titles that make the article's claim (else "Article N")."""
        rng = random.Random(seed)
        self.seed = seed
        self.headlines = headlines
        self.sentences = sentences
        self.lang = lang
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
            return tuple(
                self._sentence(rng, rng.randint(12, 28)) for _ in range(rng.randint(*self.sentences))
            )
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
            title=self.headline(i) if self.headlines else f"Article {i}",
            text="\n".join([*head, *self.body(i), *foot]),
            published=day.isoformat(),
            outlet=self.outlets[outlet],
            lang=self.lang,
        )

    def headline(self, i: int) -> str:
        """The start of the first sentence of article ``i``'s original: what it claims."""
        words = self.body(self.root(i))[0].rstrip(".").split()
        return " ".join(words[:HEADLINE_WORDS])

    def factchecks(self, k: int, seed: int = 0) -> list[dict]:
        """``k`` fact-checks of claims some articles make — the headline of an original that was
        copied, one word left out — and ``k // 2`` of claims no article makes, as records of
        the fields a ClaimReview carries (claim, verdict, url, date, lang, publisher) and the
        original whose claim it checks (``article``, None for the others): ``claimreview`` writes
        one as JSON-LD. The same ones every time."""
        rng = random.Random(self.seed * 7919 + seed)
        copied = sorted({self.root(i) for i in self.copied})
        checked = rng.sample(copied, min(k, len(copied)))
        out = []
        for n, i in enumerate(checked + [None] * (k // 2)):
            if i is None:
                words = self._sentence(rng, HEADLINE_WORDS).rstrip(".").split()
                day = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            else:
                words = self.headline(i).split()
                del words[rng.randrange(1, len(words))]
                day = datetime.date.fromisoformat(self.article(i).published) + datetime.timedelta(days=2)
            out.append(
                {
                    "claim": " ".join(words),
                    "verdict": rng.choice(("False", "Misleading", "Mostly false")),
                    "url": f"https://checker{n % 3}.example/checks/{n}",
                    "date": day.isoformat(),
                    "lang": self.lang,
                    "publisher": f"Checker {n % 3}",
                    "article": i,
                }
            )
        return out

    def root(self, i: int) -> int:
        while i in self.copied:  # a copy may itself have been copied
            i = self.copied[i][0]
        return i

    @staticmethod
    def claimreview(factcheck: dict[str, str]) -> dict:
        """A record of ``factchecks`` as schema.org ClaimReview (JSON-LD)."""
        return {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": factcheck["url"],
            "claimReviewed": factcheck["claim"],
            "datePublished": factcheck["date"],
            "inLanguage": factcheck["lang"],
            "author": {"@type": "Organization", "name": factcheck["publisher"]},
            "reviewRating": {"@type": "Rating", "alternateName": factcheck["verdict"]},
        }

    def record(self, i: int) -> dict[str, str | None]:
        """Article ``i`` as a JSONL export record (what `newstrace run` and `batch` read)."""
        a = self.article(i)
        return {
            "url": a.key,
            "title": a.title,
            "text": a.text,
            "published": a.published,
            "outlet": a.outlet,
            "lang": self.lang,
        }
