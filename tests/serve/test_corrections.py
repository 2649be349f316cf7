"""Corrections over HTTP: made, listed and undone through /api/v1/corrections, kept by a full
re-analysis, refused for viewers, and answered with the reason (never a 500) when wrong."""

from __future__ import annotations

import json

import pytest

from newstrace import Workspace
from newstrace.model import CORRECTION_KINDS
from newstrace.users import add_user, new_token

from .conftest import client_for

API = "/api/v1"


def _pair(db: str) -> tuple[int, int, str]:
    with Workspace(db) as ws:
        relation = ws.store.relations()[0]
        return relation.source_id, relation.target_id, relation.kind


def _related(db: str, source: int, target: int, kind: str) -> bool:
    with Workspace(db) as ws:
        found = {(r.source_id, r.target_id, r.kind) for r in ws.store.relations()}
    return (source, target, kind) in found or (target, source, kind) in found


def _reject(source: int, target: int, kind: str, **extra) -> dict:
    return {
        "kind": "reject-relation",
        "targets": {"source": source, "target": target, "relation": kind},
        **extra,
    }


def test_a_rejection_made_over_http_survives_redo_and_undo_brings_it_back(db):
    source, target, kind = _pair(db)
    client = client_for(db)
    made = client.post(f"{API}/corrections", json=_reject(source, target, kind, note="different events"))
    assert made.status_code == 201, made.text
    correction = made.json()
    assert (
        correction["who"] == "anonymous" and correction["active"] and correction["note"] == "different events"
    )
    assert correction["targets"] == {"source": source, "target": target, "relation": kind}
    assert "rejected" in correction["description"]
    assert not _related(db, source, target, kind)
    assert not any(
        r["source_id"] == source for r in client.get(f"{API}/articles/{target}").json()["derives_from"]
    )

    with Workspace(db) as ws:
        ws.analyze(redo=True, workers=1)
    assert not _related(db, source, target, kind)  # the engine found it again; the correction won
    listed = client.get(f"{API}/corrections", params={"active": "true"}).json()["corrections"]
    assert [c["id"] for c in listed] == [correction["id"]]

    undone = client.post(f"{API}/corrections/{correction['id']}/undo", json={"who": "bob"})
    assert undone.status_code == 200, undone.text
    assert not undone.json()["active"] and undone.json()["undone_by"] == "bob"
    assert _related(db, source, target, kind)  # the engine's own answer again
    assert client.get(f"{API}/corrections", params={"active": "true"}).json()["corrections"] == []
    assert len(client.get(f"{API}/corrections").json()["corrections"]) == 1  # still recorded
    again = client.post(f"{API}/corrections/{correction['id']}/undo")
    assert again.status_code == 400 and "already undone" in again.json()["error"]


def test_set_attribution_takes_its_value_from_the_body(db):
    with Workspace(db) as ws:
        article = next(a.id for a in ws.articles() if ws.article(a.id).analysis.attributions)
    body = {
        "kind": "set-attribution",
        "targets": {"article": article, "attribution": 0},
        "value": {"source_text": "Ministry of Defence", "source_type": "official"},
        "who": "alice",
    }
    with Workspace(db) as ws:
        engine = ws.article(article).analysis.attributions[0]
    assert (engine.source, engine.source_type) != ("Ministry of Defence", "official")
    client = client_for(db)
    made = client.post(f"{API}/corrections", json=body)
    assert made.status_code == 201, made.text
    assert made.json()["who"] == "alice" and made.json()["value"]["source_text"] == "Ministry of Defence"
    with Workspace(db) as ws:
        first = ws.article(article).analysis.attributions[0]
    assert (first.source, first.source_type) == ("Ministry of Defence", "official")
    # undo re-analyses the article inside the request: the engine's attribution comes back
    undone = client.post(f"{API}/corrections/{made.json()['id']}/undo", json={"who": "alice"})
    assert undone.status_code == 200, undone.text
    again = client.get(f"{API}/articles/{article}").json()["attributions"][0]
    assert (again["source"], again["source_type"]) == (engine.source, engine.source_type)


def test_viewers_cannot_correct_and_editors_correct_under_their_own_name(db):
    source, target, kind = _pair(db)
    with Workspace(db) as ws:
        add_user(ws.store, "vera", "viewer", "correct horse battery")
        add_user(ws.store, "eddie", "editor", "correct horse battery")
        viewer, editor = new_token(ws.store, "vera"), new_token(ws.store, "eddie")
    client = client_for(db, host="0.0.0.0")
    as_viewer, as_editor = {"Authorization": f"Bearer {viewer}"}, {"Authorization": f"Bearer {editor}"}
    assert client.post(f"{API}/corrections", json=_reject(source, target, kind)).status_code == 401
    refused = client.post(f"{API}/corrections", json=_reject(source, target, kind), headers=as_viewer)
    assert refused.status_code == 403 and "viewer" in refused.json()["error"]
    assert _related(db, source, target, kind)
    posing = client.post(
        f"{API}/corrections", json=_reject(source, target, kind, who="vera"), headers=as_editor
    )
    assert posing.status_code == 400 and "eddie" in posing.json()["error"]
    made = client.post(f"{API}/corrections", json=_reject(source, target, kind), headers=as_editor)
    assert made.status_code == 201 and made.json()["who"] == "eddie"
    assert client.get(f"{API}/corrections", headers=as_viewer).json()["corrections"][0]["who"] == "eddie"
    undo = f"{API}/corrections/{made.json()['id']}/undo"
    assert client.post(undo, headers=as_viewer).status_code == 403
    assert client.post(undo, headers=as_editor).json()["undone_by"] == "eddie"


@pytest.mark.parametrize(
    "body, status, says",
    [
        (
            {"kind": "move-article", "targets": {"article": 999999, "story": 1}},
            400,
            "no article with id 999999",
        ),
        ({"kind": "reject-relation", "targets": {"source": 1, "target": 2}}, 400, "needs relation"),
        (
            {"kind": "reject-relation", "targets": {"source": 1, "target": 1, "relation": "copy"}},
            400,
            "two articles",
        ),
        (
            {"kind": "move-article", "targets": {"article": 1, "story": 1}, "value": {"actor": "x"}},
            400,
            "takes no actor",
        ),
        ({"kind": "reject-match", "targets": {"factcheck": 12345, "article": 1}}, 400, "no fact-check"),
        ({"kind": "paint-it-blue", "targets": {}}, 422, "kind"),
        ({"kind": "move-article", "targets": {"article": "1", "story": 1}}, 422, "targets.article"),
        ({"kind": "move-article", "targets": {"article": True, "story": 1}}, 422, "targets.article"),
        ({"kind": "move-article", "targets": {"article": 2**64, "story": 1}}, 422, "targets.article"),
        ({"kind": "move-article", "targets": {"article": 1, "story": 1, "colour": 3}}, 422, "colour"),
        ({"kind": "move-article", "targets": {"article": 1, "story": 1}, "who": ""}, 422, "who"),
    ],
)
def test_bad_corrections_are_answered_with_the_reason(db, body, status, says):
    client = client_for(db)
    answer = client.post(f"{API}/corrections", json=body)
    assert answer.status_code == status, answer.text
    assert says in answer.json()["error"]
    assert client.get(f"{API}/corrections").json()["corrections"] == []


def test_undo_of_an_unknown_correction_is_a_404(client):
    answer = client.post(f"{API}/corrections/424242/undo")
    assert answer.status_code == 404 and "no correction 424242" in answer.json()["error"]
    assert client.post(f"{API}/corrections/0/undo").status_code == 422
    assert client.post(f"{API}/corrections/{2**64}/undo").status_code == 422


HOSTILE_BODIES = [
    b"",
    b"not json",
    b"null",
    b"[]",
    b'"reject-relation"',
    b"{",
    b'{"kind": null, "targets": null}',
    b'{"kind": "reject-relation", "targets": {"source": 1e309, "target": NaN, "relation": "copy"}}',
    b'{"kind": "reject-relation", "targets": {"source": -1, "target": 0, "relation": "copy"}}',
    b'{"kind": "set-attribution", "targets": {"article": 1, "attribution": 0}, "value": {"source_text": "   "}}',
    b'{"kind": "set-attribution", "targets": {"article": 1, "attribution": 0}, "value": {"source_type": "\\u0000"}}',
    b'{"kind": "reject-relation", "targets": {"source": 1, "target": 2, "relation": "\\ud800"}}',
    b'{"kind": "reject-relation", "targets": {"source": 1, "target": 2, "relation": "' + b"x" * 5000 + b'"}}',
    b'{"kind": "merge-stories", "targets": {"story": 1, "into": 1}, "note": "' + "中".encode() * 3000 + b'"}',
    b'{"kind": "merge-stories", "targets": ' + b"[" * 500 + b"]" * 500 + b"}",
    b'{"kind": "merge-stories", "targets": {"story": 1, "into": 2}, "who": {"$ne": null}}',
    json.dumps({"kind": "move-article", "targets": {"article": 1, "story": 1}, "who": "a" * 101}).encode(),
    "\xff\xfe{".encode("latin-1"),
]


def test_hostile_bodies_never_500(db):
    client = client_for(db)
    for body in HOSTILE_BODIES:
        for content_type in ("application/json", "application/x-www-form-urlencoded", "text/plain"):
            answer = client.post(f"{API}/corrections", content=body, headers={"Content-Type": content_type})
            assert 400 <= answer.status_code < 500, (body[:80], content_type, answer.text[:300])
            assert answer.headers["content-type"].startswith("application/json")
            undo = client.post(
                f"{API}/corrections/1/undo", content=body, headers={"Content-Type": content_type}
            )
            assert 400 <= undo.status_code < 500, (body[:80], content_type, undo.text[:300])
    assert client.get(f"{API}/corrections").json()["corrections"] == []


def test_the_kinds_are_documented(client):
    spec = client.get("/openapi.json").json()
    body = spec["components"]["schemas"]["CorrectionIn"]["properties"]["kind"]
    assert tuple(body["enum"]) == CORRECTION_KINDS
    assert "post" in spec["paths"][f"{API}/corrections"] and "get" in spec["paths"][f"{API}/corrections"]
