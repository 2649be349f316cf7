import pytest

from newstrace.anchors import numbers


@pytest.mark.parametrize(
    "text",
    [
        "1200 places",
        "1 200 places",
        "1,200 spaces",
        "1.200 Plätze",
        "1\u00a0200 мест",
        "1\u202f200 places",
        "١٢٠٠ مكان",
    ],
)
def test_thousands_in_every_format_are_one_number(text):
    assert numbers(text) == {"1200"}


def test_arabic_indic_digits_and_separators_are_ascii_digits():
    assert numbers("قتل ١٤ شخصا") == {"14"}
    assert numbers("١٬٢٠٠ مكان") == {"1200"}


def test_leading_zeros_do_not_make_another_number():
    assert numbers("le 08/03") == {"8", "3"}
    assert numbers("0 victims") == {"0"}


def test_a_comma_and_a_space_separate_numbers():
    assert numbers("September 8, 2017") == {"8", "2017"}
    assert numbers("1, 200") == {"1", "200"}


def test_number_words_only_on_request():
    assert numbers("fourteen children") == set()
    for text in (
        "fourteen children",
        "quatorze enfants",
        "catorce niños",
        "vierzehn Kinder",
        "четырнадцать детей",
    ):
        assert numbers(text, words=True) == {"14"}, text


def test_inflected_number_words_match_by_prefix():
    assert numbers("около четырнадцати человек", words=True) == {"14"}
    assert numbers("четырьмя ракетами", words=True) == {"4"}  # the longest prefix wins, not "четыр" -> 14
    assert numbers("خمسة أطفال", words=True) == {"5"}


def test_words_and_digits_together():
    assert numbers("dozens of people, 14 of them children", words=True) == {"12", "14"}


@pytest.mark.parametrize("text", ["someone said it", "Stone and Tenby", "no figures here", "F-"])
def test_text_without_numbers_has_none(text):
    assert numbers(text, words=True) == set()
