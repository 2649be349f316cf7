import random
import re

from newstrace.reuse.shingles import CJK, normalise, shingles, words

# one word per character of a script without spaces, runs of word characters otherwise
REFERENCE = re.compile(rf"[{CJK}]|[^\W{CJK}]+")


def test_words_and_offsets_in_any_mix_of_scripts():
    rng = random.Random(0)
    chars = "abcé ,.«»'-_0123中文字のカタ・ー\u30fbÅﬁ²\n\tДейр دير"
    for _ in range(2000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 60)))
        found = words(text)
        expected = list(REFERENCE.finditer(text))
        assert found.tokens == [normalise(m.group(0)) for m in expected], text
        assert found.starts == [m.start() for m in expected], text
        assert found.ends == [m.end() for m in expected], text


def test_shingles_are_consecutive_word_runs():
    tokens = "a b c d e f".split()
    assert shingles(tokens, 5) == ["a b c d e", "b c d e f"]
    assert shingles(tokens[:4], 5) == []
    assert shingles(tokens, 1) == tokens
    assert words("Ｄéjà  VU, 中文").tokens == ["deja", "vu", "中", "文"]


def test_shingling_ahead_in_other_processes_gives_the_same_copies():
    """The copy path over a generated corpus with planted copies, its texts shingled ahead by two
    worker processes, finds exactly the pairs it finds alone; the sets built ahead are those
    built here, each taken once, and none is kept after its chunk."""
    from newstrace.provenance.link import Linker
    from newstrace.reuse import shingles as module
    from newstrace.reuse.generated import Corpus

    corpus = Corpus(400, 4, seed=3, sentences=(3, 6))

    def pairs(workers: int) -> set[tuple[int, int]]:
        module.shingle_set.cache_clear()
        linker, found = Linker(), set()
        articles = [corpus.article(i) for i in range(400)]
        by_id = {a.id: a for a in articles}
        ahead = module.shingled_ahead(iter(articles), lambda a: a.text, workers=workers)
        for i, article in enumerate(ahead):
            assert article is articles[i]  # in order
            if workers > 1 and i % 50 == 10:  # built ahead: taken from the worker, equal to a local one
                assert article.text in module._ahead
                assert module._ahead[article.text] == frozenset(
                    module.shingles(module.words(article.text).tokens)
                )
            _, relations = linker.link_copies(article, None, lambda k: (by_id[k], None))
            found |= {(r.source_id, r.target_id) for r in relations}
        assert not module._ahead
        return found

    alone = pairs(1)
    assert len(alone) >= 15  # the planted copies
    assert pairs(2) == alone
