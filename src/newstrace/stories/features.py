"""What an article brings to story grouping: an embedding of its whole text and language-neutral anchors.

The embedding is the mean of multilingual USE v3 sentence vectors over the title and every sentence
of the body, not only the lead (boilerplate at the top of an extracted text is one sentence among
many then; LESSONS.md case 3). Anchors are what a translation keeps whatever the script (case 1):

- ``n:`` numbers (``1 200`` = ``1,200``; Arabic-Indic digits too),
- ``d:`` day and month mentioned ("26 August" = "26 августа" = "26 آب"),
- ``k:`` consonant skeletons of names: the name transliterated to Latin (``anyascii``), lower-cased,
  vowels dropped, cut into three-letter pieces, so Дейр-эз-Зор, Deir ez-Zor and دير الزور, or
  Абу-Кемаль, Abu Kamal and البوكمال, share keys although each script spells them differently.

Names are capitalised words in scripts with case; Arabic has no case, so every Arabic word counts
and the corpus-wide rarity weighting (``clustering``) keeps common words from mattering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml
from anyascii import anyascii

from newstrace.model import Article
from newstrace.reuse.translation import embed, numbers
from newstrace.text import sentences

DIM = 512
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_VOWELS = re.compile(r"[aeiouyhw'’`]")
# Russian case endings -ом/-ем and -ах/-ях survive as a trailing m or k (from kh) in the skeleton.
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARTICLES = {"al", "el", "ad", "ag", "ar", "as", "ash", "at", "az", "ed", "en", "er", "es", "et", "ez", "an"}


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
                day=_day(article.published),
                title=article.title,
                outlet=article.outlet,
                published=article.published,
            )
        )
    return result


def anchors(text: str) -> frozenset[str]:
    keys = {f"n:{int(n)}" for n in numbers(text) if n and len(n) <= 9}
    keys.discard("n:0")
    keys.update(f"d:{d}" for d in dates(text))
    keys.update(f"k:{k}" for k in name_keys(text))
    return frozenset(keys)


def name_keys(text: str) -> set[str]:
    """Consonant-skeleton trigrams of the names in a text, comparable across scripts."""
    keys: set[str] = set()
    for match in _WORD.finditer(text):
        word = match.group(0)
        arabic = bool(_ARABIC.match(word))
        if not arabic and not word[0].isupper():
            continue
        if not arabic and word.isupper() and len(word) <= 5:
            continue  # acronyms are spelt differently in every language (ИГ, IS, EI, ISIS)
        latin = anyascii(word).lower()
        if arabic and latin.startswith(("l", "wl", "bl")) and len(latin) > 3:
            latin = latin[latin.index("l") + 1 :]  # the article ال, also after و and ب
        elif latin in _ARTICLES:
            continue
        skeleton = _VOWELS.sub("", latin.replace("j", "y").replace("ch", "sh"))
        skeleton = re.sub(r"[^a-z]", "", skeleton)
        skeleton = re.sub(r"(.)\1+", r"\1", skeleton)  # doubled letters: Shaddadi = Шаддади = الشدادي
        if _CYRILLIC.match(word) and len(skeleton) > 2 and skeleton[-1] in "mk":
            skeleton = skeleton[:-1]
        if len(skeleton) < 2:
            continue
        if len(skeleton) <= 3:
            keys.add(skeleton)
        else:
            keys.update(skeleton[i : i + 3] for i in range(len(skeleton) - 2))
    return keys


@lru_cache(maxsize=1)
def _months() -> tuple[re.Pattern[str], dict[str, int]]:
    data = yaml.safe_load(
        resources.files("newstrace.stories").joinpath("data/months.yaml").read_text("utf-8")
    )
    names = {str(name).lower(): int(month) for month, spellings in data.items() for name in spellings}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<!\w)(\d{{1,2}})\.?\s+(?:de\s+)?({alternatives})(?!\w)|(?<!\w)({alternatives})\.?\s+(\d{{1,2}})(?!\d)",
        re.IGNORECASE,
    )
    return pattern, names


def dates(text: str) -> set[str]:
    """Day and month mentioned, as ``MM-DD``: '26 August', 'August 26', '26. August', '26 de agosto'."""
    pattern, names = _months()
    found = set()
    for match in pattern.finditer(text):
        day, name = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        month = names.get(name.lower())
        if month and 1 <= int(day) <= 31:
            found.add(f"{month:02d}-{int(day):02d}")
    return found


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None
