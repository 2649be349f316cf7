"""Which copies and translations force two articles into one story (pipeline.story_links)."""

from newstrace.model import Relation
from newstrace.pipeline import story_links
from newstrace.stories.clustering import Params


def _rel(kind: str, source_share: float | None, target_share: float | None) -> Relation:
    evidence = {}
    if source_share is not None:
        evidence = {"source_share": source_share, "target_share": target_share}
    return Relation(1, 2, kind, 0.9, evidence)


def test_a_translation_covering_both_texts_forces_one_story():
    assert story_links([_rel("translation", 0.8, 0.7)], Params().link_share) == [(1, 2)]


def test_a_short_text_found_inside_a_long_recap_does_not():
    # every sentence of a three-sentence report is somewhere in a long text about several waves
    assert story_links([_rel("translation", 1.0, 0.08)], Params().link_share) == []


def test_a_translation_without_measured_shares_still_forces():
    assert story_links([_rel("translation", None, None)], Params().link_share) == [(1, 2)]


def test_a_partial_copy_and_a_citation_never_force():
    assert story_links([_rel("copy", 0.3, 0.3), _rel("cites", None, None)]) == []
