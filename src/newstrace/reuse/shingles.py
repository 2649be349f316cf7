"""Words and word n-gram shingles with character offsets, normalised so light edits
(case, accents, punctuation, typographic quotes) do not hide a copy."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Han, kana: scripts written without spaces, where one character is the unit (a run of them is a
# whole clause, so "\w+" would make every Chinese sentence one word and no shingle ever shared)
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{CJK}]|[^\W{CJK}]+", re.UNICODE)
SHINGLE = 5  # words per shingle: long enough to be rare by chance, short enough to survive edits


@dataclass(slots=True)
class Words:
    tokens: list[str]  # normalised words
    starts: list[int]  # character offset of each word in the original text
    ends: list[int]


@lru_cache(maxsize=500_000)
def normalise(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=2048)  # a new article is aligned with many candidates; tokenise each text once
def words(text: str) -> Words:
    tokens, starts, ends = [], [], []
    for m in _WORD.finditer(text):
        tokens.append(normalise(m.group(0)))
        starts.append(m.start())
        ends.append(m.end())
    return Words(tokens, starts, ends)


def shingles(tokens: list[str], n: int = SHINGLE) -> list[str]:
    return [" ".join(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1))]
