from __future__ import annotations

import http.server
import socket
import threading
import time
from pathlib import Path

import pytest

from newstrace.outlets import default_registry
from newstrace.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed.txt"  # the seed story as republished by a French blog
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def registry():
    return default_registry()


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory):
    """The bundled examples ingested and analysed once (read-only for the tests that use it)."""
    from typer.testing import CliRunner

    from newstrace.cli import app

    db = str(tmp_path_factory.mktemp("examples") / "n.db")
    inputs = [str(EXAMPLES / d) for d in ("html", "records", "feeds")]
    outlets = ["--outlets", str(EXAMPLES / "outlets.yaml")]
    for command in (["ingest", *inputs], ["analyze"]):
        result = CliRunner().invoke(app, [*command, *outlets, "--db", db, "--workers", "1", "-q"])
        assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def store():
    db = Store(":memory:")
    yield db
    db.close()


def article_html(
    title: str,
    body: str,
    *,
    url: str | None = None,
    extra: str = "",
    date: str = "2017-09-08",
    charset: str | None = "utf-8",
) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    meta = f'<meta charset="{charset}">' if charset else ""
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return (
        f"<!doctype html><html><head>{meta}<title>{title}</title>{canonical}"
        f'<meta property="article:published_time" content="{date}T09:00:00+00:00">'
        f"</head><body><nav><a href='/'>Accueil</a> <a href='/monde'>Monde</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>{extra}"
        f"<footer>© Site 2017</footer></body></html>"
    )


LOREM_FR = (
    "Le ministre a annoncé jeudi une série de mesures destinées à soutenir les agriculteurs touchés "
    "par la sécheresse de l'été dernier, selon un communiqué publié dans la matinée.\n"
    "Ces aides, d'un montant total de 400 millions d'euros, seront versées avant la fin de l'année "
    "aux exploitations dont les pertes dépassent 30% de leur production habituelle.\n"
    "Les syndicats agricoles ont salué un geste attendu, tout en jugeant l'enveloppe insuffisante "
    "au regard de l'ampleur des dégâts constatés dans le sud-ouest du pays."
)


# -- a tiny web server on 127.0.0.1 for fetch tests ---------------------------------------
class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}
    log: list = []

    def do_GET(self):  # noqa: N802 - http.server API
        type(self).log.append((self.path, self.headers.get("User-Agent"), time.monotonic()))
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>Not found</body></html>")
            return
        status, headers, body = route() if callable(route) else route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    """A local HTTP server: set ``web.routes[path] = (status, headers, body)``; ``web.url(path)``."""

    class Handler(_Handler):
        routes = {}
        log = []

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    class Web:
        routes = Handler.routes
        log = Handler.log
        port = server.server_address[1]

        def url(self, path: str) -> str:
            return f"http://127.0.0.1:{self.port}{path}"

    yield Web()
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
