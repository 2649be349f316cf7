"""Who says what: behaviour on the seed story and on sentences of each language's patterns."""

import pytest

from newstrace.attribution import analyze
from newstrace.model import Article, Credit, Source
from tests.conftest import SEED


def article(text, lang, title="", credits=()):
    return Article(
        id=None,
        key="k",
        source=Source("file", "x"),
        content_hash="",
        title=title,
        text=text,
        lang=lang,
        credits=list(credits),
    )


@pytest.fixture(scope="module")
def seed_analysis(registry):
    title, body = SEED.read_text("utf-8").split("\n\n", 1)
    body = body.split("\n\nSputnik")[0]
    art = article(body, "fr", title=title, credits=[Credit("republished", "Sputnik", "sputnik", "Sputnik")])
    return art, analyze(art, registry)


def find(analysis, source):
    found = [a for a in analysis.attributions if a.source == source]
    assert found, [a.source for a in analysis.attributions]
    return found[0]


def test_seed_klintsevitch_is_a_person_with_his_role_and_overclaims(seed_analysis):
    _, analysis = seed_analysis
    senator = find(analysis, "le sénateur Klintsevitch")
    assert senator.source_type == "person" and senator.role == "sénateur"
    assert senator.overclaim and "presque 100%" in senator.content
    # the later mentions are linked to him
    assert find(analysis, "M. Klintsevitch").refers_to == "le sénateur Klintsevitch"
    assert find(analysis, "lui").refers_to == "le sénateur Klintsevitch"


def test_seed_facebook_page_is_where_he_said_it(seed_analysis):
    _, analysis = seed_analysis
    facebook = find(analysis, "sa page Facebook")
    quote = find(analysis, "M. Klintsevitch")
    assert facebook.source_type == "social-media"
    assert quote.direct and facebook.content == quote.content


def test_seed_coalition_denies_the_claim(seed_analysis):
    _, analysis = seed_analysis
    coalition = find(analysis, "La coalition internationale")
    assert coalition.source_type == "official" and coalition.stance == "denies"
    answered = analysis.attributions[coalition.answers]
    assert "évacué" in answered.content


def test_seed_anonymous_source_told_sputnik(seed_analysis):
    _, analysis = seed_analysis
    source = find(analysis, "Une source diplomatique et militaire")
    assert source.source_type == "anonymous" and source.outlet == "sputnik"
    assert find(analysis, "Sputnik").source_type == "outlet"


def test_seed_origin_chain_is_sputnik_then_the_anonymous_source(seed_analysis):
    _, analysis = seed_analysis
    chain = [(o.source_type, o.outlet or o.source) for o in analysis.origins]
    assert chain == [("outlet", "sputnik"), ("anonymous", "Une source diplomatique et militaire")]


def test_offsets_point_into_the_text(seed_analysis):
    art, analysis = seed_analysis
    for a in analysis.attributions:
        assert art.text[a.start : a.end] == a.content
        assert art.text[a.cue_start : a.cue_end] == a.cue
        if a.source is not None:
            assert art.text[a.source_start : a.source_end] == a.source
    assert analysis.unattributed and all(art.text[s:e].strip() for s, e in analysis.unattributed)


@pytest.mark.parametrize(
    "lang, text, source, cue, source_type",
    [
        (
            "en",
            "The talks will resume in Geneva next week, said the foreign minister.",
            "the foreign minister",
            "said",
            "official",
        ),
        (
            "en",
            "At least 12 people died in the blast, Reuters reported, citing local police.",
            "Reuters",
            "reported",
            "outlet",
        ),
        (
            "fr",
            "Les négociations reprendront la semaine prochaine, a affirmé mardi le ministre Paul Garnier.",
            "le ministre Paul Garnier",
            "a affirmé",
            "person",
        ),
        (
            "ru",
            "Удар был нанесен по складу боеприпасов, сообщает РИА Новости со ссылкой на источник в армии.",
            "РИА Новости",
            "сообщает",
            "outlet",
        ),
        (
            "ar",
            "وقال المرصد السوري لحقوق الإنسان إن سبعة مدنيين قتلوا في القصف.",
            "المرصد السوري لحقوق الإنسان",
            "قال",  # the joined "and" is not part of the cue
            "official",
        ),
        (
            "de",
            "Die Gespräche sollen am Montag fortgesetzt werden, sagte ein Sprecher des Ministeriums.",
            "ein Sprecher des Ministeriums",
            "sagte",
            "official",
        ),
        (
            "es",
            "Según fuentes locales, el ataque dejó al menos diez muertos.",
            "fuentes locales",
            "Según",
            "anonymous",
        ),
    ],
)
def test_patterns_across_languages(registry, lang, text, source, cue, source_type):
    analysis = analyze(article(text, lang), registry)
    hits = [a for a in analysis.attributions if a.source == source]
    assert hits, [(a.source, a.cue) for a in analysis.attributions]
    assert hits[0].cue == cue and hits[0].source_type == source_type


def test_nested_chain_citing(registry):
    text = "Seven civilians were killed in the strike, RT reported, citing SANA, which cited local sources."
    analysis = analyze(article(text, "en"), registry)
    assert [(a.source, a.source_type) for a in analysis.attributions] == [
        ("RT", "outlet"),
        ("SANA", "outlet"),
        ("local sources", "anonymous"),
    ]
    assert len({a.content for a in analysis.attributions}) == 1


def test_bare_outlet_after_the_verb_is_who_was_told(registry):
    # "…, a diplomatic-military source told RIA Novosti": the outlet is the hearer, not the source
    text = (
        "Американская авиация вывезла из района Ракки более 20 полевых командиров, "
        "сообщил в четверг РИА Новости военно-дипломатический источник."
    )
    att = analyze(article(text, "ru"), registry).attributions[0]
    assert (att.source, att.source_type, att.outlet) == (
        "военно-дипломатический источник",
        "anonymous",
        "ria-novosti",
    )


@pytest.mark.parametrize(
    "lang, text, mention, antecedent",
    [
        (  # a capitalised pronoun at the start of a sentence
            "en",
            'Mayor Linda Okafor said the bridge would reopen in May. "We are on schedule," she said. '
            "He added that the budget was unchanged.",
            "He",
            "Mayor Linda Okafor",
        ),
        (  # a surname whose full name was only in the narrative
            "en",
            "Protesters gathered outside the offices of developer Karim Osei on Tuesday. "
            "Osei said the project would create 400 jobs.",
            "Osei",
            "Karim Osei",
        ),
        (  # a definite description sharing the head word
            "en",
            "Kenya's health ministry said 14 cases had been confirmed. The ministry added that a vaccination "
            "campaign would start next week.",
            "The ministry",
            "Kenya's health ministry",
        ),
        (  # an anonymous source mentioned again as "the agency's interlocutor"
            "ru",
            "Колонна вышла из города ночью, сообщил агентству осведомлённый источник. По словам собеседника "
            "агентства, в колонне было около 40 машин.",
            "собеседника агентства",
            "осведомлённый источник",
        ),
    ],
)
def test_later_mentions_point_to_the_first(registry, lang, text, mention, antecedent):
    atts = analyze(article(text, lang), registry).attributions
    found = [a for a in atts if a.source == mention]
    assert found, [(a.source, a.refers_to) for a in atts]
    assert found[0].refers_to == antecedent


@pytest.mark.parametrize(
    "lang, text",
    [
        ("fr", "Le capitaine a dit au revoir aux supporters samedi soir, après quinze saisons au club."),
        ("fr", "Les tarifs varient selon les cas et selon la saison."),
        ("en", "The bridge reopened on Monday, according to plan."),
        ("en", "She told the story of her grandmother to a packed hall."),
        ("ru", "Поезд отправился согласно расписанию в восемь утра."),
    ],
)
def test_reporting_words_that_attribute_nothing(registry, lang, text):
    assert analyze(article(text, lang), registry).attributions == []


def test_french_conditionnel_is_hedging_even_for_verbs_no_lexicon_lists(registry):
    text = "Selon une source militaire, les troupes se retireraient de la ville avant la fin du mois."
    [att] = analyze(article(text, "fr"), registry).attributions
    assert att.hedged and att.source_type == "anonymous"


def test_denial_in_russian(registry):
    text = (
        "Телеканал сообщил, что вертолеты вывезли командиров из города.\n"
        "Представитель коалиции опроверг эти сообщения, назвав их ложными."
    )
    analysis = analyze(article(text, "ru"), registry)
    denial = [a for a in analysis.attributions if a.stance == "denies"]
    assert denial and denial[0].source_type == "official"


def test_language_without_lexicon_still_gets_credits_as_origins(registry):
    art = article(
        "Un texte quelconque.", "nl", credits=[Credit("republished", "Sputnik", "sputnik", "Sputnik")]
    )
    analysis = analyze(art, registry)
    assert analysis.attributions == [] and [o.outlet for o in analysis.origins] == ["sputnik"]


@pytest.mark.parametrize(
    "lang, title, text, chain",
    [
        (
            "en",
            "Seven civilians killed in Idlib market strike",
            "Seven civilians were killed in a strike on a market in Idlib, RT reported, citing SANA, which cited local sources.",
            ["rt", "sana", "local sources"],
        ),
        (
            "ar",
            "قصف سوق في إدلب",
            "قُتل سبعة مدنيين في قصف استهدف سوقا شعبية في ريف إدلب، حسبما ذكرت قناة RT نقلا عن وكالة الأنباء السورية.",
            ["rt", "sana"],
        ),
        (
            "ru",
            "Удар по складу боеприпасов",
            "Удар был нанесен по складу боеприпасов, сообщает РИА Новости со ссылкой на источник в армии.",
            ["ria-novosti", "источник"],
        ),
    ],
)
def test_origin_chains_of_nested_citations(registry, lang, title, text, chain):
    analysis = analyze(article(text, lang, title=title), registry)
    assert [o.outlet or o.source for o in analysis.origins] == chain


def test_store_round_trip_of_an_analysis(store, registry, seed_analysis):
    from newstrace.extract import content_hash

    art, analysis = seed_analysis
    art.content_hash = content_hash(art.title, art.text)
    [(saved, _)] = store.save_batch([art])
    store.save_analyses([(saved.id, analysis)], 1)
    assert store.analysis(saved.id) == analysis
    assert store.unanalyzed_ids(1) == [] and store.unanalyzed_ids(2) == [saved.id]


def attributions_of(registry, text):
    return [
        (a.source, a.cue, a.content, a.source_type, a.stance)
        for a in analyze(article(text, "en"), registry).attributions
    ]


@pytest.mark.parametrize(
    "text, source, cue",
    [
        # trailing "as per" and "per" forms of "according to"
        ("The bridge will close for a month, as per the council notice.", "the council notice", "as per"),
        # passive with its agent: the contested thing before, the source after
        (
            "That figure was disputed by a union official, who said the loss was larger.",
            "a union official",
            "was disputed by",
        ),
        # an outlet relaying a statement
        (
            "The ministry, in a statement carried by Interfax, said the dam had held.",
            "Interfax",
            "carried by",
        ),
        # "is quoted as saying," + quotation
        (
            'One neighbour is quoted as saying, "We heard three loud bangs."',
            "One neighbour",
            "is quoted as saying",
        ),
        # a participle with its own subject after "with"
        ('Viewers complained, with many writing on Facebook: "Bring the old host back."', "many", "writing"),
        # plea in court copy: "admitted" + the charge
        (
            "Dale Morton, 45, of Leeds, admitted careless driving at Leeds Crown Court.",
            "Dale Morton",
            "admitted",
        ),
        # "with the caption" gives a post its words
        ('The singer posted a selfie on TikTok with the caption "Home at last".', "The singer", "posted"),
        # a survey name ending in a parenthetical acronym, inverted after the content
        (
            "Most commuters now work from home twice a week, a study by the Institute for Transport Research (ITR) has found.",
            "a study by the Institute for Transport Research (ITR)",
            "has found",
        ),
        # a number with a comma is not a clause boundary; a participial aside is skipped
        (
            "The poll of 2,000 voters, commissioned by the party, suggests turnout will fall.",
            "The poll of 2,000 voters",
            "suggests",
        ),
        # relative clause without a comma: the noun it hangs on speaks
        (
            "The gallery received an email from a collector who claimed the painting was a fake.",
            "a collector",
            "claimed",
        ),
    ],
)
def test_english_news_frames(registry, text, source, cue):
    found = [(s, c) for s, c, *_ in attributions_of(registry, text)]
    assert (source, cue) in found, found


def test_agentless_hedge_inside_a_named_report_is_not_a_report_of_its_own(registry):
    text = "Rescue sources said the climbers are believed to be sheltering in a hut."
    found = attributions_of(registry, text)
    assert [(s, c) for s, c, *_ in found] == [("Rescue sources", "said")]
    text = "Two boats are said to have sunk, according to harbour officials."
    assert [(s, c) for s, c, *_ in attributions_of(registry, text)] == [("harbour officials", "according to")]


def test_characterisation_that_rebuts_is_a_denial(registry):
    text = 'The club rejected the story, calling it "total fiction".'
    found = {(s, c): (content, stance) for s, c, content, _, stance in attributions_of(registry, text)}
    assert found[("The club", "calling")] == ("total fiction", "denies")


def test_resumptive_claim_names_its_own_speaker(registry):
    text = 'Opponents said the tax would hit farmers hardest, a claim the treasury called "plainly wrong".'
    found = {(s, c): (content, stance) for s, c, content, _, stance in attributions_of(registry, text)}
    assert found[("Opponents", "said")] == ("the tax would hit farmers hardest", "asserts")
    assert found[("the treasury", "called")] == ("plainly wrong", "denies")


def test_participle_goes_on_disputing(registry):
    text = "The insurer questioned the estimate, arguing that many claims were duplicates."
    found = {(s, c): stance for s, c, _, _, stance in attributions_of(registry, text)}
    assert found[("The insurer", "arguing")] == "disputes"


def test_split_quote_is_one_content(registry):
    text = '"We did what we could," the captain said, "and the sea did the rest."'
    (att,) = analyze(article(text, "en"), registry).attributions
    assert att.content == 'We did what we could," the captain said, "and the sea did the rest.'


def test_bare_common_noun_is_not_a_pronoun(registry):
    text = "Jane Doe said she saw the car. Police said the driver fled."
    police = find(analyze(article(text, "en"), registry), "Police")
    assert police.source_type == "official" and police.refers_to is None
