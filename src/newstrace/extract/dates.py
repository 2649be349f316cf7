"""A page's publication date from where a page states it, never from its body.

htmldate (through trafilatura) falls back on any date it finds in a page: a year in the
headline, "le 3 avril 2018" in the third paragraph, "depuis 2018" read as 2018-01-01. Such a
date is what the article is about, not when it was published, and a wrong publication date
steers relation directions and story windows. So only these may date a page, in this order:
the URL (/2018/04/03/), the head's metadata (meta tags, JSON-LD), <time> elements, and
byline/dateline elements (an element whose class, id or itemprop says date, time, publish,
byline). Anything else leaves the date empty.
"""

from __future__ import annotations

from datetime import datetime

from htmldate.core import date_candidates, examine_elements, examine_header, examine_time_elements
from htmldate.extractors import extract_url_date, json_search
from htmldate.utils import Extractor, load_html
from htmldate.validators import get_max_date, get_min_date
from lxml.html import HtmlElement

# htmldate always takes <footer> and <small> as candidates: their text is a copyright line or
# a caption as often as a dateline.
_NOT_BYLINES = frozenset({"footer", "small"})
# A byline or dateline is short; a long element with a "content" or "info" class is the body.
_BYLINE_MAX_CHARS = 120


def _options() -> Extractor:
    return Extractor(
        extensive=False,
        max=get_max_date(datetime.now().strftime("%Y-%m-%d")),
        min=get_min_date(None),
        original=True,
        format="%Y-%m-%d",
    )


def url_date(url: str | None) -> str | None:
    """The date (YYYY-MM-DD) a URL's path states (/2018/04/03/, /20180403-), or None: what
    dates a text record (a JSONL line) that carries a URL but no date."""
    return extract_url_date(url, _options()) if url else None


def page_date(html: str | HtmlElement, url: str | None = None) -> str | None:
    """The publication date (YYYY-MM-DD) the page declares, or None."""
    tree = load_html(html)
    if tree is None:
        return None
    options = _options()
    if url is None:
        link = tree.find('.//link[@rel="canonical"]')
        url = link.get("href") if link is not None else None
    bylines = [
        element
        for element in date_candidates(tree, False)
        if element.tag not in _NOT_BYLINES and len(element.text_content().strip()) <= _BYLINE_MAX_CHARS
    ]
    return (
        extract_url_date(url, options)
        or examine_header(tree, options)
        or json_search(tree, options)
        or examine_time_elements(tree, options)
        or examine_elements(bylines, options)
    )
