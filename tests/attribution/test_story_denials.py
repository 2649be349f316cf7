"""Denials judged the analyst's way: against the claim of the article's story, whose side is the
one most of its articles' origins speak for (the earliest reports counting twice)."""

from newstrace.actors import default_actors
from newstrace.attribution.denials import (
    claim_answers,
    counter_accusation,
    mutual_accusation,
    named_deniers,
    reports_denial_of,
    story_claim_side,
)
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


def text_article(title: str, text: str, lang: str = "en") -> Article:
    return Article(
        id=1, key="t1", source=Source("file", "t"), content_hash="", title=title, text=text, lang=lang
    )


def test_an_actor_named_right_before_a_deny_cue_denies():
    found = list(named_deniers(text_article("", "Kyiv on Friday called it a provocation."), ACTORS))
    assert found == ["ua-gov"]
    # an actor farther off is an object or a clause of the subject, not the denier
    far = "The two men accused by the British government of being spies denied it."
    assert list(named_deniers(text_article("", far), ACTORS)) == []
    # the claim's own side denying the other is no denial of the claim
    own = text_article("", "Moscow denied that its troops had killed civilians.")
    assert reports_denial_of(own, analysed("ru-mod"), "ru-gov", ACTORS) is None
    other = text_article("", "Washington dismissed the footage as staged propaganda.")
    assert reports_denial_of(other, analysed("ru-mod"), "ru-gov", ACTORS) == "yes"


def test_a_language_with_denial_cues_only_is_read_without_the_rules():
    from newstrace.attribution.components import component_for
    from newstrace.outlets import default_registry

    assert component_for("zh", default_registry()) is None  # no attribution rules for Chinese yet
    zh = text_article("", "美国国务院对此表示质疑。美方否认了这一说法。", "zh")
    assert list(named_deniers(zh, ACTORS)) == ["us-gov", "us-gov"]
    # the nearest actor denies: Russia, not Britain that accused it
    zh = text_article("", "英国指责俄罗斯与此事有关,俄罗斯对此坚决否认。", "zh")
    assert list(named_deniers(zh, ACTORS)) == ["ru-gov"]
    uk = text_article("", "Київ назвав заяви Москви провокацією.", "uk")
    assert list(named_deniers(uk, ACTORS)) == ["ua-gov"]


def test_a_mutual_accusation_reports_a_dispute():
    both = text_article("", "Russia and Ukraine traded blame for the shelling of the plant.")
    assert mutual_accusation(both)
    assert reports_denial_of(both, analysed("ru-mod"), "ru-gov", ACTORS) == "yes"
    assert mutual_accusation(text_article("", "俄乌双方互相指责对方袭击核电站。", "zh"))
    assert not mutual_accusation(text_article("", "Ukraine accused Russia of shelling the plant."))


def test_a_headline_denial_by_a_speaker_the_registry_does_not_know():
    title = '"We categorically reject any link to chemical weapons," Susko told journalists'
    assert reports_denial_of(text_article(title, ""), analysed("ru-mfa"), "ru-gov", ACTORS) == "yes"
    # the claim's side named in the headline: its author rejecting the other side's version
    title = "Zakharova: we reject the British accusations"
    assert reports_denial_of(text_article(title, ""), analysed("ru-mfa"), "ru-gov", ACTORS) is None


def test_a_debunk_in_the_article_own_voice_disputes():
    text = (
        "Chinese Foreign Ministry spokesman Zhao Lijian wrote that the US army brought the virus. "
        "Currently, there is no evidence to back this claim by Beijing."
    )
    ana = analysed("cn-mfa", said("Chinese Foreign Ministry spokesman Zhao Lijian", "cn-mfa"))
    ana.attributions[0].start, ana.attributions[0].end = 0, 88
    assert reports_denial_of(text_article("", text), ana, "cn-gov", ACTORS) == "disputed"
    # someone else's words are not the article's voice
    quoted = 'Beijing said: "There is no evidence the virus came from Wuhan."'
    assert reports_denial_of(text_article("", quoted), analysed("cn-mfa"), "cn-gov", ACTORS) is None
    # "no evidence" aimed at the other side answers it, it does not debunk the claim
    other = "Washington has presented no evidence for its accusations against the lab."
    assert reports_denial_of(text_article("", other), analysed("cn-mfa"), "cn-gov", ACTORS) is None


def test_a_place_name_or_a_quote_is_not_the_denier():
    place = "The council met near the gates of Kiev and rejected any accusation."
    assert list(named_deniers(text_article("", place), ACTORS)) == []
    quoted = 'Lavrov spoke about Kyiv: "Kyiv denies everything".'
    assert list(named_deniers(text_article("", quoted), ACTORS)) == []
    assert list(named_deniers(text_article("", "Meanwhile, Kyiv denied it."), ACTORS)) == ["ua-gov"]


def test_the_accused_side_answering_with_its_own_accusation_disputes_the_claim():
    # a story of Kyiv's claim: Moscow blaming Kyiv is the other side's version
    es = text_article(
        "", "La planta fue bombardeada y Rusia volvió a culpar a Ucrania por el incidente.", "es"
    )
    assert counter_accusation(es, "ua-gov", ACTORS)
    assert reports_denial_of(es, analysed("ua-energoatom"), "ua-gov", ACTORS) == "yes"
    # the claim's own side accusing the other is the claim
    assert not counter_accusation(es, "ru-gov", ACTORS)
    # the passive names the accuser after the cue; a noun "accusation" names no object in its clause
    passive = text_article("", "Ukraine was accused by Russia of shelling the plant.")
    assert not counter_accusation(passive, "ua-gov", ACTORS)
    zh = text_article("", "对于俄方的指责,乌克兰方面尚无回应。", "zh")
    assert not counter_accusation(zh, "ua-gov", ACTORS)


def test_an_unnamed_headline_denial_of_the_claim_side_words_counts():
    # the claim's side named after the cue is what is disputed, not who disputes
    title = "Лаборатория в Шпице не подтвердила слова министра иностранных дел России Сергея Лаврова"
    ru = text_article(title, "", "ru")
    assert reports_denial_of(ru, analysed("ru-mfa"), "ru-gov", ACTORS) == "yes"


def test_the_other_side_version_needs_a_speaker_that_is_the_actor():
    fragment = said("la quale Kiev avrebbe inscenato un falso attacco", None)
    assert reports_denial_of(article(), analysed("ru-mfa", fragment), "ru-gov", ACTORS) is None
    energoatom = said("Energoatom", "ua-energoatom")
    assert reports_denial_of(article(), analysed("ru-mod", energoatom), "ru-gov", ACTORS) == "yes"


def test_an_origin_read_elsewhere_does_not_make_the_claim_side_reports_a_competing_claim():
    # "calling for a WHO investigation" read as the WHO's origin; the reports are Beijing's
    ana = analysed("who", said("Zhao Lijian", "cn-mfa"), said("Zhao Lijian", "cn-mfa"))
    assert reports_denial_of(article(), ana, "cn-gov", ACTORS) is None


def test_the_accusation_a_claim_answers_is_no_denial_of_it():
    # a story of Moscow's answer: its speakers deny in more than a third of its articles
    denying = text_article("", "Moscow denied any involvement in the poisoning.")
    plain = text_article("", "The ministry published its version of events.")
    members = [(denying, analysed("ru-mfa")), (plain, analysed("ru-mfa"))]
    assert claim_answers(members, "ru-gov", ACTORS)
    assert not claim_answers([(plain, analysed("ru-mfa"))] * 3, "ru-gov", ACTORS)
    # the accusation it answers, reported, is what the claim denies
    accused = text_article("", "Britain accused Russia of the poisoning.")
    assert reports_denial_of(accused, analysed("ru-mfa"), "ru-gov", ACTORS, answers=True) is None
    assert reports_denial_of(accused, analysed("ru-mfa"), "ru-gov", ACTORS) == "yes"


def test_a_person_the_registry_does_not_know_makes_the_story_claim():
    # a journalist's story (unknown to the registry) whose later pages credit the accused
    # government's answer first: the claim stays the journalist's, the government's answer denies it
    hersh = Origin("Seymour Hersh", "named_person", None, "name:hrsh")
    journalist = [(article("2023-02-08", i=n), Analysis(attributions=[], origins=[hersh])) for n in (1, 2, 3)]
    answer = (article("2023-02-09", i=4), analysed("us-white-house"))
    claim = story_claim_side([*journalist, answer], ACTORS)
    assert claim == "name:hrsh"
    denial = analysed("us-white-house", said("the White House", "us-white-house", "denies"))
    assert reports_denial_of(article(i=4), denial, claim, ACTORS) == "yes"
    # a credited outlet is a relay, not the claim's author
    relay = Origin("Reuters", "outlet", "reuters", None)
    relayed = [(article("2023-02-08", i=n), Analysis(attributions=[], origins=[relay])) for n in (1, 2, 3)]
    assert story_claim_side([*relayed, answer], ACTORS) == "us-gov"


def test_a_refusal_is_not_a_denial():
    refused = text_article("", "Alemania se negó a proporcionar los biomateriales del opositor.", "es")
    assert list(named_deniers(refused, ACTORS)) == []
    denied = text_article("", "Alemania negó la acusación.", "es")
    assert list(named_deniers(denied, ACTORS)) == ["de-gov"]
    refused = text_article("", "A Alemanha negou-se a fornecer os dados.", "pt")
    assert list(named_deniers(refused, ACTORS)) == []
    denied = text_article("", "A Alemanha negou a acusação.", "pt")
    assert list(named_deniers(denied, ACTORS)) == ["de-gov"]


def test_a_mutual_accusation_in_macedonian():
    both = text_article(
        "", "Браната пукна вчера. И Украина и Русија меѓусебно се обвинуваат за уништувањето.", "mk"
    )
    assert mutual_accusation(both)
    assert not mutual_accusation(text_article("", "Русија ја обвини Украина за уништувањето.", "mk"))


def test_a_nominal_denial_names_its_denier_after_it():
    cases = [
        ("fr", "Hersh affirme que la marine a posé les bombes, s'attirant un démenti du Pentagone mercredi."),
        ("en", "The report drew a swift denial from the White House."),
        ("es", "El artículo provocó un desmentido tajante de la Casa Blanca."),
        ("ru", "Публикация вызвала опровержение Пентагона."),
    ]
    for lang, text in cases:
        assert list(named_deniers(text_article("", text, lang), ACTORS)) == ["us-gov"], text
    # the thing denied is no denier
    assert list(named_deniers(text_article("", "Le démenti de ses propos est arrivé.", "fr"), ACTORS)) == []


def test_a_call_a_warning_or_an_offer_is_no_version_of_events():
    def spoke(lang: str, source: str, actor: str, cue: str, content: str) -> tuple[Article, Analysis]:
        att = Attribution(
            source=source,
            source_type="official",
            cue=cue,
            content=content,
            start=0,
            end=1,
            cue_start=0,
            cue_end=1,
            actor=actor,
        )
        page = article()
        page.lang = lang
        return page, analysed("ru-mod", att)

    calls = [
        (
            "en",
            "WHO investigators",
            "who",
            "also urged",
            "an independent inquiry into the origin of the virus",
        ),
        ("es", "Donald Trump", "person-trump", "advirtió", "los misiles llegarán"),
        ("ru", "Фархан Хак", "un", "заявил", "организация готова направить группу экспертов"),
        ("fr", "Le département d'État", "us-state-dept", "a appelé à", "une enquête indépendante"),
        ("de", "Das Auswärtige Amt", "de-mfa", "forderte", "eine unabhängige Untersuchung"),
    ]
    for lang, source, actor, cue, content in calls:
        assert reports_denial_of(*spoke(lang, source, actor, cue, content), "ru-gov", ACTORS) is None, cue
    # the same speakers reporting what happened give the other side's version
    facts = [
        ("en", "WHO investigators", "who", "said", "the virus most likely came from bats"),
        ("es", "Donald Trump", "person-trump", "dijo", "el régimen sirio lanzó el ataque químico"),
        ("ru", "Фархан Хак", "un", "заявил", "в результате удара погибли 50 человек"),
    ]
    for lang, source, actor, cue, content in facts:
        assert reports_denial_of(*spoke(lang, source, actor, cue, content), "ru-gov", ACTORS) == "yes", cue


def test_both_sides_blaming_the_other_in_chinese():
    for text in (
        "俄乌双方均指责对方实施了破坏大坝的行为。",
        "俄烏雙方均指責對方實施了破壞大壩的行為。",
        "双方都归咎于对方。",
    ):
        assert mutual_accusation(text_article("", text, "zh")), text
    assert not mutual_accusation(text_article("", "俄方指责乌方破坏大坝。双方均已开始疏散居民。", "zh"))


def test_the_parties_versions_do_not_dispute_an_international_body_claim():
    # a story of the UN's fact-finding mission: Moscow and Kyiv blaming each other's forces
    # dispute each other, not the mission
    moscow = said("The Russian Investigative Committee", "ru-investigative-committee")
    kyiv = said("the Ukrainian authorities", "ua-gov")
    page = analysed("un", moscow, kyiv)
    assert reports_denial_of(article(), page, "un", ACTORS) is None
    # a party's version still disputes a government's claim, and an explicit denial still counts
    assert reports_denial_of(article(), analysed("ru-mod", kyiv), "ru-gov", ACTORS) == "yes"
    denial = said("the Russian Defence Ministry", "ru-mod", "denies")
    assert reports_denial_of(article(), analysed("un", denial), "un", ACTORS) == "yes"


def test_mutual_accusations_in_the_registers_of_eight_languages():
    both = [
        ("en", "Each side blamed the other for the blast."),
        ("fr", "Kiev et Moscou se rejettent mutuellement la responsabilité de la destruction du barrage."),
        ("de", "Zuvor haben sich die Ukraine und Russland gegenseitig die Schuld für den Angriff gegeben."),
        ("es", "Rusia y Ucrania han vuelto a acusarse mutuamente de ataques en la planta."),
        ("it", "Mosca e Kiev continuano ad accusarsi a vicenda."),
        ("pt", "Rússia e Ucrânia voltaram a acusar-se mutuamente."),
        ("ru", "Россия и Украина обвиняют в ударе друг друга."),
        ("ar", "ويتهم كل طرف الآخر بقصف المحطة."),
    ]
    for lang, text in both:
        assert mutual_accusation(text_article("", text, lang)), lang
    one_side = [
        ("en", "Moscow blamed Kyiv for the blast; the two capitals spoke to each other later."),
        ("de", "Russland gab der Ukraine die Schuld."),
        ("ru", "Россия обвиняет Украину в ударе, а стороны не слышат друг друга."),
        ("es", "Rusia acusó a Ucrania del ataque."),
    ]
    for lang, text in one_side:
        assert not mutual_accusation(text_article("", text, lang)), lang


def test_the_actor_named_before_a_second_predicate_is_its_object_not_the_denier():
    second = [
        ("en", "Pushilin accused the Ukrainian army and called it a provocation."),
        (
            "ru",
            "Глава ДНР Денис Пушилин также обвинил в обстреле Еленовки ВСУ и назвал случившееся провокацией.",
        ),
        ("fr", "Pouchiline a accusé l'armée ukrainienne et a qualifié cela de provocation."),
    ]
    for lang, text in second:
        assert list(named_deniers(text_article("", text, lang), ACTORS)) == [], lang
    # the actor named right before the cue is still its subject
    assert list(named_deniers(text_article("", "ВСУ назвали случившееся провокацией.", "ru"), ACTORS)) == [
        "ua-gov"
    ]
    assert list(named_deniers(text_article("", "Kyiv and Moscow called it a provocation."), ACTORS))


def test_the_accusation_a_claim_answers_is_read_in_what_is_reported_too():
    # "Лондон заявил, что их отравили «Новичком», и возложил вину на Москву" in a story of
    # Moscow's answer: the accusation it answers, whose verb the rules left in the content
    london = Attribution(
        source="Лондон",
        source_type="official",
        cue="заявил",
        content='их отравили ядом "Новичок", и возложил вину на Москву',
        start=0,
        end=1,
        cue_start=0,
        cue_end=1,
        actor="uk-gov",
    )
    page = text_article("", "Лондон заявил, что их отравили ядом «Новичок», и возложил вину на Москву.", "ru")
    assert reports_denial_of(page, analysed("ru-mfa", london), "ru-gov", ACTORS, answers=True) is None
    # not answering anything, the other side's version disputes the claim
    assert reports_denial_of(page, analysed("ru-mfa", london), "ru-gov", ACTORS) == "yes"
