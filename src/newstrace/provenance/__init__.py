"""Where a claim started: relations between articles (copy, translation, cites), the derivation
tree of each article back to its roots, and the independent sources behind it (issue 4)."""

from newstrace.provenance.graph import External, Provenance
from newstrace.provenance.link import LINKER_VERSION, Entry, Linker, credited_outlets

__all__ = ["LINKER_VERSION", "Entry", "External", "Linker", "Provenance", "credited_outlets"]
