"""Shared figures as wave evidence: two reports sharing a number few of the articles compared
carry (the event's own figure) score higher; a number most of them carry, or a year, does not."""

import numpy as np
import pytest

from newstrace.stories.clustering import Params, StoryIndex
from newstrace.stories.features import DIM, ArticleFeatures


def _article(i: int, numbers: set[str]) -> ArticleFeatures:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[0], vector[1 + i] = 1.0, 0.3
    vector /= np.linalg.norm(vector)
    return ArticleFeatures(
        article_id=i, lang="en", vector=vector, anchors=frozenset(f"n:{n}" for n in numbers),
        day=700000, title=f"t{i}", outlet=None, published=None,
    )  # fmt: skip


def _scores(bonus: float) -> np.ndarray:
    index = StoryIndex(Params(figure_bonus=bonus, figure_share=0.3))
    # every article names the toll (300); 0 and 1 name the event's own figure (152); 2 and 3 a year
    numbers = [{"300", "152"}, {"300", "152"}, {"300", "2014"}, {"300", "2014"}]
    index.add_features([_article(i, numbers[i] if i < 4 else {"300"}) for i in range(10)])
    return index.pair_scores(list(range(10)))


def test_a_rare_shared_figure_raises_the_pair_and_common_figures_or_years_do_not():
    plain, judged = _scores(0.0), _scores(0.1)
    assert judged[0, 1] == pytest.approx(plain[0, 1] + 0.1)
    assert judged[2, 3] == pytest.approx(plain[2, 3])  # a year is background
    assert judged[0, 2] == pytest.approx(plain[0, 2])  # the toll every article repeats
    assert judged[4, 5] == pytest.approx(plain[4, 5])
