from tests.conftest import EXAMPLES

from newstrace.factcheck import FactCheckMatch, read_factchecks
from newstrace.factcheck import store as fc_store
from newstrace.model import Article, FactCheck, Rejection, Source


def test_reimport_does_not_duplicate(store):
    items = list(read_factchecks([EXAMPLES / "factchecks"]))
    found = [i for i in items if isinstance(i, FactCheck)]
    statuses = [s for _, s in fc_store.save_factchecks(store, found)]
    # the CSV repeats the ClaimReview's Deir ez-Zor review and the API's shark review
    assert fc_store.count_factchecks(store) == len(found) - 2
    assert statuses.count("new") == len(found) - 2
    again = [i for i in read_factchecks([EXAMPLES / "factchecks"]) if isinstance(i, FactCheck)]
    fc_store.save_factchecks(store, again)
    assert fc_store.count_factchecks(store) == len(found) - 2
    one_file = [i for i in read_factchecks([EXAMPLES / "factchecks" / "factchecks.csv"])]
    assert {s for _, s in fc_store.save_factchecks(store, one_file)} == {"unchanged"}
    deir = [f for f in fc_store.factchecks(store) if f.url.endswith("deir-ez-zor/") and f.lang == "en"]
    assert len(deir) == 1 and deir[0].title and deir[0].summary  # the CSV copy did not erase them


def test_rejections_stored_once(store):
    bad = [Rejection("x.csv line 3", "no URL for the fact-check")]
    fc_store.save_factchecks(store, [], bad)
    fc_store.save_factchecks(store, [], bad)
    assert store.rejections() == bad


def test_matches_round_trip(store):
    ((fc, _),) = fc_store.save_factchecks(
        store, [FactCheck(None, "Claim", "False", "https://fc.example/1", rating="false", lang="en")]
    )
    article = Article(None, "k", Source("file", "/a"), "h", "T", "Some text. More text here.")
    store.save_batch([article])
    match = FactCheckMatch(fc.id, article.id, 0.9, "More text here.", 11, 26, similarity=0.7)
    fc_store.save_matches(store, [(article.id, [match])])
    fc_store.save_matches(store, [(article.id, [match])])  # replaces, does not add
    assert list(fc_store.matches(store, article_id=article.id)) == [match]
    fc_store.save_story_matches(store, [(7, [FactCheckMatch(fc.id, article.id, 0.8, "T")])])
    assert [m.story_id for m in fc_store.matches(store, factcheck_id=fc.id)] == [None, 7]
