"""Day and month mentioned in a text, whatever its language."""

from __future__ import annotations

import re
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
