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
    """An origin outside the collection: an outlet, an anonymous source, a person, a post."""

    key: str  # identity used to count independent sources
    label: str
    source_type: str
    outlet: str | None = None
    via: str | None = None  # the outlet that reports an anonymous source

    def record(self) -> dict:
        return {"source": self.label, "source_type": self.source_type, "outlet": self.outlet, "via": self.via}


class Provenance:
    def __init__(
        self,
        nodes: dict[int, Node],
        relations: list[Relation],
        group_of: Callable[[str], str | None] | None = None,
    ):
        """``group_of(outlet)``: the media group that owns an outlet, when known — the unnamed
        sources of two outlets of one group (RIA Novosti and Sputnik) count as one source."""
        self.nodes = nodes
        self.group_of = group_of
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
            ext = _external(origin, via, group)
            chain.append(ext)
            if origin.outlet:
                via = origin.outlet
        return chain

    def roots(self, article_id: int) -> tuple[int, list[External]]:
        """The root article of this article's tree and the external origins it credits."""
        top = self.root(article_id)
        return top, self.externals(top)

    def independent_sources(self, article_ids) -> list[External]:
        """Distinct innermost origins behind these articles. Each root contributes the last link
        of its external chain, or — when it credits nothing — its own outlet (a first-hand
        report). Twelve articles tracing through Sputnik to one anonymous source give one."""
        found: dict[str, External] = {}
        for top in sorted({self.root(i) for i in article_ids}):
            chain = self.externals(top)
            if chain:
                source = chain[-1]
            else:
                node = self.nodes[top]
                label = node.outlet or f"article {top}"
                source = External(f"outlet:{label}", label, "outlet", node.outlet)
            found.setdefault(source.key, source)
        return list(found.values())

    def group_roots(self, article_ids) -> list[int]:
        return sorted({self.root(i) for i in article_ids})


def _external(origin: Origin, via: str | None, group: str | None = None) -> External:
    if origin.outlet:
        return External(f"outlet:{origin.outlet}", origin.source, origin.source_type, origin.outlet)
    if origin.source_type == "anonymous":
        # An anonymous source is known only through who quotes it: "Sputnik's source" is one
        # source whatever language its description is translated into, and the unnamed source
        # of two newsrooms of one media group cannot be told apart: we count it once.
        quoted_by = f"group:{_fold(group)}" if group else via
        key = f"anonymous:{quoted_by}" if via else f"anonymous:{_fold(origin.source)}"
        return External(key, origin.source, "anonymous", None, via)
    # a person or institution by the consonant skeleton of the last word of its name, which
    # survives transliteration better than the spelling (Klintsevitch, Klintsevich, Клинцевич)
    words = _fold(origin.source).split()
    key = skeleton(words[-1]) if words else ""
    return External(
        f"{origin.source_type}:{key or (words[-1] if words else '')}", origin.source, origin.source_type
    )


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
