"""The desk's HTTP server: a thin FastAPI front end over ``newstrace.Workspace``.

Every route calls one Workspace method and shapes its result into a response model
(``serve.models``); no stage or query lives here. SQLite connections belong to one thread, so
each worker thread of the server opens its own Workspace on the same database.
"""

# no `from __future__ import annotations`: FastAPI reads the routes' annotations at run time,
# and some name dependencies defined inside create_app
import ipaddress
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from newstrace import __version__
from newstrace.errors import NewstraceError
from newstrace.serve import models as m
from newstrace.serve.jobs import JobInputError, JobRunner
from newstrace.serve.pages import add_pages
from newstrace.serve.pages import common as pages
from newstrace.users import User, has_users, user_for_token
from newstrace.workspace import Workspace

__all__ = ["Settings", "create_app", "is_loopback"]

MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger id is a 422, not an overflow
Id = Annotated[int, PathParam(ge=1, le=MAX_ID)]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Many = Annotated[list[str] | None, Query()]
ManyIds = Annotated[list[Annotated[int, Query(ge=1, le=MAX_ID)]] | None, Query()]
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": m.ErrorOut, "description": "A parameter cannot be used as given."},
    401: {"model": m.ErrorOut, "description": "No valid bearer token (the desk has accounts)."},
    403: {"model": m.ErrorOut, "description": "The token's role may not do this."},
    422: {"model": m.ErrorOut, "description": "A parameter has the wrong type or range."},
}
Ref = Annotated[str, PathParam(min_length=1, max_length=300)]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": m.ErrorOut, "description": "No such id."}}


@dataclass
class Settings:
    """How the server runs. ``host`` decides whether logins are needed: on loopback none
    (unless accounts exist), on any other address the server refuses to start without one."""

    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_bytes: int = 50 * 1024 * 1024  # one ingest request, every file together
    workers: int = 1  # processes per ingest/analyse stage of a job
    lang: str = "en"  # language of actor names in story data


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


class _Workspaces:
    """One Workspace per thread over the same database (sqlite3 connections are per thread).
    The server's worker threads live as long as it does, and so do their connections."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()

    def get(self) -> Workspace:
        found = getattr(self._local, "workspace", None)
        if found is None:
            found = self._local.workspace = Workspace(self.path)
            found.open()
        return found


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _listed(key: str, items: Iterable[Any], shape: Callable[[Any], Any] = asdict) -> dict[str, Any]:
    """A list route's body, ``{key: [shape(item), ...]}``: every list the API returns is
    shaped here (a dataclass becomes plain data unless ``shape`` says otherwise)."""
    return {key: [shape(item) for item in items]}


def _counted(pair: tuple[str, int]) -> dict[str, Any]:
    """An outlet or actor of a list: its id and how many articles it has."""
    return {"id": pair[0], "articles": pair[1]}


def create_app(workspace: Workspace, settings: Settings | None = None) -> FastAPI:
    """The server over ``workspace``'s database. Raises NewstraceError when the database is
    missing, or when ``settings.host`` is not loopback and the database has no user."""
    settings = settings or Settings()
    if workspace.path == ":memory:":
        raise NewstraceError("the server needs a database file, not :memory:")
    store = workspace.open()  # DatabaseNotFound names the path; migrations run here, once
    if not is_loopback(settings.host) and not has_users(store):
        raise NewstraceError(
            f"refusing to serve {workspace.path} on {settings.host} without accounts: add one with "
            f"`newstrace users add NAME --role admin --db {workspace.path}`, or bind to 127.0.0.1"
        )
    shared = not is_loopback(settings.host)
    workspaces = _Workspaces(workspace.path)
    jobs = JobRunner(workspace.path, workers=settings.workers, workspace=workspaces.get)
    jobs.recover()  # jobs a dead server left running: interrupted, their articles kept

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()

    app = FastAPI(
        title="newstrace",
        version=__version__,
        description="Who says what, who copied whom, where a story started: the desk's data.",
        lifespan=lifespan,
    )
    app.state.settings, app.state.jobs, app.state.workspaces = settings, jobs, workspaces
    app.state.loopback = not shared

    # -- errors: always JSON with a message, never a 500 for what a client sent ----------------
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if pages.wants_html(request):
            return pages.error_page(request, exc.status_code, str(exc.detail))
        response = _error(exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        detail = [
            {
                "loc": [str(p) for p in e.get("loc", ())],
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in exc.errors()
        ]
        first = detail[0] if detail else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"][1:] or first["loc"]) or "request"
        if pages.wants_html(request):
            return pages.error_page(request, 422, f"{where}: {first['msg']}")
        return _error(422, f"{where}: {first['msg']}", detail=detail)

    @app.exception_handler(NewstraceError)
    async def bad_input(request: Request, exc: NewstraceError) -> Response:
        if pages.wants_html(request):
            return pages.error_page(request, 400, str(exc))
        return _error(400, str(exc))

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        # a bug, not bad input (those are answered above): say so in JSON, the log has the trace
        return _error(500, "internal error: please report it with the request that caused it")

    @app.middleware("http")
    async def upload_limit(request: Request, call_next: Any) -> Any:
        if request.method in ("POST", "PUT", "PATCH"):
            length = request.headers.get("content-length")
            if length is None and request.headers.get("transfer-encoding"):
                return _error(411, "send a Content-Length header (uploads are limited in size)")
            if length is not None and (not length.isdigit() or int(length) > settings.max_upload_bytes):
                return _error(
                    413, f"the request is larger than the limit of {settings.max_upload_bytes} bytes"
                )
        return await call_next(request)

    # -- who is asking --------------------------------------------------------------------------
    def user(request: Request) -> User | None:
        """The token's user; None when no login is needed (loopback and no account). Every
        route that changes something asks this: a bearer token, never the desk's cookie."""
        ws = workspaces.get()
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if not shared and not has_users(ws.store):
            return None
        if scheme.lower() != "bearer" or not token.strip():
            raise HTTPException(
                401,
                "this desk needs an API token: Authorization: Bearer TOKEN (newstrace users token NAME)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        found = user_for_token(ws.store, token.strip())
        if found is None:
            raise HTTPException(401, "unknown or revoked API token", headers={"WWW-Authenticate": "Bearer"})
        return found

    def reader(request: Request) -> User | None:
        """Every account may read, by bearer token or, without an Authorization header, by the
        desk's session cookie: the desk's own scripts (static/job.js) read the API as the
        signed-in user. Only reads: a cookie is sent by any page's forms, so writes keep
        asking for a token (``user``), or go through the pages' CSRF-checked forms."""
        if not request.headers.get("authorization"):
            signed_in = pages.session_user(request)
            if signed_in is not None:
                return signed_in
        return user(request)

    def editor(who: Annotated[User | None, Depends(user)]) -> User | None:
        if who is not None and not who.can("editor"):
            raise HTTPException(403, f"user {who.name!r} is a {who.role}; this needs an editor or admin")
        return who

    Reader = Depends(reader)

    def ws() -> Workspace:
        return workspaces.get()

    def missing(kind: str, ref: Any) -> HTTPException:
        return HTTPException(404, f"no {kind} {ref!r}")

    def without_registry(detail: Any, kind: str, ref: Any) -> dict[str, Any]:
        """An outlet's or actor's detail as the API shows it: without the registry's own
        object, which the desk reads (the API names the outlet or actor by id and name)."""
        if detail is None:
            raise missing(kind, ref)
        record = asdict(detail)
        del record["registry"]
        return record

    # -- liveness -------------------------------------------------------------------------------
    @app.get("/healthz", response_model=m.Health, tags=["meta"])
    def healthz() -> dict[str, Any]:
        store = ws().store
        return {"status": "ok", "articles": store.count(), "schema_version": store.schema_version}

    api = "/api/v1"

    # -- articles -------------------------------------------------------------------------------
    @app.get(
        f"{api}/articles",
        response_model=m.ArticleList,
        responses=ERRORS,
        tags=["articles"],
        dependencies=[Reader],
    )
    def articles(
        lang: Many = None,
        outlet: Many = None,
        story: ManyIds = None,
        narrative: ManyIds = None,
        verdict: Many = None,
        date_from: Annotated[
            str | None, Query(alias="from", description="YYYY, YYYY-MM or YYYY-MM-DD")
        ] = None,
        date_to: Annotated[str | None, Query(alias="to", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
        cursor: Annotated[
            str | None, Query(pattern="^[0-9]{1,18}$", description="`next_cursor` of the page before")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> dict[str, Any]:
        """Latest article versions in id order (no text), filtered; follow `next_cursor`."""
        page = ws().browse(
            lang=lang,
            outlet=outlet,
            story=story,
            narrative=narrative,
            verdict=verdict,
            date_from=date_from,
            date_to=date_to,
            after=int(cursor or 0),
            limit=limit,
        )
        next_cursor = str(page.next_after) if page.next_after is not None else None
        return {"articles": page.articles, "next_cursor": next_cursor}

    @app.get(
        f"{api}/articles/{{article_id}}",
        response_model=m.ArticleOut,
        responses={**ERRORS, **NOT_FOUND},
        tags=["articles"],
        dependencies=[Reader],
    )
    def article(article_id: Id) -> dict[str, Any]:
        """One article version with its analysis, relations both ways, provenance, story and matches."""
        from newstrace.report.export import article_record, relation_record

        detail = ws().article(article_id)
        if detail is None:
            raise missing("article", article_id)
        record = article_record(detail.article, detail.analysis)
        record.update(detail.provenance)
        return {
            **record,
            "analysed": detail.analysis is not None,
            "story_id": detail.story_id,
            "narrative_id": detail.narrative_id,
            "derives_from": [relation_record(r) for r in detail.derives_from],
            "derived": [relation_record(r) for r in detail.derived],
            "matches": [asdict(x) for x in detail.matches],
        }

    # -- stories and narratives -------------------------------------------------------------------
    def story_record(story: Any) -> dict[str, Any]:
        return {
            "id": story.id,
            "title": story.title,
            "narrative_id": story.narrative_id,
            "article_ids": story.article_ids,
            "languages": story.languages,
            "outlets": story.outlets,
            "first_published": story.first_published,
            "last_published": story.last_published,
        }

    @app.get(
        f"{api}/stories",
        response_model=m.StoryList,
        responses=ERRORS,
        tags=["stories"],
        dependencies=[Reader],
    )
    def stories(
        offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0, limit: Annotated[int, Query(ge=1, le=500)] = 50
    ) -> dict[str, Any]:
        """Every story, largest first."""
        page = ws().story_page(offset=offset, limit=limit)
        return {
            **_listed("stories", page.items, story_record),
            "total": page.total,
            "next_offset": page.next_offset,
        }

    @app.get(
        f"{api}/stories/{{story_id}}",
        response_model=m.StoryDetailOut,
        responses={**ERRORS, **NOT_FOUND},
        tags=["stories"],
        dependencies=[Reader],
    )
    def story(story_id: Id) -> dict[str, Any]:
        """One story with its provenance graph, independent sources, denials, fact-checks, waves."""
        detail = ws().story(story_id, lang=settings.lang)
        if detail is None:
            raise missing("story", story_id)
        view = detail.view.to_dict()  # the report's typed view, as plain data

        def node_id(ref: Any) -> str:
            return f"article:{ref}" if isinstance(ref, int) else str(ref)

        nodes = [
            {
                "id": node_id(a["id"]),
                "kind": "article",
                "article_id": a["id"],
                "label": a["title"],
                "outlet": a["outlet"],
                "lang": a["lang"],
                "published": a["published"],
            }
            for a in view["articles"]
        ] + [
            {
                "id": e["id"],
                "kind": "external",
                "label": e["label"],
                "outlet": e["outlet"],
                "source_type": e["source_type"],
            }
            for e in view["external"]
        ]
        edges = [
            {
                "source": node_id(r["source_id"]),
                "target": node_id(r["target_id"]),
                "kind": r["kind"],
                "score": r["score"],
                "evidence": r["evidence"],
            }
            for r in view["relations"]
        ]
        return {
            **story_record(detail.story),
            "graph": {"nodes": nodes, "edges": edges, "roots": [node_id(r) for r in view["roots"]]},
            "independent_sources": view["independent_sources"],
            "sentence": view["sentence"],
            "denials": view["denials"],
            "factchecks": view["factchecks"],
            "waves": view["waves"],
        }

    @app.get(f"{api}/narratives", response_model=m.NarrativeList, tags=["stories"], dependencies=[Reader])
    def narratives() -> dict[str, Any]:
        """Every narrative (stories that retell one claim), with its stories."""
        grouped: dict[int, list[Any]] = {}
        for s in ws().stories():
            grouped.setdefault(s.narrative_id, []).append(s)

        def shape(item: tuple[int, list[Any]]) -> dict[str, Any]:
            narrative_id, members = item
            dates = [d for s in members for d in (s.first_published, s.last_published) if d]
            return {
                "id": narrative_id,
                "story_ids": sorted(s.id for s in members),
                "first_published": min(dates, default=None),
                "last_published": max(dates, default=None),
            }

        return _listed("narratives", sorted(grouped.items()), shape)

    @app.get(
        f"{api}/narratives/{{narrative_id}}",
        response_model=m.NarrativeOut,
        responses={**ERRORS, **NOT_FOUND},
        tags=["stories"],
        dependencies=[Reader],
    )
    def narrative(narrative_id: Id) -> dict[str, Any]:
        """A narrative's waves on one timeline, earliest first."""
        detail = ws().narrative(narrative_id)
        if detail is None:
            raise missing("narrative", narrative_id)
        return {
            "id": detail.id,
            "story_ids": sorted(s.id for s in detail.stories),
            "waves": [
                {
                    "story_id": w.story_id,
                    "title": w.title,
                    "first_published": w.first_published,
                    "last_published": w.last_published,
                    "articles": w.articles,
                }
                for w in detail.waves
            ],
        }

    # -- outlets and actors ---------------------------------------------------------------------
    @app.get(f"{api}/outlets", response_model=m.OutletList, tags=["outlets"], dependencies=[Reader])
    def outlets() -> dict[str, Any]:
        return _listed("outlets", ws().outlets(), _counted)

    @app.get(
        f"{api}/outlets/{{outlet_id}}",
        response_model=m.OutletOut,
        responses={**ERRORS, **NOT_FOUND},
        tags=["outlets"],
        dependencies=[Reader],
    )
    def outlet(outlet_id: Ref) -> dict[str, Any]:
        """What an outlet copies from whom, how often it credits, what its claims stand on."""
        return without_registry(ws().outlet(outlet_id), "outlet", outlet_id)

    @app.get(f"{api}/actors", response_model=m.ActorList, tags=["actors"], dependencies=[Reader])
    def actors() -> dict[str, Any]:
        return _listed("actors", ws().actors(), _counted)

    @app.get(
        f"{api}/actors/{{actor_id}}",
        response_model=m.ActorOut,
        responses={**ERRORS, **NOT_FOUND},
        tags=["actors"],
        dependencies=[Reader],
    )
    def actor(actor_id: Ref) -> dict[str, Any]:
        """Where an actor (or someone speaking for it) is quoted."""
        return without_registry(ws().actor(actor_id), "actor", actor_id)

    # -- fact-checks ----------------------------------------------------------------------------
    @app.get(
        f"{api}/factchecks",
        response_model=m.FactCheckList,
        responses=ERRORS,
        tags=["factchecks"],
        dependencies=[Reader],
    )
    def factchecks(lang: Annotated[str | None, Query(max_length=20)] = None) -> dict[str, Any]:
        return _listed("factchecks", ws().factchecks(lang=lang))

    @app.get(
        f"{api}/matches",
        response_model=m.MatchList,
        responses=ERRORS,
        tags=["factchecks"],
        dependencies=[Reader],
    )
    def matches(article: QueryId = None, factcheck: QueryId = None, story: QueryId = None) -> dict[str, Any]:
        """Fact-check matches, best first; article matches unless `story` is given."""
        return _listed("matches", ws().matches(article_id=article, factcheck_id=factcheck, story_id=story))

    # -- search -----------------------------------------------------------------------------------
    @app.get(
        f"{api}/search", response_model=m.SearchOut, responses=ERRORS, tags=["search"], dependencies=[Reader]
    )
    def search(
        q: Annotated[
            str, Query(min_length=1, max_length=1000, description='Words, "a phrase", prefix*, -word, a OR b')
        ],
        lang: Many = None,
        outlet: Many = None,
        story: ManyIds = None,
        narrative: ManyIds = None,
        verdict: Many = None,
        date_from: Annotated[str | None, Query(alias="from")] = None,
        date_to: Annotated[str | None, Query(alias="to")] = None,
        order: Annotated[str, Query(pattern="^(relevance|newest|oldest)$")] = "relevance",
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> dict[str, Any]:
        """Full-text search in every language with facets (counts by language, outlet, month,
        story, narrative, fact-check verdict)."""
        results = ws().search(
            q,
            lang=lang,
            outlet=outlet,
            story=story,
            narrative=narrative,
            verdict=verdict,
            date_from=date_from,
            date_to=date_to,
            order=order,
            offset=offset,
            limit=limit,
        )
        return {
            "query": results.query,
            "total": results.total,
            **_listed("hits", results.hits),
            "facets": {k: [{"value": v, "count": c} for v, c in vs] for k, vs in results.facets.items()},
            "facets_exact": results.facets_exact,
            "next_offset": results.next_offset,
        }

    # -- corrections ------------------------------------------------------------------------------
    def correction_record(c: Any) -> dict[str, Any]:
        from newstrace.corrections import describe

        return {
            "id": c.id,
            "kind": c.kind,
            "description": describe(c),
            "targets": c.targets,
            "value": c.value,
            "who": c.who,
            "at": c.at,
            "note": c.note,
            "active": c.active,
            "undone_at": c.undone_at,
            "undone_by": c.undone_by,
        }

    def who_for(user: User | None, given: str | None) -> str:
        """The token's user when the desk has accounts (a different name in the body is
        refused, not silently replaced); else the name given, or "anonymous" on loopback."""
        named = given.strip() if given else ""
        if user is None:
            return named or "anonymous"
        if named and named != user.name:
            raise HTTPException(
                400, f"who: you are {user.name!r}; a correction is recorded under your own name"
            )
        return user.name

    @app.get(
        f"{api}/corrections",
        response_model=m.CorrectionList,
        responses=ERRORS,
        tags=["corrections"],
        dependencies=[Reader],
    )
    def corrections(
        active: Annotated[bool, Query(description="Only those in force (not undone).")] = False,
    ) -> dict[str, Any]:
        """Every correction in the order made, undone ones included unless `active`."""
        return _listed("corrections", ws().corrections(active=active), correction_record)

    @app.post(
        f"{api}/corrections",
        response_model=m.CorrectionOut,
        status_code=201,
        responses={**ERRORS, 411: {"model": m.ErrorOut}, 413: {"model": m.ErrorOut}},
        tags=["corrections"],
    )
    def correct(body: m.CorrectionIn, who: Annotated[User | None, Depends(editor)]) -> dict[str, Any]:
        """Correct the engine for good: stored with who and when, applied at once, and kept by
        every later analysis (`--redo` too). A target that names nothing is a 400 with the reason."""
        given = body.targets.model_dump(exclude_none=True)
        if body.value is not None:
            given.update(body.value.model_dump(exclude_none=True))
        made = ws().correct(body.kind, who=who_for(who, body.who), note=body.note, **given)
        return correction_record(made)

    @app.post(
        f"{api}/corrections/{{correction_id}}/undo",
        response_model=m.CorrectionOut,
        responses={**ERRORS, **NOT_FOUND},
        tags=["corrections"],
    )
    def undo(
        correction_id: Id,
        who: Annotated[User | None, Depends(editor)],
        body: m.UndoIn | None = None,
    ) -> dict[str, Any]:
        """Undo a correction: it stays listed (with who undid it and when) and the engine answers
        again for what it touched. Undoing it twice is a 400."""
        workspace = ws()
        if workspace.correction(correction_id) is None:
            raise missing("correction", correction_id)
        undone = workspace.undo(correction_id, who=who_for(who, body.who if body else None))
        return correction_record(undone)

    # -- ingest jobs ------------------------------------------------------------------------------
    @app.post(
        f"{api}/jobs",
        response_model=m.JobOut,
        status_code=202,
        tags=["jobs"],
        responses={**ERRORS, 411: {"model": m.ErrorOut}, 413: {"model": m.ErrorOut}},
    )
    def new_job(
        who: Annotated[User | None, Depends(editor)],
        files: Annotated[list[UploadFile] | None, File(description="HTML, JSONL, WARC or feed files")] = None,
        urls: Annotated[list[str] | None, Form(description="Article or feed URLs, one per field")] = None,
    ) -> dict[str, Any]:
        """Ingest uploaded files and URLs, then analyse, in the background; poll the job."""
        try:
            job = jobs.submit_request(files, urls, who=who.name if who else None)
        except JobInputError as exc:
            raise HTTPException(400, str(exc)) from exc
        return job.record()

    @app.get(
        f"{api}/jobs/{{job_id}}",
        response_model=m.JobOut,
        responses={**ERRORS, **NOT_FOUND},
        tags=["jobs"],
        dependencies=[Reader],
    )
    def job_status(job_id: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
        job = jobs.get(job_id)
        if job is None:
            raise missing("job", job_id)
        return job.record()

    # -- the desk's pages: the same Workspace, rendered ------------------------------------------
    add_pages(app)
    return app
