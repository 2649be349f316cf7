"""The desk's HTML pages: server-rendered Jinja2 over the same ``Workspace`` the API uses.

Each page module owns an ``APIRouter`` named ``router``; ``add_pages`` mounts them all with the
static files. Pages share one environment (``pages.common``), which also loads the report's
templates, so a desk page and the static report render the same partials from the same view
models.
"""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from newstrace.serve.pages import auth, browse, common, home, ingest, reading

__all__ = ["add_pages"]

# every page module, in the order their routes are tried
MODULES = [auth, home, reading, browse, ingest]


def add_pages(app: FastAPI) -> None:
    app.mount("/static/report", StaticFiles(packages=[("newstrace.report", "assets")]), name="report-assets")
    app.mount("/static", StaticFiles(packages=[("newstrace.serve", "static")]), name="static")
    for module in MODULES:
        app.include_router(module.router, include_in_schema=False)
    common.install(app)
