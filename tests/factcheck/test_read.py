import json

from tests.conftest import EXAMPLES

from newstrace.factcheck import FactCheck, parse, read_factchecks
from newstrace.factcheck.ratings import normalise_rating
from newstrace.model import Rejection

FACTCHECKS = EXAMPLES / "factchecks"


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, FactCheck)], [i for i in items if isinstance(i, Rejection)]


def test_claimreview_json_ld():
    (fc,), rejected = split(read_factchecks([FACTCHECKS / "claimreview.json"]))
    assert not rejected
    assert fc.claim == "US helicopters evacuated ISIS commanders from Deir ez-Zor"
    assert (fc.verdict, fc.rating, fc.lang, fc.date) == ("False", "false", "en", "2017-09-20")
    assert fc.publisher == "FactCheck Desk"
    assert fc.claimant == "Sputnik; Frants Klintsevich"
    assert fc.url.startswith("https://factcheck-desk.example/2017/09/20/")
    assert fc.title.startswith("No, US helicopters")


def test_list_and_graph_and_numeric_rating():
    review = {
        "@type": "ClaimReview",
        "url": "https://fc.example/a",
        "claimReviewed": "Der Mond ist aus Käse gemacht und das wurde bewiesen",
        "reviewRating": {"ratingValue": 1, "bestRating": 5, "worstRating": 1},
    }
    other = {"@type": "WebSite", "name": "x"}
    doc = json.dumps(
        {
            "@context": "https://schema.org",
            "@graph": [other, review, {**review, "url": "https://fc.example/b"}],
        }
    )
    found, rejected = split(parse(doc.encode(), "graph.jsonld"))
    assert [f.url for f in found] == ["https://fc.example/a", "https://fc.example/b"]
    assert found[0].rating == "false" and found[0].verdict == "1/5"
    assert found[0].lang == "de"  # detected, the review does not say
    found, _ = split(parse(json.dumps([review]).encode(), "list.json"))
    assert len(found) == 1


def test_html_page_with_several_blocks():
    found, rejected = split(read_factchecks([FACTCHECKS / "claimreview-page.html"]))
    assert not rejected
    (fc,) = found
    assert fc.lang == "fr" and fc.rating == "false" and fc.verdict == "Faux"
    assert fc.publisher == "FactCheck Desk"  # resolved through the @graph's @id
    assert (
        fc.url
        == "https://factcheck-desk.example/fr/2017/09/21/helicopteres-americains-chefs-daech-deir-ez-zor/"
    )
    assert fc.date == "2017-09-21"


def test_html_broken_block_and_page_without_claimreview():
    good = '{"@type": "ClaimReview", "url": "https://fc.example/x", "claimReviewed": "Claim text here", "reviewRating": {"alternateName": "Misleading"}}'
    page = f'<html><script type="application/ld+json">{{broken</script><script type="application/ld+json">{good}</script></html>'
    found, rejected = split(parse(page.encode(), "page.html"))
    assert [f.rating for f in found] == ["misleading"]
    assert len(rejected) == 1 and "block 1" in rejected[0].item and "malformed JSON" in rejected[0].reason
    page = '<html><script type="application/ld+json">{"@type": "NewsArticle"}</script></html>'
    found, rejected = split(parse(page.encode(), "news.html"))
    assert not found and rejected[0].item == "news.html" and "no ClaimReview" in rejected[0].reason


def test_fact_check_tools_api():
    found, rejected = split(read_factchecks([FACTCHECKS / "factcheck-api.json"]))
    assert not rejected
    ru, en = found
    assert (ru.lang, ru.rating, ru.verdict, ru.claimant) == ("ru", "false", "Ложь", "Франц Клинцевич")
    assert ru.publisher.startswith("Проверено") and ru.date == "2017-09-22" and ru.claim_date == "2017-09-08"
    assert en.rating == "false"  # "Pants on Fire"


def test_malformed_json_names_the_file():
    found, rejected = split(parse(b'{"@type": "ClaimReview",', "bad.json"))
    assert not found and rejected[0].item == "bad.json" and "malformed JSON" in rejected[0].reason
    found, rejected = split(parse(b'{"@type": "Article"}', "none.json"))
    assert "no ClaimReview" in rejected[0].reason


def test_csv_example():
    found, rejected = split(read_factchecks([FACTCHECKS / "factchecks.csv"]))
    assert not rejected and len(found) == 4
    assert [f.rating for f in found] == ["false", "false", "false", "misleading"]
    assert [f.lang for f in found] == ["en", "en", "fr", "ru"]


def test_csv_aliases_bom_and_bad_rows():
    data = (
        "\ufeffClaim Reviewed;Rating;Link;Review Date;Lang\n"
        "Le vaccin contient une puce électronique;Faux;https://fc.example/1;2021-03-02;fr\n"
        "A claim with no link;False;;2021-03-02;en\n"
        "Another claim;False;https://fc.example/3;not a date;en\n"
        "Short row;False\n"
        "La tierra es plana según un estudio;Falso;https://fc.example/5;;\n"
    ).encode("utf-8")
    found, rejected = split(parse(data, "sheet.csv"))
    assert [f.url for f in found] == ["https://fc.example/1", "https://fc.example/5"]
    assert found[1].lang == "es" and found[1].date is None
    assert [r.item for r in rejected] == ["sheet.csv line 3", "sheet.csv line 4", "sheet.csv line 5"]
    assert (
        "no URL" in rejected[0].reason
        and "not a date" in rejected[1].reason
        and "fields" in rejected[2].reason
    )


def test_csv_without_required_columns():
    found, rejected = split(parse(b"title,body\nx,y\n", "wrong.csv"))
    assert not found and "no claim / verdict / url column" in rejected[0].reason


def test_ratings():
    assert normalise_rating("Mostly false") == "false"
    assert normalise_rating("Not true") == "false"
    assert normalise_rating("Half True") == "mixed"
    assert normalise_rating("Вводит в заблуждение") == "misleading"
    assert normalise_rating("غير مثبت") == "unproven"
    assert normalise_rating("Something odd") is None
