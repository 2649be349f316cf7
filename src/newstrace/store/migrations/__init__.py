"""Numbered schema migrations of the newstrace database (see ``newstrace.store.db``)."""
