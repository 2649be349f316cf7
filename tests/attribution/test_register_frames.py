"""English frames from registers other than straight news: live blogs and transcripts, wire copy,
court and science reporting, tabloid and finance verbs, and phrases that only look like reports."""

import pytest

from newstrace.attribution import analyze
from tests.attribution.test_attribution import article


def found(registry, text):
    return analyze(article(text, "en"), registry).attributions


def sources_and_cues(registry, text):
    return [(a.source, a.cue) for a in found(registry, text)]


@pytest.mark.parametrize(
    "text, source",
    [
        ("14:05 — The coastguard says two boats are still missing.", "The coastguard"),
        ("09:40 BST\nThe coastguard says two boats are still missing.", "The coastguard"),
        ("HOST: The regulator says prices will fall in spring.", "The regulator"),
        ("REPORTER (outside the court): The family says it will appeal.", "The family"),
    ],
)
def test_timestamps_and_speaker_labels_are_not_part_of_the_source(registry, text, source):
    assert [a.source for a in found(registry, text)] == [source]


def test_progressive_report_shares_its_content_with_the_citing_relay(registry):
    text = "The BBC is reporting, citing two officials, that the talks have collapsed."
    atts = found(registry, text)
    assert [(a.source, a.cue) for a in atts] == [("The BBC", "is reporting"), ("two officials", "citing")]
    assert {a.content for a in atts} == {"the talks have collapsed"}


def test_passive_report_names_its_agent(registry):
    (att,) = found(registry, "The merger was first reported by Bloomberg.")
    assert (att.source, att.cue, att.content) == ("Bloomberg", "was first reported by", "The merger")


def test_the_court_heard_is_agentless(registry):
    (att,) = found(registry, "The defendant hid the cash in a freezer, Leeds Crown Court heard.")
    assert att.source is None and att.cue.endswith("Court heard")
    assert att.content == "The defendant hid the cash in a freezer"


def test_two_sources_of_one_according_to(registry):
    text = "The plant will close in June, according to a union official and a person familiar with the plans."
    atts = found(registry, text)
    assert [a.source for a in atts] == ["a union official", "a person familiar with the plans"]
    assert {a.content for a in atts} == {"The plant will close in June"}


def test_relative_pronoun_speaks_for_the_name_given_before(registry):
    text = '"Prices will stay high," said Jo Marsh, an economist at Bexley Bank, who noted that wages were rising.'
    assert sources_and_cues(registry, text) == [("Jo Marsh", "said"), ("Jo Marsh", "noted")]


def test_relative_aside_after_the_subject_is_not_content(registry):
    (att,) = found(registry, "Dr Ana Ruiz, who led the study, described the results as striking.")
    assert att.source == "Dr Ana Ruiz"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The mayor said the road would reopen and warned that delays were likely.",
            [("The mayor", "said"), ("The mayor", "warned")],
        ),
        (
            "A spokesperson declined to comment on the audit but said the site was safe.",
            [("A spokesperson", "said")],
        ),
        (
            "Regulators fined the bank on Monday, alleging that it had misled savers.",
            [("Regulators", "alleging")],
        ),
    ],
)
def test_second_verb_shares_the_subject(registry, text, expected):
    assert sources_and_cues(registry, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hartley claimed the title on Sunday with a round of 66.",
        "The final was called off because of the storm.",
        "The jury found her not guilty of all charges.",
        "Tickets cost £5 per person on weekdays.",
        "Firefighters were called to the warehouse shortly after midnight.",
        'The minister held "several" calls with the unions.',
    ],
)
def test_phrases_that_only_look_like_reports(registry, text):
    assert found(registry, text) == []


def test_relative_that_inside_content_keeps_the_report(registry):
    (att,) = found(registry, "The office said the total included trucks that had been turned back.")
    assert (att.source, att.content) == ("The office", "the total included trucks that had been turned back")


@pytest.mark.parametrize(
    "text, source, source_type",
    [
        ("Some economists questioned whether the cut would help.", "Some economists", "anonymous"),
        (
            "Residents of Elm Street say the road has flooded twice this year.",
            "Residents of Elm Street",
            "anonymous",
        ),
        (
            "The World Health Organization said the outbreak was contained.",
            "The World Health Organization",
            "official",
        ),
        (
            "The developer, Northgate Holdings, said it would appeal.",
            "The developer, Northgate Holdings",
            "official",
        ),
    ],
)
def test_source_types_of_groups_and_bodies(registry, text, source, source_type):
    (att,) = found(registry, text)
    assert (att.source, att.source_type) == (source, source_type)


def test_tabloid_verbs(registry):
    text = 'A spokesman for the singer slammed the claims as "nonsense". Neighbours say the couple moved out.'
    atts = found(registry, text)
    assert [(a.source, a.stance) for a in atts] == [
        ("A spokesman for the singer", "disputes"),
        ("Neighbours", "asserts"),
    ]
