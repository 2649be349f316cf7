"""Provenance read back from the store: the graph around an article, its derivation tree for
the terminal (``newstrace trace``), and the per-article fields of the export."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from rich.markup import escape
from rich.tree import Tree

from newstrace.actors import default_actors
from newstrace.outlets import default_registry
from newstrace.provenance import External, Provenance
from newstrace.provenance.graph import Node
from newstrace.store import Store

KIND_STYLE = {"copy": "bold red", "translation": "bold magenta", "cites": "bold blue"}
TYPE_STYLE = {
    "person": "bold cyan",
    "official": "bold blue",
    "outlet": "bold magenta",
    "anonymous": "bold yellow",
    "social-media": "bold green",
    "document": "bold white",
}


def load_provenance(
    store: Store, around: int | Iterable[int] | None = None, *, upward: bool = False
) -> Provenance:
    """The whole graph, or only the articles linked (transitively) to ``around``; with
    ``upward``, only what they derive from (enough for their parents, roots and sources, and
    much less than the whole component when outlets are widely cited)."""
    if around is None:
        return Provenance(_nodes(store, None), store.relations(), media_group, speaks_for)
    else:
        start = {around} if isinstance(around, int) else set(around)
        ids, frontier, relations, seen = set(start), set(start), [], set()
        while frontier:
            found = store.relations(frontier, into=upward)
            frontier = set()
            for r in found:
                key = (r.source_id, r.target_id, r.kind)
                if key in seen:
                    continue
                seen.add(key)
                relations.append(r)
                for n in (r.source_id, r.target_id):
                    if n not in ids:
                        ids.add(n)
                        frontier.add(n)
    return Provenance(_nodes(store, ids), relations, media_group, speaks_for)


@cache
def media_group(outlet: str) -> str | None:
    """The owner of an outlet in the registry (built-in and ``$NEWSTRACE_OUTLETS`` files)."""
    found = _registry().get(outlet)
    return found.owner if found else None


def speaks_for(actor: str) -> str:
    """The body an actor speaks for (actor registry, built-in and ``$NEWSTRACE_ACTORS`` files)."""
    return default_actors().speaks_for(actor)


@cache
def _registry():
    return default_registry()


def source_name(ext: External, lang: str | None = "en") -> str:
    """What a reader of ``lang`` calls a source: the actor's name in that language when the
    actor registry has it ("ministère russe de la Défense"), an outlet's name, else the words
    the article used; an unnamed source says who quotes it."""
    actors = default_actors()
    if ext.actor and ext.actor in actors:
        return actors.name(ext.actor, lang)
    if ext.outlet:
        outlet = _registry().get(ext.outlet)
        return outlet.name if outlet else ext.outlet
    if ext.source_type == "anonymous" and ext.via:
        outlet = _registry().get(ext.via)
        return f"an unnamed source quoted by {outlet.name if outlet else ext.via} (“{ext.label}”)"
    return ext.label


def _nodes(store: Store, ids: set[int] | None) -> dict[int, Node]:
    return {
        row["id"]: Node(row["id"], row["outlet"], row["lang"], row["published"], row["title"], row["origins"])
        for row in store.summaries(ids)
    }


def provenance_record(graph: Provenance, article_id: int) -> dict[str, Any]:
    """The export fields of one article: its roots (root article, then the external origins it
    credits, outermost first) and the independent sources behind it."""
    if article_id not in graph.nodes:
        return {
            "roots": [],
            "origin": None,
            "independent_sources": [],
            "independent_source_count": 0,
            "unsourced": True,
        }
    top, externals = graph.roots(article_id)
    node = graph.nodes[top]
    roots = [{"article_id": top, "outlet": node.outlet, "published": node.published}]
    roots += [e.record() for e in externals]
    sources = [s.record() for s in graph.independent_sources([article_id])]
    origin = graph.origin(article_id)
    return {
        "roots": roots,
        "origin": origin.actor if origin else None,
        "independent_sources": sources,
        "independent_source_count": len(sources),
        "unsourced": not sources,
    }


# -- the terminal tree ---------------------------------------------------------------------------
def article_label(node: Node, *, focus: bool = False) -> str:
    parts = [
        f"[dim]{node.published or 'no date'}[/dim]",
        f"[bold]{escape(node.outlet or '?')}[/bold]",
        f"[cyan]{node.lang or '?'}[/cyan]",
        f"#{node.id}",
        escape(_short(node.title, 70)),
    ]
    label = "  ".join(parts)
    return f"[reverse]{label}[/reverse]  [bold green]◀ this article[/bold green]" if focus else label


def external_label(ext: External) -> str:
    style = TYPE_STYLE.get(ext.source_type, "bold")
    via = f" [dim]via {escape(ext.via)}[/dim]" if ext.via else ""
    return f"[{style}]◆ {escape(ext.label)}[/] [dim]({ext.source_type}, outside the collection)[/dim]{via}"


def relation_label(relation) -> str:
    ev = relation.evidence
    bits = [f"[{KIND_STYLE.get(relation.kind, 'bold')}]{relation.kind}[/] {relation.score:.2f}"]
    if ev.get("credit"):
        bits.append(f"credit “{escape(_short(ev['credit'], 50))}”")
    elif ev.get("direction") == "order":
        bits.append("[yellow]direction unknown (no dates, no credit)[/yellow]")
    else:
        bits.append(f"[dim]by {ev.get('direction', '?')}[/dim]")
    if "target_share" in ev and relation.kind != "cites":
        done = "copied" if relation.kind == "copy" else "translated"
        bits.append(f"[dim]{ev['target_share']:.0%} of it {done}[/dim]")
    return "  ".join(bits)


def trace_tree(graph: Provenance, article_id: int) -> Tree:
    """The tree of the article's root: external origins on top, then every article derived from
    the root, each edge labelled with its relation and evidence."""
    top, externals = graph.roots(article_id)
    tree = Tree(
        external_label(externals[0])
        if externals
        else article_label(graph.nodes[top], focus=top == article_id)
    )
    branch = tree
    for ext in externals[1:]:
        branch = branch.add(external_label(ext))
    if externals:
        branch = branch.add(article_label(graph.nodes[top], focus=top == article_id) + "  [bold]ROOT[/bold]")
    _grow(graph, branch, top, article_id, set())
    return tree


def _grow(graph: Provenance, branch: Tree, node_id: int, focus: int, seen: set[int]) -> None:
    seen.add(node_id)
    for relation in graph.children(node_id):
        child = relation.target_id
        if child in seen:
            continue
        sub = branch.add(
            f"{relation_label(relation)}\n{article_label(graph.nodes[child], focus=child == focus)}"
        )
        _grow(graph, sub, child, focus, seen)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
