"""JSON and JSONL exports of articles (scrapers, monitoring tools, newstrace's own export)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from newstrace.errors import InputError
from newstrace.ingest.decode import decode
from newstrace.model import RawDocument, Rejection, Source

# Field names other tools use for ours. The first present wins.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "href", "canonical_url", "source_url"),
    "title": ("title", "headline", "name"),
    "text": ("text", "body", "content", "article", "maintext", "raw_text"),
    "html": ("html", "raw_html", "content_html"),
    "published": (
        "published",
        "date",
        "published_at",
        "publish_date",
        "pubDate",
        "date_publish",
        "datePublished",
    ),
    "outlet": ("outlet", "source", "site", "site_name", "sitename", "domain", "publisher"),
    "lang": ("lang", "language"),
    "author": ("author", "authors", "byline", "creator"),
}


def _field(record: dict[str, Any], name: str) -> Any:
    for alias in FIELD_ALIASES[name]:
        value = record.get(alias)
        if value not in (None, "", []):
            if name == "outlet" and isinstance(value, dict):
                value = value.get("name") or value.get("id")
            if name == "author" and isinstance(value, list):
                value = ", ".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
            if name == "author" and isinstance(value, dict):
                value = value.get("name")
            return value
    return None


def record_to_raw(record: Any, location: str, where: str, max_bytes: int) -> RawDocument:
    """One JSON object -> RawDocument; InputError names what is missing."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    text, html = _field(record, "text"), _field(record, "html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise InputError("record has neither 'text' nor 'html' (one of them is required)")
    size = len(text or "") + len(html or "")
    if size > max_bytes:
        raise InputError(f"record is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")
    meta = {name: _field(record, name) for name in ("url", "title", "published", "outlet", "lang", "author")}
    meta = {k: v for k, v in meta.items() if v not in (None, "")}
    if "lang" in meta:
        meta["lang"] = str(meta["lang"]).lower()[:2]
    raw_hash = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    source = Source(kind="json", location=location, record=where)
    if isinstance(text, str) and text.strip():
        return RawDocument(source=source, text=text, meta=meta, raw_hash=raw_hash)
    return RawDocument(source=source, html=html, meta=meta, raw_hash=raw_hash)


def iter_jsonl(data: bytes, location: str, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    text = decode(data)
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        item = f"{location} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(item, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield record_to_raw(record, location, f"line {number}", max_bytes)
        except InputError as exc:
            yield Rejection(item, str(exc))


def iter_json(data: bytes, location: str, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    text = decode(data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        # A .json file holding one object per line is common; read it as JSONL then.
        if text.lstrip().startswith("{") and "\n{" in text:
            yield from iter_jsonl(data, location, max_bytes)
            return
        raise InputError(f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
    if isinstance(doc, dict) and isinstance(doc.get("articles"), list):
        items = doc["articles"]  # newstrace's own export, or {"articles": [...]} from other tools
    elif isinstance(doc, list):
        items = doc
    else:
        items = [doc]
    for number, record in enumerate(items):
        try:
            yield record_to_raw(record, location, f"item {number}", max_bytes)
        except InputError as exc:
            yield Rejection(f"{location} item {number}", str(exc))
