"""A source is who an analyst can name (issue 10 part 2): an actor of the registry, an outlet of the
outlet registry, an anonymous source with its description, or a named person or organisation.
Every other span a cut left as a source stays in the analysis, marked unresolved, and is never an
origin. One test per cause of a false source seen on real news, each in several languages."""

import pytest

from newstrace.actors import default_actors
from newstrace.attribution import analyze
from newstrace.attribution.actors import name_shaped
from newstrace.attribution.lexicon import lexicon
from newstrace.model import Article, Source
from newstrace.outlets import default_registry


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def sources(registry, lang, text, title=""):
    article = Article(None, "k", Source("file", "x"), "h", title, text, lang=lang)
    analysis = analyze(article, registry)
    return {a.source: a for a in analysis.attributions if a.source}, analysis.origins


@pytest.mark.parametrize(
    "lang, text, span",
    [
        (
            "ru",
            "О ночном обстреле Еленовки утром в пятницу сообщили в представительстве ДНР.",
            "О ночном обстреле Еленовки утром в пятницу",
        ),
        ("en", "The statement said the prisoners were killed by a missile.", "The statement"),
        ("es", "El comunicado afirma que los prisioneros murieron por un misil.", "El comunicado"),
        ("fr", "Les autorités de la ville ont affirmé que le théâtre abritait des civils.", None),
        ("it", "Secondo quanto riferito, i prigionieri sono stati uccisi da un missile.", "Secondo quanto"),
    ],
)
def test_a_clause_or_a_common_noun_is_no_source(registry, lang, text, span):
    """A phrase about the event ("about the night shelling of Olenivka on Friday morning"), a
    document no one is named for ("the statement") or a body no mention tells ("the city's
    authorities") names no one: unresolved, and never an origin (a body the sentence names, the DPR
    reporting the shelling, may still be)."""
    found, origins = sources(registry, lang, text, title=text)
    atts = [found[span]] if span else list(found.values())
    assert atts and all(a.unresolved for a in atts)
    assert all(o.actor or o.outlet for o in origins)


@pytest.mark.parametrize(
    "lang, text, span",
    [
        ("en", "A diplomatic source said the prisoners were killed by a missile.", "A diplomatic source"),
        ("ru", "Пленные погибли от ракеты, сообщил дипломатический источник.", "дипломатический источник"),
        ("fr", "Les prisonniers ont été tués par un missile, a affirmé un responsable.", "un responsable"),
    ],
)
def test_an_anonymous_source_with_its_description_is_a_source(registry, lang, text, span):
    found, origins = sources(registry, lang, text, title=text)
    assert not found[span].unresolved
    assert [o.source_type for o in origins] == ["anonymous"]


@pytest.mark.parametrize(
    "lang, text, span",
    [
        ("en", "Oksana Syomina said the prisoners were killed by a missile.", "Oksana Syomina"),
        ("ru", "Пленные погибли от ракеты, заявил Андрей Марочко.", "Андрей Марочко"),
        ("es", "Los prisioneros murieron por un misil, dijo Oksana Syómina.", "Oksana Syómina"),
    ],
)
def test_a_named_person_the_registry_does_not_know_is_a_source(registry, lang, text, span):
    found, origins = sources(registry, lang, text, title=text)
    assert not found[span].unresolved
    assert found[span].actor.startswith("name:")
    assert origins and origins[-1].actor == found[span].actor


def test_a_script_without_case_names_someone_only_through_the_registry(registry):
    """Arabic has no capitals to tell a name: an unknown word is no one, a known actor is."""
    unknown, _ = sources(registry, "ar", "وقال فومين إن الأسرى قتلوا بصاروخ.")
    known, _ = sources(registry, "ar", "وقال لافروف إن الأسرى قتلوا بصاروخ.")
    assert unknown["فومين"].unresolved
    assert not known["لافروف"].unresolved and known["لافروف"].actor == "person-lavrov"


@pytest.mark.parametrize(
    "lang, span, expected",
    [
        ("ru", "Захарова даже", "person-zakharova"),
        ("de", "Konaschenkow wurde", "person-konashenkov"),
        ("es", "Petrov respondiendo a la pregunta", None),
        ("pt", "uma série de medidas contra Moscou", None),
    ],
)
def test_a_name_opening_a_cut_names_its_speaker(lang, span, expected):
    """A cut after a known speaker's name ("Zakharova even") is that speaker; a name further into a
    clause ("measures against Moscow") is what the clause is about, not who speaks."""
    from newstrace.attribution.actors import _leading_name

    actors = default_actors()
    name = _leading_name(span, lexicon(lang), actors)
    assert (actors.resolve(name) if name else None) == expected


@pytest.mark.parametrize(
    "lang, span, shaped",
    [
        ("en", "DPR head Denis Pushilin", True),
        ("fr", "le député ukrainien Oleksiy Goncharenko", True),
        ("ru", "Оппозиционер Алексей Навальный", True),
        ("de", "der Sprecher Dmitri Peskow", True),
        ("de", "Niederlande und Australiens hatten dagegen im Frühjahr", False),
        ("de", "Das Verteidigungsministerium", False),
        ("en", "Police", False),
        ("ar", "فومين", False),
    ],
)
def test_a_name_shaped_span_is_names_and_titles_only(lang, span, shaped):
    """Capitalised words that are no common word of the lexicon, and around them only determiners,
    titles and words of the registry's names; a German noun holding a source word is no name."""
    assert name_shaped(span, lexicon(lang), default_actors()) is shaped


@pytest.mark.parametrize(
    "lang, text, span, expected",
    [
        (
            "de",
            "Verteidigungsministerium erklärte, die Ukraine habe das Kraftwerk beschossen.",
            "Verteidigungsministerium",
            None,
        ),
        ("en", "Maria Kovacs said the plant was shelled.", "Maria Kovacs", "name:kvcs"),
        ("fr", "Selon Jean-Pierre Dufour, la centrale a été bombardée.", "Jean-Pierre Dufour", "name:dfr"),
        (
            "it",
            "Diversi debunker sui social, tra cui il giornalista BBC Shayan Sardarizadeh, affermano che i"
            " video sono autentici.",
            "Diversi debunker sui social, tra cui il giornalista BBC Shayan Sardarizadeh",
            "name:srdrzd",
        ),
        (
            "es",
            "Varios analistas, entre ellos el periodista Ignacio Pérez, dijeron que los videos eran auténticos.",
            "Varios analistas, entre ellos el periodista Ignacio Pérez",
            "name:prz",
        ),
    ],
)
def test_a_name_key_needs_a_name(registry, lang, text, span, expected):
    """A German noun is capitalised like a name: a name key made of a common noun holding a source
    word ("Verteidigungsministerium" as name:vrtdgngsmnstrm) named a person no one is; names keep
    theirs, also a full name in apposition after a longer description."""
    found, _ = sources(registry, lang, text)
    assert found[span].actor == expected
    assert found[span].unresolved is (expected is None)
