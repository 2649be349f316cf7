"""Who speaks in the lead as wave evidence: speakers folded into their bodies, a pair whose leads
name different bodies scores lower, a lead naming no one changes nothing."""

import numpy as np
import pytest

from newstrace.model import Analysis, Attribution, Origin
from newstrace.stories.clustering import Params, StoryIndex
from newstrace.stories.features import DIM, ArticleFeatures, lead_speakers


def _said(actor: str, cue_start: int) -> Attribution:
    return Attribution(
        source="x", source_type="official", cue="said", content="y", start=0, end=1,
        cue_start=cue_start, cue_end=cue_start + 4, actor=actor,
    )  # fmt: skip


def test_lead_speakers_fold_people_into_their_body_and_skip_the_body_text():
    analysis = Analysis(
        attributions=[_said("person-konashenkov", 40), _said("person-zakharova", 900)],
        origins=[Origin("Захаровой", "person", None, "ru-mfa"), Origin("tass", "outlet", "tass")],
    )
    assert lead_speakers(analysis, lead_end=300) == {"ru-mod", "ru-mfa"}
    assert lead_speakers(None, lead_end=300) == frozenset()


def _article(i: int, speakers: set[str], day: int | None = 700000) -> ArticleFeatures:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[0], vector[1 + i] = 1.0, 0.2
    vector /= np.linalg.norm(vector)
    return ArticleFeatures(
        article_id=i, lang="en", vector=vector, anchors=frozenset(), day=day, title=f"t{i}",
        outlet=None, published=None, speakers=frozenset(speakers),
    )  # fmt: skip


def _scores(penalty: float) -> np.ndarray:
    index = StoryIndex(Params(speaker_penalty=penalty, speaker_gap=1))
    feats = [
        _article(0, {"ru-mod"}),
        _article(1, {"ru-mfa"}, day=700010),  # another body ten days later: another wave
        _article(2, {"ru-mod", "ru-gov"}),
        _article(3, set()),
        _article(4, {"ua-gov"}, day=700001),  # another body the next day: a reply, same event
        _article(5, {"ua-gov"}, day=None),  # undated: nothing said
    ]
    index.add_features(feats)
    return index.pair_scores([index.row_of[i] for i in range(6)])


def test_leads_naming_different_bodies_score_lower_and_silent_leads_do_not():
    plain, judged = _scores(0.0), _scores(0.3)
    assert judged[0, 1] == pytest.approx(plain[0, 1] - 0.3)  # ru-mod vs ru-mfa
    assert judged[0, 2] == plain[0, 2]  # one body in common
    assert judged[0, 3] == plain[0, 3] and judged[1, 3] == plain[1, 3]  # no speaker named
    assert judged[0, 4] == plain[0, 4] and judged[0, 5] == plain[0, 5]  # the next day, no date
