"""Text a site repeats on its pages — a disclaimer, a "follow us on Telegram" line, a
standard intro — is not reuse. Such shingles are found per outlet from its recent pages and
left out of both the MinHash signature and the passage alignment."""

from __future__ import annotations

import math
import re
from collections import Counter, deque
from collections.abc import Callable

from newstrace.reuse.shingles import CJK, shingle_set

KEEP = 40  # recent pages remembered per outlet
MIN_PAGES = 3  # a shingle on fewer pages than this is never boilerplate
MIN_SHARE = 0.3  # ... nor one on less than this share of the outlet's recent pages


class SiteProfiles:
    def __init__(self, recent_texts: Callable[[str, int], list[str]] | None = None):
        """``recent_texts(outlet, n)`` returns up to n stored texts of an outlet, so that a new
        run knows each site's boilerplate without re-reading the whole collection."""
        self._recent_texts = recent_texts
        self._sites: dict[str, _Site] = {}
        self._seen: set[int] = set()
        self._preloading = False

    def _site(self, outlet: str) -> _Site:
        site = self._sites.get(outlet)
        if site is None:
            site = self._sites[outlet] = _Site()
            for text in self._recent_texts(outlet, KEEP) if self._recent_texts else []:
                site.remember(text)
        return site

    def add(self, outlet: str | None, text: str, article_id: int | None = None) -> None:
        """Learn from one page (once per ``article_id``). A run feeds the pages it is about to
        compare first, so even the first pages of a new site are compared without its
        boilerplate."""
        if not outlet or (article_id is not None and article_id in self._seen):
            return
        if article_id is not None:
            self._seen.add(article_id)
        site = self._site(outlet)
        if len(site.pages) >= KEEP and article_id is not None and self._preloading:
            return
        site.remember(text)

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
        return self._site(outlet).boilerplate()


class _Site:
    """One outlet's last KEEP pages (their shingle sets), on how many of them each shingle occurs,
    and the shingles at or above the floor. Only shingles on a remembered page are counted, and
    the boilerplate set changes only where a count crosses the floor: learning a page costs its
    own shingles, whatever the site published before. Most of a page's shingles are on no other
    page (its own story): those are kept in a set (``once``) and move in and out of it by set
    operations done in C, so the Python loops run only over the shingles other pages share."""

    __slots__ = ("pages", "once", "counts", "floor", "repeated", "_frozen")

    def __init__(self) -> None:
        self.pages: deque[frozenset[str]] = deque()
        self.once: set[str] = set()  # shingles on one remembered page
        self.counts: dict[str, int] = {}  # those on two or more, and on how many
        self.floor = MIN_PAGES
        self.repeated: set[str] = set()
        self._frozen: frozenset[str] | None = frozenset()

    def remember(self, text: str) -> None:
        grams = shingle_set(text)
        self.pages.append(grams)
        counts, once, floor, repeated = self.counts, self.once, self.floor, self.repeated
        changed = False
        several = grams & counts.keys()
        again = grams & once  # on one page until now: on two (below any floor, MIN_PAGES >= 2)
        once -= again
        counts.update(dict.fromkeys(again, 2))
        once |= grams - several - again
        for gram in several:
            n = counts[gram] + 1
            counts[gram] = n
            if n == floor:
                repeated.add(gram)
                changed = True
        if len(self.pages) > KEEP:
            forgotten = self.pages.popleft()
            gone = forgotten & once
            once -= gone
            for gram in forgotten - gone:
                n = counts[gram] - 1
                if n == 1:
                    del counts[gram]
                    once.add(gram)
                else:
                    counts[gram] = n
                if n == floor - 1:
                    repeated.discard(gram)
                    changed = True
        # a shingle is boilerplate on at least MIN_PAGES pages and MIN_SHARE of them
        floor = max(MIN_PAGES, math.ceil(MIN_SHARE * len(self.pages)))
        if floor != self.floor:
            if floor > self.floor:  # as pages are added: some of the repeated fall below it
                self.repeated = {g for g in repeated if counts[g] >= floor}
            else:
                self.repeated = {g for g, n in counts.items() if n >= floor}
            self.floor = floor
            changed = True
        if changed:
            self._frozen = None

    def boilerplate(self) -> frozenset[str]:
        if self._frozen is None:
            self._frozen = frozenset(self.repeated)
        return self._frozen


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
