"""The terminal summary of a story report: what an investigator reads first."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from newstrace.report.trace import TYPE_STYLE
from newstrace.report.view import StoryView

RATING_STYLE = {"false": "bold red", "misleading": "bold yellow", "mixed": "yellow", "true": "bold green"}


def summary(view: StoryView) -> Group:
    story, articles = view.story, view.articles
    parts: list[Any] = [
        Text.from_markup(f"[bold]Story {story.id}[/bold]: {escape(story.title or '')}"),
        Text.from_markup(
            f"[dim]{len(articles)} articles · {len(story.languages)} languages ({', '.join(story.languages)}) · "
            f"{len(story.outlets)} outlets · {story.first_published or '?'} → {story.last_published or '?'}"
            f" · narrative {story.narrative_id}[/dim]"
        ),
        Text(),
    ]
    sources = view.independent_sources
    if view.sentence:
        parts.append(Text(view.sentence, style="bold"))
    else:
        parts.append(
            Text.from_markup(
                f"[bold]{len(sources)} independent source{'s' if len(sources) != 1 else ''}[/bold]"
            )
        )
    for s in sources:
        via = f" [dim]via {escape(s.via)}[/dim]" if s.via else ""
        style = TYPE_STYLE.get(s.source_type, "bold")
        name = s.shown
        written = f" [dim]“{escape(s.source)}”[/dim]" if s.source and s.source != name else ""
        parts.append(
            Text.from_markup(f"  [{style}]◆ {escape(name)}[/] [dim]({s.source_type})[/dim]{written}{via}")
        )
    by_id = {a.id: a for a in articles}
    roots = [r for r in view.roots if isinstance(r, int) and r in by_id]
    externals = {e.id: e for e in view.external}
    root_labels = [escape(externals[r].label) for r in view.roots if r in externals]
    root_labels += [f"#{r} {escape(by_id[r].outlet or '?')}" for r in roots]
    if root_labels:
        parts.append(Text.from_markup(f"[dim]roots:[/dim] {', '.join(root_labels)}"))
    if view.denials:
        parts.append(Text())
        parts.append(Text.from_markup(f"[bold]{len(view.denials)} denials[/bold]"))
        seen = set()
        for d in view.denials:
            key = (d.source or "", (d.content or "")[:80])
            if key in seen:
                continue
            seen.add(key)
            article = by_id.get(d.article_id)
            outlet = (article.outlet if article is not None else None) or "?"
            parts.append(
                Text.from_markup(
                    f"  [bold red]✗[/bold red] {escape(d.source or '(agentless)')}: "
                    f"[dim]“{escape(_short(d.content or '', 110))}” (#{d.article_id} {escape(outlet)})[/dim]"
                )
            )
    if view.factchecks:
        parts.append(Text())
        parts.append(Text.from_markup("[bold]Fact-checks[/bold]"))
        for f in view.factchecks:
            style = RATING_STYLE.get(f.rating or "", "bold")
            parts.append(
                Text.from_markup(
                    f"  [{style}]{escape(f.verdict or '')}[/] {escape(_short(f.claim or '', 90))} "
                    f"[dim]({escape(f.publisher or '?')}, {f.date or 'no date'}, score {f.score or 0:.2f})[/dim]"
                )
            )
    if view.corrections:
        parts.append(Text())
        parts.append(Text.from_markup("[bold]Corrections[/bold]"))
        for c in view.corrections:
            parts.append(
                Text.from_markup(
                    f"  #{c.id} {escape(c.description or '')} [dim]({escape(c.label or '')})[/dim]"
                )
            )
    parts.append(Text())
    table = Table(title="Timeline", title_justify="left", box=None, show_header=True, header_style="dim")
    for column in ("published", "outlet", "lang", "id", "derives from", "title"):
        table.add_column(column, overflow="fold" if column == "title" else "ellipsis")
    parent = {r.target_id: r for r in view.relations if isinstance(r.source_id, int)}
    for a in sorted(articles, key=lambda a: (a.published or "9999", a.id)):
        link = parent.get(a.id)
        derives = f"{link.kind} of #{link.source_id}" if link else "root"
        table.add_row(
            a.published or "?",
            a.outlet or "?",
            a.lang or "?",
            str(a.id),
            derives,
            _short(a.title or "", 60),
        )
    parts.append(table)
    return Group(*parts)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
