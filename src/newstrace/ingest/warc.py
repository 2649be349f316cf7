"""WARC archives (as written by wget --warc-file, Heritrix, Browsertrix, Common Crawl)."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newstrace.errors import InputError
from newstrace.ingest.decode import decode
from newstrace.model import RawDocument, Rejection, Source

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"'")
    return None


def iter_warc(path: Path, location: str, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    """HTML responses of a WARC file. A truncated archive yields its complete records first."""
    count = 0
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                content_type = record.http_headers.get_header("Content-Type") or ""
                if not status.startswith("2") or not content_type.lower().startswith(PAGE_TYPES):
                    continue  # images, scripts, redirects, errors: not articles
                record_id = record.rec_headers.get_header("WARC-Record-ID")
                target = record.rec_headers.get_header("WARC-Target-URI")
                item = f"{location} record {record_id} ({target})"
                payload = record.content_stream().read(max_bytes + 1)
                count += 1
                if len(payload) > max_bytes:
                    yield Rejection(item, f"page is over the {max_bytes / 1e6:.1f} MB limit")
                    continue
                missing = getattr(record.raw_stream, "limit", 0)
                if missing:  # warcio does not check a short read against Content-Length
                    yield Rejection(
                        item, f"truncated WARC record ({missing} bytes missing at the end of the file)"
                    )
                    continue
                try:
                    text = decode(payload, _charset(content_type))
                except InputError as exc:
                    yield Rejection(item, str(exc))
                    continue
                source = Source(kind="warc", location=location, record=record_id, fetched_url=target)
                raw_hash = hashlib.sha256(payload + (target or "").encode()).hexdigest()
                if content_type.lower().startswith("text/plain"):
                    yield RawDocument(source=source, text=text, meta={"url": target}, raw_hash=raw_hash)
                else:
                    yield RawDocument(source=source, html=text, raw_hash=raw_hash)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
        where = f"after {count} page records" if count else "before any page record"
        yield Rejection(location, f"truncated or corrupt WARC archive, stopped {where} ({exc})")
