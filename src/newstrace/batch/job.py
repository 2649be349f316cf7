"""`newstrace batch` on Apache Spark, and `newstrace load` of what it wrote.

The job reads every input file once (local paths are opened by the task that reads them;
``s3a://``, ``hdfs://`` or ``file://`` URLs are read through Spark's ``binaryFiles`` and their
bytes handed to the same readers; Parquet files through Spark's Parquet reader, each row read as
a JSONL record is: see ``batch/parquet.py`` for the columns), and in ``mapPartitions`` runs the library's own stages on each
item: extraction with language identification (``pipeline._extract_one``, what ``ingest`` runs in
its workers) and the attribution analysis (``attribution.analyze``, what ``analyze`` runs). The
outlet registry and the language models are loaded once per Python worker and kept between tasks
(Spark reuses its Python workers). Nothing here raises for a bad input: a file or record that
cannot be read, or an article whose analysis fails, is a row of the rejections table.

The later stages (relations, stories and narratives) follow in ``stages``: per-article features
in ``mapPartitions``, candidate pairs by joins, the linker's pair decisions per article, and the
incremental story grouping on the driver, then the fact-check matches (``_match_factchecks``).
``load`` saves every table into a database through the store's own functions.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import numpy as np

from newstrace.batch import parquet, tables
from newstrace.errors import NewstraceError
from newstrace.model import Rejection
from newstrace.store import Store

SHUFFLE_PARTITIONS = 8  # the job sorts little; Spark's default 200 only adds empty tasks
# A Python worker holds the language models (about 0.5 GB) before it groups anything; under Spark's
# default limit of 512 MB for a worker's grouping, every groupByKey spilled to disk and ran
# gc.collect() at each check: profiled on 300 articles, gc.collect took 188 s of 458 s.
PYTHON_WORKER_MEMORY = "2g"


@dataclass
class BatchReport:
    files: int = 0
    articles: int = 0
    attributions: int = 0
    rejections: int = 0
    relations: int = 0
    stories: int = 0
    narratives: int = 0
    factchecks: int = 0
    matches: int = 0  # article matches (story_id null), as `run --factchecks` stores them
    seconds: float = 0.0
    out: str = ""
    stages: dict[str, float] = field(default_factory=dict)  # wall seconds of each stage


@dataclass
class LoadReport:
    new: int = 0
    versions: int = 0
    unchanged: int = 0
    analysed: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    later: bool = False  # relations and stories saved from the batch's tables
    relations: int = 0
    stories: int = 0
    factchecks: int = 0  # new or updated
    matches: int = 0


# -- the Spark session ---------------------------------------------------------------------------
def check_spark() -> None:
    """Raise a NewstraceError saying what to install when pyspark or Java is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise NewstraceError(
            "`newstrace batch` and `load` need Apache Spark: pip install 'newstrace[spark]'"
        ) from exc
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise NewstraceError("Spark needs Java 17 or later: install it (Debian: openjdk-17-jre-headless)")


def session(master: str = "local[*]", *, app_name: str = "newstrace", conf: dict[str, str] | None = None):
    """A Spark session whose Python workers import this newstrace, with the UI off."""
    check_spark()
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # local workers inherit the environment: put this package first on their path, absolute
    root = str(Path(__file__).resolve().parents[2])
    known = [os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join([root, *(p for p in known if p != root)])
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(SHUFFLE_PARTITIONS))
        .config("spark.python.worker.reuse", "true")
        .config("spark.python.worker.memory", PYTHON_WORKER_MEMORY)
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _spark(given: Any, master: str, app_name: str) -> tuple[Any, bool]:
    """(session, whether we started it and so stop it): the given one, else the active one (a
    notebook's, a test's), else a new one on ``master``."""
    if given is not None:
        return given, False
    check_spark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    return session(master, app_name=app_name), True


# -- the inputs ----------------------------------------------------------------------------------
def _is_fs_url(value: str) -> bool:
    """s3a://, hdfs://, file://…: a filesystem Spark reads (http(s) is for `ingest`)."""
    scheme = urlsplit(value).scheme.lower()
    return len(scheme) > 1 and "://" in value and scheme not in ("http", "https")


def _location(url: str) -> str:
    """What an article from ``url`` records as its source: the local path for file: URLs (as
    `ingest` records it), else the URL."""
    from newstrace.ingest.sources import display_path

    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        return display_path(Path(unquote(parts.path)))
    return url


def _display(path: str) -> str:
    from newstrace.ingest.sources import display_path

    return display_path(Path(path))


def _list_remote(spark, url: str) -> list[str]:
    """Files under a filesystem URL (recursively), sorted, as Hadoop names them."""
    from newstrace.ingest.sources import kind_of

    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(url)
    fs = path.getFileSystem(conf)
    if not fs.exists(path):
        return []
    found = []
    listing = fs.listFiles(path, True)
    while listing.hasNext():
        name = listing.next().getPath().toString()
        base = name.rsplit("/", 1)[-1]
        if not base.startswith((".", "_")) and kind_of(Path(base))[0] is not None:
            found.append(name)
    return sorted(found)


def _plan(
    spark, inputs: Iterable[str]
) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, str]], list[tuple]]:
    """(local files, filesystem URLs, Parquet files (local or URLs), rejection rows), each file
    numbered in the order `ingest` reads them: inputs as given, folders walked sorted."""
    from newstrace.ingest.sources import is_url, kind_of, walk

    local, remote, parquet, rejected = [], [], [], []
    number = 0
    for value in inputs:
        if is_url(value):
            rejected.append(
                tables.rejection_row(
                    tables.ref(number, 0),
                    "ingest",
                    Rejection(value, "web URLs are not fetched by `batch`: use `ingest`, or give WARC files"),
                )
            )
            number += 1
            continue
        if _is_fs_url(value):
            files = _list_remote(spark, value)
            if not files:
                rejected.append(
                    tables.rejection_row(
                        tables.ref(number, 0), "ingest", Rejection(value, "no such file or folder")
                    )
                )
                number += 1
            for name in files:
                is_parquet = kind_of(Path(name.rsplit("/", 1)[-1]))[0] == "parquet"
                (parquet if is_parquet else remote).append((number, name))
                number += 1
            continue
        path = Path(value).expanduser()
        if path.is_dir():
            files = [str(p) for p in walk(path)]
        elif path.exists():
            files = [str(path)]
        else:
            rejected.append(
                tables.rejection_row(
                    tables.ref(number, 0),
                    "ingest",
                    Rejection(value, "no such file or folder (and not an http(s) URL)"),
                )
            )
            number += 1
            continue
        for name in files:
            if kind_of(Path(name))[0] == "parquet":
                parquet.append((number, os.path.abspath(name)))
            else:
                local.append((number, name))
            number += 1
    return local, remote, parquet, rejected


# -- the work of one partition -------------------------------------------------------------------
def process_partition(
    files: Iterator[tuple[int, str, str | None, bytes | None]],
    outlet_files: list[str],
    actor_files: list[str],
    max_bytes: int,
) -> Iterator[tuple[str, tuple]]:
    """(table, row) for every item of these files: (file number, name, location or None, bytes
    or None: the file is then opened by name). The library's own stages, models loaded once."""
    from newstrace.ingest.sources import IngestOptions, iter_file

    options = IngestOptions(max_bytes=max_bytes)

    def read() -> Iterator[tuple[str, Any]]:
        for file_no, name, location, data in files:
            items = iter_file(Path(name), options, None, location=location, data=data)
            for item_no, item in enumerate(items):
                yield tables.ref(file_no, item_no), item

    return process_items(read(), outlet_files, actor_files)


def process_items(
    items: Iterator[tuple[str, Any]], outlet_files: list[str], actor_files: list[str]
) -> Iterator[tuple[str, tuple]]:
    """(table, row) for each (ref, raw document or rejection): extraction, language and the
    attribution analysis, as `ingest` and `analyze` run them."""
    from newstrace import pipeline
    from newstrace.attribution import ANALYZER_VERSION, analyze
    from newstrace.workspace import use_actors

    pipeline._init_worker(outlet_files)  # the outlet registry of `ingest` workers, cached per process
    registry = pipeline._registry
    use_actors(actor_files)
    for ref, item in items:
        result = pipeline._extract_one(item)
        if isinstance(result, Rejection):
            yield tables.REJECTIONS, tables.rejection_row(ref, "ingest", result)
            continue
        try:
            analysis = analyze(result, registry)
        except Exception as exc:  # noqa: BLE001 - as `analyze`: the article is kept, unanalysed
            analysis = None
            failure = Rejection(
                f"article {result.key}",
                f"analysis failed ({type(exc).__name__}: {exc}); the next run tries it again",
            )
            yield tables.REJECTIONS, tables.rejection_row(ref, "analyse", failure)
        yield tables.ARTICLES, tables.article_row(ref, result, analysis, ANALYZER_VERSION)
        if analysis is not None:
            for row in tables.attribution_rows(ref, analysis):
                yield tables.ATTRIBUTIONS, row


def run_batch(
    inputs: Iterable[str],
    out: str,
    *,
    master: str = "local[*]",
    outlet_files: Iterable[str] = (),
    actor_files: Iterable[str] = (),
    max_bytes: int = 10 * 1024 * 1024,
    spark: Any = None,
    later: bool = True,
    factchecks: Iterable[str] = (),
) -> BatchReport:
    """Read ``inputs``, extract and analyse every article on Spark, write the Parquet tables
    articles, attributions and rejections under ``out`` (replacing earlier ones); then, unless
    ``later`` is false, the later stages (``newstrace.batch.stages``): the tables traces,
    relations, stories and narratives. The fact-checks in the files ``factchecks`` (what
    `newstrace factchecks import` reads, local or filesystem URLs) are the table factchecks, and
    with the later stages their matches the table matches."""
    from pyspark import StorageLevel

    from newstrace.pipeline import _check_configuration

    started = time.monotonic()
    factcheck_files = list(factchecks)
    missing = [f for f in factcheck_files if not _is_fs_url(f) and not Path(f).expanduser().exists()]
    if missing:  # before the job, not after
        raise NewstraceError(f"no such fact-check file: {', '.join(missing)}")
    outlet_files = [os.path.abspath(p) for p in outlet_files]
    actor_files = [os.path.abspath(p) for p in actor_files]
    _check_configuration(outlet_files)  # a broken outlet file is one error here, not one per task
    if actor_files:
        from newstrace.actors import default_actors

        default_actors(actor_files)
    spark, own = _spark(spark, master, "newstrace batch")
    try:
        sc = spark.sparkContext
        clock = _Clock()
        local, remote, parquet_files, rejected = _plan(spark, list(inputs))
        checks, bad_checks = _read_factchecks(spark, factcheck_files)
        first = len(local) + len(remote) + len(parquet_files) + len(rejected)  # after every input
        rejected += [
            tables.rejection_row(tables.ref(first, n), "factchecks", r) for n, r in enumerate(bad_checks)
        ]
        _write(spark, sc.parallelize([tables.factcheck_row(fc) for fc in checks], 1), out, tables.FACTCHECKS)
        clock.lap("fact-checks read")
        parts, analysed = [], []
        if local:
            # one file per task: a WARC or JSONL file is the unit of work
            parts.append(sc.parallelize([(n, name, None, None) for n, name in local], numSlices=len(local)))
        if remote:
            numbers = dict((name, n) for n, name in remote)
            read = sc.binaryFiles(",".join(name for _, name in remote), minPartitions=len(remote))
            parts.append(
                read.map(lambda kv: (numbers.get(kv[0], len(numbers)), kv[0], _location(kv[0]), kv[1]))
            )
        args = (outlet_files, actor_files, max_bytes)
        if parts:
            analysed.append(sc.union(parts).mapPartitions(lambda files: process_partition(files, *args)))
        if parquet_files:
            good, bad = parquet.readable(spark, [name for _, name in parquet_files])
            for n, name in parquet_files:
                if name in bad:
                    why = Rejection(_location(name) if "://" in name else name, bad[name])
                    rejected.append(tables.rejection_row(tables.ref(n, 0), "ingest", why))
            readable = [(n, name) for n, name in parquet_files if name not in bad]
            if readable:
                where = {name: _location(name) if "://" in name else _display(name) for _, name in readable}
                rows = parquet.items(spark, readable, where, max_bytes)
                analysed.append(rows.mapPartitions(lambda items: process_items(items, *args[:2])))
        tagged = sc.union(analysed) if analysed else sc.emptyRDD()
        tagged = tagged.persist(StorageLevel.MEMORY_AND_DISK)
        report = BatchReport(files=len(local) + len(remote) + len(parquet_files), out=out)
        counts = {}
        for table in tables.TABLES:
            rows = tagged.filter(lambda t, name=table: t[0] == name).map(lambda t: t[1])
            if table == tables.REJECTIONS and rejected:
                rows = rows.union(sc.parallelize(rejected, 1))
            frame = spark.createDataFrame(rows, tables.spark_schema(table))
            frame.write.mode("overwrite").parquet(_join(out, table))
            counts[table] = spark.read.parquet(_join(out, table)).count()
        report.articles = counts[tables.ARTICLES]
        report.attributions = counts[tables.ATTRIBUTIONS]
        report.rejections = counts[tables.REJECTIONS]
        report.factchecks = len(checks)
        clock.lap("read, extract, attributions")
        if later:
            found = _later_stages(spark, tagged, out, actor_files, outlet_files, checks, clock)
            report.relations, report.stories, report.narratives, report.matches = found
        tagged.unpersist()
        report.seconds = time.monotonic() - started
        report.stages = clock.laps
        return report
    finally:
        if own:
            spark.stop()


class _Clock:
    """Wall seconds of each stage of a job (Spark runs a stage when its result is asked for)."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.monotonic()

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.laps[name] = self.laps.get(name, 0.0) + now - self._last
        self._last = now


def _read_factchecks(spark, files: list[str]) -> tuple[list, list[Rejection]]:
    """(fact-checks, rejections) of these files, read on the driver by the library's readers
    (``factcheck.read``) and stored as `newstrace factchecks import` stores them into an empty
    database (a review read twice is one fact-check; ids in that order). A filesystem URL is a
    file or a folder of them, read through Spark."""
    from newstrace.factcheck import parse, read_factchecks
    from newstrace.factcheck import store as fc_store
    from newstrace.factcheck.read import EXTENSIONS
    from newstrace.model import FactCheck

    items: list = []
    for name in files:
        if not _is_fs_url(name):
            items += read_factchecks([name])
            continue
        try:
            found = spark.sparkContext.binaryFiles(name).collect()
        except Exception as exc:  # noqa: BLE001 - an unreadable URL is a rejection, as a missing file
            items.append(Rejection(name, f"could not be read ({str(exc).strip().splitlines()[0][:200]})"))
            continue
        found = sorted((path, data) for path, data in found if path.lower().endswith(EXTENSIONS))
        if not found:
            items.append(Rejection(name, "no fact-check files here"))
        for path, data in found:
            items += parse(bytes(data), _location(path))
    store = Store(":memory:")
    try:
        checks = [i for i in items if isinstance(i, FactCheck)]
        fc_store.save_factchecks(store, checks)
        return fc_store.factchecks(store), [i for i in items if not isinstance(i, FactCheck)]
    finally:
        store.close()


def _later_stages(
    spark, tagged, out: str, actor_files: list[str], outlet_files: list[str], checks: list, clock: _Clock
) -> tuple[int, int, int, int]:
    """Relations, stories and narratives of the articles in ``tagged`` (see ``stages``), written
    as the tables traces, relations, stories and narratives, and the matches of the fact-checks
    ``checks``. Returns their counts (article matches for the last)."""
    from pyspark import StorageLevel

    from newstrace.batch import stages
    from newstrace.provenance import LINKER_VERSION
    from newstrace.reuse.index import band_keys

    def as_dict(columns):
        names = [name for name, _ in columns]
        return lambda row: dict(zip(names, row, strict=True))

    rows = tagged.filter(lambda t: t[0] == tables.ARTICLES).map(lambda t: t[1])
    articles = rows.map(as_dict(tables.ARTICLE_COLUMNS))
    attributions = tagged.filter(lambda t: t[0] == tables.ATTRIBUTIONS).map(
        lambda t: as_dict(tables.ATTRIBUTION_COLUMNS)(t[1])
    )
    items, _ = stages.collection(articles, attributions)
    feats = items.mapPartitions(lambda it: stages.article_features(it, actor_files))
    feats = feats.persist(StorageLevel.MEMORY_AND_DISK)
    by_seq = feats.map(lambda f: (f.item.seq, f))
    refs = dict(feats.map(lambda f: (f.item.seq, f.item.ref)).collect())

    # each site's boilerplate as each page is compared, and the page's MinHash signature
    pages = feats.map(
        lambda f: (stages.site_key(f.item.article.outlet), (f.item.order, f.item.seq, f.item.article.text))
    )
    pages = pages.groupByKey().persist(StorageLevel.MEMORY_AND_DISK)
    signed = pages.flatMap(lambda kv: stages.site_pass(list(kv[1]), kv[0])).map(
        lambda t: (t[1], (t[2], t[3]))
    )
    signed = signed.persist(StorageLevel.MEMORY_AND_DISK)
    orders = feats.map(lambda f: (f.item.seq, (f.item.order, stages.site_key(f.item.article.outlet))))

    # candidates: the LSH band join, and the vector join blocked by time
    lsh = (
        signed.filter(lambda kv: kv[1][1] is not None)
        .join(orders)
        .flatMap(lambda kv: [(k, (kv[1][1][0], kv[0])) for k in band_keys(kv[1][0][1]).tolist()])
        .groupByKey()
        .flatMap(lambda kv: stages.lsh_pairs(list(kv[1])))
        .distinct()
        .map(lambda p: (p, (True, None)))
    )
    # each block's rows carry the light Entry, so the linker's choice (``link.vector_candidates``)
    # is made there: only the chosen pairs go on, as ids, and fetch texts and embeddings
    undated = not feats.filter(lambda f: f.embedding.centroid is not None and f.entry.day is None).isEmpty()
    blocks = feats.flatMap(
        lambda f: (
            stages.vector_blocks(
                f.item.order, f.item.seq, f.entry.day, f.embedding.centroid, f.entry, undated=undated
            )
            if f.embedding.centroid is not None
            else []
        )
    )
    near = (
        blocks.groupByKey()
        .flatMap(lambda kv: stages.vector_pairs(kv[1], choose=True))
        .map(lambda t: ((t[0], t[1][1]), (False, float(t[1][2]))))
    )
    pairs = lsh.union(near).reduceByKey(lambda x, y: (x[0] or y[0], x[1] if x[1] is not None else y[1]))
    # (later, earlier, flags) with the earlier one's outlet and the later one's order
    pairs = (
        pairs.map(lambda kv: (kv[0][1], (kv[0][0], kv[1])))
        .join(orders)
        .map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1], kv[1][1][1])))
        .join(orders)
        .map(lambda kv: ((kv[1][0][2], kv[1][1][0]), (kv[0], kv[1][0][0], kv[1][0][1])))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    # the candidate's site as it is when the later article is compared
    asks = pairs.map(lambda kv: (kv[0][0], (kv[0][1], kv[0]))).distinct().groupByKey()
    asked = pages.cogroup(asks).flatMap(
        lambda kv: (
            (t[1], t[2])
            for t in stages.site_pass(
                [p for group in kv[1][0] for p in group], kv[0], [a for group in kv[1][1] for a in group]
            )
            if t[0] == "ask"
        )
    )
    # what a pair decision reads of an article (not its story features)
    linked = feats.map(lambda f: (f.item.seq, stages.Features(f.item, f.entry, f.embedding, None)))
    candidates = (
        pairs.join(asked)
        .map(lambda kv: (kv[1][0][1], (kv[1][0][0], kv[1][1], *kv[1][0][2])))
        .join(linked)
        .map(lambda kv: (kv[1][0][0], (kv[1][1], kv[1][0][1], kv[1][0][2], kv[1][0][3])))
        .groupByKey()
    )
    own = linked.join(signed).map(lambda kv: (kv[0], (kv[1][0], kv[1][1][0])))
    groups = candidates.join(own).map(lambda kv: (kv[0], (kv[1][1][0], kv[1][1][1], list(kv[1][0]))))
    relations = groups.mapPartitions(stages.decide).collect()
    relations.sort(key=lambda r: (r.target_id, r.source_id, r.kind))
    clock.lap("features, candidates, relations")

    refs_b = spark.sparkContext.broadcast(refs)
    trace_rows = signed.join(by_seq).map(lambda kv: _trace_row(kv, refs_b.value, LINKER_VERSION))
    _write(spark, trace_rows, out, tables.TRACES)
    _write(
        spark,
        spark.sparkContext.parallelize([tables.relation_row(r, refs) for r in relations], 1),
        out,
        tables.RELATIONS,
    )

    clock.lap("traces, relations written")

    features = dict(feats.map(lambda f: (f.item.seq, f.story)).collect())
    index = stages.group_stories(features, relations)
    _write(spark, spark.sparkContext.parallelize(tables.story_rows(index, refs), 1), out, tables.STORIES)
    narratives = tables.narrative_rows(index)
    _write(spark, spark.sparkContext.parallelize(narratives, 1), out, tables.NARRATIVES)
    clock.lap("stories, narratives")
    matches = _match_factchecks(spark, feats.map(lambda f: f.item), index, checks, outlet_files)
    _write(
        spark,
        spark.sparkContext.parallelize([tables.match_row(n, m, refs) for n, m in enumerate(matches)], 1),
        out,
        tables.MATCHES,
    )
    if checks:
        clock.lap("fact-check matches")
    for rdd in (feats, pages, signed, pairs):
        rdd.unpersist()
    found = sum(1 for m in matches if m.story_id is None)
    return len(relations), len(narratives), len({n[1] for n in narratives}), found


def _match_factchecks(spark, items, index, checks: list, outlet_files: list[str]) -> list:
    """The fact-check matches `run --factchecks` stores, in its order: each article's own
    (``Matcher.match_article`` in ``mapPartitions``), each story's (on the driver: membership is
    there), then in ``mapPartitions`` again the story's lent to its articles that carry the claim;
    the library's functions (``pipeline.match_stories``'s) for each."""
    from newstrace.batch import stages

    if not checks:
        return []
    sc = spark.sparkContext
    checks_b = sc.broadcast(checks)
    own = items.mapPartitions(lambda it: stages.article_matches(it, checks_b.value, outlet_files)).collect()
    found = {seq: (matches, claims) for seq, matches, claims, _ in own if matches}
    scores = {seq: s for seq, _, _, s in own if s}
    by_story, lending = stages.story_matches(index, found, scores)
    lending_b = sc.broadcast(lending)
    lent = dict(
        items.filter(lambda item: item.seq in lending_b.value)
        .mapPartitions(lambda it: stages.lend(it, lending_b.value, checks_b.value, outlet_files))
        .collect()
    )
    matches = [m for ranked in by_story.values() for m in ranked]
    for story_id in by_story:
        for seq in sorted(index.rows[row].article_id for row in index.members[story_id]):
            matches += lent.get(seq, found.get(seq, ([], False))[0])
    return matches


def _trace_row(kv, refs: dict[int, str], version: int) -> tuple:
    from newstrace.reuse.index import signature_bytes

    seq, ((_, signature), features) = kv
    centroid = features.embedding.centroid
    return (
        refs[seq],
        version,
        signature_bytes(signature) if signature is not None else None,
        centroid.astype(np.float16).tobytes() if centroid is not None else None,
    )


def _write(spark, rows, out: str, table: str) -> None:
    spark.createDataFrame(rows, tables.spark_schema(table)).write.mode("overwrite").parquet(_join(out, table))


def _join(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


# -- load --------------------------------------------------------------------------------------
BATCH_SIZE = 200


def load(out: str, store: Store, *, master: str = "local[1]", spark: Any = None) -> LoadReport:
    """Save the tables ``batch`` wrote under ``out`` into ``store`` through its own functions,
    in input order (so versions and ids come out as `ingest` gives them). Articles already
    stored with the same text are ``unchanged`` and keep their analysis.

    Into an empty database, the later stages' tables (relations, stories, narratives, and the
    traces that let a later `analyze` go on incrementally) are saved too, so nothing is analysed
    again. They describe the batch's own collection: into a database that held articles before,
    or when they are missing (a batch run with ``later=False``), they are not saved, and
    `newstrace analyze` finds the relations and stories on one machine.

    The fact-checks of ``batch --factchecks`` are saved as `factchecks import` saves them; with
    the later tables their matches too (the same rows `run --factchecks` stores), else, when
    some are new or changed, every stored article and story is matched again, as an import
    does."""
    for table in tables.TABLES:
        if "://" not in out and not Path(out, table).is_dir():
            raise NewstraceError(f"{out}: no {table} table here; run `newstrace batch ... --out {out}` first")
    spark, own = _spark(spark, master, "newstrace load")
    report = LoadReport()
    empty = store.count() == 0
    later = empty and all("://" in out or Path(out, t).is_dir() for t in tables.LATER_TABLES)
    ids: dict[str, int] = {}  # ref -> id of every row stored
    try:
        read = {t: spark.read.parquet(_join(out, t)) for t in tables.TABLES}
        articles = read[tables.ARTICLES].orderBy("ref").toLocalIterator()
        attributions = _Peek(read[tables.ATTRIBUTIONS].orderBy("ref", "position").toLocalIterator())
        batch: list[tuple[Any, Any]] = []

        def flush() -> None:
            saved = store.save_batch([article for article, _ in batch])
            by_version: dict[int, list] = {}
            for (article, status), (_, (analysis, version, ref)) in zip(saved, batch, strict=True):
                if status != "unchanged":
                    ids[ref] = article.id
                if status == "new":
                    report.new += 1
                elif status == "version":
                    report.versions += 1
                else:
                    report.unchanged += 1
                    continue  # stored before with this text: its analysis is there already
                if analysis is not None:
                    by_version.setdefault(version, []).append((article.id, analysis))
            for version, done in by_version.items():
                store.save_analyses(done, version)
                report.analysed += len(done)
            batch.clear()

        for row in articles:
            values = row.asDict()
            own_rows = []
            while attributions.peek() is not None and attributions.peek()["ref"] <= values["ref"]:
                found = next(attributions).asDict()
                if found["ref"] == values["ref"]:
                    own_rows.append(found)
            analysis = tables.to_analysis(values, own_rows)
            batch.append((tables.to_article(values), (analysis, values["analyzer_version"], values["ref"])))
            if len(batch) >= BATCH_SIZE:
                flush()
        flush()
        rejected = [tables.to_rejection(r.asDict()) for r in read[tables.REJECTIONS].orderBy("ref").collect()]
        store.save_rejections(rejected)
        report.rejected = rejected
        if later:
            _load_later(spark, out, store, ids, report)
        _load_factchecks(spark, out, store, ids, report)
        return report
    finally:
        if own:
            spark.stop()


def _load_later(spark, out: str, store: Store, ids: dict[str, int], report: LoadReport) -> None:
    """Save the traces, relations, stories and narratives of the batch into ``store``."""
    from newstrace.stories.clustering import StoryIndex
    from newstrace.stories.store import save_index

    read = {t: spark.read.parquet(_join(out, t)) for t in tables.LATER_TABLES}
    into: dict[int, list] = {}
    for row in read[tables.RELATIONS].collect():
        relation = tables.to_relation(row.asDict(), ids)
        into.setdefault(relation.target_id, []).append(relation)
    traces: list[tuple] = []
    version = None
    for row in read[tables.TRACES].orderBy("ref").toLocalIterator():
        version = row["linker_version"]
        signature, vector = row["minhash"], row["vector"]
        traces.append(
            (
                ids[row["ref"]],
                bytes(signature) if signature is not None else None,
                bytes(vector) if vector else None,
            )
        )
        if len(traces) >= BATCH_SIZE:
            store.save_traces(traces, [r for t in traces for r in into.get(t[0], [])], version)
            traces.clear()
    if traces:
        store.save_traces(traces, [r for t in traces for r in into.get(t[0], [])], version)
    report.relations = sum(len(found) for found in into.values())
    rows = [r.asDict() for r in read[tables.STORIES].orderBy("row").collect()]
    narratives = {r["story_id"]: r["narrative_id"] for r in read[tables.NARRATIVES].collect()}
    index = StoryIndex()
    features = [tables.to_story_features(r, ids[r["ref"]]) for r in rows]
    index.restore(features, [r["story_id"] for r in rows], narratives)
    save_index(store, index)
    report.stories = len(index.members)
    report.later = True


def _load_factchecks(spark, out: str, store: Store, ids: dict[str, int], report: LoadReport) -> None:
    """Save the factchecks table, and the matches table (when the later tables were saved)."""
    from newstrace.factcheck import store as fc_store
    from newstrace.pipeline import match_all

    if "://" not in out and not Path(out, tables.FACTCHECKS).is_dir():
        return  # tables of a batch without fact-checks, written before there were any
    rows = [r.asDict() for r in spark.read.parquet(_join(out, tables.FACTCHECKS)).orderBy("id").collect()]
    checks = [tables.to_factcheck(r) for r in rows]
    for fc in checks:
        fc.id = None
    saved = fc_store.save_factchecks(store, checks)
    factcheck_ids = {r["id"]: fc.id for r, (fc, _) in zip(rows, saved, strict=True)}
    report.factchecks = sum(1 for _, status in saved if status != "unchanged")
    has_matches = "://" in out or Path(out, tables.MATCHES).is_dir()
    if not report.later or not has_matches:
        if report.factchecks and store.count():
            report.matches = match_all(store)
        return
    by_story: dict[int, list] = {}
    by_article: dict[int, list] = {}
    for row in spark.read.parquet(_join(out, tables.MATCHES)).orderBy("row").toLocalIterator():
        match = tables.to_match(row.asDict(), ids, factcheck_ids)
        if match.story_id is not None:
            by_story.setdefault(match.story_id, []).append(match)
        else:
            by_article.setdefault(match.article_id, []).append(match)
    fc_store.save_story_matches(store, by_story.items())
    fc_store.save_matches(store, by_article.items())
    report.matches = sum(len(found) for found in by_article.values())


class _Peek:
    def __init__(self, iterator):
        self._it, self._next = iter(iterator), None
        self._done = False

    def peek(self):
        if self._next is None and not self._done:
            self._next = next(self._it, None)
            self._done = self._next is None
        return self._next

    def __iter__(self):
        return self

    def __next__(self):
        value = self.peek()
        if value is None:
            raise StopIteration
        self._next = None
        return value
