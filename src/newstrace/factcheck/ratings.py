"""A publisher's verdict ("Faux", "Pants on Fire", "Вводит в заблуждение", 1 of 5) -> one of
``RATINGS``. The phrases are data: ``data/ratings.yaml``."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import yaml

from newstrace.model import RATINGS


def _fold(text: str) -> str:
    """Lower case, no accents (but Arabic and Cyrillic letters kept), single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # ё/й lose their marks too, which is what Russian verdict writers often do anyway
    return re.sub(r"[\s\-_/.,;:!?«»\"“”()]+", " ", stripped).strip()


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[str, str]]:
    text = resources.files("newstrace.factcheck").joinpath("data/ratings.yaml").read_text("utf-8")
    # YAML 1.1 reads the keys false/true as booleans
    data = {str(k).lower(): v for k, v in yaml.safe_load(text).items()}
    phrases = [(_fold(str(p)), rating) for rating, words in data.items() if rating in RATINGS for p in words]
    return sorted(phrases, key=lambda p: -len(p[0]))


def normalise_rating(verdict: str | None) -> str | None:
    """The rating a verdict states, or None when it cannot be read."""
    if not verdict:
        return None
    folded = f" {_fold(verdict)} "
    for phrase, rating in _phrases():
        if f" {phrase} " in folded:
            return rating
    return None


def rating_from_scale(value: object, best: object = 5, worst: object = 1) -> str | None:
    """A numeric rating (schema.org ratingValue on a worst..best scale) -> a rating."""
    try:
        v, hi, lo = (
            float(value),
            float(best if best is not None else 5),
            float(worst if worst is not None else 1),
        )
    except (TypeError, ValueError):
        return None
    if hi <= lo or not lo <= v <= hi:
        return None
    share = (v - lo) / (hi - lo)
    if share <= 0.2:
        return "false"
    if share < 0.5:
        return "misleading"
    if share < 0.75:
        return "mixed"
    return "true"
