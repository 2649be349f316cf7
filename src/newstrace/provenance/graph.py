"""The derivation graph: each article's parent (what it most likely derives from), the tree
back to its root, the external origins that root credits, and the independent sources.

Relations found pairwise form a dense graph — twelve copies of one article are all copies of
each other. The tree keeps, for each article, one parent: a near-whole copy first, then what the
article credits, then other copies and translations, then citations; within a tier copies
before translations, then the source explaining most of the derivative, then the earliest.
Relations whose direction is only a guess make no one a parent.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from newstrace.anchors.names import skeleton
from newstrace.model import Origin, Relation

STRONG_COPY = 0.5  # share of a text copied for the copy to outrank a credited translation
KIND_RANK = {"copy": 0, "translation": 1, "cites": 2}


def _tier(r: Relation) -> int:
    """Which incoming relation is the parent: most of the text copied (identical text in one
    language is not an independent translation), then what the article itself credits, then
    translations and partial copies dated or contained, then citations."""
    if (
        r.kind == "copy"
        and max(r.evidence.get("source_share", 0), r.evidence.get("target_share", 0)) >= STRONG_COPY
    ):
        return 0
    if r.kind == "cites":
        return 3  # no shared text: the weakest evidence of derivation, credited or not
    if r.evidence.get("direction") == "credit":
        return 1
    return 2


def _explained(r: Relation) -> float:
    """How much of the derivative this source explains (rounded: near ties go to the earliest)."""
    share = r.evidence.get("target_share") if r.kind != "cites" else None
    return round(share if share is not None else r.score, 2)


@dataclass(slots=True)
class Node:
    """What the graph needs of an article."""

    id: int
    outlet: str | None
    lang: str | None
    published: str | None
    title: str
    origins: list[Origin] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class External:
    """An origin outside the collection: an outlet, an actor, an anonymous source, a post."""

    key: str  # identity used to count independent sources
    label: str
    source_type: str
    outlet: str | None = None
    via: str | None = None  # the outlet that reports an anonymous source
    # who it is, as the real-news manifests name origins: an outlet id, the actor registry id of
    # the body speaking (a spokesman folded into his ministry), "anon-<outlet>" for an unnamed
    # source, "name:<key>" for a named person the registry does not know
    actor: str | None = None

    def record(self) -> dict:
        return {
            "source": self.label,
            "source_type": self.source_type,
            "outlet": self.outlet,
            "via": self.via,
            "actor": self.actor,
        }


class Provenance:
    def __init__(
        self,
        nodes: dict[int, Node],
        relations: list[Relation],
        group_of: Callable[[str], str | None] | None = None,
        speaks_for: Callable[[str], str] | None = None,
    ):
        """``group_of(outlet)``: the media group that owns an outlet, when known — two outlets of
        one group (RIA Novosti and Sputnik), and their unnamed sources, count as one source.
        ``speaks_for(actor)``: the body an actor speaks for (Konashenkov -> ru-mod), so a
        spokesman and his ministry are one source."""
        self.nodes = nodes
        self.group_of = group_of
        self.speaks_for = speaks_for
        self.relations = [r for r in relations if r.source_id in nodes and r.target_id in nodes]
        self._incoming: dict[int, list[Relation]] = defaultdict(list)
        self._neighbours: dict[int, set[int]] = defaultdict(set)
        for r in self.relations:
            self._incoming[r.target_id].append(r)
            self._neighbours[r.source_id].add(r.target_id)
            self._neighbours[r.target_id].add(r.source_id)
        self._parent: dict[int, Relation] = {}
        for target, incoming in self._incoming.items():
            # a relation whose direction is only a guess (no dates, no credit, no containment)
            # stays a relation but does not make anyone a parent
            known = [r for r in incoming if r.evidence.get("direction") != "order"]
            if known:
                self._parent[target] = min(known, key=lambda r: self._rank(r))
        self._break_cycles()
        self._children: dict[int, list[Relation]] = defaultdict(list)
        for relation in self._parent.values():
            self._children[relation.source_id].append(relation)
        for kids in self._children.values():
            kids.sort(key=lambda r: (self.nodes[r.target_id].published or "9999", r.target_id))

    def _rank(self, r: Relation) -> tuple:
        source = self.nodes[r.source_id]
        return (_tier(r), KIND_RANK.get(r.kind, 3), -_explained(r), source.published or "9999", r.source_id)

    def _break_cycles(self) -> None:
        """Credits and dates can contradict each other (a wrong date, mutual credits); drop the
        weakest parent link on any cycle so every article has a root."""
        for start in list(self._parent):
            path, node = [], start
            while node in self._parent and node not in path:
                path.append(node)
                node = self._parent[node].source_id
            if node in path:
                cycle = path[path.index(node) :]
                weakest = max(cycle, key=lambda n: self._rank(self._parent[n]))
                del self._parent[weakest]

    # -- the tree -------------------------------------------------------------------------------
    def parent(self, article_id: int) -> Relation | None:
        return self._parent.get(article_id)

    def children(self, article_id: int) -> list[Relation]:
        return self._children.get(article_id, [])

    def root(self, article_id: int) -> int:
        node = article_id
        while node in self._parent:
            node = self._parent[node].source_id
        return node

    def ancestors(self, article_id: int) -> list[int]:
        """Parent, grandparent, … up to the root."""
        found, node = [], article_id
        while node in self._parent:
            node = self._parent[node].source_id
            found.append(node)
        return found

    def component(self, article_id: int) -> set[int]:
        """Every article linked to this one by any relation, in either direction."""
        seen, todo = {article_id}, [article_id]
        while todo:
            for other in self._neighbours.get(todo.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return seen

    # -- origins outside the collection --------------------------------------------------------
    def externals(self, article_id: int) -> list[External]:
        """The origin chain a root article credits beyond itself, outermost first: for a Sputnik
        article quoting an anonymous source, [the anonymous source]; for a blog crediting RT,
        which cites SANA, [rt, sana, …]."""
        node = self.nodes[article_id]
        chain: list[External] = []
        via = node.outlet
        for origin in node.origins:
            if origin.outlet and origin.outlet == node.outlet:
                continue  # the article's own outlet is the article itself
            group = self.group_of(via) if via and self.group_of else None
            ext = _external(origin, via, group, self.speaks_for)
            chain.append(ext)
            if origin.outlet:
                via = origin.outlet
        return chain

    def roots(self, article_id: int) -> tuple[int, list[External]]:
        """The root article of this article's tree and the external origins it credits."""
        top = self.root(article_id)
        return top, self.externals(top)

    def independent_sources(self, article_ids) -> list[External]:
        """Distinct root sources behind these articles: the last link of each root article's
        external chain, counted once per actor (a spokesman folds into his ministry, the same
        ministry named in two languages is one id), once per media group for outlets, and with
        relays folded: an agency that, in another chain of these articles, passes on one root
        source only (TASS quoting the ministry) is that source, not a second one. Roots that
        credit nothing and quote no one are ``unsourced``, not sources. Twelve articles tracing
        through Sputnik to one anonymous source give one."""
        chains = {top: self.externals(top) for top in sorted({self.root(i) for i in article_ids})}
        relayed: dict[str, dict[str, External]] = defaultdict(dict)
        for chain in chains.values():
            for link in chain[:-1]:
                if link.outlet:
                    relayed[self._count_key(link)][self._count_key(chain[-1])] = chain[-1]
        found: dict[str, External] = {}
        for chain in chains.values():
            if not chain:
                continue
            source = chain[-1]
            inner = relayed.get(self._count_key(source), {})
            if source.outlet and len(inner) == 1:
                source = next(iter(inner.values()))
            found.setdefault(self._count_key(source), source)
        return list(found.values())

    def unsourced(self, article_ids) -> list[int]:
        """Root articles behind these articles that credit nothing and quote no one for their claim."""
        return [top for top in sorted({self.root(i) for i in article_ids}) if not self.externals(top)]

    def origin(self, article_id: int) -> External | None:
        """The origin an analyst names for one article: the first source it credits beyond its
        own outlet (an agency, else the actor speaking), else its root's, else None."""
        for node_id in (article_id, self.root(article_id)):
            chain = self.externals(node_id)
            if chain:
                return chain[0]
        return None

    def _count_key(self, source: External) -> str:
        """Outlets of one media group count once (RIA Novosti and Sputnik)."""
        if source.outlet and self.group_of:
            group = self.group_of(source.outlet)
            if group:
                return f"group:{_fold(group)}"
        return source.key

    def group_roots(self, article_ids) -> list[int]:
        return sorted({self.root(i) for i in article_ids})


def _external(
    origin: Origin, via: str | None, group: str | None = None, speaks_for: Callable[[str], str] | None = None
) -> External:
    if origin.outlet:
        return External(
            f"outlet:{origin.outlet}", origin.source, origin.source_type, origin.outlet, actor=origin.outlet
        )
    if origin.source_type == "anonymous":
        # An anonymous source is known only through who quotes it: "Sputnik's source" is one
        # source whatever language its description is translated into, and the unnamed source
        # of two newsrooms of one media group cannot be told apart: we count it once.
        quoted_by = f"group:{_fold(group)}" if group else via
        key = f"anonymous:{quoted_by}" if via else f"anonymous:{_fold(origin.source)}"
        return External(key, origin.source, "anonymous", None, via, f"anon-{via}" if via else None)
    actor = getattr(origin, "actor", None)
    if actor and not actor.startswith("name:"):
        # an actor of the registry: counted by the body it speaks for, in every language
        body = speaks_for(actor) if speaks_for else actor
        return External(f"actor:{body}", origin.source, origin.source_type, actor=body)
    # a person or institution by the consonant skeleton of the last word of its name, which
    # survives transliteration better than the spelling (Klintsevitch, Klintsevich, Клинцевич)
    words = _fold(origin.source).split()
    key = skeleton(words[-1]) if words else ""
    return External(
        f"{origin.source_type}:{key or (words[-1] if words else '')}",
        origin.source,
        origin.source_type,
        actor=actor,
    )


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
