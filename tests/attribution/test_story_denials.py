"""Denials judged the analyst's way: against the claim of the article's story, whose side is the
one most of its articles' origins speak for (the earliest reports counting twice)."""

from newstrace.actors import default_actors
from newstrace.attribution.denials import reports_denial_of, story_claim_side
from newstrace.model import Analysis, Article, Attribution, Origin, Source

ACTORS = default_actors()


def article(published: str | None = None, outlet: str | None = None, i: int = 1) -> Article:
    return Article(
        id=i,
        key=f"t{i}",
        source=Source("file", "t"),
        content_hash="",
        title="",
        text="",
        lang="en",
        published=published,
        outlet=outlet,
    )


def said(source: str, actor: str | None, stance: str = "asserts") -> Attribution:
    return Attribution(
        source=source,
        source_type="official",
        cue="said",
        content="x",
        start=0,
        end=1,
        cue_start=0,
        cue_end=1,
        stance=stance,
        actor=actor,
    )


def analysed(origin_actor: str | None, *atts: Attribution) -> Analysis:
    origins = [Origin("speaker", "official", None, origin_actor)] if origin_actor else []
    return Analysis(attributions=list(atts), origins=origins)


def test_the_story_claim_is_the_side_of_most_origins_early_reports_counting_twice():
    moscow = (article("2022-04-03", i=1), analysed("ru-mod"))
    kyiv_late = (article("2022-04-05", i=2), analysed("ua-mod"))
    assert story_claim_side([kyiv_late, moscow], ACTORS) == "ru-gov"  # the root counts twice
    kyiv_more = [(article("2022-04-05", i=n), analysed("ua-mod")) for n in (2, 3, 4)]
    assert story_claim_side([moscow, *kyiv_more], ACTORS) == "ua-gov"
    assert story_claim_side([(article(), analysed(None))], ACTORS) is None


def test_a_denial_counts_against_the_story_claim_not_the_article_own():
    # a Western report of Kyiv's denial, in a story of Moscow's claim
    ana = analysed("ru-mod", said("the Ukrainian defence ministry", "ua-mod", "denies"))
    assert reports_denial_of(article(), ana, "ru-gov", ACTORS) == "yes"
    # the claim's own author denying the other side is the claim
    ana = analysed("ru-mod", said("the Russian defence ministry", "ru-mod", "denies"))
    assert reports_denial_of(article(), ana, "ru-gov", ACTORS) is None
    # an unresolved denier is not counted
    ana = analysed("ru-mod", said("he", None, "denies"))
    assert reports_denial_of(article(), ana, "ru-gov", ACTORS) is None


def test_the_competing_claim_reports_a_denial_when_the_claim_side_answers_it():
    alone = analysed("ua-energoatom", said("Energoatom", "ua-energoatom"))
    assert reports_denial_of(article(), alone, "ru-gov", ACTORS) is None
    answered = analysed("ua-energoatom", said("Energoatom", "ua-energoatom"), said("Konashenkov", "ru-mod"))
    assert reports_denial_of(article(), answered, "ru-gov", ACTORS) == "yes"


def test_an_unsourced_article_takes_the_side_of_most_of_its_reports():
    kyiv = analysed(None, said("Energoatom", "ua-energoatom"), said("Energoatom", "ua-energoatom"))
    assert reports_denial_of(article(), kyiv, "ru-gov", ACTORS) is None  # Kyiv's claim alone
    mixed = analysed(None, said("Energoatom", "ua-energoatom"), said("Konashenkov", "ru-mod"))
    assert reports_denial_of(article(), mixed, "ru-gov", ACTORS) == "yes"


def test_a_fact_checker_page_disputes():
    assert (
        reports_denial_of(article(outlet="afp-factcheck"), analysed("ru-mod"), "ru-gov", ACTORS) == "disputed"
    )


def test_an_acronym_names_its_actor_only_in_capitals():
    assert ACTORS.resolve("un ex-FSB") == "ru-fsb"
    assert ACTORS.resolve("the UN") == "un"
