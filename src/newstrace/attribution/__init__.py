"""Who says it, on whose authority: attributions, stances, hedging, origin chains."""

from __future__ import annotations

from newstrace.attribution.components import component_for
from newstrace.model import Analysis, Article
from newstrace.outlets import OutletRegistry

ANALYZER_VERSION = 20  # bump when rules change, so `newstrace analyze --redo` is worth running


def analyze(article: Article, registry: OutletRegistry) -> Analysis:
    """Attributions, origin chain and unattributed sentences of one article.

    Languages without a lexicon still get their credit lines as an origin chain.
    """
    component = component_for(article.lang, registry)
    if component is None:
        from newstrace.attribution.analyzer import origin_chain

        return Analysis(origins=origin_chain(article, [], registry, lexicon_free=True))
    return component.analyze(article)


def headline_stance(title: str, lang: str | None) -> str:
    """``denies`` or ``disputes`` when a headline reports a denial ("Coalition denies …",
    "la coalition dément …", "Коалиция назвала ложью …"), else ``asserts``: the article's main
    claim is then the denial, and its sources stand against the story's claim, not behind it."""
    from newstrace.attribution.lexicon import lexicon

    lx = lexicon(lang) if lang else None
    if lx is None or not title:
        return "asserts"
    for stance, cue in (("denies", "deny"), ("disputes", "dispute")):
        pattern = lx.cues.get(cue)
        if pattern is not None and pattern.search(title):
            return stance
    return "asserts"
