"""The pieces of the batch's later stages give what the local linker computes in order (no Spark)."""

from __future__ import annotations

import numpy as np

from newstrace.batch import stages
from newstrace.provenance.link import VECTOR_COSINE, WINDOW_DAYS, Linker
from newstrace.reuse.generated import Corpus
from newstrace.reuse.index import ReuseIndex, band_keys, signature_bytes
from newstrace.reuse.vectors import VectorIndex


def test_stored_rows_are_those_save_batch_keeps():
    rows = [("r3", "b"), ("r1", "a"), ("r2", "a"), ("r4", "a")]  # one key, in any order
    assert stages.stored_rows(rows) == [("r1", True), ("r2", False), ("r3", True), ("r4", True)]


def test_site_passes_give_the_signatures_and_candidates_of_the_linker():
    corpus = Corpus(300, 3, seed=5, sentences=(3, 5))  # > KEEP pages per outlet: the window slides
    articles = [corpus.article(i) for i in range(300)]
    linker = Linker()
    linker.sites.preload((a.id, a.outlet, a.text) for a in articles)
    expected, index, candidates = {}, ReuseIndex(), {}
    for a in articles:
        signature, _ = linker.link_copies(a, None, lambda i: (articles[i - 1], None))
        expected[a.id] = signature
    for a in articles:  # the local index's candidates: every earlier article sharing a band
        mh = np.frombuffer(expected[a.id], dtype="<u4").astype(np.uint32)
        candidates[a.id] = index.query(mh)
        index.insert(a.id, mh)
    found, asked = {}, {}
    for outlet in corpus.outlets:
        pages = [(a.id, a.id, a.text) for a in articles if a.outlet == outlet]
        asks = [(order, order) for order in (1, 100, 250, 301)]
        for out in stages.site_pass(pages, outlet, asks):
            if out[0] == "page":
                found[out[1]] = signature_bytes(out[3])
            else:
                asked[(outlet, out[1])] = out[2]
    assert found == expected
    # the boilerplate asked for at an order is the site's as the article at that order is compared
    assert asked[(articles[249].outlet, 250)] == next(
        out[2]
        for out in stages.site_pass(
            [(a.id, a.id, a.text) for a in articles if a.outlet == articles[249].outlet], articles[249].outlet
        )
        if out[1] == 250
    )
    buckets: dict[int, list] = {}
    for a in articles:
        for key in band_keys(np.frombuffer(expected[a.id], dtype="<u4").astype(np.uint32)).tolist():
            buckets.setdefault(key, []).append((a.id, a.id))
    pairs = {p for bucket in buckets.values() for p in stages.lsh_pairs(bucket)}
    assert pairs == {(b, a) for b, found_ in candidates.items() for a in found_}
    assert len(pairs) >= len(corpus.copied)


def test_the_blocked_vector_join_finds_what_the_vector_index_finds():
    rng = np.random.default_rng(3)
    n = 400
    topics = rng.normal(size=(5, 512))
    vectors = topics[rng.integers(0, 5, n)] + 0.6 * rng.normal(size=(n, 512))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    days = sorted(int(d) for d in rng.integers(700_000, 700_000 + 3 * WINDOW_DAYS, n - 40))
    days += [None] * 40  # undated: compared last, they see everything
    index, expected = VectorIndex(512, window_days=WINDOW_DAYS), {}
    for i in range(n):
        ids, cosines = index.query(vectors[i], days[i], VECTOR_COSINE)
        expected[i] = list(zip(ids.tolist(), cosines.tolist(), strict=True))
        index.add(i, vectors[i], days[i])
    blocks: dict = {}
    for i in range(n):
        for key, row in stages.vector_blocks(i, i, days[i], vectors[i]):
            blocks.setdefault(key, []).append(row)
    found: dict[int, list] = {i: [] for i in range(n)}
    for rows in blocks.values():
        for later, (order, seq, cosine) in stages.vector_pairs(rows):
            found[later].append((order, seq, cosine))
    assert sum(map(len, expected.values())) > n  # the join has work to do
    for i in range(n):
        assert [(seq, round(float(c), 5)) for _, seq, c in sorted(found[i])] == [
            (seq, round(c, 5)) for seq, c in expected[i]
        ]


def test_undated_blocks_are_bounded_and_find_the_same_pairs():
    rng = np.random.default_rng(4)
    n, chunk = 300, 40
    vectors = rng.normal(size=(3, 64))[rng.integers(0, 3, n)] + 0.5 * rng.normal(size=(n, 64))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    days = [700_000 + i // 2 for i in range(n - 60)] + [None] * 60

    def pairs(**kw):
        blocks: dict = {}
        for i in range(n):
            for key, row in stages.vector_blocks(i, i, days[i], vectors[i], **kw):
                blocks.setdefault(key, []).append(row)
        found = sorted(p for rows in blocks.values() for p in stages.vector_pairs(rows))
        undated = [rows for key, rows in blocks.items() if key[0] == stages.UNDATED[0]]
        return found, max(sum(r[0] == "base" for r in rows) for rows in undated)

    whole, _ = pairs(chunk=n)
    chunked, largest = pairs(chunk=chunk)
    assert chunked == whole and len(whole) > n
    assert largest == chunk  # no undated block holds the collection
    # without undated articles, no undated blocks at all
    assert not any(
        key[0] == stages.UNDATED[0]
        for key, _ in stages.vector_blocks(5, 5, 700_000, vectors[5], undated=False)
    )


def test_the_vector_join_keeps_what_the_linker_chooses_among_its_candidates():
    from newstrace.provenance.link import Entry, closest_per_language, credit_between

    rng = np.random.default_rng(5)
    n = 200
    vectors = rng.normal(size=(2, 64))[rng.integers(0, 2, n)] + 0.4 * rng.normal(size=(n, 64))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    outlets = [f"o{i % 7}" for i in range(n)]
    entries = [
        Entry(
            i,
            f"k{i}",
            "fr" if i % 3 else "en",
            outlets[i],
            700_000 + i // 4,
            {outlets[(i + 1) % 7]},
            {outlets[(i + 1) % 7]: "via"},
        )
        for i in range(n)
    ]
    blocks: dict = {}
    for i in range(n):
        for key, row in stages.vector_blocks(i, i, entries[i].day, vectors[i], entries[i], undated=False):
            blocks.setdefault(key, []).append(row)
    every = [p for rows in blocks.values() for p in stages.vector_pairs(rows)]
    chosen = [p for rows in blocks.values() for p in stages.vector_pairs(rows, choose=True)]
    assert len(chosen) < len(every)
    by_later: dict[int, list] = {}
    for later, (_, seq, cosine) in every:
        by_later.setdefault(later, []).append((seq, cosine))
    for later, found in by_later.items():
        ids = np.array([s for s, _ in found])
        cosines = np.array([c for _, c in found], dtype=np.float32)
        kept = {s for s, _ in closest_per_language(entries[later], entries, ids, cosines, same_language=True)}
        kept |= {
            s for s, _ in closest_per_language(entries[later], entries, ids, cosines, same_language=False)
        }
        kept |= {s for s, c in found if c >= 0.5 and credit_between(entries[later], entries[s])}
        assert sorted(seq for lat, (_, seq, _) in chosen if lat == later) == sorted(kept)
