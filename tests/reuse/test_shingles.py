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
