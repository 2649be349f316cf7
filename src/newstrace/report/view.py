"""What a story report shows, read from the store: the story, its articles with their
attributions, the provenance graph inside the story (with the origins outside the collection
that its roots credit), independent sources, denials and matching fact-checks. The result is
the plain dict ``report.html.render_story`` renders (and ``--json`` prints)."""

from __future__ import annotations

from typing import Any

from newstrace import corrections as _corrections
from newstrace.actors import default_actors
from newstrace.attribution import headline_stance
from newstrace.attribution.denials import claim_sides, counts, reports_denial_of, story_claim_side
from newstrace.factcheck import store as fc_store
from newstrace.model import Story
from newstrace.provenance import External
from newstrace.report.export import analysis_record, relation_record
from newstrace.report.trace import load_provenance, source_name
from newstrace.store import Store


def story_view(store: Store, story: Story, lang: str = "en") -> dict[str, Any]:
    """``lang``: the language actor names are shown in, where the actor registry has them."""
    members = set(story.article_ids)
    actors = default_actors()
    graph = load_provenance(store, around=members, upward=True)
    externals: dict[str, dict[str, Any]] = {}
    # the derivation tree inside the story (each article's parent), not every pairwise relation:
    # twelve copies of one text are all related, but the reader wants to see who took from whom
    relations = []
    for article_id in story.article_ids:
        parent = graph.parent(article_id) if article_id in graph.nodes else None
        if parent is not None and parent.source_id in members:
            relations.append(relation_record(parent))
    # inside the story, an article whose parent lies outside it is a root of the story's tree
    parents = {r["target_id"] for r in relations}
    roots: list[Any] = []
    articles = []
    story_claim = story_claim_side(
        (a, store.analysis(a.id)) for a in (store.get(i) for i in story.article_ids) if a is not None
    )
    for article_id in story.article_ids:
        article = store.get(article_id)
        if article is None:
            continue
        analysis = store.analysis(article_id)
        record = {
            "id": article.id,
            "title": article.title,
            "url": article.url,
            "outlet": article.outlet,
            "site_name": article.site_name,
            "lang": article.lang,
            "published": article.published,
            "text": article.text,
            **analysis_record(analysis),
        }
        record["denial_report"] = headline_stance(article.title, article.lang) != "asserts"
        record["reports_denial"] = reports_denial_of(article, analysis, story_claim)
        # the denials that stand against the article's main claim (not its author denying the
        # other side's version, which is the claim itself)
        claim = claim_sides(article, analysis, actors) if analysis is not None else set()
        record["_against"] = [
            i
            for i, att in enumerate(analysis.attributions if analysis is not None else [])
            if counts(att, claim, actors)
        ]
        if article_id not in parents:
            chain = graph.externals(article_id) if article_id in graph.nodes else []
            target: Any = article_id
            for ext in chain:  # outermost first: the article cites rt, which cites sana, which …
                node = _external(externals, ext)
                relations.append(
                    {
                        "source_id": node,
                        "target_id": target,
                        "kind": "cites",
                        "score": 1.0,
                        "evidence": {"credit": ext.label},
                    }
                )
                target = node
            if not record["denial_report"]:
                roots.append(target)
        sources = graph.independent_sources([article_id]) if article_id in graph.nodes else []
        record["independent_sources"] = len(sources)
        articles.append(record)
    relations = _dedupe(relations)
    denials = [
        {
            "article_id": a["id"],
            "source": x["source"],
            "content": x["content"],
            "start": x["start"],
            "end": x["end"],
        }
        for a in articles
        for i, x in enumerate(a["attributions"])
        if i in a["_against"]
    ]
    for a in articles:
        del a["_against"]
    corrected = correction_marks(store, story.id, story.article_ids, articles, relations)
    factchecks = []
    for match in fc_store.matches(store, story_id=story.id):
        fc = fc_store.get_factcheck(store, match.factcheck_id)
        if fc is not None:
            factchecks.append(
                {
                    "id": fc.id,
                    "claim": fc.claim,
                    "verdict": fc.verdict,
                    "rating": fc.rating,
                    "publisher": fc.publisher,
                    "url": fc.url,
                    "date": fc.date,
                    "lang": fc.lang,
                    "score": match.score,
                    "article_id": match.article_id,
                    "sentence": match.sentence,
                }
            )
    # the sources behind the story's claim: reports whose headline is a denial stand against it
    # (their sources are listed with the denials)
    behind = [a["id"] for a in articles if a["id"] in graph.nodes and not a["denial_report"]]
    independent = graph.independent_sources(behind)
    sources = [{**s.record(), "name": source_name(s, lang)} for s in independent]
    unsourced = graph.unsourced(behind)
    lead = _lead(graph, articles, behind, lang)
    return {
        "story": {
            "id": story.id,
            "title": story.title,
            "languages": story.languages,
            "outlets": story.outlets,
            "first_published": story.first_published,
            "last_published": story.last_published,
            "narrative_id": story.narrative_id,
        },
        "articles": articles,
        "relations": relations,
        "external": list(externals.values()),
        "roots": list(dict.fromkeys(roots)),
        "independent_sources": sources,
        "unsourced": unsourced,
        "lead": lead,
        "sentence": lead_sentence(lead, sources, unsourced),
        "denials": denials,
        "factchecks": factchecks,
        "waves": narrative_waves(store, story),
        "corrections": corrected,
    }


def correction_marks(
    store: Store,
    story_id: int,
    article_ids: list[int],
    articles: list[dict[str, Any]],
    relations: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The corrections in force about this story or its articles, each as ``{id, kind,
    description, who, at, label}``; every article record they touch gets ``corrected`` (their
    ``{id, label, description}``: "corrected by alice on 2026-12-07", "moved article 5 to story 3"), and a relation an
    analyst confirmed gets ``corrected`` too."""
    found = _corrections.touching(store, article_ids=article_ids, story_id=story_id)
    records = [
        {
            "id": c.id,
            "kind": c.kind,
            "description": _corrections.describe(c),
            "who": c.who,
            "at": c.at,
            "label": c.label,
        }
        for c in found
    ]
    for a in articles:
        a["corrected"] = [
            {"id": c.id, "label": c.label, "description": _corrections.describe(c)}
            for c in found
            if a["id"] in _corrections.articles_of(c)
        ]
    confirmed = {
        (c.targets["source"], c.targets["target"], c.targets["relation"]): c
        for c in found
        if c.kind == "confirm-relation"
    }
    for r in relations:
        c = confirmed.get((r["source_id"], r["target_id"], r["kind"]))
        if c is not None:
            r["corrected"] = c.label
    return records


def narrative_waves(store: Store, story: Story) -> list[dict[str, Any]]:
    """Every story of the story's narrative (its waves, this one included, flagged ``current``),
    earliest first: id, title, dates and the publication dates of its articles."""
    rows = store.conn.execute(
        "SELECT s.id, s.title, s.first_published, s.last_published, a.published FROM stories s"
        " JOIN story_articles m ON m.story_id = s.id JOIN articles a ON a.id = m.article_id"
        " WHERE s.narrative_id = ? ORDER BY s.id, a.published",
        (story.narrative_id,),
    ).fetchall()
    waves: dict[int, dict[str, Any]] = {}
    for r in rows:
        wave = waves.setdefault(
            r[0],
            {
                "id": r[0],
                "title": r[1],
                "first_published": r[2],
                "last_published": r[3],
                "articles": 0,
                "published": [],
                "current": r[0] == story.id,
            },
        )
        wave["articles"] += 1
        if r[4]:
            wave["published"].append(r[4])
    return sorted(
        waves.values(), key=lambda w: (w["first_published"] is None, w["first_published"] or "", w["id"])
    )


def _lead(graph, articles: list[dict[str, Any]], behind: list[int], lang: str) -> dict[str, Any] | None:
    """Where the story starts: the earliest report of its claim (undated ones last) and the
    source behind it, or its outlet when it names none."""
    dated = sorted(
        (a for a in articles if a["id"] in behind), key=lambda a: (a["published"] or "9999", a["id"])
    )
    if not dated:
        return None
    first = dated[0]
    found = graph.independent_sources([first["id"]])
    if found:
        return {"article_id": first["id"], "date": first["published"], "source": source_name(found[0], lang)}
    outlet = first["outlet"] or f"article {first['id']}"
    return {"article_id": first["id"], "date": first["published"], "source": outlet, "unsourced": True}


def lead_sentence(lead: dict[str, Any] | None, sources: list[dict[str, Any]], unsourced: list[int]) -> str:
    """ "The story starts with the Russian Defence Ministry on 2022-04-03; 2 independent sources:
    …" — what an analyst reads first."""
    if lead is None:
        return "No report in this story asserts its claim."
    start = lead["source"] + (" (which names no source)" if lead.get("unsourced") else "")
    when = f" on {lead['date']}" if lead.get("date") else " (undated)"
    n = len(sources)
    names = "; ".join(s["name"] for s in sources)
    text = f"The story starts with {start}{when}; {n} independent source{'' if n == 1 else 's'}"
    text += f": {names}." if n else "."
    if unsourced:
        k = len(unsourced)
        text += f" {k} report{'' if k == 1 else 's'} at the root of {'its' if k == 1 else 'their'} tree name{'s' if k == 1 else ''} no source (unsourced)."
    return text


def _external(externals: dict[str, dict[str, Any]], ext: External) -> str:
    node = "ext:" + ext.key
    externals.setdefault(
        node, {"id": node, "label": ext.label, "source_type": ext.source_type, "outlet": ext.outlet}
    )
    return node


def _dedupe(relations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, kept = set(), []
    for r in relations:
        key = (r["source_id"], r["target_id"], r["kind"])
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept


def index_entry(view: dict[str, Any]) -> dict[str, Any]:
    """One row of the index page."""
    story = view["story"]
    return {
        **story,
        "articles": len(view["articles"]),
        "independent_sources": view["independent_sources"],
        "factchecks": view["factchecks"],
    }
