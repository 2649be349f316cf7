"""``newstrace serve``: the desk's HTTP API over one database (needs the ``serve`` extra)."""

from newstrace.serve.app import Settings, create_app, is_loopback

__all__ = ["Settings", "create_app", "is_loopback"]
