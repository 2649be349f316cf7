"""Read fact-checks as fact-checkers publish them.

- schema.org ``ClaimReview`` in JSON-LD: one object, a list, an ``@graph``, or nested in another
  node (``NewsArticle.review``), in a ``.json``/``.jsonld`` file or in the
  ``<script type="application/ld+json">`` blocks of an HTML page (other blocks are ignored);
- the JSON of Google's Fact Check Tools API (``claims:search``): ``{"claims": [{"text",
  "claimant", "claimDate", "claimReview": [{"publisher", "url", "title", "reviewDate",
  "textualRating", "languageCode"}]}]}``;
- CSV (or TSV / semicolons) with a header naming at least the claim, the verdict and the URL
  (``claim, verdict, url, date, language`` and common aliases).

Nothing here raises for a bad item: a malformed file, a page without ClaimReview, a CSV row
without a URL each become a ``Rejection`` naming the item and the reason; the rest goes on.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newstrace.errors import InputError
from newstrace.extract.article import iso_date
from newstrace.extract.lang import detect_language
from newstrace.factcheck.ratings import normalise_rating, rating_from_scale
from newstrace.ingest.decode import decode
from newstrace.model import FactCheck, Rejection

Item = FactCheck | Rejection
EXTENSIONS = (".json", ".jsonld", ".html", ".htm", ".csv", ".tsv")
MAX_BYTES = 50 * 1024 * 1024

_SCRIPT = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>", re.I | re.S
)
_LANG_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][A-Za-z0-9]+)*$", re.I)
# CSV header aliases -> field, compared after lower-casing and dropping spaces, "_" and "-"
_CSV_ALIASES = {
    "claim": ("claim", "claimreviewed", "claimtext", "statement", "text", "affirmation", "assertion"),
    "verdict": ("verdict", "rating", "textualrating", "ratingtext", "ruling", "conclusion", "verdikt"),
    "url": ("url", "link", "reviewurl", "factcheckurl", "source", "sourceurl", "href"),
    "date": ("date", "reviewdate", "datepublished", "published", "publicationdate", "factcheckdate"),
    "lang": ("language", "lang", "languagecode", "inlanguage", "locale"),
    "publisher": ("publisher", "factchecker", "site", "organisation", "organization", "author", "outlet"),
    "title": ("title", "headline"),
    "summary": ("summary", "explanation", "reviewbody", "description", "body"),
    "claimant": ("claimant", "claimedby", "speaker"),
    "claim_date": ("claimdate", "claimdatepublished"),
}


def read_factchecks(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Fact-checks in these files or folders (read recursively), with rejections in between."""
    for value in paths:
        path = Path(value)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in EXTENSIONS and not p.name.startswith(".")
            )
            for file in files:
                yield from read_file(file)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield Rejection(str(value), "no such file or folder")


def read_file(path: Path) -> Iterator[Item]:
    location = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(location, f"could not be read ({exc.strerror})")
        return
    yield from parse(data, location)


def parse(data: bytes, location: str) -> Iterator[Item]:
    """Fact-checks in one document, whatever its format (told by the name, else by the content)."""
    if len(data) > MAX_BYTES:
        yield Rejection(
            location, f"file is {len(data) / 1e6:.0f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit"
        )
        return
    try:
        text = decode(data)
    except InputError as exc:
        yield Rejection(location, str(exc))
        return
    text = text.lstrip("\ufeff")
    suffix = Path(location.split("?")[0]).suffix.lower()
    head = text.lstrip()[:1]
    if suffix in (".csv", ".tsv") or (
        suffix not in (".json", ".jsonld", ".html", ".htm") and head not in "{[<"
    ):
        yield from parse_csv(text, location)
    elif suffix in (".html", ".htm") or head == "<":
        yield from parse_html(text, location)
    else:
        yield from parse_json_text(text, location)


# -- JSON ---------------------------------------------------------------------------------------
def parse_json_text(text: str, location: str) -> Iterator[Item]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejection(location, f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")
        return
    except (ValueError, RecursionError) as exc:
        yield Rejection(location, f"unreadable JSON ({type(exc).__name__})")
        return
    found = list(parse_json(doc, location))
    if not found:
        yield Rejection(location, "no ClaimReview found (nor Fact Check Tools API claims)")
    yield from found


def parse_json(doc: Any, location: str) -> Iterator[Item]:
    """A decoded JSON document: Fact Check Tools API answer, or JSON-LD."""
    if _is_api(doc):
        yield from parse_api(doc, location)
    else:
        yield from parse_jsonld(doc, location)


def _is_api(doc: Any) -> bool:
    if isinstance(doc, dict) and isinstance(doc.get("claims"), list):
        return True
    return (
        isinstance(doc, list) and bool(doc) and all(isinstance(d, dict) and "claimReview" in d for d in doc)
    )


def parse_api(doc: Any, location: str) -> Iterator[Item]:
    """The answer of the Fact Check Tools API: one fact-check per review of each claim."""
    claims = doc["claims"] if isinstance(doc, dict) else doc
    for n, claim in enumerate(claims):
        item = f"{location} claim {n}"
        if not isinstance(claim, dict):
            yield Rejection(item, "not a JSON object")
            continue
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list) or not reviews:
            yield Rejection(item, "no claimReview")
            continue
        for r, review in enumerate(reviews):
            where = f"{item} review {r}"
            if not isinstance(review, dict):
                yield Rejection(where, "not a JSON object")
                continue
            publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
            try:
                yield _make(
                    claim=_text(claim.get("text")),
                    verdict=_text(review.get("textualRating")),
                    url=_text(review.get("url")),
                    publisher=_text(publisher.get("name")) or _text(publisher.get("site")),
                    date=review.get("reviewDate"),
                    lang=_text(review.get("languageCode")),
                    title=_text(review.get("title")),
                    claimant=_text(claim.get("claimant")),
                    claim_date=claim.get("claimDate"),
                    source=where,
                )
            except InputError as exc:
                yield Rejection(where, str(exc))


def parse_jsonld(doc: Any, location: str, page_url: str | None = None) -> Iterator[Item]:
    """Every ClaimReview node in a JSON-LD document, wherever it sits."""
    nodes: list[dict] = []
    by_id: dict[str, dict] = {}
    _walk(doc, nodes, by_id)
    for n, node in enumerate(nodes):
        item = f"{location} ClaimReview {n}" if len(nodes) > 1 else location
        try:
            yield _from_claimreview(node, by_id, item, page_url)
        except InputError as exc:
            yield Rejection(item, str(exc))


def _walk(value: Any, nodes: list[dict], by_id: dict[str, dict], depth: int = 0) -> None:
    if depth > 50:
        return
    if isinstance(value, list):
        for v in value:
            _walk(v, nodes, by_id, depth + 1)
    elif isinstance(value, dict):
        if isinstance(value.get("@id"), str) and len(value) > 1:
            by_id.setdefault(value["@id"], value)
        if _has_type(value, "ClaimReview"):
            nodes.append(value)
        for key, v in value.items():
            if key != "@context":
                _walk(v, nodes, by_id, depth + 1)


def _has_type(node: dict, name: str) -> bool:
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and re.split(r"[/:#]", t)[-1] == name for t in types)


def _resolve(value: Any, by_id: dict[str, dict]) -> Any:
    if isinstance(value, dict) and set(value) == {"@id"}:
        return by_id.get(value["@id"], value)
    return value


def _name(value: Any, by_id: dict[str, dict]) -> str | None:
    """The name of a person or organisation (or several, joined), or a plain string."""
    value = _resolve(value, by_id)
    if isinstance(value, list):
        names = [n for n in (_name(v, by_id) for v in value) if n]
        return "; ".join(names) or None
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("alternateName")) or _text(value.get("url"))
    return _text(value)


def _from_claimreview(node: dict, by_id: dict[str, dict], item: str, page_url: str | None) -> FactCheck:
    reviewed = _resolve(node.get("itemReviewed"), by_id)
    reviewed = reviewed[0] if isinstance(reviewed, list) and reviewed else reviewed
    reviewed = reviewed if isinstance(reviewed, dict) else {}
    claim = _text(node.get("claimReviewed")) or _text(reviewed.get("text")) or _text(reviewed.get("name"))
    rating = _resolve(node.get("reviewRating"), by_id)
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = rating if isinstance(rating, dict) else {}
    verdict = _text(rating.get("alternateName")) or _text(rating.get("name"))
    scale = rating_from_scale(rating.get("ratingValue"), rating.get("bestRating"), rating.get("worstRating"))
    if not verdict and rating.get("ratingValue") is not None:
        verdict = f"{rating.get('ratingValue')}/{rating.get('bestRating', 5)}"
    url = _text(node.get("url")) or page_url or _url_id(node.get("@id"))
    lang = node.get("inLanguage")
    if isinstance(lang, dict):
        lang = lang.get("alternateName") or lang.get("name")
    return _make(
        claim=claim,
        verdict=verdict,
        url=url,
        publisher=_name(node.get("author"), by_id) or _name(node.get("publisher"), by_id),
        date=node.get("datePublished") or node.get("dateCreated") or node.get("dateModified"),
        lang=_text(lang),
        title=_text(node.get("headline")) or _text(node.get("name")),
        summary=_text(node.get("reviewBody"))
        or _text(node.get("description"))
        or _text(rating.get("ratingExplanation")),
        claimant=_name(reviewed.get("author"), by_id),
        claim_date=reviewed.get("datePublished"),
        source=item,
        scale_rating=scale,
    )


def _url_id(value: Any) -> str | None:
    """An ``@id`` that is a web address names the review's page (without its #fragment)."""
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return value.split("#")[0]
    return None


# -- HTML ---------------------------------------------------------------------------------------
def parse_html(text: str, location: str) -> Iterator[Item]:
    """ClaimReview in the JSON-LD blocks of a page; a broken block is reported, the others read."""
    page_url = _canonical(text)
    blocks = _SCRIPT.findall(text)
    found: list[Item] = []
    for n, block in enumerate(blocks):
        body = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)\s*$", "", block.strip()).strip()
        if not body:
            continue
        try:
            doc = json.loads(body)
        except json.JSONDecodeError:
            try:  # some pages escape the JSON as HTML
                doc = json.loads(html.unescape(body))
            except json.JSONDecodeError as exc:
                found.append(
                    Rejection(
                        f"{location} JSON-LD block {n + 1}",
                        f"malformed JSON ({exc.msg} at column {exc.colno})",
                    )
                )
                continue
        except RecursionError:
            found.append(Rejection(f"{location} JSON-LD block {n + 1}", "JSON nested too deeply to read"))
            continue
        for result in parse_jsonld(doc, f"{location} JSON-LD block {n + 1}", page_url):
            found.append(result)
    if not any(isinstance(f, FactCheck) for f in found):
        reason = (
            "no ClaimReview found (the page has no JSON-LD)"
            if not blocks
            else f"no ClaimReview found in its {len(blocks)} JSON-LD block(s)"
        )
        found.append(Rejection(location, reason))
    yield from found


def _canonical(text: str) -> str | None:
    for pattern in (
        r"<link\b[^>]*rel=[\"']canonical[\"'][^>]*href=[\"']([^\"']+)",
        r"<link\b[^>]*href=[\"']([^\"']+)[\"'][^>]*rel=[\"']canonical",
        r"<meta\b[^>]*property=[\"']og:url[\"'][^>]*content=[\"']([^\"']+)",
    ):
        match = re.search(pattern, text[:200_000], re.I)
        if match:
            return html.unescape(match.group(1))
    return None


# -- CSV ----------------------------------------------------------------------------------------
def parse_csv(text: str, location: str) -> Iterator[Item]:
    """Rows of a CSV with a header; each bad row is one rejection ("file.csv line 7: no URL")."""
    # the header says the delimiter; csv.Sniffer guesses wrong as soon as one row is short
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield Rejection(location, "empty CSV file")
        return
    except csv.Error as exc:
        yield Rejection(location, f"unreadable CSV ({exc})")
        return
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = re.sub(r"[\s_\-]+", "", name.strip().lstrip("\ufeff").casefold())
        for field, aliases in _CSV_ALIASES.items():
            if key in aliases and field not in columns:
                columns[field] = index
    missing = [f for f in ("claim", "verdict", "url") if f not in columns]
    if missing:
        yield Rejection(
            location,
            f"CSV header has no {' / '.join(missing)} column (found: {', '.join(header)}); "
            "expected claim, verdict, url, date, language",
        )
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Rejection(f"{location} line {reader.line_num}", f"unreadable CSV row ({exc})")
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        item = f"{location} line {line}"
        if len(row) != len(header):
            yield Rejection(item, f"{len(row)} fields where the header has {len(header)}")
            continue
        values = {field: row[index].strip() or None for field, index in columns.items()}
        if values.get("date") and iso_date(values["date"]) is None:
            yield Rejection(item, f"date {values['date']!r} is not a date")
            continue
        try:
            yield _make(**values, source=item)
        except InputError as exc:
            yield Rejection(item, str(exc))


# -- shared ---------------------------------------------------------------------------------------
def _text(value: Any) -> str | None:
    if isinstance(value, str):
        value = re.sub(r"\s+", " ", html.unescape(value)).strip()
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _make(
    *,
    claim: str | None,
    verdict: str | None,
    url: str | None,
    source: str,
    publisher: str | None = None,
    date: Any = None,
    lang: str | None = None,
    title: str | None = None,
    summary: str | None = None,
    claimant: str | None = None,
    claim_date: Any = None,
    scale_rating: str | None = None,
) -> FactCheck:
    """Check and normalise one fact-check; raise InputError saying what is missing."""
    if not claim:
        raise InputError("no claim (claimReviewed / text / claim column is empty)")
    if not url:
        raise InputError("no URL for the fact-check")
    if not re.match(r"https?://\S+$", url):
        raise InputError(f"URL {url[:80]!r} is not an http(s) URL")
    if not verdict:
        raise InputError("no verdict (reviewRating / textualRating / verdict column is empty)")
    code = None
    if lang:
        match = _LANG_CODE.match(lang.strip())
        code = match.group(1).lower() if match else None
    return FactCheck(
        id=None,
        claim=claim,
        verdict=verdict,
        url=url,
        rating=normalise_rating(verdict) or scale_rating,
        publisher=publisher,
        date=iso_date(date),
        lang=code or detect_language(claim),
        title=title,
        summary=summary,
        claimant=claimant,
        claim_date=iso_date(claim_date),
        source=source,
    )
