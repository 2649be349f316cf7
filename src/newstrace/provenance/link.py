"""Find who copied, translated or cited whom, one new article at a time.

The linker keeps the reuse index of every article seen so far: a MinHash signature (same-
language copies) and a document vector (translation and citation candidates across languages,
searched by ``VectorIndex``: exact while small, an inverted file when large). A new
article is compared against the index, candidates are confirmed by passage alignment or by
sentence alignment with anchors, and each confirmed pair becomes a directed ``Relation``.
Only the new article's data is computed; old articles are loaded from the store as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from newstrace.model import Analysis, Article, Origin, Relation, publication_day
from newstrace.provenance.boilerplate import SiteProfiles, prose_spans
from newstrace.provenance.direction import Party, orient
from newstrace.reuse.align import align
from newstrace.reuse.index import ReuseIndex, minhash, signature_bytes, signature_from_bytes
from newstrace.reuse.translation import THRESHOLD, Embedded, compare, covered_shares, embedded
from newstrace.reuse.vectors import VectorIndex

LINKER_VERSION = 3  # bump when linking changes: articles traced by another version are traced again

# A copy: aligned passages cover this share of either text, or this many words in all. Two
# articles quoting one long statement share a passage too; that is reuse of the statement.
COPY_MIN_SHARE = 0.2
COPY_MIN_WORDS = 40
# Below COPY_MIN_WORDS the share counts only passages that are not a quotation in either text:
# two reports quoting the same line of a statement share 20-25 words, a fifth of a short excerpt.
# Same language, no shared passage: a near-duplicate all the same when nearly every sentence has a
# counterpart, in order (a text converted to another script, Traditional to Simplified Chinese).
RESTATED_SHARE = 0.8
RESTATED_PAIRS = 3
# Translation candidates: document vectors this close (gold translation pairs score 0.62-0.93,
# independent reports of one event 0.55-0.82; sentence alignment then tells them apart).
CANDIDATE_COSINE = 0.55
CANDIDATES_PER_LANGUAGE = 5
# Days apart beyond which two dated articles are not compared for translation or citation.
WINDOW_DAYS = 120
# A cited outlet's article is the one cited when it is this close to the citing article.
CITES_COSINE = 0.5
# A citation in another language is a (loose) translation when this share of either text has a
# close counterpart in the other. Alone, that soft coverage also joins independent reports that
# translate the same quote; with a credit line saying where the text comes from, it does not.
CREDITED_COVERAGE = 0.5
# The sentence coverage of a translation is counted over at least this many sentences: one
# matching sentence would make a one-sentence text (a headline, a teaser) "wholly translated"
# by every article that translates the same statement.
MIN_COVERED_SENTENCES = 2
EMBED_SENTENCES = 40  # leading sentences embedded per article: enough for the claim, bounded cost


@dataclass(slots=True)
class Entry:
    """What the linker remembers of an indexed article."""

    id: int
    key: str
    lang: str | None
    outlet: str | None
    day: int | None  # publication date as an ordinal
    credited: set[str] = field(default_factory=set)  # outlets it credits or attributes to
    credit_text: dict[str, str] = field(default_factory=dict)


def credited_outlets(
    outlet: str | None, credits: list[tuple[str, str]], origins: list[Origin]
) -> dict[str, str]:
    """Outlets an article names as where its content comes from — its credit lines and its
    origin chain (which already combines credits, attributions and the headline) — with the
    words that say so."""
    found: dict[str, str] = {}
    for credited, text in credits:
        if credited and credited != outlet:
            found.setdefault(credited, text)
    for origin in origins:
        if origin.outlet and origin.outlet != outlet:
            found.setdefault(origin.outlet, origin.source)
    return found


NO_IDS, NO_COSINES = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
VECTOR_COSINE = min(CANDIDATE_COSINE, CITES_COSINE)  # the vector search's floor for every use


# -- what one article brings, computed from it alone (``link``, and ``newstrace batch`` per task) --
def article_entry(article: Article, analysis: Analysis | None) -> Entry:
    """What the linker remembers of an article: identity, language, outlet, day, credited outlets."""
    assert article.id is not None
    credits = credited_outlets(
        article.outlet,
        [(c.outlet, c.text) for c in article.credits if c.outlet],
        analysis.origins if analysis else [],
    )
    return Entry(
        article.id,
        article.key,
        article.lang,
        article.outlet,
        publication_day(article.published),
        set(credits),
        credits,
    )


def article_embedding(article: Article) -> Embedded:
    """The sentence embeddings of an article's head (its prose lines): translation evidence, and
    their centroid the document vector."""
    return embedded(_head(article), prose_spans(article.text))


# -- which vector candidates the linker looks at (``Linker.relations``; ``newstrace batch`` chooses
# with these before it fetches the chosen ones' texts and embeddings) --------------------------
def closest_per_language(
    entry: Entry, entries, ids: np.ndarray, cosines: np.ndarray, *, same_language: bool
) -> list[tuple[int, float]]:
    """The closest indexed articles (``entries[id]``) per language: in other languages,
    translation candidates; in the article's own, copy candidates besides MinHash's (a short
    excerpt that shares one paragraph with a long page has too low a Jaccard for the LSH bands)."""
    best: dict[str | None, list[tuple[float, int]]] = {}
    for i in np.flatnonzero(cosines >= CANDIDATE_COSINE):
        other = entries[int(ids[i])]
        if (other.lang == entry.lang) != same_language or other.key == entry.key:
            continue
        best.setdefault(other.lang, []).append((float(cosines[i]), other.id))
    chosen = []
    for scored in best.values():
        scored.sort(reverse=True)
        chosen += [(i, c) for c, i in scored[:CANDIDATES_PER_LANGUAGE]]
    return chosen


def credit_between(entry: Entry, other: Entry) -> tuple[Entry, Entry, str] | None:
    """(source, target, the credit's words) when one of two articles of different outlets names
    the other's outlet as where its content comes from, and the source is not the later one."""
    if other.key == entry.key or other.outlet == entry.outlet:
        return None
    if other.outlet and other.outlet in entry.credited:
        source, target, text = other, entry, entry.credit_text[other.outlet]
    elif entry.outlet and entry.outlet in other.credited:
        source, target, text = entry, other, other.credit_text[entry.outlet]
    else:
        return None
    if source.day is not None and target.day is not None and source.day > target.day:
        return None  # cannot cite what was published after it
    return source, target, text


def vector_candidates(entry: Entry, entries, ids: np.ndarray, cosines: np.ndarray) -> set[int]:
    """The ids among an article's vector candidates (``ids``, ``cosines``: what the vector search
    returned) that ``Linker.relations`` may compare it with: the closest per language
    (``closest_per_language``, in its own language and in the others) and those a credit ties it
    to (``credit_between``, at CITES_COSINE). Given only these, ``relations`` decides as it does
    given all (it needs ``entries`` only: no text, no embedding)."""
    chosen = {
        i
        for same in (True, False)
        for i, _ in closest_per_language(entry, entries, ids, cosines, same_language=same)
    }
    for i in np.flatnonzero(cosines >= CITES_COSINE):
        other = entries[int(ids[i])]
        if other.id not in chosen and credit_between(entry, other) is not None:
            chosen.add(other.id)
    return chosen


class Linker:
    def __init__(self, recent_texts=None) -> None:
        """``recent_texts(outlet, n)``: stored texts of an outlet's already traced pages, from
        which each site's own repeated text (boilerplate) is learnt."""
        self.index = ReuseIndex()
        self.sites = SiteProfiles(recent_texts)
        self.entries: dict[int, Entry] = {}
        self.vectors = VectorIndex(512, window_days=WINDOW_DAYS)  # document vectors
        self._embedded: dict[int, Embedded] = {}  # sentence embeddings of recent articles

    # -- the index ----------------------------------------------------------------------------
    def load(self, entry: Entry, signature: bytes | None, vector: bytes | None) -> None:
        """Add an article traced in an earlier run, from what the store kept of it."""
        self.entries[entry.id] = entry
        if signature is not None:
            self.index.insert(entry.id, signature_from_bytes(signature))
        if vector is not None:
            self.vectors.add(entry.id, np.frombuffer(vector, dtype=np.float16), entry.day)

    # -- one article --------------------------------------------------------------------------
    def link(
        self, article: Article, analysis: Analysis | None, fetch
    ) -> tuple[bytes | None, bytes | None, list[Relation]]:
        """Compare ``article`` with the index, then add it. ``fetch(id)`` returns an indexed
        article with its analysis. Returns what to store (signature, vector) and the relations
        found, each directed from source to derivative."""
        entry = self._entry(article, analysis)
        boilerplate = self.sites.boilerplate(article.outlet)
        mh = minhash(article.text, boilerplate)
        emb = self._embed(article)
        centroid = emb.centroid
        ids, cosines = NO_IDS, NO_COSINES
        if centroid is not None:
            # indexed articles within the time window of this one (all when it has no date;
            # undated ones always), close enough to be translated, copied or cited by it
            ids, cosines = self.vectors.query(centroid, entry.day, VECTOR_COSINE)
        copies = self.index.query(mh) if mh is not None else []
        found = self.relations(
            article, entry, emb, boilerplate, copies, ids, cosines, fetch, self.sites.boilerplate
        )
        self._add(article, entry, mh)
        vector = None
        if centroid is not None:
            self.vectors.add(entry.id, centroid, entry.day)
            vector = centroid.astype(np.float16).tobytes()
        return (signature_bytes(mh) if mh is not None else None), vector, found

    def relations(
        self,
        article: Article,
        entry: Entry,
        emb: Embedded,
        boilerplate: frozenset[str],
        copies: list[int],
        ids: np.ndarray,
        cosines: np.ndarray,
        fetch,
        boilerplate_of,
    ) -> list[Relation]:
        """The pair decisions of ``link`` for one article and its candidates among the earlier
        ones: ``copies`` (MinHash candidates), ``ids`` and ``cosines`` (document vectors at least
        VECTOR_COSINE alike within the time window, in the order they were indexed). Every
        candidate's ``Entry`` is in ``self.entries``; ``boilerplate`` is the article's own site's,
        ``boilerplate_of(outlet)`` another site's, both as they are when the article is compared.
        ``newstrace batch`` calls this with candidates found by an LSH band join and a blocked
        vector join (``newstrace.batch.stages``)."""
        near: list[int] = []  # same-language articles close in meaning: copies MinHash may miss
        if len(ids):
            near = [i for i, _ in self._candidates(entry, ids, cosines, same_language=True)]
        found = self._copies(article, entry, copies, boilerplate, near, fetch, boilerplate_of)
        if len(ids):
            for other_id, cosine in self._candidates(entry, ids, cosines, same_language=False):
                if other_id in found:
                    continue
                other_article, _ = fetch(other_id)
                relation = self._translation(article, entry, emb, other_article, self.entries[other_id])
                if relation is not None:
                    relation.evidence["document_cosine"] = round(cosine, 3)
                    found[other_id] = relation
            for relation in self._citations(entry, ids, cosines, found):
                other_id = relation.source_id if relation.target_id == entry.id else relation.target_id
                found[other_id] = self._credited_translation(relation, entry, emb, fetch(other_id)[0])
        return list(found.values())

    def link_copies(
        self, article: Article, analysis: Analysis | None, fetch
    ) -> tuple[bytes | None, list[Relation]]:
        """Copies alone: the same site boilerplate, MinHash candidates, alignment and direction as
        ``link``, without document vectors (no translations, citations, or same-language copies
        that only the vectors propose). What a run over a very large collection does first, and
        what benchmarks/reuse.py measures."""
        entry = self._entry(article, analysis)
        boilerplate = self.sites.boilerplate(article.outlet)
        mh = minhash(article.text, boilerplate)
        copies = self.index.query(mh) if mh is not None else []
        found = self._copies(article, entry, copies, boilerplate, [], fetch, self.sites.boilerplate)
        self._add(article, entry, mh)
        return (signature_bytes(mh) if mh is not None else None), list(found.values())

    def _entry(self, article: Article, analysis: Analysis | None) -> Entry:
        return article_entry(article, analysis)

    def _copies(
        self, article, entry, candidates: list[int], boilerplate, near: list[int], fetch, boilerplate_of
    ) -> dict[int, Relation]:
        """Copies among the MinHash ``candidates`` and the ``near`` ones, by passage alignment."""
        found: dict[int, Relation] = {}
        for other_id in dict.fromkeys([*candidates, *near]):
            other = self.entries.get(other_id)
            if other is None or other.key == entry.key:
                continue
            ignore = boilerplate | boilerplate_of(other.outlet)
            relation = self._copy(article, entry, fetch(other_id)[0], other, ignore)
            if relation is not None:
                found[other_id] = relation
        return found

    def _add(self, article: Article, entry: Entry, mh) -> None:
        if mh is not None:
            self.index.insert(entry.id, mh)
        self.sites.add(entry.outlet, article.text, entry.id)
        self.entries[entry.id] = entry

    def _embed(self, article: Article) -> Embedded:
        cached = self._embedded.get(article.id)
        if cached is None:
            cached = article_embedding(article)
            if len(self._embedded) > 2000:  # bound memory on long runs
                self._embedded.pop(next(iter(self._embedded)))
            self._embedded[article.id] = cached
        return cached

    # -- copies -------------------------------------------------------------------------------
    def _copy(
        self, article: Article, entry: Entry, other_article: Article, other: Entry, ignore: frozenset[str]
    ) -> Relation | None:
        alignment = align(other_article.text, article.text, ignore=ignore)
        words = sum(p.words for p in alignment.passages)
        counted = alignment.passages
        if words < COPY_MIN_WORDS:
            source_quotes, target_quotes = _quoted(other_article.text), _quoted(article.text)
            counted = [
                p
                for p in counted
                if not _mostly_in(p.source_start, p.source_end, source_quotes)
                and not _mostly_in(p.target_start, p.target_end, target_quotes)
            ]
        # shares of the article itself, not of the menus and headline lists around it
        alignment.source_share = _prose_share(
            other_article.text, [(p.source_start, p.source_end) for p in counted]
        )
        alignment.target_share = _prose_share(article.text, [(p.target_start, p.target_end) for p in counted])
        share = max(alignment.source_share, alignment.target_share)
        if share < COPY_MIN_SHARE and words < COPY_MIN_WORDS:
            return self._restated(article, entry, other_article, other)
        passages = [_offsets(p) for p in alignment.passages]
        # alignment ran other -> article; flip the offsets if the article turns out the source
        shares = {other.id: alignment.source_share, entry.id: alignment.target_share}
        return self._directed(
            "copy", round(share, 3), other, entry, shares, passages, flip=lambda p: _flip(p)
        )

    def _restated(
        self, article: Article, entry: Entry, other_article: Article, other: Entry
    ) -> Relation | None:
        """A same-language text that restates the other sentence by sentence, in order."""
        match = compare(self._embed(other_article), self._embed(article))
        if (
            len(match.pairs) < RESTATED_PAIRS
            or min(match.source_share, match.target_share) < RESTATED_SHARE
            or match.order < 1.0
            or match.anchors < 1.0
        ):
            return None
        passages = [{**_offsets(p), "similarity": round(p.similarity, 3)} for p in match.pairs]
        shares = {other.id: match.source_share, entry.id: match.target_share}
        relation = self._directed(
            "copy", round(max(shares.values()), 3), other, entry, shares, passages, flip=_flip
        )
        relation.evidence["restated"] = True
        return relation

    # -- translations -------------------------------------------------------------------------
    def _candidates(
        self, entry: Entry, ids: np.ndarray, cosines: np.ndarray, *, same_language: bool
    ) -> list[tuple[int, float]]:
        return closest_per_language(entry, self.entries, ids, cosines, same_language=same_language)

    def _translation(
        self, article: Article, entry: Entry, emb: Embedded, other_article: Article, other: Entry
    ) -> Relation | None:
        other_emb = self._embed(other_article)
        match = compare(other_emb, emb)
        shorter = min(len(other_emb.sentences), len(emb.sentences))
        floored = len(match.pairs) / max(shorter, MIN_COVERED_SENTENCES) if match.pairs else 0.0
        if not match.is_translation:
            return None
        coverage = max(match.source_share, match.target_share)
        if not match.is_close_excerpt and match.score * floored / coverage < THRESHOLD:
            return None
        passages = [{**_offsets(p), "similarity": round(p.similarity, 3)} for p in match.pairs]
        shares = {other.id: match.source_share, entry.id: match.target_share}
        relation = self._directed(
            "translation", round(match.score, 3), other, entry, shares, passages, flip=_flip
        )
        relation.evidence["anchors"] = round(match.anchors, 3)
        return relation

    # -- citations ----------------------------------------------------------------------------
    def _citations(
        self, entry: Entry, ids: np.ndarray, cosines: np.ndarray, found: dict[int, Relation]
    ) -> list[Relation]:
        """An article that names an outlet as its source cites that outlet's closest article in
        the collection; an article from an outlet is cited by close articles that name it."""
        best: dict[tuple[int, int], tuple[float, Relation]] = {}
        for i in np.flatnonzero(cosines >= CITES_COSINE):
            other = self.entries[int(ids[i])]
            if other.id in found:
                continue
            credit = credit_between(entry, other)
            if credit is None:
                continue
            source, target, text = credit
            cosine = float(cosines[i])
            relation = Relation(
                source.id,
                target.id,
                "cites",
                round(cosine, 3),
                {"credit": text, "direction": "credit", "document_cosine": round(cosine, 3)},
            )
            # one cited article per (citing article, outlet): the closest
            slot = (target.id, hash(source.outlet))
            if slot not in best or best[slot][0] < cosine:
                best[slot] = (cosine, relation)
        return [relation for _, relation in best.values()]

    def _credited_translation(
        self, relation: Relation, entry: Entry, emb: Embedded, other_article: Article
    ) -> Relation:
        """A credited article in another language that carries over most of what it credits
        (a loose translation, a rewrite from a translation) is a translation, not a citation."""
        other = self.entries[other_article.id]
        if other.lang == entry.lang or other.lang is None or entry.lang is None:
            return relation
        other_emb = self._embed(other_article)
        source, target = (other_emb, emb) if relation.source_id == other.id else (emb, other_emb)
        source_share, target_share = covered_shares(source, target)
        share = max(source_share, target_share)
        if share < CREDITED_COVERAGE:
            return relation
        match = compare(source, target)
        passages = [{**_offsets(p), "similarity": round(p.similarity, 3)} for p in match.pairs]
        evidence = {
            **relation.evidence,
            "passages": passages,
            "source_share": round(source_share, 3),
            "target_share": round(target_share, 3),
            "coverage": round(share, 3),
        }
        return Relation(relation.source_id, relation.target_id, "translation", round(share, 3), evidence)

    # -- direction ----------------------------------------------------------------------------
    def _directed(self, kind, score, other: Entry, entry: Entry, shares, passages, flip) -> Relation:
        a = Party(other.id, other.outlet, other.day, other.credited, other.credit_text, shares[other.id])
        b = Party(entry.id, entry.outlet, entry.day, entry.credited, entry.credit_text, shares[entry.id])
        source, target, reason, credit = orient(a, b)
        if source.id != other.id:
            passages = [flip(p) for p in passages]
        evidence = {
            "passages": passages,
            "source_share": round(shares[source.id], 3),
            "target_share": round(shares[target.id], 3),
            "direction": reason,
        }
        if credit:
            evidence["credit"] = credit
        return Relation(source.id, target.id, kind, score, evidence)


def _offsets(p) -> dict:
    """An aligned passage or sentence pair as evidence: offsets in the source and the target."""
    return {
        "source_start": p.source_start,
        "source_end": p.source_end,
        "target_start": p.target_start,
        "target_end": p.target_end,
    }


def _flip(passage: dict) -> dict:
    flipped = dict(passage)
    flipped["source_start"], flipped["target_start"] = passage["target_start"], passage["source_start"]
    flipped["source_end"], flipped["target_end"] = passage["target_end"], passage["source_end"]
    return flipped


def _quoted(text: str) -> list[tuple[int, int]]:
    from newstrace.text import quotes

    return [(q.start, q.end) for q in quotes(text)]


def _mostly_in(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """At least half of [start, end) lies inside ``spans``."""
    inside = sum(max(0, min(b, end) - max(a, start)) for a, b in spans)
    return inside * 2 >= end - start


def _prose_share(text: str, covered: list[tuple[int, int]]) -> float:
    """Share of a text's prose lines (``prose_spans``) that ``covered`` spans cover; of the
    whole text when no line reads as prose."""
    spans = prose_spans(text) or [(0, len(text))]
    total = sum(b - a for a, b in spans)
    inside = sum(max(0, min(b, d) - max(a, c)) for a, b in spans for c, d in covered)
    return min(1.0, inside / total) if total else 0.0


def _head(article: Article) -> str:
    """Title and the leading sentences: the claim is told there, and the cost stays bounded."""
    from newstrace.text import sentences

    sents = sentences(article.text)
    end = sents[min(len(sents), EMBED_SENTENCES) - 1].end if sents else 0
    return article.text[:end]
