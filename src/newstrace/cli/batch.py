"""`batch` and `load`: the Spark job (optional extra ``spark``) and loading what it wrote."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from newstrace.cli.common import (
    EXIT_REJECTED,
    ActorsOption,
    DbOption,
    OutletsOption,
    err,
    open_workspace,
    out,
    usage_errors,
)

MasterOption = Annotated[
    str,
    typer.Option(
        "--master", help="Spark master: local[*] (this machine), local[2], spark://host:7077, yarn."
    ),
]


def batch_cmd(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="WARC(.gz), JSONL(.gz), Parquet and other files or folders, local or a filesystem URL Spark "
            "reads (s3a://, hdfs://, file://).",
            show_default=False,
        ),
    ],
    out_dir: Annotated[str, typer.Option("--out", help="Folder (or URL) for the Parquet tables.")],
    master: MasterOption = "local[*]",
    factchecks: Annotated[
        Optional[list[str]],
        typer.Option(
            "--factchecks",
            help="Fact-checks to match (ClaimReview, API JSON, CSV; local or a filesystem URL; repeatable).",
        ),
    ] = None,
    outlets: OutletsOption = None,
    actors: ActorsOption = None,
    max_bytes: Annotated[int, typer.Option(help="Largest page or text file accepted, in bytes.")] = 10
    * 1024
    * 1024,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Analyse articles on Apache Spark into Parquet tables under --out: articles, attributions,
    rejections, then relations (copies, translations, citations), stories and narratives, and
    with --factchecks the fact-checks and their matches; then `newstrace load DIR --db DB` opens
    them in a database.

    Example: newstrace batch crawl/*.warc.gz --out tables/ --master local[*] --factchecks claimreview.json
    """
    from newstrace.batch import run_batch

    with usage_errors():
        report = run_batch(
            inputs,
            out_dir,
            master=master,
            outlet_files=[str(p) for p in outlets or []],
            actor_files=[str(p) for p in actors or []],
            max_bytes=max_bytes,
            factchecks=factchecks or [],
        )
    if not quiet:
        out.print(
            f"{report.files} files: {report.articles} articles, {report.attributions} attributions, "
            f"{report.relations} relations, {report.stories} stories ({report.narratives} narratives), "
            + (f"{report.factchecks} fact-checks ({report.matches} matches), " if report.factchecks else "")
            + f"{report.rejections} rejections in {report.seconds:.1f} s -> {report.out}"
        )
    if report.rejections:
        err.print(
            f"{report.rejections} inputs rejected: see {out_dir}/rejections (or `load`, then `rejections`)"
        )
        raise typer.Exit(EXIT_REJECTED)


def load_cmd(
    tables_dir: Annotated[
        str, typer.Argument(help="What `newstrace batch --out` wrote.", show_default=False)
    ],
    db: DbOption = None,
    master: MasterOption = "local[1]",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Load the tables of `newstrace batch` into a database: into an empty one with their
    relations, stories and narratives; into one that held articles, `newstrace analyze` then
    finds those.

    Example: newstrace load tables/ --db case/
    """
    from newstrace.batch import load

    with open_workspace(db) as workspace:
        store = workspace.open(create=True)
        report = load(tables_dir, store, master=master)
        if not quiet:
            out.print(
                f"{workspace.path}: {report.new} new, {report.versions} versions, {report.unchanged} unchanged"
                f" articles ({report.analysed} analysed), {len(report.rejected)} rejections"
                + (f"; {report.relations} relations, {report.stories} stories" if report.later else "")
                + (
                    f"; {report.factchecks} fact-checks, {report.matches} matches"
                    if report.factchecks
                    else ""
                )
            )
