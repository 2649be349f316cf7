"""Text a site repeats on its pages — a disclaimer, a "follow us on Telegram" line, a
standard intro — is not reuse. Such shingles are found per outlet from its recent pages and
left out of both the MinHash signature and the passage alignment."""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable

from newstrace.reuse.shingles import CJK, shingles, words

KEEP = 40  # recent pages remembered per outlet
MIN_PAGES = 3  # a shingle on fewer pages than this is never boilerplate
MIN_SHARE = 0.3  # ... nor one on less than this share of the outlet's recent pages


class SiteProfiles:
    def __init__(self, recent_texts: Callable[[str, int], list[str]] | None = None):
        """``recent_texts(outlet, n)`` returns up to n stored texts of an outlet, so that a new
        run knows each site's boilerplate without re-reading the whole collection."""
        self._recent_texts = recent_texts
        self._pages: dict[str, deque[frozenset[str]]] = {}
        self._counts: dict[str, Counter[str]] = {}
        self._cache: dict[str, frozenset[str]] = {}
        self._seen: set[int] = set()
        self._preloading = False

    def _profile(self, outlet: str) -> deque[frozenset[str]]:
        if outlet not in self._pages:
            self._pages[outlet] = deque()
            self._counts[outlet] = Counter()
            for text in self._recent_texts(outlet, KEEP) if self._recent_texts else []:
                self._remember(outlet, text)
        return self._pages[outlet]

    def _remember(self, outlet: str, text: str) -> None:
        pages, counts = self._pages[outlet], self._counts[outlet]
        grams = frozenset(shingles(words(text).tokens))
        pages.append(grams)
        counts.update(grams)
        if len(pages) > KEEP:
            counts.subtract(pages.popleft())
        self._cache.pop(outlet, None)

    def add(self, outlet: str | None, text: str, article_id: int | None = None) -> None:
        """Learn from one page (once per ``article_id``). A run feeds the pages it is about to
        compare first, so even the first pages of a new site are compared without its
        boilerplate."""
        if not outlet or (article_id is not None and article_id in self._seen):
            return
        if article_id is not None:
            self._seen.add(article_id)
        if len(self._profile(outlet)) >= KEEP and article_id is not None and self._preloading:
            return
        self._remember(outlet, text)

    def preload(self, pages) -> None:
        """Learn from ``(article_id, outlet, text)`` about to be compared: up to KEEP per outlet."""
        self._preloading = True
        try:
            for article_id, outlet, text in pages:
                self.add(outlet, text, article_id)
        finally:
            self._preloading = False

    def boilerplate(self, outlet: str | None) -> frozenset[str]:
        """Shingles this outlet repeats across its pages."""
        if not outlet:
            return frozenset()
        pages = self._profile(outlet)
        if outlet not in self._cache:
            floor = max(MIN_PAGES, MIN_SHARE * len(pages))
            self._cache[outlet] = frozenset(g for g, n in self._counts[outlet].items() if n >= floor)
        return self._cache[outlet]


# -- the page around the article ---------------------------------------------------------------
PROSE_WORDS = 12  # a line this long is prose whatever its ending
PROSE_ENDED_WORDS = 5  # ... and one this long when it ends a sentence
_CJK_CHAR = re.compile(f"[{CJK}]")
_ENDS = tuple('.!?…:;»"”’)。！？」』؟')


def prose_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the lines that carry the article: extracted pages keep their menus,
    headline lists, tags, datelines and share bars at the top or bottom, as short lines without a
    sentence ending, and lists that repeat lines. Those are left out; so is any line the page
    repeats (a menu printed twice, a headline shown again above the text). Empty when no line
    qualifies (a caller then keeps the whole text)."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line.strip()))
        pos += len(line) + 1
    seen = Counter(stripped for _, _, stripped in lines if stripped)
    spans = []
    for start, end, stripped in lines:
        if not stripped or seen[stripped] > 1:
            continue
        # words between spaces (a URL or a path is one), or characters of a script without spaces
        n = max(len(stripped.split()), len(_CJK_CHAR.findall(stripped)))
        if n >= PROSE_WORDS or (n >= PROSE_ENDED_WORDS and stripped.endswith(_ENDS)):
            spans.append((start, end))
    return spans
