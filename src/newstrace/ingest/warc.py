"""WARC archives (as written by wget --warc-file, Heritrix, Browsertrix, Common Crawl)."""

from __future__ import annotations

import hashlib
import io
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


def iter_warc(
    path: Path, location: str, max_bytes: int, data: bytes | None = None
) -> Iterator[RawDocument | Rejection]:
    """HTML responses of a WARC file (or of its bytes, ``data``, as a Spark job reads them). A
    truncated archive yields its complete records first."""
    count = records = 0
    try:
        with io.BytesIO(data) if data is not None else open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                records += 1
                if records == 1 and _not_an_archive(record):
                    yield Rejection(
                        location, "not a WARC or ARC archive (it does not start with a record header)"
                    )
                    return
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
        return
    if not records:
        yield Rejection(location, "not a WARC or ARC archive (no record in it)")


def _not_an_archive(first) -> bool:
    """warcio reads any text as an ARC file whose first line is a record header: a real ARC file
    starts with its ``filedesc://`` record."""
    if not str(getattr(first, "format", "")).startswith("arc"):
        return False
    return not (first.rec_headers.get_header("uri") or "").startswith("filedesc:")
