"""Which of two related articles is the source and which the derivative.

Evidence, strongest first:
1. a credit: one article names the other's outlet ("Avec Sputnik", "Traduction de …",
   "selon Sputnik") and not the reverse;
2. publication dates: the earlier article is the source;
3. containment: a republisher wraps what it copies (an intro, its own boilerplate, a comment
   form), so the text that lies almost whole inside the other is the source;
4. nothing else: the order of arrival in the collection, marked as such so a reader knows the
   direction is a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTAINED = 0.85  # share of a text inside the other for it to count as contained
WRAPPED = 0.7  # ... while the other's share stays below this


@dataclass(slots=True)
class Party:
    id: int
    outlet: str | None
    day: int | None  # publication date as an ordinal
    credited: set[str]  # outlets this article credits
    credit_text: dict[str, str]
    share: float  # share of this article's text found in the other


def orient(a: Party, b: Party) -> tuple[Party, Party, str, str | None]:
    """(source, derivative, reason, credit text) for two related articles."""
    a_credits_b = bool(b.outlet) and b.outlet != a.outlet and b.outlet in a.credited
    b_credits_a = bool(a.outlet) and a.outlet != b.outlet and a.outlet in b.credited
    if a_credits_b != b_credits_a:
        if b_credits_a:
            return a, b, "credit", b.credit_text.get(a.outlet or "")
        return b, a, "credit", a.credit_text.get(b.outlet or "")
    if a.day is not None and b.day is not None and a.day != b.day:
        return (a, b, "date", None) if a.day < b.day else (b, a, "date", None)
    if a.share >= CONTAINED and b.share < WRAPPED:
        return a, b, "containment", None
    if b.share >= CONTAINED and a.share < WRAPPED:
        return b, a, "containment", None
    return (a, b, "order", None) if a.id < b.id else (b, a, "order", None)
