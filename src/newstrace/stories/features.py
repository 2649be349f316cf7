"""What an article brings to story grouping: an embedding of its whole text and language-neutral anchors.

The embedding is the mean of multilingual USE v3 sentence vectors over the title and every sentence
of the body, not only the lead (boilerplate at the top of an extracted text is one sentence among
many then; LESSONS.md case 3). Anchors are what a translation keeps whatever the script (case 1):

- ``n:`` numbers in digits (``1 200`` = ``1,200``; Arabic-Indic digits too; number words are left
  out: they cost more in false matches than they bring here),
- ``d:`` day and month mentioned ("26 August" = "26 августа" = "26 آب"),
- ``k:`` three-letter keys of the consonant skeletons of names, so Дейр-эз-Зор, Deir ez-Zor and
  دير الزور, or Абу-Кемаль, Abu Kamal and البوكمال, share keys although each script spells them
  differently.

All three come from ``newstrace.anchors``; the corpus-wide rarity weighting (``clustering``)
keeps common keys from mattering.

The waves of one narrative share almost every word of their bodies (LESSONS.md case 8); what a
wave has of its own sits in its headline and lead, where news is written: the day ("on Thursday",
"8 April"), the actor speaking, the claim's figures, places and objects. So each article also
carries the embedding and the anchors of its **lead** (the headline and the first
``LEAD_SENTENCES`` sentences of the body) and its **news day**: the most recent day the lead
names, counted back from the publication day (``anchors.news_day``); a recap of earlier waves
names them further down, in the background.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newstrace.actors import ActorRegistry, default_actors
from newstrace.anchors import dates, name_keys, news_day, numbers
from newstrace.attribution.denials import DENIAL_STANCES, attribution_side, claim_sides, headline_denial
from newstrace.model import Analysis, Article, publication_day
from newstrace.reuse.translation import embed
from newstrace.text import sentences

DIM = 512
# Bump when ``anchors`` changes what keys it makes: stored anchors of another version are made
# again from the article's text (``stories.store.load_index``), so old and new keys never mix.
ANCHORS_VERSION = 6  # 6: no speakers for a lead reporting a denial of its claim
LEAD_SENTENCES = 2  # body sentences read with the headline as the lead
LEAD_WORDS = 8  # ... each of at least this many words (shorter ones are menus, datelines, captions)


@dataclass(slots=True)
class ArticleFeatures:
    """One article as story grouping sees it."""

    article_id: int
    lang: str
    vector: np.ndarray  # unit-length mean sentence embedding, language mean not yet removed
    anchors: frozenset[str]
    day: int | None  # publication date as a day ordinal, None when unknown
    title: str
    outlet: str | None
    published: str | None
    lead: np.ndarray | None = None  # unit-length mean embedding of the headline and the lead
    lead_anchors: frozenset[str] = frozenset()  # anchors of the headline and the lead
    news: int | None = None  # the day the lead's news happened (``anchors.news_day``), None when unknown
    speakers: frozenset[str] = frozenset()  # bodies speaking in the headline and lead (``lead_speakers``)


def features(articles: list[Article], analyses: dict[int, Analysis] | None = None) -> list[ArticleFeatures]:
    """Features of a batch; the sentences of all articles are embedded in one call. ``analyses``
    (attributions by article id) give the speakers of each lead; without them an article has none."""
    texts: list[list[str]] = []
    leads: list[list[int]] = []  # which of each article's texts make its lead
    lead_ends: list[int] = []  # where the lead ends in the article's text
    for article in articles:
        spans = [s for s in sentences(article.text) if len(s.text.split()) >= 3]
        body = [s.text for s in spans]
        titled = bool(article.title.strip())
        texts.append([article.title, *body] if titled else body or [article.text[:2000]])
        leads.append(_lead_of(texts[-1], titled))
        inside = [spans[i - titled].end for i in leads[-1] if 0 <= i - titled < len(spans)]
        lead_ends.append(max(inside, default=0))
    flat = [t for group in texts for t in group]
    vectors = embed(flat) if flat else np.zeros((0, DIM), dtype=np.float32)
    result, pos = [], 0
    analyses = analyses or {}
    for article, group, lead, lead_end in zip(articles, texts, leads, lead_ends, strict=True):
        block = vectors[pos : pos + len(group)]
        pos += len(group)
        lead_text = "\n".join(group[i] for i in lead)
        day = publication_day(article.published)
        result.append(
            ArticleFeatures(
                article_id=int(article.id) if article.id is not None else -1,
                lang=article.lang or "und",
                vector=_unit(block),
                anchors=anchors(f"{article.title}\n{article.text}"),
                day=day,
                title=article.title,
                outlet=article.outlet,
                published=article.published,
                lead=_unit(block[lead]),
                lead_anchors=anchors(lead_text),
                news=news_day(lead_text, article.lang, day),
                speakers=lead_speakers(analyses.get(article.id), lead_end, article),
            )
        )
    return result


def lead_speakers(analysis: Analysis | None, lead_end: int, article: Article | None = None) -> frozenset[str]:
    """Who speaks in the headline and lead: the speaker of the article's headline claim (its
    origin chain) and every resolved source quoted before ``lead_end``, each folded into the body
    it speaks for (Konashenkov -> ru-mod), so a spokesman and his ministry are one speaker. A
    wave of a narrative is one speaker's statement on one day (LESSONS.md case 8): reports of it
    name that speaker, reports of another wave name another one, or the same one later.

    A story holds a claim and its denials, which other speakers make: a denial or dispute of the
    article's main claim is not another wave. So an article that reports one (its headline, or a
    lead attribution with stance ``denies``/``disputes``, by someone off the side of the claim:
    ``attribution.denials``) names no speaker at all: it says nothing about which wave it
    belongs to. A denial in the claim's own voice ("the ministry denies ...", when the ministry's
    denial is the claim) is the claim, and its speaker counts. Outlets relaying are not speakers."""
    if analysis is None:
        return frozenset()
    actors = default_actors()
    if article is not None and _reports_lead_denial(article, analysis, lead_end, actors):
        return frozenset()
    found = {o.actor for o in analysis.origins if o.actor and o.source_type != "outlet"}
    found.update(
        a.actor
        for a in analysis.attributions
        if a.actor and not a.unresolved and a.cue_start < lead_end and a.source_type != "outlet"
    )
    return frozenset(actors.speaks_for(a) for a in found)


def _reports_lead_denial(article: Article, analysis: Analysis, lead_end: int, actors: ActorRegistry) -> bool:
    """The headline or the lead reports a denial or a dispute by a speaker not on the side of the
    article's main claim (an unnamed one may be anyone)."""
    mine = claim_sides(article, analysis, actors)
    head = headline_denial(article.title, article.lang, actors)
    sides = [head[1]] if head else []
    sides += [
        attribution_side(a, actors)
        for a in analysis.attributions
        if a.cue_start < lead_end and a.stance in DENIAL_STANCES
    ]
    return any(side is None or side not in mine for side in sides)


def _lead_of(texts: list[str], titled: bool) -> list[int]:
    """Indices of the headline and the first ``LEAD_SENTENCES`` sentences that read as prose:
    an extracted page often starts with a menu, a dateline, a URL or a "please wait" line, and a
    headline may be a site name or a number; those carry no news (LESSONS.md case 3)."""
    chosen = [0] if titled and _prose(texts[0], 4) else []
    for i in range(1 if titled else 0, len(texts)):
        if len(chosen) - (0 in chosen and titled) >= LEAD_SENTENCES:
            break
        if _prose(texts[i], LEAD_WORDS):
            chosen.append(i)
    return chosen or list(range(min(len(texts), LEAD_SENTENCES + titled)))


def _prose(text: str, words: int) -> bool:
    tokens = [t for t in text.split() if any(c.isalpha() for c in t) and "://" not in t and "www." not in t]
    return len(tokens) >= words


def _unit(block: np.ndarray) -> np.ndarray:
    mean = block.mean(axis=0) if len(block) else np.zeros(DIM, dtype=np.float32)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm > 0 else mean).astype(np.float32)


def anchors(text: str) -> frozenset[str]:
    """Anchor keys of a text: ``n:`` numbers, ``d:`` day and month, ``k:`` name keys."""
    keys = {f"n:{n}" for n in numbers(text) if len(n) <= 9}  # longer ones are identifiers, not figures
    keys.discard("n:0")
    keys.update(f"d:{d}" for d in dates(text))
    keys.update(f"k:{k}" for k in name_keys(text))
    return frozenset(keys)
