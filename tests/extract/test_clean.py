import pytest

from newstrace.extract.clean import clean, parse_credit

BODY = (
    "Le porte-parole a déclaré mardi que les négociations reprendraient la semaine prochaine à Genève, "
    "après trois semaines d'interruption.\n"
    "Les deux délégations doivent encore s'entendre sur l'ordre du jour, a-t-il précisé."
)


@pytest.mark.parametrize(
    "line, kind, outlet",
    [
        ("Sputnik", "republished", "sputnik"),
        ("Avec AFP", "agency", "afp"),
        ("(AFP)", "agency", "afp"),
        ("SOURCE: FRENCH PRESS TV", "republished", "press-tv"),
        ("Source : RT France", "republished", "rt"),
        ("Источник: РИА Новости", "republished", "ria-novosti"),
        ("المصدر: سبوتنيك", "republished", "sputnik"),
        ("Quelle: dpa", "republished", "dpa"),
        (
            "Article originel : https://fr.sputniknews.com/international/201709081033000000/",
            "source-link",
            "sputnik",
        ),
        ("Read more: https://sputniknews.com/middleeast/201709081057000000/", "source-link", "sputnik"),
        ("Lire la suite sur Sputnik", "source-link", "sputnik"),
        ("Source : https://www.rt.com/news/402000-us-isis-evacuation/", "source-link", "rt"),
        ("Traduction SLT", "translated", None),
        ("Перевод: ИноСМИ", "translated", "inosmi"),
        ("Translated by Sputnik", "translated", "sputnik"),
        ("© Reuters 2017", "agency", "reuters"),
    ],
)
def test_credit_lines_in_many_forms_and_scripts(line, kind, outlet, registry):
    credit = parse_credit(line, registry)
    assert credit is not None, line
    assert credit.kind == kind
    assert credit.outlet == outlet
    assert credit.text == line


@pytest.mark.parametrize(
    "line",
    [
        "Avec plaisir",  # 'avec' + something that is not an outlet
        "Avec le soutien de la Croix-Rouge",  # contains an outlet's name (La Croix) but credits nobody
        "(suite)",
        "Les deux délégations doivent encore s'entendre sur l'ordre du jour, a-t-il précisé.",
        "Selon Sputnik, l'évacuation aurait eu lieu le 26 août dans la région de Deir ez-Zor, à l'est du pays.",
    ],
)
def test_prose_and_unknown_names_are_not_credits(line, registry):
    assert parse_credit(line, registry) is None


def test_credit_lines_leave_the_body(registry):
    text, credits = clean(BODY + "\nAvec AFP\nTraduction SLT", registry)
    assert text == BODY
    assert [(c.kind, c.outlet) for c in credits] == [("agency", "afp"), ("translated", None)]


def test_wordpress_comment_form_is_cut_with_everything_after(registry):
    form = (
        "\nSputnik\nLaisser un commentaire\nVotre adresse e-mail ne sera pas publiée. "
        "Les champs obligatoires sont indiqués avec *\nCommentaire\nNom *\nE-mail *"
    )
    text, credits = clean(BODY + form, registry)
    assert text == BODY
    assert credits[0].outlet == "sputnik"


@pytest.mark.parametrize(
    "tail",
    [
        "\nLeave a Reply\nYour email address will not be published. Required fields are marked *\n"
        "This site uses Akismet to reduce spam.",
        "\nОставить комментарий\nВаш адрес email не будет опубликован.",
        "\nArticles similaires\nLa Bourse de Paris termine en hausse\nUn nouveau record de chaleur à Lyon",
        "\nRelated posts:\nStocks rally as oil slips\nFive things to know this morning",
        "\nЧитайте также:\nКурс рубля вырос\nВ Москве открылась выставка",
        "\nИнформация\nПосетители, находящиеся в группе Гости, не могут оставлять комментарии к данной публикации.",
    ],
)
def test_trailing_blocks_are_cut(tail, registry):
    text, _ = clean(BODY + tail, registry)
    assert text == BODY


def test_share_and_donate_lines_dropped_anywhere(registry):
    noisy = "Partager sur Facebook\n" + BODY + "\nFacebook Twitter WhatsApp\nFaire un don\nSoutenez-nous !"
    text, _ = clean(noisy, registry)
    assert text == BODY


def test_russian_legal_notice_after_banned_names_is_dropped(registry):
    text, _ = clean(BODY + "\n* Террористическая организация, запрещённая в России.", registry)
    assert text == BODY


def test_a_comment_marker_early_in_the_text_is_not_a_cut(registry):
    # An article *about* a comment section must not lose its body.
    text = "Laisser un commentaire\n" + BODY + "\n" + BODY
    cleaned, _ = clean(text, registry)
    assert BODY in cleaned


def test_dateline_gives_an_agency_credit_and_keeps_the_lead(registry):
    lead = (
        "BEYROUTH (AFP) - Des combats ont opposé mardi l'armée syrienne aux jihadistes près de Deir ez-Zor."
    )
    text, credits = clean(lead + "\n" + BODY, registry)
    assert text.startswith("BEYROUTH (AFP)")
    assert credits and credits[0].kind == "agency" and credits[0].outlet == "afp"


@pytest.mark.parametrize(
    "marker", ["À lire aussi", "Read also:", "Читайте также:", "Inscrivez-vous à notre newsletter"]
)
def test_a_read_also_block_mid_article_is_removed_and_the_article_goes_on(marker, registry):
    paragraphs = [
        f"Paragraphe {i} : le conseil a débattu longuement du budget de la ville et des travaux."
        for i in range(8)
    ]
    text = "\n".join(
        paragraphs[:3] + [marker, "Un autre titre sans rapport", "Encore un titre"] + paragraphs[3:]
    )
    cleaned, _ = clean(text, registry)
    assert cleaned == "\n".join(paragraphs)


@pytest.mark.parametrize(
    "last",
    [
        "Sources at the ministry declined to comment on the report.",
        "Источник в правительстве сообщил, что решение ещё не принято.",
        "Перевод средств был заблокирован банком в понедельник.",
        "Fuentes del Gobierno no confirmaron la información.",
        "Read more carefully, the decree leaves room for exceptions.",
        "مصدر في الوزارة قال إن القرار لم يتخذ بعد.",
        "Originally published in 1998, the report was never updated.",
    ],
)
def test_closing_sentences_that_start_like_credits_stay(last, registry):
    text, credits = clean(BODY + "\n" + last, registry)
    assert text.endswith(last) and credits == []


@pytest.mark.parametrize(
    "line",
    [
        "Publié dans Le Monde en 2019, l'entretien avait fait scandale.",
        "Posted in Kyiv, the letter was signed by twelve ministers.",
        "Faire un don à un parti étranger est interdit depuis 2017.",
    ],
)
def test_short_prose_lines_are_not_boilerplate(line, registry):
    text, _ = clean(BODY + "\n" + line + "\n" + BODY, registry)
    assert line in text
