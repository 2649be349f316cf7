"""The rows of the batch tables give back the articles and analyses they were made from (no Spark)."""

from __future__ import annotations

from newstrace.attribution import analyze
from newstrace.batch import tables
from newstrace.extract import extract
from newstrace.model import RawDocument, Source
from tests.conftest import EXAMPLES


def _as_dict(columns, row):
    return dict(zip([name for name, _ in columns], row, strict=True))


def test_an_article_and_its_analysis_survive_the_rows(registry):
    page = EXAMPLES / "html" / "sputnik-fr-original.html"
    raw = RawDocument(Source("file", str(page)), html=page.read_text("utf-8"), raw_hash="abc")
    article = extract(raw, registry)
    analysis = analyze(article, registry)
    assert analysis.attributions and article.credits is not None
    ref = tables.ref(3, 17)
    row = _as_dict(tables.ARTICLE_COLUMNS, tables.article_row(ref, article, analysis, 7))
    attributions = [_as_dict(tables.ATTRIBUTION_COLUMNS, r) for r in tables.attribution_rows(ref, analysis)]
    assert row["analyzer_version"] == 7 and [a["position"] for a in attributions] == list(
        range(len(analysis.attributions))
    )
    assert tables.to_article(row) == article
    assert tables.to_analysis(row, attributions) == analysis
    # a failed analysis: the article is kept, unanalysed
    failed = _as_dict(tables.ARTICLE_COLUMNS, tables.article_row(ref, article, None, 7))
    assert failed["analyzer_version"] is None and tables.to_analysis(failed, []) is None


def test_refs_sort_in_input_order():
    refs = [tables.ref(f, i) for f, i in [(0, 0), (0, 9), (0, 10), (2, 1), (10, 0), (10, 123456)]]
    assert sorted(refs) == refs


def test_factchecks_and_matches_survive_the_rows():
    from newstrace.factcheck import read_factchecks
    from newstrace.model import FactCheck, FactCheckMatch

    checks = [
        c for c in read_factchecks([EXAMPLES / "factchecks" / "claimreview.json"]) if isinstance(c, FactCheck)
    ]
    assert checks
    for n, check in enumerate(checks, 1):
        check.id = n
        row = _as_dict(tables.FACTCHECK_COLUMNS, tables.factcheck_row(check))
        assert tables.to_factcheck(row) == check
    match = FactCheckMatch(2, 41, 0.8123, "a claim", 10, 17, story_id=5, similarity=0.61)
    row = _as_dict(tables.MATCH_COLUMNS, tables.match_row(3, match, {41: tables.ref(0, 4)}))
    assert row["row"] == 3 and row["ref"] == tables.ref(0, 4)
    # into a database where the article and the fact-check got other ids
    back = tables.to_match(row, {tables.ref(0, 4): 7}, {2: 9})
    assert back == FactCheckMatch(9, 7, 0.8123, "a claim", 10, 17, story_id=5, similarity=0.61)
