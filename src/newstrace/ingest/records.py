"""JSON and JSONL exports of articles (scrapers, monitoring tools, newstrace's own export)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
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


# ISO 639-2/3 codes and English names exporters use instead of ISO 639-1.
_LANG_NAMES = {
    "fra": "fr",
    "fre": "fr",
    "french": "fr",
    "eng": "en",
    "english": "en",
    "rus": "ru",
    "russian": "ru",
    "ara": "ar",
    "arabic": "ar",
    "deu": "de",
    "ger": "de",
    "german": "de",
    "spa": "es",
    "spanish": "es",
    "ita": "it",
    "italian": "it",
    "por": "pt",
    "portuguese": "pt",
    "ukr": "uk",
    "ukrainian": "uk",
    "zho": "zh",
    "chi": "zh",
    "chinese": "zh",
    "tur": "tr",
    "turkish": "tr",
    "fas": "fa",
    "per": "fa",
    "persian": "fa",
    "nld": "nl",
    "dut": "nl",
    "dutch": "nl",
    "pol": "pl",
    "polish": "pl",
}


def language_code(value: object) -> str | None:
    """ISO 639-1 code from 'fr', 'fr-FR', 'fra' or 'French'; None when we cannot name it."""
    text = str(value).strip().lower().replace("_", "-")
    if text in _LANG_NAMES:
        return _LANG_NAMES[text]
    base = text.split("-")[0]
    if len(base) == 2 and base.isalpha():
        return base
    return _LANG_NAMES.get(base)


def _clean_str(value: object) -> str:
    """A string SQLite can store: lone surrogates (from JSON escapes like \\ud800) replaced."""
    return str(value).encode("utf-8", errors="replace").decode("utf-8")


def record_to_raw(
    record: Any, location: str, where: str, max_bytes: int, *, kind: str = "json"
) -> RawDocument:
    """One JSON object (or a Parquet row: ``kind`` "parquet") -> RawDocument; InputError names
    what is missing."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    text, html = _field(record, "text"), _field(record, "html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise InputError("record has neither 'text' nor 'html' (one of them is required)")
    size = len(text or "") + len(html or "")
    if size > max_bytes:
        raise InputError(f"record is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")
    meta = {name: _field(record, name) for name in ("url", "title", "published", "outlet", "lang", "author")}
    meta = {k: _clean_str(v) for k, v in meta.items() if v not in (None, "")}
    meta = {k: v for k, v in meta.items() if v}
    if "lang" in meta:
        lang = language_code(meta["lang"])
        if lang:
            meta["lang"] = lang
        else:
            del meta["lang"]  # unknown code: let the language identifier decide
    if isinstance(text, str):
        text = _clean_str(text)
    if isinstance(html, str):
        html = _clean_str(html)
    raw_hash = hashlib.sha256(
        json.dumps(record, sort_keys=True, ensure_ascii=True, default=str).encode()
    ).hexdigest()
    source = Source(kind=kind, location=location, record=where)
    if isinstance(text, str) and text.strip():
        return RawDocument(source=source, text=text, meta=meta, raw_hash=raw_hash)
    return RawDocument(source=source, html=html, meta=meta, raw_hash=raw_hash)


def iter_jsonl(lines: Iterable[bytes], location: str, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    """Records of a JSON-lines source (bytes or an open binary file), one line at a time, so one
    record in a wrong encoding is one rejection, not a garbled file."""
    if isinstance(lines, bytes):
        lines = lines.splitlines()
    for number, raw_line in enumerate(lines, 1):
        if not raw_line.strip():
            continue
        item = f"{location} line {number}"
        if len(raw_line) > max_bytes:
            yield Rejection(
                item, f"record is {len(raw_line) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit"
            )
            continue
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line = decode(raw_line)
            except InputError as exc:
                yield Rejection(item, str(exc))
                continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(item, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        except (ValueError, RecursionError) as exc:
            yield Rejection(item, f"unreadable JSON ({type(exc).__name__}: {str(exc)[:80]})")
            continue
        try:
            yield record_to_raw(record, location, f"line {number}", max_bytes)
        except InputError as exc:
            yield Rejection(item, str(exc))


def iter_json(data: bytes, location: str, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    text = decode(data)
    try:
        doc = json.loads(text)
    except RecursionError as exc:
        raise InputError("JSON nested too deeply to read") from exc
    except json.JSONDecodeError as exc:
        # A .json file holding one object per line is common; read it as JSONL then.
        if text.lstrip().startswith("{") and "\n{" in text:
            yield from iter_jsonl(data, location, max_bytes)
            return
        raise InputError(f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
    except ValueError as exc:  # e.g. integers longer than Python accepts
        raise InputError(f"unreadable JSON ({str(exc)[:80]})") from exc
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
