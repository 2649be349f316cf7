"""The provenance graph as GEXF or GraphML (opens in Gephi, Cytoscape, yEd) and the stories
matched to a fact-check as ClaimReview JSON-LD (what fact-checkers publish, with every
appearance of the claim newstrace found)."""

from __future__ import annotations

import json
from typing import IO, Any

import networkx as nx

from newstrace.store import Store


def provenance_graph(store: Store) -> nx.DiGraph:
    """Articles and the origins outside the collection as nodes; copy/translation/cites edges
    from source to derivative; ``tree`` marks the edge kept as each article's parent."""
    from newstrace.report.trace import load_provenance

    graph = load_provenance(store)
    g = nx.DiGraph()
    for node in graph.nodes.values():
        g.add_node(
            node.id,
            label=f"{node.outlet or '?'} #{node.id}",
            kind="article",
            title=node.title,
            outlet=node.outlet or "",
            lang=node.lang or "",
            published=node.published or "",
            story=store.story_of(node.id) or 0,
            root=graph.parent(node.id) is None,
        )
    for r in graph.relations:
        parent = graph.parent(r.target_id)
        g.add_edge(
            r.source_id,
            r.target_id,
            kind=r.kind,
            score=float(r.score),
            direction=r.evidence.get("direction", ""),
            credit=r.evidence.get("credit", "") or "",
            tree=parent is not None and parent.source_id == r.source_id and parent.kind == r.kind,
        )
    for node in list(graph.nodes):
        if graph.parent(node) is not None:
            continue
        target: Any = node
        for ext in graph.externals(node):
            key = f"ext:{ext.key}"
            if key not in g:
                g.add_node(
                    key,
                    label=ext.label,
                    kind=ext.source_type,
                    title=ext.label,
                    outlet=ext.outlet or "",
                    lang="",
                    published="",
                    story=0,
                    root=False,
                )
            g.add_edge(key, target, kind="cites", score=1.0, direction="credit", credit=ext.label, tree=True)
            target = key
        if target != node:
            g.nodes[target]["root"] = True
    return g


def write_gexf(store: Store, out: IO[str]) -> int:
    g = provenance_graph(store)
    for line in nx.generate_gexf(g):
        out.write(line + "\n")
    return sum(1 for _, kind in g.nodes(data="kind") if kind == "article")


def write_graphml(store: Store, out: IO[str]) -> int:
    g = provenance_graph(store)
    for line in nx.generate_graphml(g):
        out.write(line + "\n")
    return sum(1 for _, kind in g.nodes(data="kind") if kind == "article")


def claimreviews(store: Store) -> list[dict[str, Any]]:
    """One ClaimReview per (story, fact-check) match: the fact-checker's review, and as
    ``itemReviewed.appearance`` every article of the story (``firstAppearance``: the earliest)."""
    from newstrace.factcheck import store as fc_store
    from newstrace.stories.store import stories

    reviews = []
    for story in stories(store):
        found = list(fc_store.matches(store, story_id=story.id))
        if not found:
            continue
        articles = sorted(
            (a for a in (store.get(i) for i in story.article_ids) if a is not None),
            key=lambda a: (a.published or "9999", a.id),
        )
        appearances = [
            {
                "@type": "CreativeWork",
                "url": a.url,
                "headline": a.title,
                "datePublished": a.published,
                "inLanguage": a.lang,
                "publisher": {"@type": "Organization", "name": a.site_name or a.outlet},
            }
            for a in articles
        ]
        for match in found:
            fc = fc_store.get_factcheck(store, match.factcheck_id)
            if fc is None:
                continue
            review: dict[str, Any] = {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": fc.url,
                "claimReviewed": fc.claim,
                "datePublished": fc.date,
                "inLanguage": fc.lang,
                "author": {"@type": "Organization", "name": fc.publisher},
                "reviewRating": {"@type": "Rating", "alternateName": fc.verdict},
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Person", "name": fc.claimant} if fc.claimant else None,
                    "datePublished": fc.claim_date,
                    "firstAppearance": appearances[0] if appearances else None,
                    "appearance": appearances,
                },
                "newstrace": {"story_id": story.id, "score": match.score, "matched_sentence": match.sentence},
            }
            reviews.append(_without_none(review))
    return reviews


def write_claimreview(store: Store, out: IO[str]) -> int:
    reviews = claimreviews(store)
    out.write(json.dumps(reviews, ensure_ascii=False, indent=2) + "\n")
    return len(reviews)


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value
