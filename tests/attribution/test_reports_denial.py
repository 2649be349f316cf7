"""The article-level judgement "reports a denial or dispute of its main claim": a denial counts
when its speaker is not on the side of the main claim's source (actor registry: same actor, or
the same government up ``member_of``); the claim's author denying the other side is the claim."""

import pytest

from newstrace.actors import default_actors
from newstrace.attribution import analyze
from newstrace.attribution.denials import (
    attribution_side,
    claim_sides,
    headline_denial,
    reports_denial,
    side_of,
)
from newstrace.model import Analysis, Article, Attribution, Origin, Source
from newstrace.outlets import default_registry

ACTORS = default_actors()
OUTLETS = default_registry()


def article(title: str = "", text: str = "", lang: str = "en") -> Article:
    return Article(
        id=None, key="t", source=Source("file", "t"), content_hash="", title=title, text=text, lang=lang
    )


def said(source: str, stance: str = "asserts", actor: str | None = None, **kw) -> Attribution:
    return Attribution(
        source=source,
        source_type=kw.pop("source_type", "official"),
        cue="said",
        content="the accusations were a provocation",
        start=0,
        end=1,
        cue_start=0,
        cue_end=1,
        stance=stance,
        actor=actor,
        **kw,
    )


def test_sides_follow_the_registry_up_to_the_government():
    assert side_of("ru-mod", ACTORS) == "ru-gov"
    assert side_of("ru-un-mission", ACTORS) == side_of("ru-kremlin", ACTORS) == "ru-gov"
    assert side_of("us-dod", ACTORS) != "ru-gov"
    assert side_of("name:xyz", ACTORS) == "name:xyz"


def test_the_claims_author_denying_the_other_side_is_the_claim():
    analysis = Analysis(
        attributions=[said("Igor Konashenkov", "denies", "ru-mod")],
        origins=[Origin("the Russian Defence Ministry", "official", None, "ru-mod")],
    )
    assert reports_denial(article("Bucha images staged, ministry says"), analysis, ACTORS) is None


def test_a_denial_from_another_side_is_reported():
    analysis = Analysis(
        attributions=[said("Mark Esper", "denies", "us-dod")],
        origins=[Origin("Zhao Lijian", "official", None, "cn-mfa")],
    )
    assert reports_denial(article(), analysis, ACTORS) == "yes"


def test_another_sides_own_version_is_a_dispute_but_an_opinion_is_not():
    origins = [Origin("the Russian Defence Ministry", "official", None, "ru-mod")]
    energoatom = said("Energoatom", actor="ua-energoatom")
    assert reports_denial(article(), Analysis([energoatom], origins), ACTORS) == "yes"
    energoatom.opinion = True
    assert reports_denial(article(), Analysis([energoatom], origins), ACTORS) is None


def test_a_state_outlet_speaks_for_its_government():
    ria = said("РИА Новости", "denies", source_type="outlet", outlet="ria-novosti")
    assert attribution_side(ria, ACTORS, OUTLETS) == "ru-gov"
    origins = [Origin("Захарова", "official", None, "ru-mfa")]
    assert reports_denial(article(lang="ru"), Analysis([ria], origins), ACTORS, OUTLETS) is None


def test_an_unnamed_denier_may_be_anyone():
    analysis = Analysis(
        attributions=[said("Critics", "disputes", source_type="anonymous")],
        origins=[Origin("the Kremlin", "official", None, "ru-kremlin")],
    )
    assert reports_denial(article(), analysis, ACTORS) == "yes"


def test_no_denial_no_other_side():
    analysis = Analysis(
        attributions=[said("Maria Zakharova", actor="person-zakharova")],
        origins=[Origin("Maria Zakharova", "official", None, "ru-mfa")],
    )
    assert reports_denial(article(), analysis, ACTORS) is None
    assert reports_denial(article(), None, ACTORS) is None


@pytest.mark.parametrize(
    ("lang", "title", "stance", "side"),
    [
        ("en", "Kremlin denies any role in the poisoning", "denies", "ru-gov"),
        ("en", "Pentagon: Chinese claims are absurd", "denies", "us-gov"),
        ("fr", "La Russie rejette les accusations de Kiev", "denies", "ru-gov"),
        ("de", "Moskau dementiert den Angriff", "denies", "ru-gov"),
        ("es", "El Kremlin niega las acusaciones", "denies", "ru-gov"),
        ("ru", "Кремль опроверг обвинения Лондона", "denies", "ru-gov"),
    ],
)
def test_headlines_are_read_for_denials(lang, title, stance, side):
    assert headline_denial(title, lang, ACTORS) == (stance, side)


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "Russia says missile belonged to Ukraine"), ("fr", "Le Kremlin: la situation est stable")],
)
def test_headlines_without_a_denial(lang, title):
    assert headline_denial(title, lang, ACTORS) is None


def test_the_headline_speaker_is_the_claims_side_when_no_origin_is_found():
    a = article("Kremlin denies any role in the poisoning")
    assert claim_sides(a, Analysis(), ACTORS) == {"ru-gov"}
    # the headline's own denial is then the claim, not a denial of it
    assert reports_denial(a, Analysis(), ACTORS) is None


def test_end_to_end_on_an_analysed_article():
    a = article(
        "Ministry says Bucha images are staged",
        "The Russian Defence Ministry said the images from Bucha were staged by Kyiv. "
        "The ministry denied that Russian troops had killed civilians in the town. "
        "Ukrainian President Volodymyr Zelensky rejected the claims as cynical lies.",
    )
    analysis = analyze(a, OUTLETS)
    assert "ru-gov" in claim_sides(a, analysis, ACTORS)
    assert reports_denial(a, analysis, ACTORS) == "yes"
    # without the Ukrainian rebuttal, the ministry's own denial does not count
    b = article(a.title, a.text.rsplit(" Ukrainian", 1)[0])
    assert reports_denial(b, analyze(b, OUTLETS), ACTORS) is None
