"""Which component analyses which language.

Every language with a lexicon file gets the rule engine, unless the file says ``analyzer: false``
(it then holds denial cues only). French and English get a spaCy-backed
component on top (morphology for the conditionnel, noun-phrase bounds from the parse). A better
model for a language replaces its entry here without touching the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from newstrace.attribution.analyzer import RuleAnalyzer
from newstrace.attribution.lexicon import lexicon
from newstrace.outlets import OutletRegistry

Factory = Callable[[str, OutletRegistry], RuleAnalyzer | None]


def _rules(lang: str, registry: OutletRegistry) -> RuleAnalyzer | None:
    lex = lexicon(lang)
    return RuleAnalyzer(lex, registry) if lex and lex.analyzer else None


def _spacy(lang: str, registry: OutletRegistry) -> RuleAnalyzer | None:
    from newstrace.attribution.spacy_component import SpacyAnalyzer, spacy_available

    lex = lexicon(lang)
    if lex is None or not lex.analyzer:
        return None
    if not spacy_available(lang):
        return RuleAnalyzer(lex, registry)
    return SpacyAnalyzer(lex, registry)


COMPONENTS: dict[str, Factory] = {"fr": _spacy, "en": _spacy}
_cache: dict[tuple[str, int], RuleAnalyzer | None] = {}


def component_for(lang: str | None, registry: OutletRegistry) -> RuleAnalyzer | None:
    """The analyser for ``lang`` (None when newstrace has no lexicon for it)."""
    if not lang:
        return None
    key = (lang, id(registry))
    if key not in _cache:
        _cache[key] = COMPONENTS.get(lang, _rules)(lang, registry)
    return _cache[key]
