"""RSS and Atom feeds, from files or URLs.

An entry that carries its article (content:encoded, Atom content) becomes an article directly;
an entry with only a summary has its link fetched, since a summary is not the article.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from newstrace.errors import InputError
from newstrace.model import RawDocument, Rejection, Source

MIN_CONTENT_CHARS = 500  # shorter entry content is a teaser; fetch the page instead


def _published(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%d", parsed)
    return entry.get("published") or entry.get("updated")


def parse(data: bytes, location: str):
    feed = feedparser.parse(data)
    if not feed.entries and (feed.bozo or not feed.get("feed")):
        reason = getattr(feed, "bozo_exception", None)
        raise InputError(f"not a readable RSS/Atom feed ({reason or 'no entries'})")
    return feed


def iter_feed(
    data: bytes, location: str, *, fetcher: Any = None, max_bytes: int, kind: str = "feed"
) -> Iterator[RawDocument | Rejection]:
    feed = parse(data, location)
    site = feed.feed.get("title")
    for number, entry in enumerate(feed.entries):
        link = entry.get("link")
        item = f"{location} entry {number} ({link or entry.get('title', 'untitled')})"
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry.content), key=len)
        meta = {
            "url": link,
            "title": entry.get("title"),
            "published": _published(entry),
            "author": entry.get("author"),
        }
        meta = {k: v for k, v in meta.items() if v}
        if len(content) >= MIN_CONTENT_CHARS:
            if len(content) > max_bytes:
                yield Rejection(item, f"entry is over the {max_bytes / 1e6:.1f} MB limit")
                continue
            source = Source(kind=kind, location=location, record=entry.get("id") or link or str(number))
            raw_hash = hashlib.sha256(f"{link}\n{content}".encode()).hexdigest()
            html = f"<html><head><title>{entry.get('title', '')}</title></head><body><article>{content}</article></body></html>"
            meta.setdefault("site_name", site)
            yield RawDocument(source=source, html=html, meta=meta, raw_hash=raw_hash)
        elif link and link.startswith(("http://", "https://")) and fetcher is not None:
            for fetched in fetcher.iter_url(link, follow_feeds=False):
                if isinstance(fetched, RawDocument):
                    fetched.meta = {**meta, **fetched.meta}
                yield fetched
        else:
            yield Rejection(item, "entry has no full text and no link to fetch")
