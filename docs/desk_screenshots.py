"""Screenshots of the desk's reading pages on the demo data: docs/desk-search.png,
docs/desk-story.png, docs/desk-article.png.

    make demo
    .venv/bin/python docs/desk_screenshots.py [--db demo-output/newstrace.db] [--out docs/]

Serves a copy of the database on a free loopback port (uvicorn in a thread) and opens the
pages in Debian's Chromium through Playwright (``apt-get install chromium``; no
``playwright install``). The article shown is the one of the largest story with the most
relations.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from newstrace import Workspace
from newstrace.serve import create_app

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: str) -> tuple[uvicorn.Server, str]:
    """The desk over ``db`` in a thread; returns the server (set ``should_exit``) and its URL."""
    port = free_port()
    config = uvicorn.Config(create_app(Workspace(db)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "demo-output" / "newstrace.db"))
    parser.add_argument("--out", default=str(ROOT / "docs"))
    parser.add_argument("--query", default="Deir ez-Zor")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp())
    db = str(folder / "desk.db")
    with sqlite3.connect(args.db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)  # the demo database stays as it is
    with Workspace(db) as ws:
        story = ws.stories()[0]
        article = max(story.article_ids, key=lambda i: (len(ws.article(i).relations), -i))
    server, url = serve(db)
    out = Path(args.out)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, path in (
                ("desk-search.png", f"/search?q={args.query}"),
                ("desk-story.png", f"/stories/{story.id}"),
                ("desk-article.png", f"/articles/{article}"),
            ):
                page.goto(url + path)
                page.wait_for_load_state("load")
                page.screenshot(path=out / name)
                print(out / name, path)
            browser.close()
    finally:
        server.should_exit = True
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
