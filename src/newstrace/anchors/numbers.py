"""Numbers as canonical digit strings, from digits in any script or from number words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import yaml

# Thousands groups ("1 200", "1,200", "1.200", "1 200", "١٬٢٠٠") or a plain number with decimals;
# never across ", " so "September 8, 2017" stays two numbers.
_NUMBER = re.compile(r"\d{1,3}(?:(?:[.,\u00a0\u202f\u066c]| (?=\d{3}\b))\d{3})+(?!\d)|\d+(?:[.,\u066b]\d+)?")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def numbers(text: str, *, words: bool = False) -> set[str]:
    """Numbers the text states, as ASCII digit strings without separators or leading zeros:
    '1 200', '1,200', '1.200' and '١٢٠٠' are all '1200'. With ``words``, number words count
    too: 'fourteen', 'catorce', 'четырнадцать' are '14' (off by default: a few number words
    are ordinary words in another language, such as Spanish 'once' or German 'elf')."""
    found = {_digits(m.group(0)) for m in _NUMBER.finditer(text)}
    if words:
        exact, prefixes = _number_words()
        for match in _WORD.finditer(text):
            word = match.group(0).casefold()
            value = exact.get(word)
            if value is None and len(word) >= 4:
                value = next((v for p, v in prefixes if word.startswith(p)), None)
            if value is not None:
                found.add(str(value))
    return {n.lstrip("0") or "0" for n in found if n}


def _digits(number: str) -> str:
    # any script's decimal digits, as ASCII: Arabic-Indic ٣ is 3
    return "".join(str(unicodedata.decimal(c)) for c in number if c.isdecimal())


@lru_cache(maxsize=1)
def _number_words() -> tuple[dict[str, int], list[tuple[str, int]]]:
    data = yaml.safe_load(
        resources.files("newstrace.anchors").joinpath("data/numbers.yaml").read_text("utf-8")
    )
    exact: dict[str, int] = {}
    prefixes: list[tuple[str, int]] = []
    for spellings in data.values():
        for word, value in spellings.items():
            word = word.casefold()
            if word.endswith("*"):
                prefixes.append((word[:-1], int(value)))
            else:
                exact[word] = int(value)
    prefixes.sort(key=lambda p: -len(p[0]))  # the longest prefix wins: "четырнадцат" before "четыр"
    return exact, prefixes
