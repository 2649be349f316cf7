"""Words and word n-gram shingles with character offsets, normalised so light edits
(case, accents, punctuation, typographic quotes) do not hide a copy."""

from __future__ import annotations

import multiprocessing
import os
import re
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import TypeVar

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
        spans = list(map(re.Match.span, _pattern(self._text).finditer(self._text)))
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
    once for both (or taken from ``shingled_ahead``, which built it in another process)."""
    ready = _ahead.pop(text, None)
    if ready is not None:
        return ready
    tokens = words(text).tokens
    return frozenset(map(" ".join, zip(*(tokens[i:] for i in range(SHINGLE)), strict=False)))


# -- the per-text part in other processes --------------------------------------------------------
AHEAD_CHUNK = 100  # texts per task
AHEAD_IN_FLIGHT = 2  # tasks queued per worker
AHEAD_MIN = 2000  # fewer items than this are not worth starting processes for
_ahead: dict[str, frozenset[str]] = {}  # shingle sets built ahead, each taken once by shingle_set
T = TypeVar("T")


def _shingle_sets(texts: list[str]) -> tuple[list[frozenset[str]], float]:
    started = time.process_time()
    return [shingle_set(text) for text in texts], time.process_time() - started


def shingled_ahead(
    items: Iterable[T],
    text_of: Callable[[T], str | None],
    workers: int | None = None,
    total: int | None = None,
    spent: list[float] | None = None,
) -> Iterator[T]:
    """``items`` in their order, each one's text (``text_of``) already tokenised and shingled by
    ``workers`` processes (default: one per core), a few chunks ahead: ``shingle_set`` then takes
    the set built for it instead of building it. So the part of the copy path that depends on an
    article alone (tokens, shingles) runs beside the part that must follow the articles' order
    (site profiles, signature without the site's boilerplate, index, alignment), and the answers
    are those of one process. Below AHEAD_MIN items (``total``, when known), with one worker, or if
    the pool fails, the items pass through and each set is built where it is asked for. The
    workers' CPU time is added to ``spent[0]``."""
    workers = (os.cpu_count() or 1) if workers is None else workers
    if workers <= 1 or (total is not None and total < AHEAD_MIN):
        yield from items
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    from concurrent.futures import ProcessPoolExecutor

    source = iter(items)
    pending: deque = deque()  # (items, their texts, future of their shingle sets)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:

        def submit() -> None:
            chunk = list(islice(source, AHEAD_CHUNK))
            if chunk:
                texts = [t for t in map(text_of, chunk) if t]
                pending.append((chunk, texts, pool.submit(_shingle_sets, texts)))

        for _ in range(workers * AHEAD_IN_FLIGHT):
            submit()
        while pending:
            chunk, texts, future = pending.popleft()
            try:
                sets, seconds = future.result()
                _ahead.update(zip(texts, sets, strict=True))
                if spent is not None:
                    spent[0] += seconds
            except Exception:  # a worker died: these texts are shingled where they are asked for
                pass
            submit()
            yield from chunk
            for text in texts:  # the sets of texts nobody asked for are not kept
                _ahead.pop(text, None)
