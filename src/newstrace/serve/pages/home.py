"""The desk's front page: what the database holds, and a search box."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from newstrace.serve.pages.common import reader, render, workspace
from newstrace.users import User

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, who: Annotated[User | None, Depends(reader)]) -> HTMLResponse:
    ws = workspace(request)
    largest = ws.story_page(limit=20)
    return render(
        request,
        "desk/home.html",
        who,
        articles=ws.count(),
        stories=largest.items,
        story_count=largest.total,
        outlets=len(ws.outlets()),
    )
