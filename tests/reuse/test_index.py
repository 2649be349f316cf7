from newstrace.reuse.index import ReuseIndex
from tests.conftest import LOREM_FR, SEED

BODY = SEED.read_text("utf-8").split("\n\n", 1)[1].split("\n\nSputnik")[0]


def test_copies_become_candidates_and_unrelated_texts_do_not():
    index = ReuseIndex()
    assert index.add(1, BODY) == []
    assert index.add(2, LOREM_FR) == []
    truncated = "Selon Sputnik, " + BODY[: len(BODY) // 2]
    assert index.add(3, truncated) == [1]
    edited = BODY.replace("certainement", "sans doute").replace("Jeudi", "Mercredi")
    assert set(index.add(4, edited)) == {1, 3}
    assert index.size == 4


def test_candidates_are_found_before_and_after_the_buffer_is_merged(monkeypatch):
    import random

    import newstrace.reuse.index as index_module

    monkeypatch.setattr(index_module, "BUFFER", 7)
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(5000)]
    docs = [" ".join(rng.choice(vocab) for _ in range(120)) for _ in range(30)]
    index = ReuseIndex()
    for i, doc in enumerate(docs):
        assert index.add(i, doc) == []  # unrelated texts: no candidates
    assert sum(len(k) for k, _ in index._levels) == 28 * 64 and index._buffered == 2  # four runs so far
    # copies of a merged document and of a buffered one are both found, with nothing else
    assert index.add(100, docs[3]) == [3]
    assert index.add(101, docs[29] + " and a few more words") == [29]
    assert index.size == 32


def _brute_force(signatures, query):
    """Ids of the indexed signatures that share a band with ``query``: every pair of values."""
    from newstrace.reuse.index import band_keys

    keys = set(band_keys(query).tolist())
    return sorted(i for i, s in signatures.items() if keys & set(band_keys(s).tolist()))


def test_a_query_finds_what_a_brute_force_does_in_the_buffer_and_every_level(monkeypatch):
    """Band keys shared by many documents (a crowded bucket, read by bisection) and by a few (read
    whole), in the buffer and in merged runs: the candidates are exactly those sharing a band."""
    import numpy as np

    import newstrace.reuse.index as index_module

    monkeypatch.setattr(index_module, "BUFFER", 16)
    monkeypatch.setattr(index_module, "GATHER_WIDTH", 12)  # a bucket of 13 keys or more is bisected
    rng = np.random.default_rng(7)
    common = rng.integers(0, 2**32, size=128, dtype=np.uint32)
    index, signatures = ReuseIndex(), {}
    for doc in range(300):
        signature = rng.integers(0, 2**32, size=128, dtype=np.uint32)
        if doc % 3 == 0:  # a third share their first band; some the second band of a recent one
            signature[:2] = common[:2]
        if doc % 7 == 0 and doc >= 7:
            signature[2:4] = signatures[doc - 7][2:4]
        assert index.query(signature) == _brute_force(signatures, signature)
        index.insert(doc, signature)
        signatures[doc] = signature
    assert len(index._levels) >= 2 and index._buffered  # runs merged down, and some still buffered
    for doc in (0, 7, 150, 299):
        assert index.query(signatures[doc]) == _brute_force(signatures, signatures[doc])
