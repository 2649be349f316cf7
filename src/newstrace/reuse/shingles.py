"""Words and word n-gram shingles with character offsets, normalised so light edits
(case, accents, punctuation, typographic quotes) do not hide a copy."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Han, kana: scripts written without spaces, where one character is the unit (a run of them is a
# whole clause, so "\w+" would make every Chinese sentence one word and no shingle ever shared)
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[^\W{CJK}]+|[{CJK}]", re.UNICODE)
# the same words in a text with no character of those scripts, found faster
_PLAIN_WORD = re.compile(r"\w+", re.UNICODE)
_CJK_CHAR = re.compile(f"[{CJK}]")
SHINGLE = 5  # words per shingle: long enough to be rare by chance, short enough to survive edits


class Words:
    """A text's normalised words, and where each is in the original text. The offsets are
    found when first asked for: only passage alignment needs them, not a signature or a site
    profile, which read every text."""

    __slots__ = ("tokens", "_text", "_starts", "_ends")

    def __init__(self, text: str, tokens: list[str]):
        self.tokens = tokens
        self._text = text
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Character offset of each word in the original text."""
        if self._starts is None:
            self._offsets()
        return self._starts  # type: ignore[return-value]

    @property
    def ends(self) -> list[int]:
        if self._ends is None:
            self._offsets()
        return self._ends  # type: ignore[return-value]

    def _offsets(self) -> None:
        spans = [m.span() for m in _pattern(self._text).finditer(self._text)]
        self._starts = [a for a, _ in spans]
        self._ends = [b for _, b in spans]


def _normalised(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class _Normal(dict):
    """word -> normalised word, computed on first sight. A plain dict looked up from C (``map``
    over ``__getitem__``) costs a third of an ``lru_cache`` call, and every text's every word goes
    through it; emptied when it holds NORMAL_CACHE words, so memory stays bounded."""

    def __missing__(self, word: str) -> str:
        if len(self) >= NORMAL_CACHE:
            self.clear()
        value = self[word] = _normalised(word)
        return value


NORMAL_CACHE = 500_000
_normal = _Normal()


def normalise(word: str) -> str:
    return _normal[word]


@lru_cache(maxsize=2048)  # a new article is aligned with many candidates; tokenise each text once
def words(text: str) -> Words:
    return Words(text, list(map(_normal.__getitem__, _pattern(text).findall(text))))


def _pattern(text: str) -> re.Pattern[str]:
    return _WORD if _CJK_CHAR.search(text) else _PLAIN_WORD


def shingles(tokens: list[str], n: int = SHINGLE) -> list[str]:
    # the n shifted lists end together at the last full n-gram
    return list(map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False)))


@lru_cache(maxsize=64)  # a new text's signature and its site's profile read it one after the other
def shingle_set(text: str) -> frozenset[str]:
    """A text's distinct shingles: what its MinHash signature and its site's profile count, built
    once for both."""
    tokens = words(text).tokens
    return frozenset(map(" ".join, zip(*(tokens[i:] for i in range(SHINGLE)), strict=False)))
