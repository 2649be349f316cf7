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
    # the senator is resolved to his actor id, which the store keeps (migration 008)
    assert "person-klintsevich" in {a.actor for a in store.analysis(saved.id).attributions}
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


# English attribution constructions, one invented sentence each: reporting verbs by class, phrasal and
# stative forms, prepositional and nominal frames, evidentials, inverted, medial and quote-side clauses
@pytest.mark.parametrize(
    "text, source, cue, source_type",
    [
        ("The mayor said that the pool would reopen in June.", "The mayor", "said", "official"),
        ("The council stated that the budget was balanced.", "The council", "stated", "official"),
        ("Dana Whitlock claimed that the vote had been rigged.", "Dana Whitlock", "claimed", "person"),
        ("Critics argued that the fee was unfair.", "Critics", "argued", "anonymous"),
        ("The coach insisted that the squad was fit.", "The coach", "insisted", "official"),
        ("Forecasters warned that the river could burst its banks.", "Forecasters", "warned", "anonymous"),
        ("The minister conceded that mistakes had been made.", "The minister", "conceded", "official"),
        ("Harlan Voss acknowledged that the plan had stalled.", "Harlan Voss", "acknowledged", "person"),
        ("The firm admitted that it had lost customer data.", "The firm", "admitted", "official"),
        ("Harlan Voss denied that he had met the donor.", "Harlan Voss", "denied", "person"),
        ("The union disputed that any jobs were at risk.", "The union", "disputed", "official"),
        (
            "Opposition MPs questioned whether the money had been spent.",
            "Opposition MPs",
            "questioned",
            "official",
        ),
        (
            "The lawsuit alleges that the landlord ignored repeated complaints.",
            "The lawsuit",
            "alleges",
            "document",
        ),
        ("Economists predicted that inflation would ease by spring.", "Economists", "predicted", "anonymous"),
        ("The agency estimated that 3,000 homes were flooded.", "The agency", "estimated", "outlet"),
        ("The bank forecast that growth would slow to 1 percent.", "The bank", "forecast", "official"),
        ("The study suggests that the drug cuts the risk of relapse.", "The study", "suggests", "document"),
        ("The chancellor hinted that taxes could rise.", "The chancellor", "hinted", "official"),
        (
            "The central bank signalled that rates would stay on hold.",
            "The central bank",
            "signalled",
            "official",
        ),
        ("Early results indicate that turnout was low.", "Early results", "indicate", "document"),
        ("The audit revealed that two accounts were missing.", "The audit", "revealed", "document"),
        (
            "The company disclosed that its chief executive had resigned.",
            "The company",
            "disclosed",
            "official",
        ),
        ("Police confirmed that a man had been arrested.", "Police", "confirmed", "official"),
        ("The club announced that its stadium would be renamed.", "The club", "announced", "official"),
        ("The judge declared that the contract was void.", "The judge", "declared", "official"),
        ("The governor pledged that no school would close.", "The governor", "pledged", "official"),
        ("The rebels vowed that they would retake the town.", "The rebels", "vowed", "official"),
        ("The developer promised that the park would be kept.", "The developer", "promised", "official"),
        ("Doctors urged ministers to keep the clinic open.", "Doctors", "urged", "anonymous"),
        ("Residents demanded that the factory should close.", "Residents", "demanded", "anonymous"),
        ("The minister told parliament that the army would withdraw.", "The minister", "told", "official"),
        ("The school informed parents that classes would move online.", "The school", "informed", "official"),
        ("The airline assured passengers that refunds would be paid.", "The airline", "assured", "official"),
        (
            "The engineer testified that the beam had been cracked for months.",
            "The engineer",
            "testified",
            "anonymous",
        ),
        ("The senator tweeted that the bill was dead.", "The senator", "tweeted", "official"),
        ("The singer posted that the tour was cancelled.", "The singer", "posted", "anonymous"),
        ("The professor wrote that the theory had been misread.", "The professor", "wrote", "official"),
        ("The activist blogged that the march would go ahead.", "The activist", "blogged", "official"),
        (
            "The headteacher emailed that the school would close early.",
            "The headteacher",
            "emailed",
            "official",
        ),
        ("Her brother texted that he was safe.", "Her brother", "texted", "anonymous"),
        (
            "The broadcaster reported that three soldiers were killed.",
            "The broadcaster",
            "reported",
            "outlet",
        ),
        ("The defendant maintained that he was innocent.", "The defendant", "maintained", "anonymous"),
        ("The firm contended that the fine was excessive.", "The firm", "contended", "official"),
        ("Prosecutors asserted that the money was laundered.", "Prosecutors", "asserted", "official"),
        (
            "The minister emphasised that the measures were temporary.",
            "The minister",
            "emphasised",
            "official",
        ),
        (
            "The minister emphasized that the measures were temporary.",
            "The minister",
            "emphasized",
            "official",
        ),
        ("The doctor stressed that the virus was not airborne.", "The doctor", "stressed", "official"),
        ("Analysts cautioned that the recovery was fragile.", "Analysts", "cautioned", "anonymous"),
        ("The inspector observed that the wiring was unsafe.", "The inspector", "observed", "official"),
        ("The chairman remarked that sales had never been better.", "The chairman", "remarked", "official"),
        (
            "A neighbour commented that the noise had gone on for weeks.",
            "A neighbour",
            "commented",
            "anonymous",
        ),
        ("Passengers complained that the trains were always late.", "Passengers", "complained", "anonymous"),
        ("The mayor boasted that crime had fallen by half.", "The mayor", "boasted", "official"),
        (
            "The survivor recounted that the water rose within minutes.",
            "The survivor",
            "recounted",
            "anonymous",
        ),
        (
            "The ministry reiterated that the border would stay closed.",
            "The ministry",
            "reiterated",
            "official",
        ),
        ("The court affirmed that the ban was lawful.", "The court", "affirmed", "official"),
        ("Both sides agreed that the ceasefire had held.", "Both sides", "agreed", "anonymous"),
        ("Some fans speculated that the striker was injured.", "Some fans", "speculated", "anonymous"),
        ("The report contradicted claims that the dam was safe.", "The report", "contradicted", "document"),
        ("The company countered that the figures were outdated.", "The company", "countered", "official"),
        ("Voss retorted that the critics had not read the plan.", "Voss", "retorted", "person"),
        ("The players protested that the pitch was unplayable.", "The players", "protested", "anonymous"),
        ("The witness swore that she had seen the car.", "The witness", "swore", "anonymous"),
        ("The operator guaranteed that no data had leaked.", "The operator", "guaranteed", "official"),
        (
            "The hospital reassured patients that appointments would go ahead.",
            "The hospital",
            "reassured",
            "official",
        ),
        ("The embassy advised that citizens should leave.", "The embassy", "advised", "official"),
        (
            "The auditor pointed out that the figures did not add up.",
            "The auditor",
            "pointed out",
            "official",
        ),
        ("The coach went on to say that the team had improved.", "The coach", "went on to say", "official"),
        (
            "The prime minister made clear that there would be no referendum.",
            "The prime minister",
            "made clear",
            "official",
        ),
        (
            "The prime minister made it clear that there would be no referendum.",
            "The prime minister",
            "made it clear",
            "official",
        ),
        ("The governor laid out how the funds would be spent.", "The governor", "laid out", "official"),
        ("The minister spelled out that subsidies would end.", "The minister", "spelled out", "official"),
        ("The manager let slip that the deal was done.", "The manager", "let slip", "official"),
        ("The minister hit back, saying the report was biased.", "The minister", "saying", "official"),
        ("The captain went on record as saying the club was in crisis.", "The captain", "saying", "official"),
        ("The report noted that emissions had risen.", "The report", "noted", "document"),
        ("The engineer explained that the pump had failed.", "The engineer", "explained", "anonymous"),
        ("The WHO has warned that the outbreak is spreading.", "The WHO", "has warned", "official"),
        ("The president will say that the economy is strong.", "The president", "will say", "official"),
        (
            "The driver would later say that he had not seen the cyclist.",
            "The driver",
            "would later say",
            "anonymous",
        ),
        ("The officer had told colleagues that the lock was broken.", "The officer", "had told", "official"),
        (
            "The government reiterates that no deal has been struck.",
            "The government",
            "reiterates",
            "official",
        ),
        ("In a statement, the board said the sale was off.", "the board", "said", "official"),
        ("The board said in a statement on Tuesday that the sale was off.", "The board", "said", "official"),
        ("In an interview with the BBC, Mara Quell said the tour was over.", "Mara Quell", "said", "person"),
        (
            "In remarks to reporters, the governor said the roads were open.",
            "the governor",
            "said",
            "official",
        ),
        (
            "In a letter to shareholders, the chairman wrote that profits had doubled.",
            "the chairman",
            "wrote",
            "official",
        ),
        ("In a court filing, the company said it had done nothing wrong.", "the company", "said", "official"),
        (
            "In testimony before the committee, the director said the agency was understaffed.",
            "the director",
            "said",
            "official",
        ),
        ("In a post on X, the minister said the strike was illegal.", "the minister", "said", "official"),
        (
            "The ministry's statement said the talks would resume.",
            "The ministry's statement",
            "said",
            "document",
        ),
        (
            "A spokesperson for the airline said the flight was diverted.",
            "A spokesperson for the airline",
            "said",
            "official",
        ),
        (
            "Unemployment rose to 6 percent, according to figures from the statistics office.",
            "figures from the statistics office",
            "according to",
            "document",
        ),
        (
            "The ferry sank at dawn, the agency said, citing coastguard officials.",
            "coastguard officials",
            "citing",
            "anonymous",
        ),
        ("The daily ran the story, quoting a senior judge.", "a senior judge", "quoting", "anonymous"),
        (
            "Sources close to the player said he would sign.",
            "Sources close to the player",
            "said",
            "anonymous",
        ),
        (
            "Those familiar with the talks said a deal was near.",
            "Those familiar with the talks",
            "said",
            "anonymous",
        ),
        (
            "An official, speaking on condition of anonymity, said the convoy had been hit.",
            "An official",
            "said",
            "anonymous",
        ),
        ("The senator's office said she was recovering.", "The senator's office", "said", "official"),
        ("Voss's campaign said the poll was flawed.", "Voss's campaign", "said", "official"),
        ("Voss's lawyer said his client would appeal.", "Voss's lawyer", "said", "official"),
        ("The general told reporters the town had fallen.", "The general", "told", "official"),
        ("The defendant told the court he had been at home.", "The defendant", "told", "anonymous"),
        ("The mayor told a news conference that the curfew would end.", "The mayor", "told", "official"),
        ("The envoy told lawmakers that sanctions were working.", "The envoy", "told", "official"),
        ("Voss's claim that the vote was rigged has been rejected.", "Voss", "claim", "person"),
        (
            "The minister's denial that he knew of the payments was met with scepticism.",
            "The minister",
            "denial",
            "official",
        ),
        ("The coach's admission that he had erred surprised fans.", "The coach", "admission", "official"),
        (
            "The ministry's insistence that the border was secure was mocked.",
            "The ministry",
            "insistence",
            "official",
        ),
        ("The minister is said to be furious.", None, "is said to", "anonymous"),
        ("The gunman is believed to have fled north.", None, "is believed to", "anonymous"),
        ("The club is understood to have made an offer.", None, "is understood to", "anonymous"),
        ("The painting is thought to be worth millions.", None, "is thought to", "anonymous"),
        ("It emerged that the contract had never been signed.", None, "It emerged", "anonymous"),
        ("It is claimed that the tanks were moved at night.", None, "It is claimed", "anonymous"),
        ("It is alleged that the funds were diverted.", None, "It is alleged", "anonymous"),
        (
            "The coach has been quoted as saying the club was broke.",
            "The coach",
            "has been quoted as saying",
            "official",
        ),
        ("Voss was quoted as saying that the plan was dead.", "Voss", "was quoted as saying", "person"),
        ("It is understood that the talks will resume.", None, "It is understood", "anonymous"),
        ("The player is reported to have agreed terms.", None, "is reported to", "anonymous"),
        ("It was announced that the festival would be cancelled.", None, "It was announced", "anonymous"),
        ("The singer has reportedly split from her manager, sources say.", "sources", "say", "anonymous"),
        ("The bridge will close for repairs, the council said.", "the council", "said", "official"),
        ("The bridge will close for repairs, said the council.", "the council", "said", "official"),
        (
            "The bridge will close for repairs, Lena Ortiz, a council spokeswoman, said.",
            "Lena Ortiz",
            "said",
            "person",
        ),
        (
            "The bridge will close for repairs, said Lena Ortiz, who chairs the transport committee.",
            "Lena Ortiz",
            "said",
            "person",
        ),
        ("The bridge, the council said, will close for repairs.", "the council", "said", "official"),
        ('"We have no choice," said Lena Ortiz.', "Lena Ortiz", "said", "person"),
        ('"We will rebuild," she added.', "she", "added", "person"),
        (
            "Prices will rise again next year, warned the central bank.",
            "the central bank",
            "warned",
            "official",
        ),
        (
            "Prices will rise again next year, according to the central bank.",
            "the central bank",
            "according to",
            "official",
        ),
        (
            "The pump failed because of a power cut, explained Tomas Berg, the plant manager.",
            "Tomas Berg",
            "explained",
            "person",
        ),
        ("The pump failed overnight, the plant manager told AFP.", "the plant manager", "told", "official"),
        ("The money was never moved, Voss insisted.", "Voss", "insisted", "person"),
        ("Mistakes were made, the minister conceded.", "the minister", "conceded", "official"),
        ("The checks were skipped, the firm admitted.", "the firm", "admitted", "official"),
        ("The virus is not airborne, the doctor stressed.", "the doctor", "stressed", "official"),
        ("The measures are temporary, the minister emphasised.", "the minister", "emphasised", "official"),
        ("The figures do not add up, the auditor pointed out.", "the auditor", "pointed out", "official"),
        ("The recovery is fragile, analysts cautioned.", "analysts", "cautioned", "anonymous"),
        (
            "The theory has been misread, the professor wrote in a journal article.",
            "the professor",
            "wrote",
            "official",
        ),
        ("The bill is dead, the senator tweeted on Friday.", "the senator", "tweeted", "official"),
        ("The sale is off, the board said in a statement.", "the board", "said", "official"),
        ("The water rose within minutes, the survivor recalled.", "the survivor", "recalled", "anonymous"),
        ("We will retake the town, the rebels vowed.", "the rebels", "vowed", "official"),
        ("Inflation will ease by spring, economists predicted.", "economists", "predicted", "anonymous"),
        ("The trains are always late, one commuter complained.", "one commuter", "complained", "anonymous"),
        ('"It is a mess," observed one diplomat.', "one diplomat", "observed", "anonymous"),
        ('"Nobody reads the manual," quipped the engineer.', "the engineer", "quipped", "anonymous"),
        ('"I should have stayed in bed," he joked.', "he", "joked", "person"),
        ('"Who pays for this?" asked one resident.', "one resident", "asked", "anonymous"),
        ('"Get out now!" shouted a firefighter.', "a firefighter", "shouted", "anonymous"),
        ('"It is over," she sighed.', "she", "sighed", "person"),
        ('"We are not finished," he continued.', "he", "continued", "person"),
        ('"Never seen anything like it," remarked the farmer.', "the farmer", "remarked", "anonymous"),
        ("Reporters asked whether the minister would resign.", "Reporters", "asked", "anonymous"),
        ("Some residents wondered whether the plant was safe.", "Some residents", "wondered", "anonymous"),
        ("The judge asked if the defendant understood the charge.", "The judge", "asked", "official"),
        ("The charity says demand for food parcels has tripled.", "The charity", "says", "official"),
        ("The road will reopen on Monday, per the county.", "the county", "per", "official"),
        (
            "The plan is, in the words of one official, dead on arrival.",
            "one official",
            "in the words of",
            "anonymous",
        ),
        ("Sources tell the Herald that the deal is close.", "Sources", "tell", "anonymous"),
        ("According to the police: the suspect fled on foot.", "the police", "According to", "official"),
        ("The union accused management of lying about the pension fund.", "The union", "accused", "official"),
        ("Mara Quell has said she will not run again.", "Mara Quell", "has said", "person"),
        ("The regulator said Monday it would fine the bank.", "The regulator", "said", "official"),
        ("The union called for the minister to resign.", "The union", "called", "official"),
        ("Parents were told that the school would close.", None, "were told", "anonymous"),
        (
            "Data from the health ministry show that cases have fallen.",
            "Data from the health ministry",
            "show",
            "document",
        ),
        ("The report found that most bridges needed repairs.", "The report", "found", "document"),
        (
            "A survey by the union shows that most members back the strike.",
            "A survey by the union",
            "shows",
            "document",
        ),
        ("Officials acknowledge that the plan is behind schedule.", "Officials", "acknowledge", "anonymous"),
        ("As the engineer explained, the pump had simply failed.", "the engineer", "explained", "anonymous"),
        ("As the report noted, emissions had risen.", "the report", "noted", "document"),
        ("Two people were hurt, per a police statement.", "a police statement", "per", "document"),
        ("The judge ruled that the search was unlawful.", "The judge", "ruled", "official"),
        ('The mayor said: "We will rebuild."', "The mayor", "said", "official"),
        ('"We will appeal," she told reporters.', "she", "told", "person"),
        ("The warden said by phone that the fire was out.", "The warden", "said", "official"),
        (
            "Asked about the delay, the minister said the contractor was to blame.",
            "the minister",
            "said",
            "official",
        ),
        ("Speaking at a rally, the senator vowed to repeal the law.", "the senator", "vowed", "official"),
        ("The club confirmed to the BBC that the coach had left.", "The club", "confirmed", "official"),
        (
            # a lone surname is typed by the full name before it, not by the entity model
            "Mara Quell toured for a year. Quell acknowledged in an interview that the album had flopped.",
            "Quell",
            "acknowledged",
            "person",
        ),
        (
            "The coach is quoted by the Herald as saying the team was tired.",
            "The coach",
            "saying",
            "official",
        ),
        (
            "The suspect fled to Spain, according to court documents.",
            "court documents",
            "according to",
            "document",
        ),
        ("Court documents show that the suspect fled to Spain.", "Court documents", "show", "document"),
        (
            "One resident, who declined to be named, said the water was brown.",
            "One resident",
            "said",
            "anonymous",
        ),
        (
            "The economist has long argued that the tax is regressive.",
            "The economist",
            "has long argued",
            "official",
        ),
        (
            "The senator said, without providing evidence, that the vote was rigged.",
            "The senator",
            "said",
            "official",
        ),
        ("The plant will close in June, the statement said.", "the statement", "said", "document"),
        ("Most bridges need repairs, the report found.", "the report", "found", "document"),
        ("The deal is off, one source told CNN.", "one source", "told", "anonymous"),
        ("The firm said it was sorry. Its systems had failed, it said.", "it", "said", "official"),
        ("The road will stay shut, they said.", "they", "said", "person"),
        (
            "A person with knowledge of the matter said the bid had been withdrawn.",
            "A person with knowledge of the matter",
            "said",
            "anonymous",
        ),
        (
            "The bid was withdrawn, according to people familiar with the matter.",
            "people familiar with the matter",
            "according to",
            "anonymous",
        ),
        ('The mayor can be heard saying: "Close the gates."', "The mayor", "saying", "official"),
        ("The club is adamant that the transfer was legal.", "The club", "is adamant", "official"),
        ("The union criticised the plan as a betrayal of workers.", "The union", "criticised", "official"),
        ("The ministry condemned the attack as cowardly.", "The ministry", "condemned", "official"),
        (
            "The treasury poured cold water on reports that taxes would rise.",
            "The treasury",
            "poured cold water on",
            "official",
        ),
        (
            "The ministry pushed back on claims that the army had withdrawn.",
            "The ministry",
            "pushed back on",
            "official",
        ),
        (
            "Economists took issue with the claim that wages had risen.",
            "Economists",
            "took issue with",
            "anonymous",
        ),
        (
            "The regulator expressed concern that prices were rising too fast.",
            "The regulator",
            "expressed concern",
            "official",
        ),
        (
            "Analysts expressed doubt that the target could be met.",
            "Analysts",
            "expressed doubt",
            "anonymous",
        ),
        (
            'The statement read: "The company regrets any distress caused."',
            "The statement",
            "read",
            "document",
        ),
        ("Reports say the striker has agreed a new contract.", "Reports", "say", "document"),
        (
            "The deal, according to two officials, is worth $4 billion.",
            "two officials",
            "according to",
            "anonymous",
        ),
        ("The plan, he said, was never realistic.", "he", "said", "person"),
        ("Mara Quell disagreed. Those numbers, Quell argued, are simply wrong.", "Quell", "argued", "person"),
        ("The mayor wrote on Facebook that the market would reopen.", "The mayor", "wrote", "official"),
        ("The mayor wrote on Facebook that the market would reopen.", "Facebook", "wrote", "social-media"),
        ("The senator said in a tweet that the bill was dead.", "The senator", "said", "official"),
        (
            "The minister hit back at critics, insisting the reforms were working.",
            "The minister",
            "insisting",
            "official",
        ),
        ("Parents raised concerns that the bus route was unsafe.", "Parents", "raised concerns", "anonymous"),
        (
            "Ministry spokesman Ivo Brandt said the claims were false.",
            "Ministry spokesman Ivo Brandt",
            "said",
            "person",
        ),
        ("The club said after the match that the fans had behaved well.", "The club", "said", "official"),
        (
            "Two nurses, speaking on condition of anonymity because they feared dismissal, said ward staff had been told to stay silent.",
            "Two nurses",
            "said",
            "anonymous",
        ),
    ],
)
def test_english_reporting_constructions(registry, text, source, cue, source_type):
    found = [(a.source, a.cue, a.source_type) for a in analyze(article(text, "en"), registry).attributions]
    assert (source, cue, source_type) in found, found


# phrases built on reporting words that attribute nothing
@pytest.mark.parametrize(
    "text",
    [
        "Sales are expected to fall.",
        "The pitch was waterlogged, via the club's official account.",
        "By her own account, she left before midnight.",
        "The captain said goodbye to the fans after the match.",
        "The referee told off two players for time-wasting.",
        "The stated goal of the programme is to cut waiting lists.",
        "The said property was sold in 2019.",
        "The book is not, as claimed in the title, a history of the war.",
        "A warning light came on in the cockpit.",
        "The club claimed the title on the final day.",
        "The journalist was denied entry at the border.",
        "The driver was questioned by police on Monday.",
        "Two men were questioned by detectives and later released.",
        "Residents were told to leave their homes.",
        "The strike was called off at the last minute.",
        "The fire claimed three lives.",
        "The firm was declared bankrupt in March.",
        "The boy was reported missing on Sunday.",
        "The singer was admitted to hospital with chest pains.",
        "The twins are hard to tell apart.",
        "Needless to say, the party went on until dawn.",
        "The team was, so to speak, running on empty.",
        "The noted chef opened a restaurant in Leeds.",
        "They crossed the river towards the promised land.",
        "She wore a statement necklace to the gala.",
        "The inspector reports to the chief constable.",
        "The show opened in London to strong crowds.",
        "The dog warned off intruders with its barking.",
        "Everything went according to plan.",
        "Prices rose by 4 per cent in March.",
        "The call centre closed after the storm.",
        "A man was found dead in the river.",
        "The actor, a confirmed bachelor, lives alone.",
        "The diplomat was posted to Nairobi in 2020.",
        "The grandmother told stories by the fire.",
        "The confident player scored twice.",
        "The ministry declined to say whether the envoy had been recalled.",
        "The embassy did not respond to a request for comment.",
        "A spokesman for the club had no comment.",
        "The police did not say how the man had died.",
        "The condemned building was demolished on Monday.",
        "She read the letter twice before signing.",
        "The fans were asked to leave the stadium.",
        "The parcel was sent by expressed post.",
        "The crowd laughed and shouted at the referee.",
        "The rain continued for three days.",
        "It emerged from the lake at dawn.",
        "The pupils understood the lesson.",
        "She thought to herself about the exam.",
        "Players observed a minute's silence before kick-off.",
        "The two firms agreed a merger worth $2 billion.",
        "The council maintained the roads throughout the winter.",
        "The bank advised on the takeover.",
        "The driver signalled left and pulled out.",
        "The trailer hinted at a darker sequel.",
        "The family asked for help after the flood.",
        "The spokesman read the statement aloud to the cameras.",
        "The committee considered the proposal on Monday.",
        "Residents felt the earthquake across the region.",
        "The charity raised funds for the hospital.",
        "The much criticised stadium finally opened.",
        "Farmers protested outside parliament on Tuesday.",
        "The patient complained of chest pains.",
        "Thousands commented on the post within an hour.",
        "The judge swore in the new mayor.",
        "The scene reminded viewers of the 1990s.",
        "He texted a friend from the train.",
    ],
)
def test_english_phrases_that_report_nothing(registry, text):
    assert analyze(article(text, "en"), registry).attributions == []


def test_headline_reporting_verb_names_the_speaker(registry):
    # the headline says who makes its claim; a later speaker with more headline words is not it
    art = article(
        "Kyiv said the strike hit the station. The Donetsk People's Republic said Tochka-U missiles"
        " hit the Kramatorsk station, killing dozens.",
        "en",
        title="Russian Defence Ministry denies that Tochka-U missiles fired at Kramatorsk station were Russian",
    )
    analysis = analyze(art, registry)
    assert [o.actor for o in analysis.origins if o.actor] == ["ru-mod"]


def test_outlet_credited_for_a_side_claim_is_not_the_origin(registry):
    art = article(
        "Foreign Ministry spokeswoman Maria Zakharova said the Dutch Safety Board ignored the results"
        " of Almaz-Antey on the MH17 crash. TASS reported that the MH17 flight was downed from a"
        " rebel-held area, citing Tjibbe Joustra, head of the Dutch Safety Board.",
        "en",
        title="Zakharova: Dutch Safety Board ignored Almaz-Antey results on MH17",
    )
    chain = [o.outlet or o.actor for o in analyze(art, registry).origins]
    assert chain[0] == "ru-mfa" and "tass" not in chain


def test_credit_line_and_lone_outlet_at_the_top_are_credits(registry):
    zh = article("发布时间:2022年11月21日 21:53 来源:中國新聞網\n当地时间11月20日,核电站再度遭到炮击。", "zh")
    assert [o.outlet for o in analyze(zh, registry).origins] == ["china-news-service"]
    ar = article("CGTN العربية/ قال المتحدث باسم وزارة الخارجية الصينية إن المختبر يجب أن يفتح.", "ar")
    assert [o.outlet for o in analyze(ar, registry).origins][:1] == ["cgtn"]
    photo = article("© photo: Sputnik / Глава МИД РФ выступил в Госдуме. Текст статьи.", "ru")
    assert "sputnik" not in [o.outlet for o in analyze(photo, registry).origins]


def test_a_quote_that_opens_with_a_rejection_denies(registry):
    text = (
        '"We categorically reject that Slovakia is in any way linked to the agent," Susko told journalists.'
    )
    stances = {s: stance for s, _, _, _, stance in attributions_of(registry, text)}
    assert stances == {"Susko": "denies"}
    # a quote that reports someone else's denial is a statement of its speaker
    text = '"Russia denies it, but the evidence is overwhelming," the minister told journalists.'
    assert {stance for *_, stance in attributions_of(registry, text)} == {"asserts"}


def test_generic_body_noun_is_the_institution_named_before(registry):
    # "в ведомстве" names no body: it is the ministry the previous report named
    art = article(
        'Боевики взорвали здание театра в Мариуполе, заявили в Минобороны России. "По имеющимся данным,'
        ' боевики совершили новую провокацию", — сообщили в ведомстве.',
        "ru",
    )
    actors = [a.actor for a in analyze(art, registry).attributions if a.source and "ведомств" in a.source]
    assert actors == ["ru-mod"]


def test_body_common_noun_with_its_place_named_in_the_sentence(registry):
    art = article(
        "Un théâtre abritant des civils a été endommagé par une frappe à Marioupol, a annoncé la mairie.",
        "fr",
    )
    assert [o.actor for o in analyze(art, registry).origins if o.actor] == ["ua-mariupol-council"]
    # a noun several bodies hold is not told by a place
    art = article("Des civils ont été tués à Kramatorsk, a annoncé le ministère.", "fr")
    assert not [o.actor for o in analyze(art, registry).origins if o.actor]


def test_separable_reporting_verb_in_a_german_headline(registry):
    art = article(
        "Die Rakete sei 1986 in die Ukraine geliefert worden.",
        "de",
        title="Am Montag gab das russische Verteidigungsministerium seine Erkenntnisse zu MH17 bekannt.",
    )
    assert [o.actor for o in analyze(art, registry).origins if o.actor][:1] == ["ru-mod"]


def test_dateline_below_an_editors_note_credits_its_agency(registry):
    art = article(
        "Note de LGS : à prendre ou à laisser.\nAuparavant, des réfugiés ont parlé du théâtre.\n"
        "MOSCOU, 16 mars/TASS/Des militants du bataillon Azov ont fait sauter le bâtiment du théâtre.",
        "fr",
    )
    assert [o.outlet for o in analyze(art, registry).origins][:1] == ["tass"]
