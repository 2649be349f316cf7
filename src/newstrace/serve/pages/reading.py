"""The investigator's reading path: search, an article, a story; and the corrections made on
them (one form handler over ``Workspace.correct``, one undo).

- ``/search``: full-text search with facets (checkboxes with counts), snippets with the hits
  marked, pages; an empty or unusable query is answered on the page, not with an error.
- ``/articles/{id}``: the article with its attributions, credit lines and copied or translated
  passages highlighted (the report's ``highlight``), its derivation upward, relations both ways,
  story, narrative and fact-checks, and the corrections an editor can make on them.
- ``/stories/{id}``: the story report's sections, live, through :class:`DeskStoryPage` (the
  report's ``StoryPage`` with links to the desk's pages and undo buttons).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from newstrace.corrections import describe
from newstrace.errors import CorrectionError, SearchError
from newstrace.model import RELATION_KINDS, SOURCE_TYPES, Correction, Relation
from newstrace.report.html import Passage, StoryPage, highlight, lang_name
from newstrace.report.view import AttributionView, NodeId, TextSpan, WaveView
from newstrace.serve.pages.common import can_edit, check_csrf, editor, error_page, reader, render, workspace
from newstrace.users import User
from newstrace.workspace import ArticleDetail

router = APIRouter()

MAX_ID = 2**63 - 1
Id = Annotated[int, PathParam(ge=1, le=MAX_ID)]
PER_PAGE = 20
MAX_PAGE = 500
Many = Annotated[list[str], Query(max_length=200)]
ManyIds = Annotated[list[Annotated[int, Query(ge=1, le=MAX_ID)]], Query()]
Text = Annotated[str, Query(max_length=1000)]
Day = Annotated[str, Query(max_length=10)]
# the form fields of a correction that name an id; the others are text
ID_FIELDS = ("source", "target", "story", "into", "article", "attribution", "factcheck")
TEXT_FIELDS = ("relation", "source_text", "actor", "source_type", "note")
FACET_LABELS = {
    "lang": "Language",
    "outlet": "Outlet",
    "date": "Month",
    "story": "Story",
    "narrative": "Narrative",
    "verdict": "Fact-check verdict",
}


# -- search ----------------------------------------------------------------------------------------
@dataclass
class FacetValue:
    value: Any
    label: str
    count: int
    checked: bool


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    who: Annotated[User | None, Depends(reader)],
    q: Text = "",
    lang: Many = [],  # noqa: B006 (FastAPI copies defaults)
    outlet: Many = [],  # noqa: B006
    story: ManyIds = [],  # noqa: B006
    narrative: ManyIds = [],  # noqa: B006
    verdict: Many = [],  # noqa: B006
    date_from: Annotated[str, Query(alias="from", max_length=10)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=10)] = "",
    order: Annotated[str, Query(max_length=20)] = "relevance",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    ws = workspace(request)
    chosen: dict[str, list[Any]] = {
        "lang": lang,
        "outlet": outlet,
        "story": story,
        "narrative": narrative,
        "verdict": verdict,
    }
    context: dict[str, Any] = {
        "q": q,
        "chosen": chosen,
        "date_from": date_from,
        "date_to": date_to,
        "order": order if order in ("relevance", "newest", "oldest") else "relevance",
        "results": None,
        "message": None,
        "facets": {},
        "stories": {},
        "pages": {},
        "facet_labels": FACET_LABELS,
    }
    if not q.strip():
        context["message"] = (
            "Type one or more words: every word must be in the title or the text, in any language "
            '(accents and case do not matter). "A phrase" in quotes, word* for a prefix, -word to '
            "leave out, OR between alternatives."
        )
        return render(request, "desk/search.html", who, **context)
    try:
        results = ws.search(
            q,
            lang=lang or None,
            outlet=outlet or None,
            story=story or None,
            narrative=narrative or None,
            verdict=verdict or None,
            date_from=date_from.strip() or None,
            date_to=date_to.strip() or None,
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
            order=context["order"],
        )
    except SearchError as exc:
        context["message"] = f"This search cannot be run: {exc}."
        return render(request, "desk/search.html", who, status=400, **context)
    story_ids = {h.story_id for h in results if h.story_id is not None}
    story_ids |= {v for v, _ in results.facets.get("story", [])}
    titles = ws.story_titles(story_ids)
    facets: dict[str, list[FacetValue]] = {}
    for name, values in results.facets.items():
        if name == "date":
            continue
        picked = {str(v) for v in chosen.get(name, [])}
        facets[name] = [
            FacetValue(value, _facet_label(name, value, titles), count, str(value) in picked)
            for value, count in values
        ]
    params = _params(request)
    context.update(
        results=results,
        facets=facets,
        months=results.facets.get("date", []),
        stories=titles,
        pages={
            "number": page,
            "count": max(1, -(-results.total // PER_PAGE)),
            "prev": _with(params, page=page - 1) if page > 1 else None,
            "next": _with(params, page=page + 1)
            if results.next_offset is not None and page < MAX_PAGE
            else None,
        },
        month_href=lambda month: _with(params, page=None, **{"from": month, "to": month}),
        snippet=lambda hit: Markup(hit.snippet_html()),  # escaped, with <mark> around the hits
    )
    return render(request, "desk/search.html", who, **context)


def _facet_label(name: str, value: Any, titles: dict[int, str]) -> str:
    if name == "lang":
        return lang_name(value)
    if name == "story":
        title = titles.get(value)
        return f"#{value} {title}" if title else f"story {value}"
    if name == "narrative":
        return f"narrative {value}"
    return str(value) if value is not None else "none"


def _params(request: Request) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.query_params.multi_items()]


def _with(params: list[tuple[str, str]], **changes: Any) -> str:
    """The search URL with some parameters replaced (None drops one)."""
    kept = [(k, v) for k, v in params if k not in changes]
    kept += [(k, str(v)) for k, v in changes.items() if v is not None]
    return "/search?" + urlencode(kept)


# -- an article -----------------------------------------------------------------------------------
@dataclass
class RelationRow:
    """One relation of the article, seen from it: the other article, which way, the evidence."""

    relation: Relation
    other: int
    other_info: dict[str, Any]
    upward: bool  # True: this article derives from the other one
    confirmed: Correction | None = None

    @property
    def phrase(self) -> str:
        kind = self.relation.kind
        if self.upward:
            return {"copy": "copies", "translation": "translates", "cites": "cites"}.get(kind, kind)
        return {"copy": "copied by", "translation": "translated by", "cites": "cited by"}.get(kind, kind)

    @property
    def passages(self) -> list[dict[str, Any]]:
        return [p for p in self.relation.evidence.get("passages") or [] if isinstance(p, dict)]

    @property
    def shares(self) -> str:
        ev = self.relation.evidence
        found = []
        for key, label in (("target_share", "of the copy"), ("source_share", "of the source")):
            value = ev.get(key)
            if isinstance(value, (int, float)) and value:
                found.append(f"{value:.0%} {label}")
        return ", ".join(found)


@dataclass
class ArticlePageView:
    detail: ArticleDetail
    paragraphs: list[list[Any]]
    attributions: list[AttributionView]
    rows: list[RelationRow]
    chain: list[tuple[Relation, dict[str, Any]]]
    corrections: list[tuple[Correction, str]]  # with what it does
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def article(self):
        return self.detail.article


def article_view(detail: ArticleDetail) -> ArticlePageView:
    article, analysis = detail.article, detail.analysis
    text = article.text or ""
    attributions = [
        AttributionView(**{f.name: getattr(a, f.name) for f in fields(AttributionView)})
        for a in (analysis.attributions if analysis is not None else [])
    ]
    unattributed = [TextSpan(s, e) for s, e in (analysis.unattributed if analysis is not None else [])]
    confirmed = {
        (c.targets["source"], c.targets["target"], c.targets["relation"]): c
        for c in detail.corrections
        if c.kind == "confirm-relation"
    }
    rows: list[RelationRow] = []
    passages: list[Passage] = []
    for r in sorted(detail.relations, key=lambda r: (r.target_id != article.id, -r.score)):
        upward = r.target_id == article.id
        other = r.source_id if upward else r.target_id
        info = detail.others.get(other, {})
        row = RelationRow(r, other, info, upward, confirmed.get((r.source_id, r.target_id, r.kind)))
        rows.append(row)
        # the passages it took from another article; what others took from it is in their
        # pages (marking both would cover a widely copied text twice)
        if upward:
            who = f"{info.get('outlet') or 'article'} #{other}"
            for p in row.passages:
                start, end = p.get("target_start"), p.get("target_end")
                passages.append(Passage(start, end, f"pass pass-{r.kind}", f"{row.phrase} {who}"))
    for credit in article.credits:
        at = text.find(credit.text) if credit.text else -1
        if at >= 0:
            named = f" ({credit.outlet})" if credit.outlet else ""
            passages.append(
                Passage(at, at + len(credit.text), "credit", f"credit line: {credit.kind}{named}")
            )
    paragraphs = highlight(text, attributions, unattributed, passages=passages)
    chain = [(r, detail.others.get(r.source_id, {})) for r in detail.chain]
    return ArticlePageView(
        detail=detail,
        paragraphs=paragraphs,
        attributions=attributions,
        rows=rows,
        chain=chain,
        corrections=[(c, describe(c)) for c in detail.corrections],
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: Id, who: Annotated[User | None, Depends(reader)]) -> Response:
    ws = workspace(request)
    detail = ws.article(article_id)
    if detail is None:
        return error_page(request, 404, f"no article {article_id}")
    return render(
        request,
        "desk/article.html",
        who,
        v=article_view(detail),
        editable=can_edit(who),
        relation_kinds=RELATION_KINDS,
        source_types=SOURCE_TYPES,
    )


# -- a story ---------------------------------------------------------------------------------------
class DeskStoryPage(StoryPage):
    """The story report's page on the desk: article links open the desk's article pages, the
    narrative's waves its story pages, and an editor gets undo buttons on corrections."""

    def __init__(self, view: Any, *, editable: bool) -> None:
        super().__init__(view)
        self.editable = editable

    def article_href(self, article_id: NodeId) -> str:
        return f"/articles/{article_id}" if isinstance(article_id, int) else f"#article-{article_id}"

    def article_page(self, article_id: NodeId) -> str | None:
        return f"/articles/{article_id}" if isinstance(article_id, int) else None

    def wave_href(self, wave: WaveView) -> str | None:
        if wave.current:
            return "#timeline"
        return f"/stories/{wave.id}" if wave.id is not None else None

    def undo_action(self, correction_id: int | None) -> str | None:
        return f"/corrections/{correction_id}/undo" if self.editable and correction_id else None


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: Id, who: Annotated[User | None, Depends(reader)]) -> Response:
    ws = workspace(request)
    detail = ws.story(story_id, lang=request.app.state.settings.lang)
    if detail is None:
        return error_page(request, 404, f"no story {story_id}")
    s = DeskStoryPage(detail.view, editable=can_edit(who))
    others = [w for w in s.waves if not w.current]
    return render(request, "desk/story.html", who, s=s, editable=s.editable, merge_with=others)


# -- corrections -----------------------------------------------------------------------------------
def _local(url: str | None, fallback: str) -> str:
    """A redirect target on this desk only: a path, never another site (``//host``, ``\\``)."""
    if (
        url
        and url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and "\n" not in url
        and "\r" not in url
    ):
        return url
    return fallback


def _who(who: User | None, given: Any) -> str:
    """The signed-in user; on a desk without accounts the name given, else "anonymous" (as the API)."""
    if who is not None:
        return who.name
    named = given.strip() if isinstance(given, str) else ""
    return named[:100] or "anonymous"


@router.post("/corrections/new")
async def new_correction(request: Request, who: Annotated[User | None, Depends(editor)]) -> Response:
    await check_csrf(request)
    form = await request.form()
    kind = str(form.get("kind") or "")
    given: dict[str, Any] = {}
    for name in ID_FIELDS:
        value = str(form.get(name) or "").strip()
        if not value:
            continue
        if not value.isdigit() or int(value) > MAX_ID:
            return error_page(request, 400, f"{name}: {value[:40]!r} is not an id (a whole number)")
        given[name] = int(value)
    for name in TEXT_FIELDS:
        value = str(form.get(name) or "").strip()
        if value:
            given[name] = value[:500]
    note = given.pop("note", None)
    back = _local(str(form.get("next") or ""), "/")

    def make() -> Correction:
        return workspace(request).correct(kind, who=_who(who, form.get("who")), note=note, **given)

    try:
        made = await run_in_threadpool(make)
    except CorrectionError as exc:
        return error_page(request, 400, f"The correction was not made: {exc}")
    if made.kind == "merge-stories":
        back = f"/stories/{made.targets['into']}"
    return RedirectResponse(back, status_code=303)


@router.post("/corrections/{correction_id}/undo")
async def undo_correction(
    request: Request, correction_id: Id, who: Annotated[User | None, Depends(editor)]
) -> Response:
    await check_csrf(request)
    form = await request.form()
    back = _local(str(form.get("next") or ""), "/corrections")

    def undo() -> Correction | None:
        ws = workspace(request)
        if ws.correction(correction_id) is None:
            return None
        return ws.undo(correction_id, who=_who(who, form.get("who")))

    try:
        undone = await run_in_threadpool(undo)
    except CorrectionError as exc:
        return error_page(request, 400, f"The correction was not undone: {exc}")
    if undone is None:
        return error_page(request, 404, f"no correction {correction_id}")
    return RedirectResponse(back, status_code=303)
