"""Consonant skeletons of names, comparable across Latin, Cyrillic and Arabic script.

A name is transliterated to Latin letters (``anyascii``), lower-cased, and reduced to its
consonants with the differences between transliterations levelled: vowels (and the y and w
that Arabic and Cyrillic spellings use for them) go, ``kh`` is ``h`` (Russian Х stands for
Arabic ح, ه and خ alike), ``gh`` is ``g``, ``j`` is ``y`` and ``ch`` is ``sh`` (French and
German spellings), doubled letters are single (Shaddadi = Шаддади = الشدادي), and the Arabic
article and the Russian case endings -ом, -ах fall off. The words of one name are joined and
cut into three-letter keys, so Deir ez-Zor, Дейр-эз-Зором and دير الزور have the same keys
although each script spells and splits the name differently.

Names are capitalised words in scripts with case; Arabic has no case, so every Arabic word of
three letters or more counts, and a name there is at most two words long. Callers weigh keys by
rarity (BM25 in ``factcheck.match``, inverse document frequency in ``stories.clustering``), which
keeps common words from mattering.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from anyascii import anyascii

# Words may carry combining marks (accents, Arabic vowel signs and shadda: صوّر is one word).
_LETTERS = r"(?:[^\W_]|[\u0300-\u036f\u064b-\u065f\u0670])+"
_WORD = re.compile(rf"{_LETTERS}(?:['’\-]{_LETTERS})*")
_PARTS = re.compile(r"['’\-]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLED = re.compile(r"(.)\1+")
# Arabic articles as Latin and Cyrillic spellings write them (al-, ad-, ash-, эль-); assimilated
# ones (ez-Zor) would vanish anyway as the letter doubles the next word's first.
_ARTICLES = {"al", "el", "ad", "ag", "ar", "as", "ash", "at", "az", "ed", "en", "er", "es", "et", "ez", "an"}


def skeleton(word: str) -> str:
    """Consonants of one word in Latin letters: 'Deir' -> 'dr', 'Дейр' -> 'dr', 'دير' -> 'dr'."""
    latin = re.sub(r"[^a-z]", "", anyascii(unicodedata.normalize("NFC", word)).casefold())
    if _ARABIC.search(word) and len(latin) > 3 and latin.startswith(("l", "wl", "bl")):
        latin = latin[latin.index("l") + 1 :]  # the article ال, also after و and ب
    latin = latin.replace("kh", "h").replace("gh", "g").replace("j", "y").replace("ch", "sh")
    if latin.endswith("h") and len(latin) > 3:
        latin = latin[:-1]  # ة, and the -ah/-eh endings Latin spellings add
    consonants = _DOUBLED.sub(r"\1", _VOWELS.sub("", latin))
    if _CYRILLIC.search(word) and len(consonants) > 2 and consonants[-1] in "mh":
        consonants = consonants[:-1]  # the case endings -ом/-ем, -ах/-ях
    return consonants


def name_keys(text: str) -> set[str]:
    """Three-letter keys of the skeletons of the names in a text (a shorter name is one key)."""
    return {key for name in _names(text) for key in _keys(name)}


def name_tokens(text: str) -> list[str]:
    """Tokens for a bag-of-words index (repeats kept): the skeleton of every word of a name, and
    the name's keys marked ``~`` ('Deir ez-Zor' -> dr, zr, ~drz, ~rzr)."""
    tokens: list[str] = []
    for name in _names(text):
        tokens += [s for s in name if len(s) >= 2]
        tokens += [f"~{key}" for key in _keys(name)]
    return tokens


def _keys(name: list[str]) -> list[str]:
    joined = _DOUBLED.sub(r"\1", "".join(name))
    if len(joined) <= 3:
        return [joined] if len(joined) >= 2 else []
    return [joined[i : i + 3] for i in range(len(joined) - 2)]


def _names(text: str) -> Iterator[list[str]]:
    """Names as lists of word skeletons: runs of capitalised words (any Arabic word counts)."""
    run: list[str] = []
    for match in _WORD.finditer(text):
        parts = _PARTS.split(match.group(0))
        arabic = bool(_ARABIC.match(parts[0]))
        if not (parts[0][:1].isupper() or parts[-1][:1].isupper() or (arabic and len(parts[0]) >= 3)):
            if run:
                yield run
            run = []
            continue
        for part in parts:
            if not arabic and part.isupper() and len(part) <= 5:
                continue  # acronyms are spelt differently in every language (ИГ, IS, EI, ISIS)
            if not arabic and anyascii(part).lower() in _ARTICLES:
                continue
            run.append(skeleton(part))
        if arabic and len(run) > 2:  # no capitals say where an Arabic name ends: pairs of words
            yield run[:-1]
            run = run[-2:]
    if run:
        yield run
