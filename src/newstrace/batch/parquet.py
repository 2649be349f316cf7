"""Parquet inputs of `newstrace batch`, read by Spark's own Parquet reader.

A Parquet file of articles has one row per article and the columns a JSONL export has (the
names `ingest` accepts for each field, ``records.FIELD_ALIASES``; the first present wins):

- ``text`` (or body, content, article, maintext, raw_text) or ``html`` (raw_html, content_html):
  one of them is required; a string, or binary (decoded as a page is);
- ``url`` (link, href, canonical_url, source_url), ``title`` (headline, name);
- ``published`` (date, published_at, publish_date, pubDate, date_publish, datePublished): a
  string, a date or a timestamp;
- ``outlet`` (source, site, site_name, sitename, domain, publisher), ``lang`` (language),
  ``author`` (authors, byline, creator: a string or a list).

Other columns are ignored. Spark splits a large file between tasks (by row groups), so unlike a
WARC or JSONL file a Parquet file is not one task. Each row is turned into a raw document by
``records.record_to_raw``, as a JSONL line is: a row with neither text nor html, or over the size
limit, is a rejection (``FILE row N``, N counted from 1), not a failed job; so is a file Spark
cannot read as Parquet (its footer is checked before the job). Rows are numbered by their place
in their file, so ``load`` saves them in file order, as for every other input.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from newstrace.batch import tables
from newstrace.model import RawDocument, Rejection

PARQUET_OPTIONS = {"mergeSchema": "true"}  # files of one collection may differ by a column


def _fields() -> set[str]:
    from newstrace.ingest.records import FIELD_ALIASES

    return {alias for aliases in FIELD_ALIASES.values() for alias in aliases}


def _same_file(name: str) -> str:
    """A file's name as Spark's ``_metadata.file_path`` and Hadoop's listing both reduce to:
    unquoted, without ``file:`` and its slashes for local files."""
    if not name.lower().startswith("file:") and "://" not in name:
        return os.path.abspath(name)  # a local path, taken as it is
    parts = urlsplit(name)
    if parts.scheme.lower() == "file":
        return unquote(parts.path)
    return unquote(name)


def readable(spark, names: list[str]) -> tuple[list[str], dict[str, str]]:
    """(names Spark reads as Parquet, {name: why not} for the others). All the footers are read
    in one pass; only when that fails is each file tried alone, to name the bad ones."""
    if not names:
        return [], {}
    try:
        spark.read.options(**PARQUET_OPTIONS).parquet(*names).schema  # noqa: B018 - reads the footers
        return names, {}
    except Exception:  # noqa: BLE001 - some file is not Parquet: find which
        pass
    good, bad = [], {}
    for name in names:
        try:
            spark.read.parquet(name).schema  # noqa: B018
            good.append(name)
        except Exception as exc:  # noqa: BLE001 - a file Spark cannot read is a rejection
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            bad[name] = f"not a Parquet file Spark can read ({first[:200]})"
    return good, bad


def items(spark, files: list[tuple[int, str]], locations: dict[str, str], max_bytes: int):
    """An RDD of (ref, raw document or rejection), one per row of the Parquet ``files`` ((file
    number, name) that ``readable`` accepted); ``locations`` maps a name to what its articles
    record as their source."""
    names = [name for _, name in files]
    frame = spark.read.options(**PARQUET_OPTIONS).parquet(*names)
    wanted = _fields()
    columns = [c for c in frame.columns if c in wanted]
    numbers = {_same_file(name): (n, locations[name]) for n, name in files}
    frame = frame.select(*columns, "_metadata.file_path", "_metadata.row_index")
    return frame.rdd.mapPartitions(lambda rows: rows_to_items(rows, numbers, max_bytes))


def rows_to_items(
    rows: Iterable[Any], numbers: dict[str, tuple[int, str]], max_bytes: int
) -> Iterator[tuple[str, RawDocument | Rejection]]:
    """(ref, item) for Spark rows that carry ``file_path`` and ``row_index`` besides the record."""
    for row in rows:
        values = row.asDict(recursive=True)
        path, index = values.pop("file_path"), values.pop("row_index")
        file_no, location = numbers.get(_same_file(path), (len(numbers), path))
        yield tables.ref(file_no, index), row_to_item(values, location, index, max_bytes)


def row_to_item(values: dict[str, Any], location: str, index: int, max_bytes: int) -> RawDocument | Rejection:
    """One Parquet row (a dict of its columns) as `ingest` reads a JSONL record."""
    from newstrace.errors import InputError
    from newstrace.ingest.decode import decode
    from newstrace.ingest.records import record_to_raw

    where = f"row {index + 1}"
    record: dict[str, Any] = {}
    try:
        for name, value in values.items():
            if isinstance(value, bytes | bytearray):
                value = decode(bytes(value))  # a page kept as bytes, in its own encoding
            elif isinstance(value, datetime.datetime | datetime.date):
                value = value.isoformat()
            record[name] = value
        return record_to_raw(record, location, where, max_bytes, kind="parquet")
    except InputError as exc:
        return Rejection(f"{location} {where}", str(exc))
