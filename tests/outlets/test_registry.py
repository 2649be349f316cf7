import pytest

from newstrace.errors import RegistryError
from newstrace.outlets import default_registry
from newstrace.outlets.registry import normalize_name


def test_registry_is_large_and_international(registry):
    assert len(registry) >= 150
    countries = {o.country for o in registry.outlets.values() if o.country}
    assert len(countries) >= 10
    kinds = {t for o in registry.outlets.values() for t in o.type}
    assert {"news-agency", "state-affiliated", "newspaper", "fact-checker", "blog-aggregator"} <= kinds


@pytest.mark.parametrize(
    "name, outlet",
    [
        ("Sputnik", "sputnik"),
        ("Спутник", "sputnik"),
        ("سبوتنيك", "sputnik"),
        ("sputniknews.com", "sputnik"),
        ("fr.sputniknews.com", "sputnik"),
        ("РИА Новости", "ria-novosti"),
        ("RIA Novosti", "ria-novosti"),
        ("Agence France-Presse", "afp"),
        ("Франс Пресс", "afp"),
        ("رويترز", "reuters"),
        ("SANA", "sana"),
        ("Russia Today", "rt"),
    ],
)
def test_names_resolve_in_any_script(registry, name, outlet):
    assert registry.by_name(name) == outlet


def test_domains_resolve_with_subdomains(registry):
    assert registry.by_domain("https://fr.sputniknews.com/international/2017/x.html") == "sputnik"
    assert registry.by_domain("https://www.lemonde.fr/international/article/x.html") == "le-monde"
    assert registry.by_domain("https://unknown-blog.example/x") is None


def test_owner_links_sputnik_and_ria(registry):
    assert registry.get("sputnik").owner == registry.get("ria-novosti").owner == "Rossiya Segodnya"


def test_user_file_adds_and_overrides(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text(
        "- id: veille-geo\n  name: Veille Géopolitique\n  domains: [veille-geo.example]\n  type: blog-aggregator\n"
        "- id: sputnik\n  name: Sputnik\n  aliases: [Sputnik Afrique]\n  domains: [sputniknews.africa]\n",
        encoding="utf-8",
    )
    registry = default_registry([user])
    assert registry.by_domain("veille-geo.example") == "veille-geo"
    assert registry.by_name("veille geopolitique") == "veille-geo"
    assert registry.by_name("Sputnik Afrique") == "sputnik"


def test_malformed_user_file_names_the_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x\n  name: X\n  type: tabloid\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="unknown type"):
        default_registry([bad])


def test_normalize_name():
    assert normalize_name("RIA-Novosti") == normalize_name("ria novosti")
    assert normalize_name("Agência Brasil") == "agencia brasil"
    assert normalize_name("Дейр-эз-Зор") == "дейр эз зор"  # Cyrillic letters are kept as they are
