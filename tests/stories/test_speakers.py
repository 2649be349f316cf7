"""Who speaks in the lead as wave evidence: speakers folded into their bodies, a pair whose leads
name different bodies scores lower, a lead naming no one (or reporting a denial of its claim)
changes nothing."""

import numpy as np
import pytest

from newstrace.model import Analysis, Attribution, Origin
from newstrace.stories.clustering import Params, StoryIndex
from newstrace.stories.features import DIM, ArticleFeatures, lead_speakers

from .conftest import make


def _said(actor: str, cue_start: int, stance: str = "asserts") -> Attribution:
    return Attribution(
        source="x", source_type="official", cue="said", content="y", start=0, end=1,
        cue_start=cue_start, cue_end=cue_start + 4, actor=actor, stance=stance,
    )  # fmt: skip


def test_lead_speakers_fold_people_into_their_body_and_skip_the_body_text():
    analysis = Analysis(
        attributions=[_said("person-konashenkov", 40), _said("person-zakharova", 900)],
        origins=[Origin("Захаровой", "person", None, "ru-mfa"), Origin("tass", "outlet", "tass")],
    )
    assert lead_speakers(analysis, lead_end=300) == {"ru-mod", "ru-mfa"}
    assert lead_speakers(None, lead_end=300) == frozenset()


def test_a_report_of_a_denial_of_its_claim_names_no_speaker():
    article = make(1, "en", "Moscow says the video was staged", "x " * 200, None, "example.com")
    claim = [Origin("Konashenkov", "official", None, "ru-mod")]
    # Kyiv denies the ministry's claim in the lead: a denial of the story's claim, not another wave
    denied = Analysis(
        attributions=[_said("person-konashenkov", 10), _said("ua-gov", 120, "denies")], origins=claim
    )
    assert lead_speakers(denied, 300, article) == frozenset()
    # the ministry denying in its own voice is the claim itself: its speaker counts
    own = Analysis(attributions=[_said("person-konashenkov", 10, "denies")], origins=claim)
    assert lead_speakers(own, 300, article) == {"ru-mod"}
    # a denial further down the body is not the lead's
    assert lead_speakers(denied, 100, article) == {"ru-mod"}


def _article(i: int, speakers: set[str], day: int | None = 700000) -> ArticleFeatures:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[0], vector[1 + i] = 1.0, 0.2
    vector /= np.linalg.norm(vector)
    return ArticleFeatures(
        article_id=i, lang="en", vector=vector, anchors=frozenset(), day=day, title=f"t{i}",
        outlet=None, published=None, speakers=frozenset(speakers),
    )  # fmt: skip


def _scores(penalty: float, undated: bool = False) -> np.ndarray:
    index = StoryIndex(Params(speaker_penalty=penalty, speaker_gap=1, speaker_undated=undated))
    feats = [
        _article(0, {"ru-mod"}),
        _article(1, {"ru-mfa"}, day=700010),  # another body ten days later: another wave
        _article(2, {"ru-mod", "ru-gov"}),
        _article(3, set()),
        _article(4, {"ua-gov"}, day=700001),  # another body the next day: a reply, same event
        _article(5, {"ua-gov"}, day=None),  # undated: nothing said, unless speaker_undated
        _article(6, {"name:ivnv"}),  # a person the registry does not know: no body
        _article(7, {"ru-gov"}, day=700010),  # Russia, ten days later: the ministry is within it
    ]
    index.add_features(feats)
    return index.pair_scores([index.row_of[i] for i in range(8)])


def test_leads_naming_different_bodies_score_lower_and_silent_leads_do_not():
    plain, judged = _scores(0.0), _scores(0.3)
    assert judged[0, 1] == pytest.approx(plain[0, 1] - 0.3)  # ru-mod vs ru-mfa
    assert judged[0, 2] == plain[0, 2]  # one body in common
    assert judged[0, 3] == plain[0, 3] and judged[1, 3] == plain[1, 3]  # no speaker named
    assert judged[0, 4] == plain[0, 4] and judged[0, 5] == plain[0, 5]  # the next day, no date
    assert judged[0, 6] == plain[0, 6]  # an unknown person tells no wave
    assert judged[0, 7] == plain[0, 7] and judged[1, 7] == plain[1, 7]  # ru-mod, ru-mfa within ru-gov


def test_undated_pairs_are_judged_by_their_speakers_when_asked():
    plain, judged = _scores(0.0, undated=True), _scores(0.3, undated=True)
    assert judged[0, 5] == pytest.approx(plain[0, 5] - 0.3)  # ru-mod vs ua-gov, no date
    assert judged[0, 4] == plain[0, 4]  # dated a day apart: still a reply


def test_two_bodies_of_one_government_are_two_speakers():
    """The UN mission is within the foreign ministry in the registry, yet its statement is a wave
    of its own; "Russia" named beside the Kremlin is the Kremlin speaking, not the Defence Ministry."""
    index = StoryIndex(Params(speaker_penalty=0.3, speaker_gap=-1))
    feats = [
        _article(0, {"ru-mfa"}),
        _article(1, {"ru-un-mission"}),  # the same day: still another body
        _article(2, {"ru-gov", "ru-kremlin"}),
        _article(3, {"ru-mod"}),
        _article(4, {"ru-gov"}),  # Russia alone: any of its bodies may be speaking
    ]
    index.add_features(feats)
    plain = StoryIndex(Params(speaker_penalty=0.0))
    plain.add_features([_article(i, set()) for i in range(5)])
    judged = index.pair_scores(list(range(5)))
    base = plain.pair_scores(list(range(5)))
    assert judged[0, 1] == pytest.approx(base[0, 1] - 0.3)
    assert judged[2, 3] == pytest.approx(base[2, 3] - 0.3)
    assert judged[3, 4] == pytest.approx(base[3, 4]) and judged[0, 4] == pytest.approx(base[0, 4])
