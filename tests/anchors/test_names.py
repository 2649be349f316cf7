import pytest

from newstrace.anchors import name_keys, name_tokens, skeleton


@pytest.mark.parametrize(
    ("spellings", "expected"),
    [
        (("Deir", "Дейр", "دير"), "dr"),
        (("Hodeidah", "Ходейде", "الحديدة"), "hd"),  # kh = h, ة and Russian case endings drop
        (("Shaddadi", "Шаддади", "الشدادي"), "shd"),  # doubled letters
        (("Majadin", "Мейадином", "الميادين"), "mdn"),  # j = y, -ом, the article ال
        (("Ghouta", "Гута", "الغوطة"), "gt"),  # gh = g
        (("Bichkek", "Bishkek", "Бишкек"), "bshk"),  # ch = sh
    ],
)
def test_one_skeleton_across_scripts(spellings, expected):
    assert {skeleton(s) for s in spellings} == {expected}


def test_multiword_names_share_keys_however_they_are_split():
    assert name_keys("Дейр-эз-Зором") == name_keys("Deir ez-Zor") == name_keys("دير الزور") == {"drz", "rzr"}
    assert name_keys("Мейадином") == name_keys("al-Majadin") == name_keys("الميادين")
    assert name_keys("Abu Kamal") == name_keys("Абу-Кемаля") == name_keys("البوكمال")
    assert name_keys("Хан-Шейхун") == name_keys("Khan Shaykhun") == name_keys("خان شيخون")


def test_arabic_with_vowel_signs_is_one_word():
    assert name_keys("صوّر") == name_keys("صور") == {"sr"}


def test_different_places_do_not_share_keys():
    assert not name_keys("Deir ez-Zor") & name_keys("Idlib")
    assert not name_keys("Дума") & name_keys("Алеппо")
    assert not name_keys("Homs") & name_keys("Hama")


def test_only_names_count():
    assert name_keys("the rebels said nothing new") == set()  # lower case is not a name
    assert name_keys("ISIS and the UN") == set()  # acronyms differ in every language (ИГИЛ, EI, ООН)
    assert name_keys("ИГ") == set()


def test_name_tokens_keep_word_skeletons_and_marked_keys():
    assert name_tokens("Deir ez-Zor") == ["dr", "zr", "~drz", "~rzr"]
    assert name_tokens("nothing to see") == []


def test_arabic_names_are_word_pairs():
    # no capitals: every pair of neighbouring words is a candidate name, none longer
    tokens = name_tokens("مدينة دير الزور الشرقية")
    keys = {t for t in tokens if t.startswith("~")}
    assert {"~drz", "~rzr"} <= keys
    assert "~dnd" in keys  # مدينة + دير
    assert not any(t.startswith("~") and len(t) != 4 for t in tokens)
