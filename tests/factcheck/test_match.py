import json

from tests.conftest import EXAMPLES, LOREM_FR

from newstrace.factcheck import FactCheck, Matcher, match_stored, read_factchecks
from newstrace.factcheck import store as fc_store
from newstrace.model import Article, Source


def example_factchecks():
    found = [
        f for f in read_factchecks([EXAMPLES / "factchecks" / "factchecks.csv"]) if isinstance(f, FactCheck)
    ]
    for n, fc in enumerate(found):
        fc.id = n + 1
    return found


def record(line: int) -> Article:
    data = json.loads((EXAMPLES / "records" / "export.jsonl").read_text("utf-8").splitlines()[line])
    return Article(
        line + 100, data["url"], Source("jsonl", "x"), "h", data["title"], data["text"], lang=data["lang"]
    )


def test_claim_matches_across_languages_and_not_its_lookalike():
    matcher = Matcher(example_factchecks())
    text = "Des hélicoptères américains auraient évacué des chefs de Daech de la région de Deir ez-Zor."
    top, second, *_ = matcher.rank(text, "fr")
    assert top.factcheck.url.endswith("us-helicopters-did-not-evacuate-isis-commanders-deir-ez-zor/")
    assert top.score >= 0.5 > second.score  # the Deir ez-Zor flag photo is another claim


def test_article_in_another_language_matched_with_its_sentence():
    matcher = Matcher(example_factchecks())
    article = record(1)  # German translation of the Sputnik story
    (match,) = matcher.match_article(article)
    assert match.factcheck_id == 1 and match.article_id == article.id
    if match.sentence_start is not None:
        assert article.text[match.sentence_start : match.sentence_end] == match.sentence
    unrelated = Article(3, "u", Source("file", "u"), "h", "Aides aux agriculteurs", LOREM_FR, lang="fr")
    assert matcher.match_article(unrelated) == []


def test_match_stored(store):
    fc_store.save_factchecks(store, example_factchecks())
    article = record(0)  # Arabic rewrite of the story
    article.id = None
    store.save_batch([article])
    assert match_stored(store) >= 1
    (best, *_) = fc_store.matches(store, article_id=article.id)
    assert fc_store.get_factcheck(store, best.factcheck_id).lang == "en"
