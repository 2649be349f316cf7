"""Walk what the user gave (paths, folders, URLs) and yield RawDocuments or Rejections.

Nothing here raises for a bad item: every problem becomes a Rejection naming the item, so a
batch of thousands goes on past one broken file.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from newstrace.errors import InputError
from newstrace.ingest import feeds, records, warc
from newstrace.ingest.decode import decode
from newstrace.ingest.web import Fetcher, FetchOptions
from newstrace.model import RawDocument, Rejection, Source

HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_EXT = {".txt"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
WARC_EXT = {".warc", ".arc"}
FEED_EXT = {".rss", ".atom", ".xml"}
PARQUET_EXT = {".parquet"}  # read by `newstrace batch` (Spark's reader); `ingest` says so
KNOWN_EXT = HTML_EXT | TEXT_EXT | JSON_EXT | JSONL_EXT | WARC_EXT | FEED_EXT | PARQUET_EXT

Item = RawDocument | Rejection
CONTAINER_LIMIT = 2 * 1024**3  # a JSON array or feed is read whole; past 2 GB, export JSONL instead


@dataclass
class IngestOptions:
    max_bytes: int = 10 * 1024 * 1024  # one page or text file; containers (JSONL, WARC) may be larger
    fetch: FetchOptions = field(default_factory=FetchOptions)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kind_of(path: Path) -> tuple[str | None, bool]:
    """(kind, gzipped) from a file name: 'page.html.gz' -> ('html', True)."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    ext = os.path.splitext(name)[1]
    if ext in HTML_EXT:
        return "html", gz
    if ext in TEXT_EXT:
        return "text", gz
    if ext in JSON_EXT:
        return "json", gz
    if ext in JSONL_EXT:
        return "jsonl", gz
    if ext in WARC_EXT:
        return "warc", gz
    if ext in FEED_EXT:
        return "feed", gz
    if ext in PARQUET_EXT:
        return "parquet", gz
    return None, gz


def sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"warc/"):
        return "warc"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<div", b"<p")):
        return "html"
    if head.startswith((b"{", b"[")):
        return "jsonl" if head.startswith(b"{") and b"\n{" in data[:1_000_000] else "json"
    return "text"


@contextmanager
def _opened(path: Path, gz: bool, data: bytes | None = None):
    """A binary file object over ``path``, or over ``data`` when the file was read already
    (a Spark job hands the library each file's bytes); gunzipped when ``gz``."""
    with io.BytesIO(data) if data is not None else open(path, "rb") as raw:
        if gz:
            with gzip.GzipFile(fileobj=raw, mode="rb") as fh:
                yield fh
        else:
            yield raw


def read_bytes(path: Path, gz: bool, limit: int | None, data: bytes | None = None) -> bytes:
    """Read a (possibly gzipped) file, refusing more than ``limit`` bytes of content."""
    try:
        size = len(data) if data is not None else path.stat().st_size
        if not gz and limit is not None and size > limit:
            raise InputError(
                f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit "
                "for one page (raise it with --max-bytes)"
            )
        with _opened(path, gz, data) as fh:
            data = fh.read() if limit is None else fh.read(limit + 1)
    except (EOFError, zlib.error) as exc:
        raise InputError(f"truncated or corrupt gzip file ({exc})") from exc
    except gzip.BadGzipFile as exc:
        raise InputError(f"not a gzip file despite its .gz name ({exc})") from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory") from exc
    except PermissionError as exc:
        raise InputError("permission denied") from exc
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})") from exc
    if limit is not None and len(data) > limit:
        raise InputError(
            f"content is over the {limit / 1e6:.1f} MB limit for one page (raise it with --max-bytes)"
        )
    return data


def walk(path: Path) -> Iterator[Path]:
    """Files under a folder, sorted, skipping hidden files and files we do not read."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            candidate = Path(root) / name
            if kind_of(candidate)[0] is not None:
                yield candidate


def display_path(path: Path) -> str:
    """Absolute path as text SQLite can store, even for file names in a legacy encoding."""
    return os.fsencode(path.resolve()).decode("utf-8", errors="backslashreplace")


def iter_file(
    path: Path,
    options: IngestOptions,
    fetcher: Fetcher | None,
    *,
    location: str | None = None,
    data: bytes | None = None,
) -> Iterator[Item]:
    """The raw documents of one file. ``data``, when given, is the file's bytes as read
    elsewhere (a Spark job reading s3a:// or hdfs://): ``path`` then only names it (its
    extension says what it holds) and ``location`` is what the articles record as their source."""
    location = location or display_path(path)
    try:
        yield from _iter_file(path, location, options, fetcher, data)
    except Exception as exc:  # noqa: BLE001 - one unreadable file must not end a batch of thousands
        yield Rejection(location, f"could not be read ({type(exc).__name__}: {exc})")


def _iter_file(
    path: Path, location: str, options: IngestOptions, fetcher: Fetcher | None, data: bytes | None = None
) -> Iterator[Item]:
    kind, gz = kind_of(path)
    if kind == "warc":
        # warcio reads gzip members itself and streams; a truncated archive still gives its
        # complete records before the error.
        yield from warc.iter_warc(path, location, options.max_bytes, data)
        return
    if kind == "parquet":
        yield Rejection(
            location, "Parquet is read by `newstrace batch` (Spark); for `ingest`, export it as JSONL"
        )
        return
    if kind == "jsonl":
        # streamed line by line: a multi-GB export never sits in memory whole
        try:
            with _opened(path, gz, data) as fh:
                yield from records.iter_jsonl(fh, location, options.max_bytes)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            yield Rejection(location, f"truncated or corrupt gzip file ({exc})")
        return
    container = kind in ("json", "feed") or kind is None
    try:
        data = read_bytes(path, gz, CONTAINER_LIMIT if container else options.max_bytes, data)
    except InputError as exc:
        yield Rejection(location, str(exc))
        return
    if kind is None:
        kind = sniff(data)
    try:
        if kind == "jsonl":
            yield from records.iter_jsonl(data, location, options.max_bytes)
        elif kind == "json":
            yield from records.iter_json(data, location, options.max_bytes)
        elif kind == "feed":
            yield from feeds.iter_feed(data, location, fetcher=fetcher, max_bytes=options.max_bytes)
        elif kind == "warc":
            yield from warc.iter_warc(path, location, options.max_bytes, data)
        else:
            text = decode(data)
            source = Source(kind="file", location=location)
            if kind == "html":
                yield RawDocument(source=source, html=text, raw_hash=sha256(data))
            else:
                yield RawDocument(source=source, text=text, raw_hash=sha256(data))
    except InputError as exc:
        yield Rejection(location, str(exc))


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def iter_sources(sources: Iterable[str], options: IngestOptions | None = None) -> Iterator[Item]:
    """Every raw document in ``sources`` (paths, folders, URLs), with rejections in between."""
    options = options or IngestOptions()
    fetcher: Fetcher | None = None

    def get_fetcher() -> Fetcher:
        nonlocal fetcher
        if fetcher is None:
            fetcher = Fetcher(options.fetch)
        return fetcher

    try:
        for value in sources:
            if is_url(value):
                yield from get_fetcher().iter_url(value)
                continue
            path = Path(value).expanduser()
            if path.is_dir():
                for file in walk(path):
                    yield from iter_file(file, options, fetcher or _LazyFetcher(get_fetcher))
            elif path.exists():
                yield from iter_file(path, options, _LazyFetcher(get_fetcher))
            else:
                yield Rejection(value, "no such file or folder (and not an http(s) URL)")
    finally:
        if fetcher is not None:
            fetcher.close()


class _LazyFetcher:
    """Creates the HTTP client only if a feed file actually needs to fetch a link."""

    def __init__(self, factory):
        self._factory = factory

    def __getattr__(self, name):
        return getattr(self._factory(), name)
