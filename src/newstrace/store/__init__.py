from newstrace.store.db import Store

__all__ = ["Store"]
