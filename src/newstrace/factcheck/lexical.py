"""Word overlap between a claim and fact-checks: stemmed BM25 and the share of the claim's word
weight a fact-check covers, each language with its own Snowball stemmer and stop words.

Words are compared within a language only (a French claim shares few stems with an English
fact-check); names and numbers across scripts are ``newstrace.anchors``'s job. Languages without
a stemmer in ``data/matcher.yaml`` are lower-cased and compared whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import bm25s
import numpy as np

from newstrace.factcheck.settings import settings

_WORD = re.compile(r"[^\W_]{2,}")  # one-letter words and the s of "Trump's" say nothing


@lru_cache(maxsize=64)
def _stemmer(lang: str | None):
    name = settings()["stemmers"].get(lang or "")
    if not name:
        return None
    import Stemmer

    return Stemmer.Stemmer(name)


@lru_cache(maxsize=64)
def _stopwords(lang: str | None) -> frozenset[str]:
    import bm25s.stopwords

    name = settings()["stopwords"].get(lang or "")
    return frozenset(getattr(bm25s.stopwords, name, ())) if name else frozenset()


def words(text: str, lang: str | None) -> list[str]:
    """Stems of the words of ``text`` that are not stop words of ``lang`` (repeats kept)."""
    stop = _stopwords(lang)
    tokens = [w for w in (m.group(0).casefold() for m in _WORD.finditer(text)) if w not in stop]
    stemmer = _stemmer(lang)
    if stemmer is not None:
        tokens = stemmer.stemWords(tokens)
    # no language tag: names ('trump', 'deir') match across the languages that share a script
    return tokens


class WordIndex:
    """BM25 and weighted coverage of a set of documents, given as token lists."""

    def __init__(self, docs: Sequence[list[str]], k1: float, b: float):
        self.size = len(docs)
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        # bm25s wants one token at least per document
        self._bm25.index([d or ["\x00"] for d in docs], show_progress=False)
        postings: dict[str, list[int]] = {}
        for n, doc in enumerate(docs):
            for token in set(doc):
                postings.setdefault(token, []).append(n)
        self._postings = {t: np.asarray(p, dtype=np.int64) for t, p in postings.items()}
        # idf with the same smoothing as lucene's BM25
        self._idf = {
            t: float(np.log(1 + (self.size - len(p) + 0.5) / (len(p) + 0.5))) for t, p in postings.items()
        }
        self._mass = np.array([sum(self._idf[t] for t in set(doc)) for doc in docs], dtype=np.float32)

    def bm25(self, query: list[str]) -> np.ndarray:
        if not query:
            return np.zeros(self.size, dtype=np.float32)
        return self._bm25.get_scores(query)

    def coverage(self, query: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Shares of the query's distinct words that each document contains, and of each
        document's words that the query contains, weighted by rarity (words no document has
        weigh as much as the rarest)."""
        out = np.zeros(self.size, dtype=np.float32)
        distinct = set(query)
        if not distinct:
            return out, out.copy()
        unseen = float(np.log(1 + (self.size + 0.5) / 0.5))
        total = 0.0
        for token in distinct:
            idf = self._idf.get(token, unseen)
            total += idf
            found = self._postings.get(token)
            if found is not None:
                out[found] += idf
        return out / total, out / np.maximum(self._mass, 1e-9)
