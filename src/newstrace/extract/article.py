from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from urllib.parse import urlsplit

from dateutil import parser as dateparser

from newstrace.errors import InputError
from newstrace.extract.clean import clean
from newstrace.extract.dates import url_date
from newstrace.extract.html import extract_html
from newstrace.extract.lang import detect_language
from newstrace.model import Article, RawDocument
from newstrace.outlets import OutletRegistry, domain_of

MIN_TEXT_CHARS = 80  # below this an "article" is a stub, an error page or a menu


def content_hash(title: str, text: str) -> str:
    normal = re.sub(r"\s+", " ", f"{title}\n{text}").strip().casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def iso_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from whatever a source gave, or None when it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        parsed = dateparser.parse(str(value), fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if not 1990 <= parsed.year <= 2100:
        return None
    return parsed.date().isoformat()


def _split_txt(text: str) -> tuple[str, str]:
    """The .txt shape: first line the title, then a blank line, then the body."""
    text = text.lstrip("\ufeff").strip()
    first, _, rest = text.partition("\n")
    return first.strip(), rest.strip()


def extract(raw: RawDocument, registry: OutletRegistry) -> Article:
    """Turn one raw document into an Article, or raise InputError saying why it cannot be one."""
    meta = raw.meta
    url = meta.get("url") or raw.source.fetched_url
    title = (meta.get("title") or "").strip()
    author = meta.get("author")
    published = meta.get("published")
    site_name = None
    canonical = None
    if raw.html is not None:
        page = extract_html(raw.html, url)
        text = page.text
        title = title or page.title or ""
        author = author or page.author
        published = published or page.date
        site_name = page.site_name
        canonical = page.canonical_url
    else:
        text = raw.text or ""
        if not title and raw.source.kind == "file":
            title, text = _split_txt(text)
    body, credits = clean(text, registry)
    if len(body) < MIN_TEXT_CHARS:
        found = f"only {len(body)} characters" if body else "nothing"
        raise InputError(f"no article text found ({found}: empty page, error page or not an article)")
    if not title:
        title = body.split("\n", 1)[0][:120]

    lang = meta.get("lang") or detect_language(f"{title}\n{body}")
    outlet = None
    if meta.get("outlet"):
        outlet = registry.by_name(str(meta["outlet"]), partial=True) or str(meta["outlet"])
    outlet = (
        outlet
        or registry.by_domain(canonical)
        or registry.by_domain(url)
        or (registry.by_name(site_name) if site_name else None)
        or domain_of(canonical or url)
    )
    if (
        canonical
        and urlsplit(canonical).path in ("", "/")
        and (url or "").rstrip("/") != canonical.rstrip("/")
    ):
        canonical = None  # a canonical link to the home page names the site, not this article
    if canonical or url:
        key = canonical or url
    elif raw.source.kind == "file":
        key = raw.source.key()  # a file edited in place is a new version of the same article
    else:
        # a record without URL has no identity but its text: its position in an export changes
        key = f"{raw.source.location}#{content_hash(title, body)[:16]}"
    return Article(
        id=None,
        key=key,
        source=raw.source,
        content_hash=content_hash(title, body),
        raw_hash=raw.raw_hash,
        title=title,
        text=body,
        url=url or canonical,
        canonical_url=canonical,
        author=str(author).strip() if author else None,
        # a text record's URL dates it as a page's would (extract.dates: the URL comes first)
        published=iso_date(published) or (url_date(url) if raw.html is None else None),
        site_name=site_name,
        outlet=outlet,
        lang=lang,
        credits=credits,
    )
