from datetime import date

import pytest

from newstrace.anchors import dates, mentioned_days, news_day


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


SATURDAY = date(2018, 4, 14).toordinal()


@pytest.mark.parametrize(
    ("text", "lang", "day"),
    [
        ("Lavrov said on Thursday that the Swiss lab found BZ", "en", date(2018, 4, 12)),
        ("Захарова вчера заявила журналистам", "ru", date(2018, 4, 13)),
        ("В понедельник МИД России заявил", "ru", date(2018, 4, 9)),
        ("Le 12 avril, l'OIAC a publié son rapport", "fr", date(2018, 4, 12)),
        ("قال المتحدث يوم الخميس", "ar", date(2018, 4, 12)),
        ("Am Samstag erklärte das Ministerium", "de", date(2018, 4, 14)),  # the day itself
        ("Nothing dates this lead", "en", date(2018, 4, 14)),  # the publication day
    ],
)
def test_news_day_counts_back_from_the_publication_day(text, lang, day):
    assert news_day(text, lang, SATURDAY) == day.toordinal()


def test_an_older_date_in_the_lead_is_background():
    # the recap of an earlier wave: the news is today's, not the attack of 4 March
    text = "Six weeks after the 4 March attack in Salisbury, Moscow demanded access to Yulia Skripal"
    assert news_day(text, "en", SATURDAY) == SATURDAY
    # the most recent of several days named is the news
    text = "Après l'attaque du 4 mars, Moscou a réclamé jeudi un accès consulaire"
    assert news_day(text, "fr", SATURDAY) == date(2018, 4, 12).toordinal()


def test_weekday_words_belong_to_their_language():
    # German "hier" is "here", not the French "yesterday"
    assert news_day("Die Ermittler sagten hier nichts", "de", SATURDAY) == SATURDAY
    assert news_day("Les enquêteurs ont dit hier", "fr", SATURDAY) == SATURDAY - 1


def test_without_a_publication_day_only_a_full_date_dates_the_news():
    assert news_day("On Thursday, 8 April, the ministry said", "en", None) is None
    assert news_day("On 8 April 2018 the ministry said", "en", None) == date(2018, 4, 8).toordinal()
    assert news_day("Заявление от 08.04.2018", "ru", None) == date(2018, 4, 8).toordinal()


def test_mentioned_days_with_and_without_year():
    assert mentioned_days("On 8 April 2018, after March 4, and 2018-03-05") == [
        (4, 8, 2018),
        (3, 4, None),
        (3, 5, 2018),
    ]
    assert mentioned_days("4 березня") == [(3, 4, None)]  # Ukrainian
