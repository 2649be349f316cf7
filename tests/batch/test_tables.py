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
