"""Commands that read the database: `list`, `search`, `show`, `trace`, `stories`, `report`, `export` and
`rejections`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.text import Text

from newstrace.cli.common import (
    EXIT_REJECTED,
    ActorsOption,
    DbOption,
    LangOption,
    err,
    fail,
    open_workspace,
    out,
    use_actors,
)
from newstrace.corrections import describe
from newstrace.report.export import WRITERS, article_record, relation_record
from newstrace.report.trace import (
    TYPE_STYLE,
    article_label,
    external_label,
    provenance_record,
    source_name,
    trace_tree,
)


def list_cmd(
    db: DbOption = None,
    lang: Annotated[Optional[str], typer.Option(help="Only this language (ISO 639-1).")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only this outlet id.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 100,
) -> None:
    """List stored articles.

    Example: newstrace list --lang fr --limit 20
    """
    columns = ("id", "published", "outlet", "lang", "credits", "title")
    rows = []
    with open_workspace(db) as workspace:
        for article in workspace.articles(lang=lang, outlet=outlet, limit=limit):
            credits = ", ".join(c.outlet or c.name or c.kind for c in article.credits)
            rows.append(
                (
                    str(article.id),
                    article.published or "",
                    article.outlet or "",
                    article.lang or "",
                    credits,
                    article.title,
                )
            )
        total = workspace.count()
    if out.is_terminal:
        # fixed columns at their content width (outlet and credits capped), the title gets the rest
        caps = {"outlet": 22, "credits": 22}
        widths = [
            min(caps.get(name, 99), max([len(name)] + [len(row[i]) for row in rows]))
            for i, name in enumerate(columns[:-1])
        ]
        title_width = max(20, out.width - sum(widths) - 2 * len(widths))

        def cell(value: str, width: int) -> str:
            return value if len(value) <= width else value[: width - 1] + "…"

        header = "  ".join(name.ljust(w) for name, w in zip(columns[:-1], widths, strict=True))
        out.print(f"[bold]{escape(header)}  title[/bold]")
        for row in rows:
            fixed = "  ".join(cell(v, w).ljust(w) for v, w in zip(row[:-1], widths, strict=True))
            out.print(escape(f"{fixed}  {cell(row[-1], title_width)}"), overflow="ignore", crop=False)
    else:  # piped: tab-separated, nothing cut, easy to grep or load
        print("\t".join(columns))
        for row in rows:
            print("\t".join(row))
    err.print(f"{min(total, limit)} of {total} articles")


def show_cmd(
    article_id: Annotated[int, typer.Argument(metavar="ID", help="Article id (see `newstrace list`).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the article as JSON.")] = False,
) -> None:
    """Show one article: metadata, credits, origin chain, attributions and its text with the
    sources coloured by type.

    Example: newstrace show 3 --json
    """
    with open_workspace(db) as workspace:
        detail = workspace.article(article_id)
    if detail is None:
        fail(f"no article with id {article_id} (see `newstrace list`)", EXIT_REJECTED)
    article, analysis = detail.article, detail.analysis
    if as_json:
        record = article_record(article, analysis)
        record["corrections"] = [{**asdict(c), "description": describe(c)} for c in detail.corrections]
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]{escape(article.title)}[/bold]")
    fields = [
        ("id", f"{article.id} (version {article.version})"),
        ("outlet", article.outlet),
        ("site", article.site_name),
        ("url", article.url),
        ("published", article.published),
        ("author", article.author),
        ("lang", article.lang),
        ("source", f"{article.source.kind}: {article.source.key()}"),
    ]
    for name, value in fields:
        if value:
            out.print(f"[dim]{name:>9}[/dim]  {escape(str(value))}")
    for c in detail.corrections:
        out.print(
            f"[dim]{'corrected':>9}[/dim]  [magenta]{escape(describe(c))}[/magenta] [dim]({escape(c.label)})[/dim]"
        )
    for credit in article.credits:
        who = credit.outlet or "unresolved"
        out.print(
            f"[dim]{'credit':>9}[/dim]  [cyan]{credit.kind}[/cyan] → [bold]{escape(who)}[/bold]  [dim]“{escape(credit.text)}”[/dim]"
        )
    if analysis is None:
        out.print(
            "\n[dim](not analysed yet: run `newstrace analyze` for attributions and the origin chain)[/dim]"
        )
    else:
        chain = " → ".join(
            f"[{TYPE_STYLE.get(o.source_type, '')}]{escape(o.outlet or o.source)}[/] [dim]({o.source_type})[/dim]"
            for o in analysis.origins
        )
        out.print(f"[dim]{'origin':>9}[/dim]  {chain or '[dim]no source credited[/dim]'}")
        out.print()
        for a in analysis.attributions:
            marks = [a.stance] if a.stance != "asserts" else []
            marks += [
                m
                for m, on in (
                    ("direct", a.direct),
                    ("hedged", a.hedged),
                    ("overclaim", a.overclaim),
                    ("opinion", a.opinion),
                )
                if on
            ]
            who = escape(a.source or "(agentless)")
            extra = ", ".join(
                x
                for x in (
                    a.role and f"role: {a.role}",
                    a.refers_to and f"= {a.refers_to}",
                    a.outlet and f"outlet: {a.outlet}",
                )
                if x
            )
            out.print(
                f"  [{TYPE_STYLE.get(a.source_type, '')}]■ {who}[/] [dim]{a.source_type}{', ' + escape(extra) if extra else ''}[/dim]"
                f"  [underline]{escape(a.cue)}[/underline]  {' '.join(f'[bold red]{m}[/bold red]' if m in ('denies', 'disputes', 'overclaim') else f'[dim]{m}[/dim]' for m in marks)}"
            )
            out.print(
                f"      [dim]“{escape(a.content[:200])}{'…' if len(a.content) > 200 else ''}”[/dim]",
                soft_wrap=True,
            )
    out.print()
    out.print(highlighted(article.text, analysis), soft_wrap=True)


def highlighted(text: str, analysis) -> Text:
    """The article text with sources coloured by type, cues underlined, unattributed claims dimmed."""
    rich_text = Text(text)
    if analysis is None:
        return rich_text
    for start, end in analysis.unattributed:
        rich_text.stylize("italic", start, end)
    for a in analysis.attributions:
        rich_text.stylize("underline", a.cue_start, a.cue_end)
        if a.source_start is not None:
            rich_text.stylize(TYPE_STYLE.get(a.source_type, "bold"), a.source_start, a.source_end)
    return rich_text


def trace_cmd(
    ref: Annotated[
        str, typer.Argument(metavar="ID|URL", help="Article id (see `newstrace list`) or its URL.")
    ],
    db: DbOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print roots, sources and relations as JSON.")
    ] = False,
    lang: LangOption = "en",
    actors: ActorsOption = None,
) -> None:
    """Show where an article's story started: the derivation tree of its root (copies,
    translations, citations, with dates, outlets and languages), the external origins the root
    credits, and how many independent sources stand behind it.

    Example: newstrace trace https://veille-geopolitique.example/2017/09/09/pourquoi-les-usa-ont-evacue-les-chefs-de-daech-de-deir-ez-zor/ --lang fr
    """
    use_actors(actors)
    with open_workspace(db) as workspace:
        article_id = workspace.find(ref)
        if article_id is None:
            fail(f"no article with id or URL {ref} (see `newstrace list`)", EXIT_REJECTED)
        graph = workspace.provenance(around=article_id)
    record = provenance_record(graph, article_id)
    if as_json:
        related = sorted(graph.component(article_id))
        record["relations"] = [
            relation_record(r) for r in graph.relations if r.source_id in related and r.target_id in related
        ]
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return
    out.print(trace_tree(graph, article_id))
    sources = graph.independent_sources([article_id])
    out.print()
    if sources:
        names = "; ".join(escape(source_name(s, lang)) for s in sources)
        out.print(
            f"[bold]{len(sources)} independent source{'s' if len(sources) != 1 else ''}[/bold] behind this article: {names}"
        )
    else:
        out.print(
            "[bold]Unsourced[/bold]: the root of this article's tree credits no one and quotes no one for its claim."
        )
    for source in sources:
        out.print(f"  {external_label(source)}")
    others = sorted(set(graph.group_roots(graph.component(article_id))) - {graph.root(article_id)})
    if others:
        out.print()
        out.print("[dim]Also linked to this story, from other roots (weaker relations):[/dim]")
        for root in others:
            out.print(f"  {article_label(graph.nodes[root])}")
    if not graph.relations:
        out.print("[dim](no relations: run `newstrace analyze` to compare articles)[/dim]")


def stories_cmd(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
) -> None:
    """List stories, largest first: articles, languages, outlets, dates, narrative and title.

    Example: newstrace stories --limit 10
    """
    with open_workspace(db) as workspace:
        found = workspace.stories()
    print("\t".join(["id", "articles", "languages", "outlets", "first", "last", "narrative", "title"]))
    for story in found[:limit]:
        row = [
            story.id,
            len(story.article_ids),
            ",".join(story.languages),
            len(story.outlets),
            story.first_published or "",
            story.last_published or "",
            story.narrative_id,
            " ".join(story.title.split()),
        ]
        print("\t".join(str(v) for v in row))
    err.print(f"{min(len(found), limit)} of {len(found)} stories")


def report_cmd(
    story_id: Annotated[int, typer.Argument(metavar="STORY_ID", help="Story id (see `newstrace stories`).")],
    html_file: Annotated[
        Optional[Path], typer.Option("--html", help="Write the story report page here.")
    ] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report's data as JSON.")] = False,
    lang: LangOption = "en",
    actors: ActorsOption = None,
) -> None:
    """Summarise one story in the terminal and, with --html, write a self-contained page (opens
    offline): timeline, provenance graph, independent sources, denials, fact-checks and every
    article with its sources highlighted.

    Example: newstrace report 1 --html deir-ez-zor.html --lang fr
    """
    use_actors(actors)
    from newstrace.report.html import render_story
    from newstrace.report.summary import summary

    with open_workspace(db) as workspace:
        detail = workspace.story(story_id, lang=lang)
    if detail is None:
        fail(
            f"no story with id {story_id} (see `newstrace stories`; run `newstrace analyze` first)",
            EXIT_REJECTED,
        )
    view = detail.view
    if as_json:
        print(json.dumps(view.to_dict(), ensure_ascii=False, indent=2))
    else:
        out.print(summary(view))
    if html_file is not None:
        try:
            html_file.write_text(render_story(view), encoding="utf-8")
        except OSError as exc:
            fail(f"{html_file}: cannot write ({exc.strerror})")
        err.print(f"report written to {html_file}")


def export_cmd(
    db: DbOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json (everything), jsonl or csv (articles; csv to a folder, i.e. a name without extension: one table per kind), "
            "gexf or graphml (the provenance graph, for Gephi), claimreview (stories matched to a fact-check).",
        ),
    ] = "json",
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write ('-' for stdout; a folder for csv tables).")
    ] = Path("-"),
) -> None:
    """Export the collection (formats documented in docs/export.md).

    Example: newstrace export --format gexf -o deir.gexf
    """
    if fmt not in WRITERS:
        fail(f"unknown format {fmt!r}; use one of {', '.join(WRITERS)}")
    with open_workspace(db) as workspace:
        count = workspace.export(sys.stdout if str(output) == "-" else output, format=fmt)
    if str(output) != "-":
        what = "reviews" if fmt == "claimreview" else "articles"
        err.print(f"{count} {what} written to {output}")


def rejections_cmd(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rejections as a JSON list.")] = False,
) -> None:
    """List the inputs that could not be read (and articles whose analysis failed), each with
    the reason and when, oldest first; the export carries them too.

    Example: newstrace rejections --db demo-output/
    """
    with open_workspace(db) as workspace:
        found = workspace.rejections()
    if as_json:
        records = [{"item": r.item, "reason": r.reason, "at": r.at} for r in found]
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        print("\t".join(["at", "item", "reason"]))
        for r in found:
            print("\t".join([r.at or "", " ".join(r.item.split()), " ".join(r.reason.split())]))
    err.print(f"{len(found)} rejected input{'s' if len(found) != 1 else ''}")


def search_cmd(
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help='Words (all must match; case and accents folded), "a phrase", prefix*, -excluded, a OR b.',
        ),
    ],
    db: DbOption = None,
    lang: Annotated[Optional[str], typer.Option(help="Only this language (ISO 639-1).")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only this outlet id.")] = None,
    date_from: Annotated[
        Optional[str], typer.Option("--from", help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    date_to: Annotated[
        Optional[str], typer.Option("--to", help="Published on or before (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    story: Annotated[Optional[int], typer.Option(help="Only this story (see `newstrace stories`).")] = None,
    narrative: Annotated[Optional[int], typer.Option(help="Only the stories of this narrative.")] = None,
    verdict: Annotated[
        Optional[str],
        typer.Option(help="Only articles matched to a fact-check rated so (false, misleading, mixed, …)."),
    ] = None,
    limit: Annotated[int, typer.Option(help="Hits per page.")] = 20,
    page: Annotated[int, typer.Option(help="Which page of hits (1 is the first).")] = 1,
    sort: Annotated[str, typer.Option(help="relevance, newest or oldest.")] = "relevance",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the hits, total and facets as JSON.")
    ] = False,
) -> None:
    """Search titles and texts in every language (full-text index): hits with the matched words
    highlighted, the total, and counts by language, outlet, month, story, narrative and
    fact-check verdict.

    Example: newstrace search "Deir ez-Zor" --lang fr --from 2017-09 --page 2
    """
    from dataclasses import asdict

    if page < 1:
        fail(f"--page must be 1 or more, not {page}")
    with open_workspace(db) as workspace:
        results = workspace.search(
            query,
            lang=lang,
            outlet=outlet,
            date_from=date_from,
            date_to=date_to,
            story=story,
            narrative=narrative,
            verdict=verdict,
            limit=limit,
            offset=(page - 1) * limit,
            order=sort,
        )
    if as_json:
        print(json.dumps(asdict(results), ensure_ascii=False, indent=2))
        return
    for hit in results:
        head = "  ".join(
            v
            for v in (
                str(hit.article_id),
                hit.published or "undated",
                hit.outlet or "?",
                hit.lang or "?",
                f"story {hit.story_id}" if hit.story_id is not None else "",
            )
            if v
        )
        out.print(f"[bold]{escape(head)}[/bold]  {escape(' '.join(hit.title.split()))}")
        snippet = Text("    " + hit.snippet)
        for start, end in hit.marks:
            snippet.stylize("bold reverse", start + 4, end + 4)
        out.print(snippet)
    pages = max(1, -(-results.total // limit))
    err.print(f"{len(results)} of {results.total} hits, page {page} of {pages}")
    for name, values in results.facets.items():
        if values:
            about = "" if results.facets_exact else "≈"  # counted on a sample of many hits
            shown = " · ".join(f"{v} {about}{n}" for v, n in values[:12])
            err.print(f"[dim]{name:>9}[/dim]  {escape(shown)}")
