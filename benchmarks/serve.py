"""Latency of the HTTP API and the desk's pages (`newstrace serve`) on a generated collection,
under concurrent clients.

    .venv/bin/python benchmarks/serve.py [--n 100000] [--clients 8] [--requests 400] [--keep PATH]

The collection is the one benchmarks/search.py builds (the gold set's passages joined to ~600
words in fr/en/ru/ar plus 5% Chinese, 60 outlets, two years of dates, stories of 20 articles,
narratives of three stories, a fact-check verdict on 2%); like there, the articles are stored and
indexed for search but not analysed (no attributions or relations), so article and story calls
measure reading and shaping a record, not a large provenance graph. The database is served by
`newstrace serve` (uvicorn, one process) in a subprocess on 127.0.0.1; ``--clients`` threads,
each with its own httpx connection, call the search, article and story routes with random
queries and ids. Prints p50/p95 latency and throughput of each, and the database size.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from newstrace.store import Store  # noqa: E402
from search import OUTLETS, QUERIES, build, size_mb  # noqa: E402

API = "/api/v1"
PARAMS = {"date_from": "from", "date_to": "to"}  # Workspace.search's names -> the API's


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(path: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "newstrace", "serve", "--db", str(path), "--port", str(port)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped:\n{server.stderr.read() if server.stderr else ''}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server did not answer {base}/healthz within {timeout:.0f} s")


def workloads(n: int, rng: random.Random) -> dict[str, list[tuple[str, dict]]]:
    stories = (n + 19) // 20
    searches = []
    for _label, query, filters in QUERIES:
        params = {"q": query, "limit": 20, **{PARAMS.get(k, k): v for k, v in filters.items()}}
        searches.append((f"{API}/search", params))
    return {
        "search (first page of 20, facets)": searches,
        "article by id": [(f"{API}/articles/{rng.randrange(1, n + 1)}", {}) for _ in range(1000)],
        "story by id (graph, sources, waves)": [
            (f"{API}/stories/{rng.randrange(1, stories + 1)}", {}) for _ in range(1000)
        ],
        "desk: search page (20 hits, facets)": [
            ("/search", {k: v for k, v in params.items() if k != "limit"}) for _, params in searches
        ],
        "desk: article page": [(f"/articles/{rng.randrange(1, n + 1)}", {}) for _ in range(1000)],
        "desk: story page (report sections)": [
            (f"/stories/{rng.randrange(1, stories + 1)}", {}) for _ in range(1000)
        ],
        "articles list (outlet filter, 50)": [
            (f"{API}/articles", {"outlet": OUTLETS[rng.randrange(len(OUTLETS))], "limit": 50})
            for _ in range(200)
        ],
    }


def hammer(base: str, calls: list[tuple[str, dict]], requests: int, clients: int, rng: random.Random):
    """``requests`` calls drawn from ``calls``, spread over ``clients`` threads; returns the
    latencies (ms), the failures and the wall time."""
    local = threading.local()
    chosen = [calls[rng.randrange(len(calls))] for _ in range(requests)]

    def one(call: tuple[str, dict]) -> tuple[float, int]:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=base, timeout=60)
        started = time.perf_counter()
        response = client.get(call[0], params=call[1])
        response.read()
        return (time.perf_counter() - started) * 1000, response.status_code

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, chosen[: clients * 2]))  # warm-up: connections, caches
        started = time.perf_counter()
        results = list(pool.map(one, chosen))
        wall = time.perf_counter() - started
    failures = [status for _, status in results if status != 200]
    return [ms for ms, _ in results], failures, wall


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100_000, help="Generated articles.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients (threads).")
    parser.add_argument("--requests", type=int, default=400, help="Timed calls of each kind.")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--keep",
        type=Path,
        help="Build the collection at this path and keep it; a later run with the same --keep (and"
        " --n, --seed) serves it again without building it.",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "newstrace.db"
        started = time.perf_counter()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            build(path, args.n, args.seed)
        with Store(path) as store:  # the remaining migrations (the search index) run here, once
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            stored = store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        if stored != args.n:
            raise SystemExit(f"{path} holds {stored} articles, not --n {args.n}: give another --keep path")
        print(f"{args.n} articles stored and indexed in {time.perf_counter() - started:.0f} s")
        print(f"database: {size_mb(path):.0f} MB")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = serve(path, port)
        try:
            wait_until_up(base, server)
            print(
                f"{os.cpu_count()} CPUs; one server process; {args.clients} clients; {args.requests} calls each:"
            )
            print(f"{'call':<38} {'p50 ms':>8} {'p95 ms':>8} {'calls/s':>8} {'errors':>7}")
            for label, calls in workloads(args.n, rng).items():
                times, failures, wall = hammer(base, calls, args.requests, args.clients, rng)
                p95 = statistics.quantiles(times, n=20)[-1]
                print(
                    f"{label:<38} {statistics.median(times):>8.0f} {p95:>8.0f}"
                    f" {len(times) / wall:>8.1f} {len(failures):>7}"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
