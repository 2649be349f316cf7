"""Waves of one narrative days apart: their bodies share almost every word, their headlines and
leads do not (a new actor speaking, a new claim, a new day). They are separate stories of one
narrative; the reports of one wave stay together."""

from dataclasses import replace

import numpy as np

from newstrace.stories import Params, StoryIndex
from newstrace.stories.features import DIM, ArticleFeatures

DAY = 736800


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _waves() -> list[ArticleFeatures]:
    """Three waves of four reports each, 5 and 12 days apart. Bodies: the narrative's shared text
    plus a little of the wave's own; leads: mostly the wave's own (actor, claim, day)."""
    rng = np.random.default_rng(3)
    narrative = rng.standard_normal(DIM)
    rows = []
    for w, start in enumerate((0, 5, 17)):
        own = rng.standard_normal(DIM)
        keys = frozenset({f"k:actor{w}", f"n:{100 + w}"})
        for i in range(4):
            body = narrative + 0.2 * own + 0.45 * rng.standard_normal(DIM)
            lead = 0.3 * narrative + own + 0.4 * rng.standard_normal(DIM)
            day = DAY + start + i % 2  # reports of one wave over two days
            rows.append(
                ArticleFeatures(
                    article_id=10 * w + i + 1,
                    lang="en",
                    vector=_unit(body),
                    anchors=keys | {"k:bucha", f"k:own{w}{i}"},
                    day=day,
                    title=f"wave {w} report {i}",
                    outlet=None,
                    published=None,
                    lead=_unit(lead),
                    lead_anchors=keys,
                    news=DAY + start,
                )
            )
    return rows


def _grouped(params: Params) -> tuple[list[list[int]], set[int]]:
    index = StoryIndex(params)
    index.add_features(_waves())
    stories = sorted(s.article_ids for s in index.stories())
    return stories, {index.narrative_of[s.id] for s in index.stories()}


def test_waves_days_apart_are_stories_of_one_narrative():
    stories, narratives = _grouped(Params())
    assert stories == [[1, 2, 3, 4], [11, 12, 13, 14], [21, 22, 23, 24]]
    assert len(narratives) == 1


def test_narratives_keep_the_topic_of_a_collection_about_one_topic():
    """A collection about one topic in two languages: each language's mean is mostly the topic,
    so removing it (as stories do) leaves little in common between two waves; narratives remove
    only each language's offset from the collection's mean and keep the topic."""
    rng = np.random.default_rng(11)
    russian = rng.standard_normal(DIM)
    rows = []
    for f in _waves():
        if f.article_id % 2:  # half the reports of every wave in Russian
            f = replace(f, lang="ru", vector=_unit(f.vector + 0.05 * russian))
        rows.append(f)
    index = StoryIndex(Params(language_prior=2.0))  # a dozen reports: let their languages' means count
    index.add_features(rows)
    first, third = [index.row_of[i] for i in (1, 21)]  # an English and a Russian report, two waves
    topical, centered = index.topical(), index.centered()
    assert topical[first] @ topical[third] > centered[first] @ centered[third] + 0.3
    assert len({index.narrative_of[s.id] for s in index.stories()}) == 1


def test_whole_texts_alone_merge_the_waves():
    # what the wave evidence is for: without the lead, the news day and the publication day, the
    # shared body wins
    stories, _ = _grouped(replace(Params(), lead=0.0, news_penalty=0.0, same_day=0.0))
    assert len(stories) < 3


def test_reports_published_the_same_day_score_higher_than_the_same_reports_weeks_apart():
    rows = _waves()[:2]
    index = StoryIndex(Params())
    index.add_features(rows)
    same = index.pair_scores([0, 1])[0, 1]
    rows = [replace(r, article_id=r.article_id + 100) for r in _waves()[:2]]
    rows[1] = replace(rows[1], day=rows[1].day + 20)
    index = StoryIndex(Params())
    index.add_features(rows)
    apart = index.pair_scores([0, 1])[0, 1]
    assert abs(same - apart - Params().same_day) < 1e-5


def test_trace_lists_every_merge_of_the_grouping():
    """With ``trace`` set, each merge is recorded with the articles of both sides and its mean
    score: n articles grouped into k stories take n - k merges, each inside one found story."""
    index = StoryIndex(Params())
    index.trace = []
    rows = _waves()
    index.add_features(rows)
    stories = index.stories()
    assert len(index.trace) == len(rows) - len(stories)
    for rule, kept, merged, score in index.trace:
        assert rule in ("join", "attach")
        assert {index.story_of_article(i) for i in kept + merged} == {index.story_of_article(kept[0])}
        assert score >= min(Params().join, Params().attach)
    untraced = StoryIndex(Params())
    untraced.add_features(_waves())
    assert untraced.trace is None
    assert sorted(s.article_ids for s in untraced.stories()) == sorted(s.article_ids for s in stories)
