import pytest

from newstrace.actors import default_actors
from newstrace.actors.registry import ActorRegistry, load_file
from newstrace.errors import RegistryError


@pytest.fixture(scope="module")
def actors():
    return default_actors()


def test_registry_covers_the_speakers_of_a_decade(actors):
    kinds = {a.kind for a in actors.actors.values()}
    assert kinds == {"person", "institution", "government", "international"}
    countries = {a.country for a in actors.actors.values() if a.country}
    assert {"RU", "UA", "US", "GB", "CN", "DE", "FR", "NL", "SY"} <= countries
    for actor in actors.actors.values():
        assert "en" in actor.names, actor.id
        for parent in actor.member_of:
            assert parent in actors, f"{actor.id} is a member of unknown {parent}"


@pytest.mark.parametrize(
    "span, actor",
    [
        ("Russian Defence Ministry spokesman Igor Konashenkov", "person-konashenkov"),
        ("le porte-parole du ministère russe de la Défense, Igor Konachenkov", "person-konashenkov"),
        ("Конашенкова", "person-konashenkov"),
        ("Konaschenkow", "person-konashenkov"),  # German spelling, by its consonant skeleton
        ("Russian Defence Ministry spokesman", "ru-mod"),
        ("Министерства обороны России", "ru-mod"),  # genitive
        ("وزارة الدفاع الروسية", "ru-mod"),
        ("俄罗斯国防部", "ru-mod"),
        ("официальный представитель МИД России", "person-zakharova"),
        ("Захаровой", "person-zakharova"),
        ("représentant permanent de la Russie auprès de l'OIAC", "ru-opcw-mission"),
        ("l'OIAC", "opcw"),
        ("Russia's envoy to the United Nations", "ru-un-mission"),
        ("the Kremlin", "ru-kremlin"),
        ("والكرملين", "ru-kremlin"),  # the clitic و and the article ال
        ("中国外交部发言人赵立坚", "person-zhao-lijian"),
        ("Pentagon spokesman John Kirby", "person-kirby"),
        ("أندريوشينكو", "person-andryushchenko"),  # the Mariupol mayor's adviser, in Arabic
        ("мэр Мариуполя Вадим Бойченко", "person-boychenko"),
        ("Moscow", "ru-gov"),
        ("Russian authorities", "ru-gov"),
    ],
)
def test_names_titles_and_roles_in_every_script(actors, span, actor):
    assert actors.resolve(span) == actor


@pytest.mark.parametrize(
    "span",
    [
        "an official in Moscow",  # a place, not the government speaking
        "a Russian lawmaker",
        "МИД Польши",  # another country's ministry
        "the Washington Post",
        "the ministry",
        "a source",
    ],
)
def test_what_names_no_known_actor(actors, span):
    assert actors.resolve(span) is None


def test_people_speak_for_their_body(actors):
    assert actors.speaks_for("person-konashenkov") == "ru-mod"
    assert actors.speaks_for("person-shoigu") == "ru-mod"
    assert actors.speaks_for("person-zakharova") == "ru-mfa"
    assert actors.speaks_for("person-peskov") == "ru-kremlin"
    assert actors.speaks_for("person-nebenzia") == "ru-un-mission"
    assert actors.speaks_for("person-zhao-lijian") == "cn-mfa"
    assert actors.speaks_for("ru-mod") == "ru-mod"
    assert actors.speaks_for("unknown") == "unknown"


def test_names_in_the_readers_language(actors):
    assert actors.name("ru-mod", "fr") == "ministère russe de la Défense"
    assert actors.name("ru-mod", "ru") == "Минобороны России"
    assert actors.name("ru-mod", "xx") == "Russian Defence Ministry"


def test_user_file_adds_and_overrides(tmp_path, monkeypatch):
    mine = tmp_path / "actors.yaml"
    mine.write_text(
        "- id: person-ivanov\n  kind: person\n  member_of: [ru-mod]\n"
        "  names: {en: Ivan Ivanov, ru: Иван Иванов}\n  aliases: [Иванова]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("NEWSTRACE_ACTORS", str(mine))
    actors = default_actors()
    assert actors.resolve("генерал Иван Иванов") == "person-ivanov"
    assert actors.speaks_for("person-ivanov") == "ru-mod"
    assert actors.resolve("Russian Defence Ministry") == "ru-mod"  # the built-in ones stay


def test_broken_files_are_named(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x\n  kind: alien\n  names: {en: X}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="unknown kind"):
        load_file(bad)
    with pytest.raises(RegistryError, match="cannot read"):
        load_file(tmp_path / "missing.yaml")


def test_a_user_entry_replaces_the_builtin_names():
    registry = ActorRegistry(list(default_actors().actors.values()))
    from newstrace.actors import Actor

    registry.add(Actor("ru-mod", "institution", names={"en": "MoD"}, aliases=["Voenved"]))
    assert registry.resolve("Voenved") == "ru-mod"
    assert registry.resolve("Russian Defence Ministry") is None


def test_a_senator_speaks_for_himself(actors):
    assert actors.resolve("Russian senator Frants Klintsevich") == "person-klintsevich"
    assert actors.speaks_for("person-klintsevich") == "person-klintsevich"
