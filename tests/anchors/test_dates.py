import pytest

from newstrace.anchors import dates


@pytest.mark.parametrize(
    "text",
    [
        "the night of August 26",
        "on 26 August",
        "le 26 août",
        "am 26. August",
        "el 26 de agosto",
        "il 26 agosto",
        "em 26 de agosto",
        "в ночь на 26 августа",
        "ليلة 26 آب",
        "26 أغسطس",
        "Aug. 26",
    ],
)
def test_day_and_month_in_every_language(text):
    assert dates(text) == {"08-26"}


def test_two_word_arabic_months():
    assert dates("ليلة 4 كانون الأول") == dates("am 4. Dezember") == {"12-04"}
    assert dates("4 كانون الثاني") == {"01-04"}


@pytest.mark.parametrize(
    "text",
    [
        "32 August",  # no such day
        "May I say 26 things",  # "May" here is no month next to a day
        "August 2017",  # a year, not a day
        "12 марками",  # not a month although it starts like "март"
        "the 26 augustinians",
        "26 of them in August",
    ],
)
def test_what_is_not_a_date(text):
    assert dates(text) == set()
