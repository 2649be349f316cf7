"""What an article brings to story grouping: an embedding of its whole text and language-neutral anchors.

The embedding is the mean of multilingual USE v3 sentence vectors over the title and every sentence
of the body, not only the lead (boilerplate at the top of an extracted text is one sentence among
many then; LESSONS.md case 3). Anchors are what a translation keeps whatever the script (case 1):

- ``n:`` numbers in digits (``1 200`` = ``1,200``; Arabic-Indic digits too; number words are left
  out: they cost more in false matches than they bring here),
- ``d:`` day and month mentioned ("26 August" = "26 августа" = "26 آب"),
- ``k:`` three-letter keys of the consonant skeletons of names, so Дейр-эз-Зор, Deir ez-Zor and
  دير الزور, or Абу-Кемаль, Abu Kamal and البوكمال, share keys although each script spells them
  differently.

All three come from ``newstrace.anchors``; the corpus-wide rarity weighting (``clustering``)
keeps common keys from mattering.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newstrace.anchors import dates, name_keys, numbers
from newstrace.model import Article, publication_day
from newstrace.reuse.translation import embed
from newstrace.text import sentences

DIM = 512
# Bump when ``anchors`` changes what keys it makes: stored anchors of another version are made
# again from the article's text (``stories.store.load_index``), so old and new keys never mix.
ANCHORS_VERSION = 2


@dataclass(slots=True)
class ArticleFeatures:
    """One article as story grouping sees it."""

    article_id: int
    lang: str
    vector: np.ndarray  # unit-length mean sentence embedding, language mean not yet removed
    anchors: frozenset[str]
    day: int | None  # publication date as a day ordinal, None when unknown
    title: str
    outlet: str | None
    published: str | None


def features(articles: list[Article]) -> list[ArticleFeatures]:
    """Features of a batch; the sentences of all articles are embedded in one call."""
    texts: list[list[str]] = []
    for article in articles:
        body = [s.text for s in sentences(article.text) if len(s.text.split()) >= 3]
        texts.append([article.title, *body] if article.title.strip() else body or [article.text[:2000]])
    flat = [t for group in texts for t in group]
    vectors = embed(flat) if flat else np.zeros((0, DIM), dtype=np.float32)
    result, pos = [], 0
    for article, group in zip(articles, texts, strict=True):
        mean = vectors[pos : pos + len(group)].mean(axis=0) if group else np.zeros(DIM, dtype=np.float32)
        pos += len(group)
        norm = float(np.linalg.norm(mean))
        result.append(
            ArticleFeatures(
                article_id=int(article.id) if article.id is not None else -1,
                lang=article.lang or "und",
                vector=(mean / norm if norm > 0 else mean).astype(np.float32),
                anchors=anchors(f"{article.title}\n{article.text}"),
                day=publication_day(article.published),
                title=article.title,
                outlet=article.outlet,
                published=article.published,
            )
        )
    return result


def anchors(text: str) -> frozenset[str]:
    """Anchor keys of a text: ``n:`` numbers, ``d:`` day and month, ``k:`` name keys."""
    keys = {f"n:{n}" for n in numbers(text) if len(n) <= 9}  # longer ones are identifiers, not figures
    keys.discard("n:0")
    keys.update(f"d:{d}" for d in dates(text))
    keys.update(f"k:{k}" for k in name_keys(text))
    return frozenset(keys)
