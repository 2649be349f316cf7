"""Evidence that does not depend on language: what a translation keeps whatever the script.

Multilingual embeddings weigh the language of a text more than what it says (LESSONS.md, cases 1
and 6); these anchors give the matchers something that survives translation:

- ``numbers``: numbers in digits (``1 200`` = ``1,200`` = ``1.200`` = ``١٢٠٠``) or, on request,
  in words (``fourteen`` = ``catorce`` = ``четырнадцати`` = ``14``);
- ``skeleton``, ``name_keys``, ``name_tokens``: consonant skeletons of names, so Дейр-эз-Зор,
  Deir ez-Zor and دير الزور share keys;
- ``dates``: day and month mentioned ("26 August" = "26 августа" = "26 آب" = ``08-26``).

The word lists (number words, month names) are data in ``anchors/data/``; add a language there.
Fact-check matching (``factcheck.match``), story grouping (``stories.features``) and translation
detection (``reuse.translation``) all use this one module.
"""

from newstrace.anchors.dates import dates, mentioned_days, news_day
from newstrace.anchors.names import name_keys, name_tokens, skeleton
from newstrace.anchors.numbers import numbers

__all__ = ["dates", "mentioned_days", "news_day", "name_keys", "name_tokens", "numbers", "skeleton"]
