"""HTML -> main text and metadata with trafilatura."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import trafilatura

from newstrace.extract.dates import page_date

# trafilatura logs every unparsable page at ERROR; we report such pages ourselves, once.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


@dataclass(slots=True)
class Page:
    text: str
    title: str | None
    author: str | None
    date: str | None
    site_name: str | None
    canonical_url: str | None


def extract_html(html: str, url: str | None = None) -> Page:
    # fast=True skips trafilatura's fallback extractors (3-5x quicker); when the fast pass finds
    # little, the full pass with fallbacks gets a second chance.
    doc = _bare(html, url, fast=True)
    if doc is None or len(doc.text or "") < 200:
        slow = _bare(html, url, fast=False)
        if slow is not None and len(slow.text or "") > len((doc.text if doc else "") or ""):
            doc = slow
    if doc is None:
        return Page("", None, None, None, None, None)
    return Page(
        text=doc.text or "",
        title=doc.title,
        author=doc.author,
        date=page_date(html, url),
        site_name=doc.sitename,
        canonical_url=doc.url if doc.url and doc.url.startswith("http") else None,
    )


def _bare(html: str, url: str | None, *, fast: bool):
    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        fast=fast,
        deduplicate=False,
        # the date trafilatura finds may come from the body; page_date() sets it instead
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
