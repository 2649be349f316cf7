"""Raw document -> Article: main text and metadata, cleaned, with credits, outlet and language."""

from newstrace.extract.article import content_hash, extract

__all__ = ["extract", "content_hash"]
