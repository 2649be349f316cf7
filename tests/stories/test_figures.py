"""The figures check: a tight group that joins a story only weakly must repeat the story's figures."""

from dataclasses import replace

import numpy as np

from newstrace.stories import Params, StoryIndex
from newstrace.stories.features import DIM, ArticleFeatures

STORY_FIGURES = frozenset({"d:08-26", "n:20", "k:drz"})


def _row(article_id: int, vector: np.ndarray, anchors: frozenset[str]) -> ArticleFeatures:
    return ArticleFeatures(
        article_id=article_id,
        lang="en",
        vector=(vector / np.linalg.norm(vector)).astype(np.float32),
        anchors=anchors,
        day=736930,
        title=f"article {article_id}",
        outlet=None,
        published=None,
    )


def _corpus(pair_anchors: frozenset[str]) -> list[ArticleFeatures]:
    """Six reports of one claim, and a pair that is closer to itself than to them. Each article
    also names things of its own (``k:`` keys), as real articles do."""
    rng = np.random.default_rng(7)
    claim, other = np.zeros(DIM), np.zeros(DIM)
    claim[0], other[1] = 1.0, 1.0

    def noise(scale: float) -> np.ndarray:
        return scale * rng.standard_normal(DIM) / np.sqrt(DIM)

    def own(i: int) -> set[str]:
        return {f"k:own{i}-{j}" for j in range(4)}

    story = [_row(i, claim + noise(0.5), STORY_FIGURES | own(i)) for i in range(1, 7)]
    pair = [_row(i, claim + 0.6 * other + noise(0.2), pair_anchors | own(i)) for i in (7, 8)]
    return story + pair


def _stories(feats: list[ArticleFeatures], params: Params | None = None) -> list[list[int]]:
    index = StoryIndex(params)
    index.add_features(feats)
    return sorted(s.article_ids for s in index.stories())


def test_a_pair_repeating_the_story_figures_joins_it():
    denial = frozenset({"d:08-26", "n:20", "k:drz", "k:hrg"})
    assert _stories(_corpus(denial)) == [[1, 2, 3, 4, 5, 6, 7, 8]]


def test_a_pair_with_figures_of_its_own_stays_apart():
    lookalike = frozenset({"d:09-09", "n:137", "k:drz"})
    assert _stories(_corpus(lookalike)) == [[1, 2, 3, 4, 5, 6], [7, 8]]
    # whole texts alone would have merged it: the figures check is what keeps it apart
    assert _stories(_corpus(lookalike), replace(Params(), figures=0.0)) == [[1, 2, 3, 4, 5, 6, 7, 8]]


def test_a_pair_without_any_figure_is_not_held_back():
    assert _stories(_corpus(frozenset({"k:drz"}))) == [[1, 2, 3, 4, 5, 6, 7, 8]]


def test_figures_share_counts_consensus_figures_and_the_day_either_side():
    index = StoryIndex()
    feats = _corpus(frozenset())
    feats += [
        _row(9, feats[0].vector, frozenset({"d:08-27", "n:20"})),  # "the night of 26 August", a day later
        _row(10, feats[0].vector, frozenset({"n:137"})),
        _row(11, feats[0].vector, frozenset({"k:drz"})),
    ]
    index.restore(feats, [1] * 6 + [2, 2, 3, 4, 5], {})
    story = [index.row_of[i] for i in range(1, 7)]
    assert index.figures_share([index.row_of[1]], story) == 1.0
    assert index.figures_share([index.row_of[9]], story) == 1.0
    assert index.figures_share([index.row_of[10]], story) == 0.0
    assert index.figures_share([index.row_of[11]], story) == 1.0  # no figure: nothing to disagree with
    # one member of a group repeating the figures is enough (a translation may drop them)
    assert index.figures_share([index.row_of[10], index.row_of[9]], story) == 1.0
