"""A kill -9 in the middle of an ingest leaves whole batches and nothing half-written; a rerun resumes."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.conftest import LOREM_FR, article_html

PAGES = 600
BATCH = 25


def pages(tmp_path, n):
    """A folder of ``n`` distinct news pages."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(n):
        body = LOREM_FR + f"\nDépêche numéro {i} : le texte diffère par ce paragraphe."
        html = article_html(f"Dépêche {i}", body, url=f"https://x.example/{i}")
        (folder / f"p{i:04d}.html").write_text(html, encoding="utf-8")
    return folder


def count(db):
    try:
        conn = sqlite3.connect(db, timeout=5)
        n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        conn.close()
        return n
    except sqlite3.OperationalError:
        return 0


def test_kill_mid_ingest_then_resume(tmp_path):
    folder = pages(tmp_path, PAGES)
    db = str(tmp_path / "n.db")
    cmd = [sys.executable, "-m", "newstrace", "ingest", str(folder), "--db", db, "--workers", "1", "--quiet"]
    env = {**os.environ, "NEWSTRACE_BATCH_SIZE": str(BATCH)}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while count(db) < BATCH * 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = count(db)
    assert 0 < killed_at < PAGES, "the ingest finished before it could be killed; make the corpus larger"

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Whole batches only: no article without its text, no credit without its article.
    assert killed_at % BATCH == 0
    assert conn.execute("SELECT COUNT(*) FROM articles WHERE text = '' OR title = ''").fetchone()[0] == 0
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM credits WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        == 0
    )
    conn.close()

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    conn = sqlite3.connect(db)
    total, distinct = conn.execute("SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM articles").fetchone()
    assert total == distinct == PAGES
    assert conn.execute("SELECT MAX(version) FROM articles").fetchone()[0] == 1


def test_a_killed_extraction_worker_costs_only_the_pages_in_flight(tmp_path):
    total = 2000
    folder = pages(tmp_path, total)
    db = str(tmp_path / "n.db")
    cmd = [sys.executable, "-m", "newstrace", "ingest", str(folder), "--db", db, "--workers", "2", "--quiet"]
    env = {**os.environ, "NEWSTRACE_BATCH_SIZE": "50"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while count(db) < 100 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert children and proc.poll() is None, "the ingest finished before a worker could be killed"
    for child in children:  # the extraction workers (what an out-of-memory kill does to them)
        os.kill(int(child), signal.SIGKILL)
    _, stderr = proc.communicate(timeout=180)  # must finish, not hang
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    lost = conn.execute(
        "SELECT COUNT(*) FROM rejections WHERE reason LIKE 'extraction process died%'"
    ).fetchone()[0]
    conn.close()
    assert stored + lost == total and 0 < lost <= 2 * 4 * 8
    assert proc.returncode == 1
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0 and count(db) == total
