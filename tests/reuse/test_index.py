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
