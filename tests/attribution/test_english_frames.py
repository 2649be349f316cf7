"""English news frames beyond "X said that C": adjuncts before the subject, hearers, relays placed
before the verb, nominal cues, sources inside prepositional phrases, verb forms used as nouns."""

import pytest

from newstrace.attribution import analyze
from tests.attribution.test_attribution import article


def attributions(registry, text):
    return [(a.source, a.cue, a.content) for a in analyze(article(text, "en"), registry).attributions]


@pytest.mark.parametrize(
    "text, source, content",
    [
        (
            "In a statement, the regulator said the tariffs would rise in May.",
            "the regulator",
            "the tariffs would rise in May",
        ),
        (
            "Speaking to reporters in Lagos, the governor said the curfew would end.",
            "the governor",
            "the curfew would end",
        ),
        (
            "The regulator, in a statement, said the tariffs would rise in May.",
            "The regulator",
            "the tariffs would rise in May",
        ),
        (
            "An engineer who asked not to be named said the dam had cracked.",
            "An engineer",
            "the dam had cracked",
        ),
        ("The dam had cracked, the company later said.", "the company", "The dam had cracked"),
        ("The library said its opening hours would be cut.", "The library", "its opening hours would be cut"),
    ],
)
def test_subject_and_content_around_adjuncts(registry, text, source, content):
    found = analyze(article(text, "en"), registry).attributions
    assert [(a.source, a.content) for a in found] == [(source, content)]


def test_hearer_between_verb_and_clause_is_the_relay_not_content(registry):
    (att,) = analyze(article("Two engineers told Reuters the dam had cracked.", "en"), registry).attributions
    assert (att.source, att.content, att.outlet) == ("Two engineers", "the dam had cracked", "reuters")


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Adeyemi, quoted by the Guardian, said the bill was dead.",
        "Citing two officials, the Guardian said the bill was dead.",
    ],
)
def test_relay_before_the_verb_shares_its_content(registry, text):
    found = analyze(article(text, "en"), registry).attributions
    assert len(found) == 2
    assert {a.content for a in found} == {"the bill was dead"}


def test_nominal_cue_with_a_possessor(registry):
    text = "The court rejected the transport ministry's claim that the strike was illegal."
    nominal = [a for a in analyze(article(text, "en"), registry).attributions if a.cue == "claim"]
    assert [(a.source, a.content) for a in nominal] == [("the transport ministry", "the strike was illegal")]


def test_rumour_nominal_without_a_source(registry):
    text = "Claims that the striker had retired spread quickly on social media."
    (att,) = analyze(article(text, "en"), registry).attributions
    assert (att.source, att.cue, att.source_type) == (None, "Claims", "anonymous")
    assert att.content == "the striker had retired"


def test_source_inside_a_prepositional_phrase(registry):
    text = "Nine miners were trapped, according to statements from rescuers at the site."
    (att,) = analyze(article(text, "en"), registry).attributions
    assert att.source == "statements from rescuers"
    assert att.source_type == "document"


def test_denied_reports_that_is_one_denial(registry):
    text = "The airline denied reports that it was close to bankruptcy."
    found = analyze(article(text, "en"), registry).attributions
    assert [(a.source, a.cue, a.stance) for a in found] == [("The airline", "denied", "denies")]


def test_platform_after_the_post(registry):
    text = "In a post on Telegram, the mayor of Kherson, Ivan Lysenko, warned residents to leave."
    found = analyze(article(text, "en"), registry).attributions
    assert {(a.source, a.source_type) for a in found} == {
        ("the mayor of Kherson, Ivan Lysenko", "person"),
        ("a post on Telegram", "social-media"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "She framed her report card and hung it in the hall.",
        "Witnesses are more likely to show up if they are paid.",
        "The merger could be announced within weeks.",
        "The claims adjuster visited the house on Friday.",
        "It is hard to tell the twins apart.",
        "The film was posted that evening to a fan forum.",
    ],
)
def test_verb_forms_that_report_nothing(registry, text):
    assert [a for a in analyze(article(text, "en"), registry).attributions if a.source is not None] == []


def test_according_to_reports_is_not_a_verb(registry):
    found = analyze(article("According to reports, the ferry sank at dawn.", "en"), registry).attributions
    assert [(a.source, a.cue) for a in found] == [("reports", "According to")]
