"""Denials and disputes as real news writes them, in every language with a lexicon: the verb,
the characterisation ("called it a fake"), reported speech of a rebuttal, the passive with its
agent; and what is not a denial ("refused to comment", "se negaron a mostrar")."""

import pytest

from newstrace.attribution import analyze
from newstrace.model import Article, Source
from newstrace.outlets import default_registry

REGISTRY = default_registry()


def analysis_of(text: str, lang: str):
    article = Article(
        id=None, key="t", source=Source("file", "t"), content_hash="", title="", text=text, lang=lang
    )
    return analyze(article, REGISTRY)


def stances(text: str, lang: str) -> list[tuple[str | None, str]]:
    return [(a.source, a.stance) for a in analysis_of(text, lang).attributions]


@pytest.mark.parametrize(
    ("lang", "text", "source", "stance"),
    [
        ("en", "The Kremlin rejected the accusations on Monday.", "The Kremlin", "denies"),
        ("en", "Washington denies any role in the blast.", "Washington", "denies"),
        ("en", "A ministry spokesman said the claims were baseless.", "A ministry spokesman", "denies"),
        ("fr", "La Russie a cependant rejeté ces accusations.", "La Russie", "denies"),
        ("fr", "Le porte-parole a démenti les informations du journal.", "Le porte-parole", "denies"),
        (
            "fr",
            "Ces accusations sont rejetées par la Russie, qui parle de mise en scène.",
            "la Russie",
            "denies",
        ),
        (
            "fr",
            "Le ministère a qualifié de « provocation » les images diffusées dimanche.",
            "Le ministère",
            "denies",
        ),
        ("ru", "Москва отвергает обвинения в причастности к отравлению.", "Москва", "denies"),
        ("ru", "Песков назвал фейком сообщения о гибели мирных жителей.", "Песков", "denies"),
        ("ru", "Лаборатория не подтвердила слова министра о веществе BZ.", "Лаборатория", "disputes"),
        (
            "ar",
            "نفت وزارة الدفاع الروسية الاتهامات الأوكرانية بقتل مدنيين.",
            "وزارة الدفاع الروسية",
            "denies",
        ),
        ("ar", "وصفت الخارجية الروسية الاتهامات بأنها مفبركة.", "الخارجية الروسية", "denies"),
        ("de", "Moskau wies die Vorwürfe entschieden zurück.", "Moskau", "denies"),
        ("de", "Der Kreml nannte den Vorfall eine Fälschung.", "Der Kreml", "denies"),
        ("es", "El Gobierno ruso rechazó las acusaciones de Kiev.", "El Gobierno ruso", "denies"),
        ("es", "Lavrov calificó de montaje las imágenes de Bucha.", "Lavrov", "denies"),
        ("it", "Il ministero ha smentito le accuse di Kiev.", "Il ministero", "denies"),
        ("it", "Il Cremlino ha definito una provocazione le immagini di Bucha.", "Il Cremlino", "denies"),
        ("pt", "O Kremlin negou as acusações de Kiev.", "O Kremlin", "denies"),
        ("pt", "As acusações foram rejeitadas por Moscou.", "Moscou", "denies"),
    ],
)
def test_a_denial_is_found_with_its_own_source(lang, text, source, stance):
    found = stances(text, lang)
    assert (source, stance) in found, found


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ar", "رفض مختبر شبيتس السويسري التعليق على تصريحات الوزير."),
        ("es", "Los dos hombres se negaron a mostrar sus pasaportes ante la cámara."),
        ("pt", "Os dois homens negaram-se a mostrar os passaportes."),
        ("en", "The report confirmed the agent was military-grade, but did not say who made it."),
    ],
)
def test_refusals_and_late_negations_are_not_denials(lang, text):
    assert all(stance == "asserts" for _, stance in stances(text, lang))


def test_a_figure_is_not_a_source():
    assert all(
        a.source != "575" for a in analysis_of("575 نفت روسيا اليوم الأحد مزاعم أوكرانيا.", "ar").attributions
    )


def test_a_denial_answers_the_claim_it_rejects_and_keeps_its_own_speaker():
    text = (
        "Kyiv said Russian troops had killed hundreds of civilians in Bucha. "
        "Moscow rejected the accusations that its troops had killed civilians in Bucha."
    )
    attributions = analysis_of(text, "en").attributions
    denial = next(a for a in attributions if a.stance == "denies")
    assert denial.source == "Moscow"
    assert denial.answers is not None and attributions[denial.answers].source == "Kyiv"
