"""Fact-checks: import (ClaimReview JSON-LD, HTML pages, Fact Check Tools API, CSV), storage,
and matching to the sentences of articles and stories in any language."""

from newstrace.factcheck.match import THRESHOLD, Candidate, Matcher, match_stored
from newstrace.factcheck.read import parse, read_factchecks
from newstrace.model import RATINGS, FactCheck, FactCheckMatch

__all__ = [
    "RATINGS",
    "THRESHOLD",
    "Candidate",
    "FactCheck",
    "FactCheckMatch",
    "Matcher",
    "match_stored",
    "parse",
    "read_factchecks",
]
