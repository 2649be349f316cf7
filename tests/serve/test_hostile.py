"""Whatever a client sends, the answer is JSON and never a 500: every route of the OpenAPI
description is called with hostile values in each path and query parameter."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

import pytest

from .conftest import client_for

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "",
    "0",
    "-1",
    "1e309",
    "NaN",
    "9" * 40,
    "%00",
    "%ED%A0%80",  # a lone surrogate, percent-encoded
    "%FF%FE",
    quote("'; DROP TABLE articles; --"),
    quote('"unbalanced'),
    quote("NEAR(a b) OR AND NOT *"),
    quote("../../etc/passwd"),
    quote("中国" * 300),
    "a" * 5000,
    quote("\u202e\u0000\x02\x03"),
]


def _calls(spec: dict):
    for path, methods in spec["paths"].items():
        if "get" not in methods:
            continue
        params = methods["get"].get("parameters", [])
        for param in params:
            for value in HOSTILE:
                url = path
                query = []
                for other in params:
                    given = value if other is param else "1"
                    if other["in"] == "path":
                        url = url.replace("{" + other["name"] + "}", given or "1")
                    elif other is param or other.get("required"):
                        query.append(f"{other['name']}={given}")
                yield url + ("?" + "&".join(query) if query else "")


def test_hostile_parameters_never_500(client):
    spec = client.get("/openapi.json").json()
    calls = list(_calls(spec))
    assert len(calls) > 300
    for url in calls:
        response = client.get(url)
        assert response.status_code < 500, (url, response.text[:300])
        assert response.headers["content-type"].startswith("application/json"), url
        if response.status_code >= 400:
            assert response.json()["error"], url


@pytest.mark.slow
def test_upload_limits_and_hostile_file_names(db):
    client = client_for(db, max_upload_bytes=10_000)
    big = client.post("/api/v1/jobs", files={"files": ("big.html", b"x" * 20_000, "text/html")})
    assert big.status_code == 413 and "limit" in big.json()["error"]
    assert client.post("/api/v1/jobs", headers={"content-length": "abc"}).status_code == 413
    empty = client.post("/api/v1/jobs", data={})
    assert empty.status_code == 400 and "nothing to ingest" in empty.json()["error"]
    evil = client.post(
        "/api/v1/jobs",
        files={"files": ("../../../../tmp/evil.html", b"<html><body>hi</body></html>", "text/html")},
    )
    assert evil.status_code == 202
    assert evil.json()["inputs"] == ["evil.html"]
    job = _wait(client, evil.json()["id"])
    assert job["status"] == "done", job
    assert not Path("/tmp/evil.html").exists() or Path("/tmp/evil.html").stat().st_mtime < time.time() - 60


def _wait(client, job_id: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    pytest.fail(f"job {job_id} still running after {seconds} s")


@pytest.mark.slow
def test_an_ingest_job_adds_and_analyses_articles(db, tmp_path):
    client = client_for(db)
    before = client.get("/healthz").json()["articles"]
    page = (ROOT / "tests" / "data" / "seed.txt").read_text("utf-8")
    html = f"<html><head><title>Un article neuf</title></head><body><article><h1>Un article neuf</h1>{''.join(f'<p>{p}</p>' for p in page.split(chr(10)) if p.strip())}</article></body></html>"
    posted = client.post(
        "/api/v1/jobs",
        files=[
            ("files", ("neuf.html", html.encode(), "text/html")),
            ("files", ("vide.html", b"\x00\x01\x02" * 100, "text/html")),
        ],
    )
    assert posted.status_code == 202, posted.text
    job = _wait(client, posted.json()["id"])
    assert job["status"] == "done", job
    assert job["new"] == 1
    assert [r["item"].split("-", 1)[-1] for r in job["rejected"]] == ["vide.html"]
    assert "/tmp" not in job["rejected"][0]["item"]
    assert client.get("/healthz").json()["articles"] == before + 1
    found = client.get("/api/v1/search", params={"q": "article neuf"}).json()
    assert found["total"] >= 1
    newest = client.get(f"/api/v1/articles/{found['hits'][0]['article_id']}").json()
    assert newest["analysed"]
