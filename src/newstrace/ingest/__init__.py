"""Inputs -> RawDocuments: files, folders, JSON/JSONL, WARC, feeds, URLs."""

from newstrace.ingest.sources import IngestOptions, iter_sources

__all__ = ["IngestOptions", "iter_sources"]
