"""The fitted pair model (stories/pair_model.yaml, benchmarks/pair_model.py): it weighs only
evidence the index computes, gives symmetric probabilities, and rates a pair whose leads name
different bodies days apart below the same pair with one body; off by default (params.model)."""

import numpy as np

from newstrace.stories.clustering import Params, StoryIndex, pair_model
from newstrace.stories.features import DIM, ArticleFeatures


def _article(i: int, speakers: set[str], day: int | None, topic: int) -> ArticleFeatures:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[topic], vector[10 + i] = 1.0, 0.3
    vector /= np.linalg.norm(vector)
    return ArticleFeatures(
        article_id=i, lang="en", vector=vector, anchors=frozenset({f"k:t{topic}"}), day=day,
        title=f"t{i}", outlet=None, published=None, speakers=frozenset(speakers),
    )  # fmt: skip


def _index() -> StoryIndex:
    index = StoryIndex(Params(), model=pair_model("pair_model.yaml"))
    index.add_features(
        [
            _article(0, {"ru-mod"}, 700000, 0),
            _article(1, {"ru-mfa"}, 700005, 0),  # another body five days later: another wave
            _article(2, {"ru-mod"}, 700005, 0),  # the same body five days later
            _article(3, set(), 700001, 1),  # another topic
            _article(4, set(), 700002, 1),
        ]
    )
    return index


def test_the_shipped_model_weighs_only_computed_evidence():
    model = pair_model("pair_model.yaml")
    index = _index()
    feats = index.pair_features([index.row_of[i] for i in range(5)])
    assert set(model["coefficients"]) <= set(feats)
    assert all(f.shape == (5, 5) and np.allclose(f, f.T) for f in feats.values())


def test_model_scores_are_probabilities_and_read_speakers_and_topic():
    index = _index()
    score = index.model_scores([index.row_of[i] for i in range(5)])  # in article order
    assert np.allclose(score, score.T)
    assert ((score > 0) & (score < 1)).all()
    assert score[0, 1] < score[0, 2]  # different bodies days apart: less likely one wave
    assert score[3, 4] > score[0, 3]  # the same topic beats another topic


def test_the_hand_set_score_is_the_default():
    assert Params().model == ""
    index = StoryIndex()
    assert index.model == {}
