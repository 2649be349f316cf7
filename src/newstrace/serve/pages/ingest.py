"""The ingest page: upload files or paste URLs and feeds; the work runs as a background job.

The form hands its files and URLs to the server's ``JobRunner`` (``serve.jobs``), the same one
``POST /api/v1/jobs`` uses, through the same ``submit_request``. Jobs are stored (the ``jobs``
table), so the ingest page lists the recent ones across restarts; a job a stopped server left
unfinished says it was interrupted. A job's page follows it live (``static/job.js`` polls
``/api/v1/jobs/{id}``, which reads the desk's session cookie; without script the page reloads
itself), and the ingest page lists the inputs the database rejected, with their reasons.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from newstrace.serve.jobs import JobInputError, JobRunner
from newstrace.serve.pages.common import can_edit, check_csrf, editor, error_page, reader, render, workspace
from newstrace.users import User

router = APIRouter()

REJECTIONS_SHOWN = 200  # the latest ones; `newstrace rejections` and the export have them all


def _jobs(request: Request) -> JobRunner:
    return request.app.state.jobs


def _ingest_page(request: Request, who: User | None, *, status: int = 200, error: str = "", urls: str = ""):
    ws = workspace(request)
    rejections = ws.rejections(latest=REJECTIONS_SHOWN)[::-1]  # newest first
    return render(
        request,
        "desk/ingest.html",
        who,
        status=status,
        may_edit=can_edit(who),
        jobs=_jobs(request).recent(),
        rejections=rejections,
        rejection_count=ws.rejection_count(),
        error=error,
        urls=urls,
    )


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request, who: Annotated[User | None, Depends(reader)]) -> Response:
    return _ingest_page(request, who)


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_submit(
    request: Request,
    who: Annotated[User | None, Depends(editor)],
    files: Annotated[list[UploadFile] | None, File()] = None,
    urls: Annotated[str, Form(max_length=200_000)] = "",
) -> Response:
    """Start a job over the form's files and URLs (one per line) and follow it on its page."""
    await check_csrf(request)
    try:
        job = await run_in_threadpool(
            partial(_jobs(request).submit_request, who=who.name if who else None), files, urls.splitlines()
        )
    except JobInputError as exc:
        return _ingest_page(request, who, status=400, error=str(exc), urls=urls)
    return RedirectResponse(f"/ingest/{job.id}", status_code=303)


@router.get("/ingest/{job_id}", response_class=HTMLResponse)
def job_page(
    request: Request,
    who: Annotated[User | None, Depends(reader)],
    job_id: Annotated[str, PathParam(max_length=64)],
) -> Response:
    job = _jobs(request).get(job_id)
    if job is None:
        return error_page(request, 404, f"no job {job_id!r}")
    return render(request, "desk/job.html", who, job=job, finished=job.finished)
