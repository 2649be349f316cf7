"""Day and month mentioned in a text, whatever its language."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from importlib import resources

import yaml


def dates(text: str) -> set[str]:
    """Day and month mentioned, as ``MM-DD``: '26 August', 'August 26', '26. August',
    '26 de agosto', '26 августа' and '26 آب' are all ``08-26``."""
    pattern, months = _months()
    found = set()
    for match in pattern.finditer(text):
        day, name = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        month = months.get(name.lower())
        if month and 1 <= int(day) <= 31:
            found.add(f"{month:02d}-{int(day):02d}")
    return found


@lru_cache(maxsize=1)
def _months() -> tuple[re.Pattern[str], dict[str, int]]:
    data = yaml.safe_load(
        resources.files("newstrace.anchors").joinpath("data/months.yaml").read_text("utf-8")
    )
    months = {str(name).lower(): int(month) for month, spellings in data.items() for name in spellings}
    names = "|".join(re.escape(n) for n in sorted(months, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<!\w)(\d{{1,2}})\.?\s+(?:de\s+)?({names})(?!\w)|(?<!\w)({names})\.?\s+(\d{{1,2}})(?!\d)",
        re.IGNORECASE,
    )
    return pattern, months


# A year right after a day and month ("8 April 2018", "April 8, 2018", "8 апреля 2018 г.").
_YEAR_AFTER = re.compile(r"\s*,?\s*((?:19|20)\d\d)(?!\d)")
# Numeric dates: 08.04.2018, 8/4/2018 (day first, as most of our languages write it), 2018-04-08.
_NUMERIC = re.compile(
    r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)(?![\d])|(?<![\d-])((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)"
)
RECENT_DAYS = 7  # a date further back than this before publication is background, not the news


def mentioned_days(text: str) -> list[tuple[int, int, int | None]]:
    """Dates mentioned, as (month, day, year or None), in text order."""
    pattern, months = _months()
    found: list[tuple[int, tuple[int, int, int | None]]] = []
    for match in pattern.finditer(text):
        day, name = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        month = months.get(name.lower())
        if month and 1 <= int(day) <= 31:
            year = _YEAR_AFTER.match(text, match.end())
            found.append((match.start(), (month, int(day), int(year.group(1)) if year else None)))
    for match in _NUMERIC.finditer(text):
        if match.group(1):
            day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        else:
            year, month, day = int(match.group(4)), int(match.group(5)), int(match.group(6))
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.append((match.start(), (month, day, year)))
    return [d for _, d in sorted(found)]


def news_day(text: str, lang: str | None, published: int | None) -> int | None:
    """The day (a date ordinal) the news of a headline or lead happened: the most recent day it
    names ('on Thursday', 'yesterday', '8 April', 'в понедельник') counted back from the
    publication day, when that day lies at most ``RECENT_DAYS`` before publication (an older date
    is background: 'after the 4 March attack'); else the publication day. Without a publication
    day, only a full date (with its year) in the text dates the news; else None."""
    if published is None:
        full = []
        for month, day, year in mentioned_days(text):
            if year is not None:
                try:
                    full.append(date(year, month, day).toordinal())
                except ValueError:
                    continue
        return max(full) if full else None
    pub = date.fromordinal(published)
    candidates = []
    for month, day, year in mentioned_days(text):
        for y in [year] if year is not None else [pub.year, pub.year - 1]:
            try:
                candidates.append(date(y, month, day).toordinal())
            except ValueError:
                continue
    weekdays, back = _relative(lang)
    if weekdays is not None:
        for match in weekdays.finditer(text):
            weekday = _weekday_of(lang, match.group(0))
            if weekday is not None:
                candidates.append(published - (pub.weekday() - weekday) % 7)
    if back is not None:
        for match in back.finditer(text):
            candidates.append(published - _days_back(lang, match.group(0)))
    recent = [c for c in candidates if published - RECENT_DAYS <= c <= published + 1]
    return max(recent) if recent else published


def _relative(lang: str | None) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    words = _days().get(lang or "")
    if not words:
        return None, None
    return words["weekday_pattern"], words["back_pattern"]


def _weekday_of(lang: str | None, word: str) -> int | None:
    return _days()[lang or ""]["weekday"].get(word.lower())


def _days_back(lang: str | None, word: str) -> int:
    return _days()[lang or ""]["back"].get(word.lower(), 1)


def _alternation(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    names = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{names})(?![\w'’-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _days() -> dict[str, dict]:
    data = yaml.safe_load(resources.files("newstrace.anchors").joinpath("data/days.yaml").read_text("utf-8"))
    result = {}
    for lang, entry in data.items():
        weekday = {str(w).lower(): i for i, forms in enumerate(entry["weekdays"]) for w in forms}
        back = {str(w).lower(): 1 for w in entry.get("yesterday") or []}
        back.update({str(w).lower(): 2 for w in entry.get("before_yesterday") or []})
        result[lang] = {
            "weekday": weekday,
            "back": back,
            "weekday_pattern": _alternation(list(weekday)),
            "back_pattern": _alternation(list(back)),
        }
    return result
