"""The desk's lists and their detail pages: stories, narratives, outlets, actors, corrections.

Each page reads one ``Workspace`` method; long lists are read a page at a time (stories and
narratives in SQL, outlets and actors from their counted lists) and filtered by query
parameters. A story's own page and the correction forms live elsewhere (pages for reading);
here a correction is listed with its undo button.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from newstrace.serve.pages.common import can_edit, error_page, reader, render, workspace
from newstrace.users import User

router = APIRouter()

MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger id is a 422 page, not an overflow
PER_PAGE = 50
Id = Annotated[int, PathParam(ge=1, le=MAX_ID)]
Ref = Annotated[str, PathParam(min_length=1, max_length=300)]
PageNo = Annotated[int, Query(ge=1, le=1_000_000)]
Filter = Annotated[str, Query(max_length=200)]
Who = Annotated[User | None, Depends(reader)]


@dataclass
class Pager:
    """Where a page of a list sits: its links keep the list's filters."""

    page: int
    total: int
    per_page: int
    path: str
    params: dict[str, Any]

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_item(self) -> int:
        return min(self.total, self.offset + 1)

    @property
    def last_item(self) -> int:
        return min(self.total, self.offset + self.per_page)

    def url(self, page: int) -> str:
        kept = {k: v for k, v in self.params.items() if v not in (None, "", False)}
        if page > 1:
            kept["page"] = page
        return self.path + (f"?{urlencode(kept)}" if kept else "")

    @property
    def prev_url(self) -> str | None:
        return self.url(self.page - 1) if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.page + 1) if self.page < self.pages else None


def _beyond(request: Request, pager: Pager) -> Response | None:
    """A page number past the end of a non-empty list is a 404 page."""
    if pager.page > pager.pages:
        return error_page(request, 404, f"no page {pager.page}: the list has {pager.pages}")
    return None


# -- stories and narratives ------------------------------------------------------------------------
@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, who: Who, page: PageNo = 1, lang: Filter = "") -> Response:
    ws = workspace(request)
    lang = lang.strip()
    pager = Pager(page, 0, PER_PAGE, "/stories", {"lang": lang})
    found = ws.story_page(offset=pager.offset, limit=PER_PAGE, lang=lang or None)
    pager.total = found.total
    return _beyond(request, pager) or render(
        request, "desk/stories.html", who, stories=found.items, pager=pager, lang=lang
    )


@router.get("/narratives", response_class=HTMLResponse)
def narratives(request: Request, who: Who, page: PageNo = 1, every: bool = False) -> Response:
    """Narratives with more than one story (wave); ``every`` lists single-story ones too."""
    ws = workspace(request)
    pager = Pager(page, 0, PER_PAGE, "/narratives", {"every": int(every) or None})
    found = ws.narrative_page(offset=pager.offset, limit=PER_PAGE, min_stories=1 if every else 2)
    pager.total = found.total
    return _beyond(request, pager) or render(
        request, "desk/narratives.html", who, narratives=found.items, pager=pager, every=every
    )


@router.get("/narratives/{narrative_id}", response_class=HTMLResponse)
def narrative(request: Request, who: Who, narrative_id: Id) -> Response:
    from newstrace.report.html import wave_chart
    from newstrace.report.view import WaveView

    detail = workspace(request).narrative(narrative_id)
    if detail is None:
        return error_page(request, 404, f"no narrative {narrative_id}")
    views = [
        WaveView(
            id=w.story_id,
            title=w.title,
            first_published=w.first_published,
            last_published=w.last_published,
            articles=w.articles,
            published=w.published,
        )
        for w in detail.waves
    ]
    chart = wave_chart(views, href=lambda w: f"/stories/{w.id}")
    by_id = {s.id: s for s in detail.stories}
    waves = [(w, by_id.get(w.story_id)) for w in detail.waves]
    return render(request, "desk/narrative.html", who, narrative=detail, chart=chart, waves=waves)


# -- outlets and actors ------------------------------------------------------------------------------
def _matching(rows: list[tuple[str, int]], names: dict[str, str], q: str) -> list[tuple[str, str, int]]:
    """(id, name, articles) of the rows whose id or name holds ``q`` (case-insensitive)."""
    wanted = q.casefold()
    found = [(i, names.get(i, i), n) for i, n in rows]
    return [r for r in found if wanted in r[0].casefold() or wanted in r[1].casefold()]


@router.get("/outlets", response_class=HTMLResponse)
def outlets(request: Request, who: Who, page: PageNo = 1, q: Filter = "") -> Response:
    from newstrace.outlets import default_registry

    registry = default_registry()
    rows = workspace(request).outlets()
    names = {i: known.name for i, _ in rows if (known := registry.get(i)) is not None}
    found = _matching(rows, names, q.strip())
    pager = Pager(page, len(found), PER_PAGE, "/outlets", {"q": q.strip()})
    shown = found[pager.offset : pager.offset + PER_PAGE]
    return _beyond(request, pager) or render(
        request, "desk/outlets.html", who, outlets=shown, pager=pager, q=q.strip()
    )


@router.get("/outlets/{outlet_id}", response_class=HTMLResponse)
def outlet(request: Request, who: Who, outlet_id: Ref) -> Response:
    detail = workspace(request).outlet(outlet_id)
    if detail is None:
        return error_page(request, 404, f"no outlet {outlet_id!r} (no article is from it)")
    anonymous = detail.sources.get("anonymous", 0)
    said = detail.claims + detail.unsourced_sentences  # claims with a source, and without
    shares = {
        "credited": _share(detail.credited, detail.derived),
        "anonymous": _share(anonymous, detail.claims),
        "unsourced": _share(detail.unsourced_sentences, said),
        "anonymous_or_none": _share(anonymous + detail.unsourced_sentences, said),
    }
    return render(request, "desk/outlet.html", who, o=detail, anonymous=anonymous, shares=shares)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, who: Who, page: PageNo = 1, q: Filter = "") -> Response:
    from newstrace.actors import default_actors

    registry = default_actors()
    rows = workspace(request).actors()
    names = {i: known.name() for i, _ in rows if (known := registry.get(i)) is not None}
    found = _matching(rows, names, q.strip())
    pager = Pager(page, len(found), PER_PAGE, "/actors", {"q": q.strip()})
    shown = found[pager.offset : pager.offset + PER_PAGE]
    return _beyond(request, pager) or render(
        request, "desk/actors.html", who, actors=shown, pager=pager, q=q.strip()
    )


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, who: Who, actor_id: Ref, page: PageNo = 1, lang: Filter = "") -> Response:
    detail = workspace(request).actor(actor_id)
    if detail is None:
        return error_page(request, 404, f"no actor {actor_id!r} (quoted nowhere, unknown to the registry)")
    lang = lang.strip()
    quotes = [q for q in detail.quotes if not lang or q.lang == lang]
    pager = Pager(page, len(quotes), PER_PAGE, f"/actors/{actor_id}", {"lang": lang})
    shown = quotes[pager.offset : pager.offset + PER_PAGE]
    return _beyond(request, pager) or render(
        request, "desk/actor.html", who, a=detail, quotes=shown, pager=pager, lang=lang
    )


# -- corrections ------------------------------------------------------------------------------------
# how each target of a correction is linked: its page and what it is
TARGET_PAGES = {
    "source": ("articles", "article"),
    "target": ("articles", "article"),
    "article": ("articles", "article"),
    "story": ("stories", "story"),
    "into": ("stories", "story"),
}


@router.get("/corrections", response_class=HTMLResponse)
def corrections(request: Request, who: Who, active: bool = False, page: PageNo = 1) -> Response:
    from newstrace.corrections import describe

    found = workspace(request).corrections(active=active)[::-1]  # newest first
    pager = Pager(page, len(found), PER_PAGE, "/corrections", {"active": int(active) or None})
    rows = [(c, describe(c)) for c in found[pager.offset : pager.offset + PER_PAGE]]
    return _beyond(request, pager) or render(
        request,
        "desk/corrections.html",
        who,
        corrections=rows,
        pager=pager,
        active=active,
        may_edit=can_edit(who),
        target_pages=TARGET_PAGES,
    )
