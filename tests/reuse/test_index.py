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
