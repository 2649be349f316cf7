"""`newstrace run` against `newstrace batch --master local[2]` (then `load`) on generated corpora,
in the same run, at each size given.

    .venv/bin/python benchmarks/batch.py [--n 1000 10000] [--master local[2]] [--lang fr] [--lexicon stories|one]
        [--factchecks 20] [--only run|batch]

The corpus is benchmarks/corpus.py's ``StoryCorpus`` (outlets with their own boilerplate, 5%
planted copies, headlines that make claims, originals in stories with their own words), written
as gzipped JSONL files of 2,000 articles (a file is one Spark task); the sentences are word
salads (real words of the sentence model's lexicon, made-up words in the frames), and the
articles declare ``--lang`` (default fr: the French analysis runs on them, at about a real
article's cost; ``xx`` runs no language's analysis).
``--factchecks`` fact-checks of some headlines (``Corpus.factchecks``, as ClaimReview JSON) are
matched by both paths. Each path runs in its own process, started fresh:

- run: ``Workspace.run`` (what `newstrace run` calls): ingest, analyse (attributions), compare
  (copies, translations, citations), stories, fact-checks, reports;
- batch: ``run_batch`` on Spark (reading, extraction, language, attributions, relations, stories,
  fact-check matches into Parquet; the time of each of its stages is ``BatchReport.stages``),
  then ``load`` into a database (which saves every table: nothing is left to analyse) and the
  reports: the same database and reports as `run`.

Prints for each: wall time, CPU time, articles/s, the time of each stage, and peak memory. The
machine may be shared, so CPU time (user + system, summed over the whole process tree: the
driver, Spark's JVM and its Python workers, `run`'s worker processes) is printed beside wall
time. Memory and CPU are read from /proc every 0.2 s for every process in the tree: peak
resident memory of the driver (the Python process that runs the job), of the JVM, of the other
Python processes together (Spark's Python workers, or `run`'s ingest and analysis workers), and
of the whole tree (the peak of their sum at one moment). A process's last 0.2 s before it
exits may be missed. Then the cost per 10k articles (wall and CPU), so growth shows across the
sizes (--n 1000 10000 100000).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

TICK = 0.2  # seconds between samples of /proc
PAGE = os.sysconf("SC_PAGE_SIZE")
CLOCK = os.sysconf("SC_CLK_TCK")


# -- the work, in a child process ------------------------------------------------------------------
class StageClock:
    """A Workspace Progress that notes when each stage starts and when its last item is done."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []

    def stage(self, name: str) -> None:
        self.marks.append((f"{name} start", time.monotonic()))

    def advance(self, name: str, done: int, total: int | None = None, detail: str = "") -> None:
        if total is not None and done >= total:
            self.marks.append((f"{name} end", time.monotonic()))

    def rejected(self, name, rejection) -> None:
        pass

    def done(self, name: str, result) -> None:
        self.marks.append((f"{name} done", time.monotonic()))


def stages_from(marks: list[tuple[str, float]], started: float) -> dict[str, float]:
    """Seconds per stage: ingest, analyse, compare, then stories (compare's last item to the end
    of analyze), fact-checks (import and matching), reports (the rest of run)."""
    at: dict[str, float] = {}
    for name, t in marks:
        if name.endswith(" end") or name.endswith(" done"):
            at[name] = t  # the last one
        else:
            at.setdefault(name, t)
    out = {}
    if "ingest start" in at:
        out["ingest"] = at.get("ingest done", at["analyse start"]) - at["ingest start"]
    if "analyse start" in at:
        out["analyse (attributions)"] = at["compare start"] - at["analyse start"]
        compared = at.get("compare end", at["compare start"])
        out["compare (copies, translations)"] = compared - at["compare start"]
        out["stories"] = at["analyze done"] - compared
    last = at.get("analyze done")
    if "factchecks done" in at and last is not None:
        out["fact-checks"] = at["factchecks done"] - last
        last = at["factchecks done"]
    if "run done" in at and last is not None:
        out["reports"] = at["run done"] - last
    return out


def child_run(inputs: list[str], folder: str, factchecks: list[str]) -> dict:
    from newstrace import Workspace

    clock = StageClock()
    started = time.monotonic()
    with Workspace(Path(folder) / "newstrace.db") as ws:
        ws.run(inputs, out=folder, factchecks=factchecks, progress=clock)
    return {"stages": stages_from(clock.marks, started), "wall": time.monotonic() - started}


def child_batch(inputs: list[str], folder: str, master: str, factchecks: list[str]) -> dict:
    from newstrace import Workspace
    from newstrace.batch import load, run_batch, session

    started = time.monotonic()
    spark = session(master, app_name="newstrace benchmark", conf={"spark.ui.showConsoleProgress": "false"})
    stages = {"spark start": time.monotonic() - started}
    tables = str(Path(folder) / "tables")
    report = run_batch(inputs, tables, spark=spark, factchecks=factchecks)
    stages.update({f"batch: {name}": seconds for name, seconds in report.stages.items()})
    with Workspace(Path(folder) / "newstrace.db") as ws:
        t = time.monotonic()
        load(tables, ws.open(create=True), spark=spark)
        stages["load"] = time.monotonic() - t
        spark.stop()
        t = time.monotonic()
        ws.write_reports(folder)
        stages["reports"] = time.monotonic() - t
    return {"stages": stages, "wall": time.monotonic() - started, "articles": report.articles}


# -- watching a process tree ------------------------------------------------------------------------
def _stat(pid: int) -> tuple[int, float, int] | None:
    """(parent pid, CPU seconds, resident bytes) of a process, None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # after the name: state ppid ... utime(12) stime(13) ... rss(22)
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK, int(fields[21]) * PAGE


def _kind(pid: int, root: int) -> str:
    if pid == root:
        return "driver"
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
    except OSError:
        return "other"
    name = os.path.basename(command.decode(errors="replace"))
    if name == "java":
        return "JVM"
    if name.startswith("python"):
        return "Python workers"
    return "other"


class TreeWatch(threading.Thread):
    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root = root
        self.cpu: dict[int, float] = {}
        self.peak: dict[str, float] = {}
        self.peak_total = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(TICK)

    def sample(self) -> None:
        parents, stats = {}, {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = _stat(int(entry))
                if stat:
                    parents[int(entry)] = stat[0]
                    stats[int(entry)] = stat
        tree, frontier = {self.root}, [self.root]
        children: dict[int, list[int]] = {}
        for pid, parent in parents.items():
            children.setdefault(parent, []).append(pid)
        while frontier:
            for child in children.get(frontier.pop(), []):
                if child not in tree:
                    tree.add(child)
                    frontier.append(child)
        by_kind: dict[str, float] = {}
        for pid in tree:
            if pid not in stats:
                continue
            _, cpu, rss = stats[pid]
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu)
            kind = _kind(pid, self.root)
            by_kind[kind] = by_kind.get(kind, 0.0) + rss
        for kind, rss in by_kind.items():
            self.peak[kind] = max(self.peak.get(kind, 0.0), rss)
        self.peak_total = max(self.peak_total, sum(by_kind.values()))


def measure(args: list[str]) -> dict:
    """Run this script as a child doing one path; its result, wall, CPU and memory."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, __file__, *args],
        stdout=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        },
    )
    watch = TreeWatch(child.pid)
    watch.start()
    output, _ = child.communicate()
    watch.stop.set()
    watch.join()
    wall = time.monotonic() - started
    if child.returncode not in (0, 1):  # 1: done, but some inputs were rejected
        raise SystemExit(f"{' '.join(args[:1])} failed (exit {child.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    result.update(wall_total=wall, cpu=sum(watch.cpu.values()), peak=watch.peak, peak_total=watch.peak_total)
    return result


def show(label: str, n: int, r: dict) -> None:
    mb = 1024 * 1024
    print(
        f"{label}: {r['wall_total']:.1f} s wall, CPU {r['cpu']:.1f} s, {n / r['wall_total']:,.1f} articles/s;"
        f" per 10k articles {r['wall_total'] * 10_000 / n:.1f} s wall, CPU {r['cpu'] * 10_000 / n:.1f} s"
    )
    print("  stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in r["stages"].items()))
    peaks = ", ".join(f"{k} {v / mb:,.0f} MB" for k, v in sorted(r["peak"].items()) if k != "other")
    print(f"  peak resident memory: {peaks}; whole tree {r['peak_total'] / mb:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10_000], help="articles, one run per size")
    parser.add_argument("--outlets", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lang", default="fr", help="language the articles declare (default fr)")
    parser.add_argument("--factchecks", type=int, default=20, help="fact-checks of headlines (default 20)")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument(
        "--lexicon",
        choices=("stories", "one"),
        default="stories",
        help="stories: originals tell stories, each with its own words (StoryCorpus, default); "
        "one: every article draws from one made-up lexicon (Corpus: alike document vectors)",
    )
    parser.add_argument("--only", choices=("run", "batch"), help="one path only")
    parser.add_argument("--keep", type=Path, help="write the corpora and the outputs here, and keep them")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # inside the child: do one path, print its result as JSON
        kind, folder, checks, *inputs = args.child
        factchecks = [checks] if checks != "-" else []
        if kind == "run":
            result = child_run(inputs, folder, factchecks)
        else:
            result = child_batch(inputs, folder, args.master, factchecks)
        print(json.dumps(result))
        return
    for n in args.n:
        one_size(args, n)


def one_size(args, n: int) -> None:
    from corpus import Corpus, StoryCorpus, write_jsonl

    work = (args.keep / str(n)) if args.keep else Path(tempfile.mkdtemp(prefix="newstrace-batch-"))
    try:
        t = time.monotonic()
        kind = StoryCorpus if args.lexicon == "stories" else Corpus
        corpus = kind(n, args.outlets, args.seed, lang=args.lang, headlines=True)
        files = [str(p) for p in write_jsonl(corpus, work / "corpus")]
        checks = "-"
        if args.factchecks:
            checks = str(work / "factchecks.json")
            reviews = [Corpus.claimreview(c) for c in corpus.factchecks(args.factchecks)]
            Path(checks).write_text(json.dumps(reviews), "utf-8")
        print(
            f"{n:,} articles from {args.outlets} outlets ({len(corpus.copied):,} planted copies, "
            f"{getattr(corpus, 'stories', 1):,} stories, "
            f"lang {args.lang}, {args.factchecks} fact-checks) in {len(files)} JSONL files, written in "
            f"{time.monotonic() - t:.1f} s; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        results = {}
        for path in ("run", "batch"):
            if args.only and path != args.only:
                continue
            folder = work / path
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            extra = ["--master", args.master] if path == "batch" else []
            results[path] = measure([*extra, "--child", path, str(folder), checks, *files])
            label = "newstrace run" if path == "run" else f"newstrace batch --master {args.master} + load"
            show(label, n, results[path])
            sys.stdout.flush()
        if len(results) == 2:
            ratio = results["batch"]["wall_total"] / results["run"]["wall_total"]
            cpu_ratio = results["batch"]["cpu"] / results["run"]["cpu"]
            print(f"batch path / run: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU")
        print(f"load average at the end {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
