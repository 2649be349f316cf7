from newstrace.reuse.align import align
from tests.conftest import SEED

BODY = SEED.read_text("utf-8").split("\n\n", 1)[1].split("\n\nSputnik")[0]


def test_copy_with_new_intro_edits_and_truncation_is_aligned():
    copy = "Selon Sputnik, une information explosive. " + BODY.replace("certainement", "sans doute")
    copy = copy.split("Deir ez-Zor et l")[0]  # truncated before the last paragraph
    result = align(BODY, copy)
    assert result.target_share > 0.95
    assert 0.6 < result.source_share < 0.95  # the original's last paragraph was not copied
    for p in result.passages:
        assert (
            BODY[p.source_start : p.source_end].split()[0] == copy[p.target_start : p.target_end].split()[0]
        )
    assert copy[result.passages[0].target_start :].startswith("Bien que Washington")


def test_independent_texts_share_nothing():
    other = (
        "Le ministre a annoncé jeudi une série de mesures destinées à soutenir les agriculteurs touchés "
        "par la sécheresse, selon un communiqué publié dans la matinée. "
    ) * 3
    result = align(BODY, other)
    assert result.passages == [] and result.source_share == 0.0


def test_chinese_is_aligned_character_by_character():
    original = (
        "俄罗斯原子能公司当地时间11月19日表示,乌克兰军方当天首次对扎波罗热核电站及附近区域发动大规模炮击。"
    )
    copy = "央视新闻客户端消息," + original + "优艾设计网"
    alignment = align(original, copy)
    assert alignment.source_share > 0.9
    assert align(original, "今天天气很好,我们去公园散步,看到很多人在跑步和打太极拳。").passages == []
