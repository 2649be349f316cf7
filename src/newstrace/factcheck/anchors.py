"""Evidence that does not depend on language: numbers (digits or words) and the consonant
skeletons of names, so that Дейр-эз-Зор, Deir ez-Zor and دير الزور share tokens.

Multilingual embeddings weigh the language of a sentence more than what it says (LESSONS.md,
cases 1 and 6); these anchors give the matcher something that a translation keeps.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import yaml
from anyascii import anyascii

from newstrace.reuse.translation import numbers as digit_numbers

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Vowels and the letters Arabic and Cyrillic transliterations use for them (w, y, h at the end).
_VOWELS = str.maketrans("", "", "aeiouyw'’-")


@lru_cache(maxsize=1)
def _number_words() -> tuple[dict[str, int], list[tuple[str, int]]]:
    data = yaml.safe_load(
        resources.files("newstrace.factcheck").joinpath("data/numbers.yaml").read_text("utf-8")
    )
    exact: dict[str, int] = {}
    prefixes: list[tuple[str, int]] = []
    for words in data.values():
        for word, value in words.items():
            word = word.casefold()
            if word.endswith("*"):
                prefixes.append((word[:-1], int(value)))
            else:
                exact[word] = int(value)
    prefixes.sort(key=lambda p: -len(p[0]))  # the longest prefix wins: "четырнадцат" before "четыр"
    return exact, prefixes


def numbers(text: str) -> set[str]:
    """Numbers the text states, in digits or in words: '14', 'fourteen', 'catorce' are all '14'."""
    found = {n for n in digit_numbers(text) if n}
    exact, prefixes = _number_words()
    for match in _WORD.finditer(text):
        word = match.group(0).casefold()
        value = exact.get(word)
        if value is None and len(word) >= 4:
            value = next((v for p, v in prefixes if word.startswith(p)), None)
        if value is not None:
            found.add(str(value))
    return {n.lstrip("0") or "0" for n in found}


def skeleton(word: str) -> str:
    """Consonants of a word in Latin letters: 'Deir' -> 'dr', 'Дейр' -> 'dr', 'دير' -> 'dr'."""
    arabic = bool(_ARABIC.search(word))
    latin = anyascii(unicodedata.normalize("NFC", word)).casefold()
    latin = re.sub(r"[^a-z'’\-]", "", latin)
    if arabic and latin.startswith("l") and len(latin) > 3:
        latin = latin[1:]  # the article al- (ال), written as "l" without its vowel
    if latin.endswith("h") and len(latin) > 3:
        latin = latin[:-1]  # ة, and the -ah/-eh endings Latin spellings add
    return latin.translate(_VOWELS)


def name_tokens(text: str) -> list[str]:
    """Lexical tokens that survive translation: the skeleton of every name-like word (capitalised,
    or any Arabic word of three letters or more, as Arabic has no capitals), character trigrams
    of the skeletons of whole names ("Deir ez-Zor" -> drz, rzz, zzr, which also covers the Arabic
    and Cyrillic spellings written as one word or with hyphens), and every number."""
    tokens: list[str] = []
    run: list[str] = []

    def close_run() -> None:
        joined = "".join(run)
        if len(run) > 1 or len(joined) > 3:
            tokens.extend(f"~{joined[i : i + 3]}" for i in range(len(joined) - 2))
        run.clear()

    for match in _WORD.finditer(text):
        parts = re.split(r"['’\-]", match.group(0))
        arabic = bool(_ARABIC.match(parts[0]))
        if not (parts[-1][:1].isupper() or parts[0][:1].isupper() or (arabic and len(parts[0]) >= 3)):
            close_run()
            continue
        for part in parts:
            skel = skeleton(part)
            if len(skel) >= 2:
                tokens.append(skel)
            run.append(skel)
        if arabic and len(run) > 2:  # Arabic runs are word pairs: no capitals say where a name ends
            del run[:-2]
    close_run()
    tokens.extend(f"#{n}" for n in numbers(text))
    return tokens
