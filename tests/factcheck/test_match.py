import json

from tests.conftest import EXAMPLES, LOREM_FR

from newstrace.factcheck import FactCheck, Matcher, match_stored, read_factchecks
from newstrace.factcheck import store as fc_store
from newstrace.factcheck.match import claim_units, claimants, story_support
from newstrace.model import Article, Attribution, Source


def example_factchecks():
    found = [
        f for f in read_factchecks([EXAMPLES / "factchecks" / "factchecks.csv"]) if isinstance(f, FactCheck)
    ]
    for n, fc in enumerate(found):
        fc.id = n + 1
    return found


def record(line: int) -> Article:
    data = json.loads((EXAMPLES / "records" / "export.jsonl").read_text("utf-8").splitlines()[line])
    return Article(
        line + 100, data["url"], Source("jsonl", "x"), "h", data["title"], data["text"], lang=data["lang"]
    )


def test_claim_matches_across_languages_and_not_its_lookalike():
    matcher = Matcher(example_factchecks())
    text = "Des hélicoptères américains auraient évacué des chefs de Daech de la région de Deir ez-Zor."
    top, second, *_ = matcher.rank(text, "fr")
    assert top.factcheck.url.endswith("us-helicopters-did-not-evacuate-isis-commanders-deir-ez-zor/")
    assert top.score >= 0.5 > second.score  # the Deir ez-Zor flag photo is another claim


def test_article_in_another_language_matched_with_its_sentence():
    matcher = Matcher(example_factchecks())
    article = record(1)  # German translation of the Sputnik story
    (match,) = matcher.match_article(article)
    assert match.factcheck_id == 1 and match.article_id == article.id
    if match.sentence_start is not None:
        assert article.text[match.sentence_start : match.sentence_end] == match.sentence
    unrelated = Article(3, "u", Source("file", "u"), "h", "Aides aux agriculteurs", LOREM_FR, lang="fr")
    assert matcher.match_article(unrelated) == []


def test_match_stored(store):
    fc_store.save_factchecks(store, example_factchecks())
    article = record(2)  # Spanish rewrite of the story
    article.id = None
    store.save_batch([article])
    assert match_stored(store) >= 1
    (best, *_) = fc_store.matches(store, article_id=article.id)
    assert fc_store.get_factcheck(store, best.factcheck_id).lang == "en"


def test_claim_units_leave_out_denials():
    text = (
        "Washington denies that US helicopters evacuated ISIS commanders from Deir ez-Zor. "
        "A source told Sputnik that US helicopters evacuated two ISIS commanders on August 26. "
        "The weather in the region was hot and dry all week."
    )
    denial_end = text.index(". A source") + 1
    claim_start = text.index("US helicopters evacuated two")
    attributions = [
        Attribution(
            "Washington",
            "official",
            "denies",
            text[17 : denial_end - 1],
            17,
            denial_end - 1,
            11,
            17,
            stance="denies",
        ),
        Attribution(
            "A source",
            "anonymous",
            "told",
            text[claim_start : text.index(" on August") + 13],
            claim_start,
            text.index(" on August") + 13,
            text.index("told"),
            text.index("told") + 4,
        ),
    ]
    article = Article(
        1, "u", Source("file", "u"), "h", "Coalition denies evacuating ISIS commanders", text, lang="en"
    )
    units = claim_units(article, attributions)
    texts = [u[2] for u in units]
    assert article.title not in texts  # a headline that reports a denial is not the article's claim
    assert not any(t.startswith("Washington denies") for t in texts)
    assert any(t.startswith("US helicopters evacuated two") for t in texts)
    for start, end, unit in units:
        if start is not None:
            assert article.text[start:end] == unit


def test_claim_units_skip_datelines_and_keep_chinese_sentences():
    """A dateline counts no words of a claim ("Пятница, 9 июня 2023, 10:22" has numbers and two
    words); Chinese, written without spaces, is not one word per sentence."""
    dated = Article(
        1,
        "d",
        Source("file", "d"),
        "h",
        "Пятница, 9 июня 2023, 10:22",
        "Пятница, 9 июня 2023, 10:22. СБУ опубликовала перехваченный разговор российских военных о подрыве плотины.",
        lang="ru",
    )
    texts = [u[2] for u in claim_units(dated)]
    assert texts and not any(t.startswith("Пятница") for t in texts)
    chinese = Article(
        2,
        "z",
        Source("file", "z"),
        "h",
        "俄方称乌军再度炮击扎波罗热核电站",
        "俄罗斯国防部称，乌克兰军队周末再次炮击扎波罗热核电站。乌方尚未回应。",
        lang="zh",
    )
    texts = [u[2] for u in claim_units(chinese)]
    assert "俄方称乌军再度炮击扎波罗热核电站" in texts
    assert any(t.startswith("俄罗斯国防部称") for t in texts)


def test_claimants_from_the_review_or_the_claim():
    fc = FactCheck(
        None,
        "Russian MoD: the Bucha video shows crisis actors",
        "false",
        "u",
        claimant="Sputnik; Frants Klintsevich",
    )
    assert claimants(fc) == ["Sputnik", "Frants Klintsevich", "Russian MoD"]
    assert claimants(
        FactCheck(None, "Kyiv, not Russia, shells the plant (Maria Zakharova)", "fake", "u")
    ) == ["Maria Zakharova"]
    assert claimants(FactCheck(None, "US helicopters evacuated ISIS commanders", "false", "u")) == []
    # a colon inside the claim is not a claimant: "Bucha was a staged 'simulacro'" names no one
    staged = "Bucha was a staged 'simulacro': Russian soldiers had left before the killings"
    assert claimants(FactCheck(None, staged, "false", "u")) == []


def test_a_claimant_named_in_another_language_keeps_the_score():
    """The claimant "Russian MoD" is named by an article that says "Минобороны России" (the
    actor registry knows both): its score is not cut; an article naming only another body is."""
    fc = FactCheck(
        1, "Russian MoD: Tochka-U missiles have been withdrawn from the Russian army", "false", "u"
    )
    matcher = Matcher([fc])

    def article(n: int, who: str) -> Article:
        text = f"{who} заявило, что ракеты «Точка-У» давно сняты с вооружения российской армии."
        return Article(
            n, str(n), Source("file", str(n)), "h", "Ракеты «Точка-У» сняты с вооружения", text, lang="ru"
        )

    (named,) = matcher.candidates(article(1, "Минобороны России"))
    (other,) = matcher.candidates(article(2, "Министерство образования"))
    assert other.score < 0.75 * named.score


def test_lookalike_article_gets_no_match_and_scores_are_not_saturated():
    """The ClaimReview names who made the claim (Sputnik, Klintsevich): an article on the same
    place and week that never names them reports another event. Sentence similarity alone does
    not tell them apart (a siege headline scores like the claim), which is why scores stay low."""
    (review,) = [
        f for f in read_factchecks([EXAMPLES / "factchecks" / "claimreview.json"]) if isinstance(f, FactCheck)
    ]
    review.id = 1
    matcher = Matcher([review])
    claim = Article(
        1,
        "c",
        Source("file", "c"),
        "h",
        "Des hélicoptères américains auraient évacué des chefs de Daech de Deir ez-Zor, selon Sputnik",
        "Selon une source citée par Sputnik, des hélicoptères américains ont exfiltré des chefs de Daech.",
        lang="fr",
    )
    siege = Article(
        2,
        "s",
        Source("file", "s"),
        "h",
        "Syrie : l’armée brise le siège de l’aéroport militaire de Deir ez-Zor",
        "L’armée syrienne a brisé samedi le siège que Daech imposait à l’aéroport militaire de Deir ez-Zor.",
        lang="fr",
    )
    (match,) = matcher.match_article(claim)
    assert 0.5 <= match.score < 0.9
    assert matcher.match_article(siege) == []


def test_posts_are_told_from_written_claims():
    from newstrace.factcheck.social import is_post

    tweet = "They lied about it pic.twitter.com/0eJtwJyS1J — Jane Doe (@jdoe) January 14, 2020"
    assert is_post(tweet)
    assert is_post("Nobody talks about this #DeirEzZor")
    assert not is_post("Des hélicoptères américains auraient évacué des chefs de Daech de Deir ez-Zor.")
    assert not is_post("The #1 reason: 3 helicopters landed at 10:00.")


def test_posts_are_ranked_with_their_own_weights():
    factchecks = example_factchecks()
    claim = Matcher(factchecks, post_weights=[0.0] * 13)  # posts then score alike against every one
    text = "US helicopters evacuated ISIS commanders from Deir ez-Zor #Syria"
    as_post = {round(c.score, 6) for c in claim.rank(text, "en")}
    assert len(as_post) == 1
    assert claim.rank(text, "en", post=False)[0].score > claim.rank(text, "en", post=False)[-1].score


def test_an_article_carries_its_storys_claim_at_the_lower_point():
    """An article whose own claims fall short of the threshold gets the fact-check its story
    carries when they reach the story point; the look-alike siege report does not."""
    (review,) = [
        f for f in read_factchecks([EXAMPLES / "factchecks" / "claimreview.json"]) if isinstance(f, FactCheck)
    ]
    review.id = 1
    matcher = Matcher([review])
    weaker = Article(
        3,
        "w",
        Source("file", "w"),
        "h",
        "Sputnik: Washington helped ISIS fighters leave eastern Syria",
        "According to Sputnik, the US military helped Islamic State fighters leave eastern Syria.",
        lang="en",
    )
    siege = Article(
        2,
        "s",
        Source("file", "s"),
        "h",
        "Syrie : l’armée brise le siège de l’aéroport militaire de Deir ez-Zor",
        "L’armée syrienne a brisé samedi le siège que Daech imposait à l’aéroport militaire de Deir ez-Zor.",
        lang="fr",
    )
    assert matcher.match_article(weaker) == []  # alone, it does not reach the threshold
    (lent,) = matcher.match_in_story(weaker, [1])
    assert lent.factcheck_id == 1 and lent.score < 0.5
    assert matcher.match_in_story(weaker, [2]) == []  # only what the story carries
    assert matcher.match_in_story(siege, [1]) == []


def test_a_story_supports_a_claim_its_two_best_articles_carry_together():
    """Two articles near the threshold corroborate a claim; one article on the topic, however
    many weaker ones it has around it, does not lift the story's support above its own score."""
    support = story_support([{1: 0.52, 2: 0.30}, {1: 0.49, 2: 0.58}, {1: 0.10, 2: 0.20}])
    assert round(support[1], 3) == 0.505
    assert round(support[2], 3) == 0.44  # one strong article, the next far below
    assert story_support([{1: 0.45}]) == {1: 0.45}  # a story of one article: its own score
    assert story_support([]) == {}
