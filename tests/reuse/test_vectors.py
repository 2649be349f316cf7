import numpy as np
import pytest

from newstrace.reuse.vectors import VectorIndex

DIM = 64
WINDOW = 120


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def corpus(n, seed=0, topics=12):
    """Vectors clustered by topic (cosines ~0.3-0.6 within one), every tenth one with a close
    twin (cosine ~0.85) at the next position; days over two years, one in ten undated."""
    rng = np.random.default_rng(seed)
    common = unit(rng.standard_normal(DIM))
    centres = unit(rng.standard_normal((topics, DIM)))
    vectors = unit(
        0.5 * common + centres[rng.integers(0, topics, n)] + 0.9 * unit(rng.standard_normal((n, DIM)))
    )
    for i in range(0, n - 1, 10):
        vectors[i + 1] = unit(vectors[i] + 0.45 * unit(rng.standard_normal(DIM)))
    days = [None if rng.random() < 0.1 else int(d) for d in rng.integers(730_000, 730_730, n)]
    for i in range(0, n - 1, 10):
        days[i + 1] = days[i] if days[i] is None else days[i] + int(rng.integers(0, 4))
    return vectors.astype(np.float32), days


def brute_force(vectors, days, q, day, min_cosine):
    """The linker's search before the index existed."""
    stored = np.array([np.nan if d is None else d for d in days])
    if day is None:
        rows = np.arange(len(vectors))
        cosines = vectors @ q
    else:
        rows = np.flatnonzero(np.isnan(stored) | (np.abs(stored - day) <= WINDOW))
        cosines = vectors[rows] @ q
    keep = cosines >= min_cosine
    return rows[keep], cosines[keep]


def filled(vectors, days, ids=None, **options):
    index = VectorIndex(DIM, window_days=WINDOW, **options)
    for i, (vector, day) in enumerate(zip(vectors, days, strict=True)):
        index.add(i if ids is None else ids[i], vector, day)
    return index


def test_below_the_threshold_the_search_is_the_brute_force_one_bit_for_bit():
    vectors, days = corpus(1500)
    ids = [1000 + 3 * i for i in range(len(vectors))]  # the caller's ids, not row numbers
    index = filled(vectors, days, ids)
    assert not index.approximate and len(index) == 1500
    for i in range(0, 1500, 37):
        for day in (days[i], None):
            got_ids, got_cosines = index.query(vectors[i], day, 0.5)
            rows, cosines = brute_force(vectors, days, vectors[i], day, 0.5)
            assert got_ids.tolist() == [ids[r] for r in rows]
            assert np.array_equal(got_cosines, cosines)


def test_above_the_threshold_planted_neighbours_are_found_among_few_lists():
    vectors, days = corpus(4000)
    index = filled(vectors, days, exact_below=1000, nprobe=8)
    assert index.approximate and index.lists > 4 * index.nprobe
    missed = 0
    for i in range(0, 3999, 10):
        found_ids, cosines = index.query(vectors[i], days[i], 0.5)
        found = dict(zip(found_ids.tolist(), cosines.tolist(), strict=True))
        truth = dict(
            zip(*(a.tolist() for a in brute_force(vectors, days, vectors[i], days[i], 0.5)), strict=True)
        )
        assert found_ids.tolist() == sorted(found)  # insertion order
        assert found[i] == pytest.approx(1.0, abs=2e-3)
        if i + 1 not in found:
            missed += 1
            continue
        assert found[i + 1] == pytest.approx(truth[i + 1], abs=3e-3)
        # what is returned is right (16-bit storage moves a cosine a little: ~1e-3 in 64
        # dimensions, under 5e-4 in the 512 of real document vectors)
        assert all(c >= 0.5 and abs(truth.get(j, 0.5) - c) < 3e-3 for j, c in found.items())
    assert missed <= 4  # of 400 twins; an approximate index may miss a few (none with this seed)


def test_the_date_window_is_respected_and_undated_vectors_are_always_eligible():
    vectors, days = corpus(3000, seed=1)
    rng = np.random.default_rng(5)
    story = unit(rng.standard_normal(DIM))
    day = 730_365
    index = VectorIndex(DIM, window_days=WINDOW, exact_below=1000, nprobe=4)
    for i in range(3000):
        index.add(i, vectors[i], days[i])
        if i == 1500:  # filed under their lists when the index retrains at 2000
            for offset, new_id in ((-WINDOW, 1), (WINDOW, 2), (WINDOW + 1, 3), (-WINDOW - 1, 4), (None, 5)):
                twin = unit(story + 0.2 * unit(rng.standard_normal(DIM)))
                index.add(10_000 + new_id, twin, None if offset is None else day + offset)
    assert index.approximate
    found, _ = index.query(story, day, 0.9)
    assert set(found.tolist()) == {10_001, 10_002, 10_005}
    found, _ = index.query(story, None, 0.9)  # an undated article is compared with everything
    assert set(found.tolist()) == {10_001, 10_002, 10_003, 10_004, 10_005}


@pytest.mark.parametrize("exact_below", [400, 10**9])
def test_ids_keep_pointing_at_their_vectors_as_the_index_grows_and_retrains(exact_below):
    vectors, days = corpus(6000, seed=2)
    ids = [7 * i + 5 for i in range(6000)]  # the caller's ids, not row numbers
    index = VectorIndex(DIM, window_days=WINDOW, exact_below=exact_below, nprobe=6)
    for size in (300, 1000, 2500, 6000):  # trained at 400, retrained at 800, 1600, 3200
        for i in range(len(index), size):
            index.add(ids[i], vectors[i], days[i])
        for i in range(0, 300, 10):
            found, cosines = index.query(vectors[i], days[i], 0.6)
            assert {ids[i], ids[i + 1]} <= set(found.tolist())  # itself and its twin
            rows = (found - 5) // 7
            assert ((found - 5) % 7 == 0).all() and rows.max() < size
            assert np.allclose(cosines, vectors[rows] @ vectors[i], atol=3e-3)
    assert index.approximate == (exact_below == 400)


def test_vectors_added_after_training_are_found_at_once_and_after_filing():
    vectors, days = corpus(1400, seed=3)
    index = filled(vectors[:1200], days[:1200], exact_below=1000, nprobe=2)
    assert index.approximate
    for i in range(1200, 1400):
        index.add(i, vectors[i], days[i])
        assert i in index.query(vectors[i], days[i], 0.9)[0].tolist()  # pending: scanned exactly
    for i in range(1200, 1400):
        assert i in index.query(vectors[i], days[i], 0.9)[0].tolist()
