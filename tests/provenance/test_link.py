"""Relations found end to end: articles in a store, the linker over them, the tree read back."""

from newstrace.model import Article, Credit, Source
from newstrace.pipeline import trace_pending
from newstrace.report.trace import load_provenance, provenance_record

ORIGINAL_FR = (
    "Le port de Saint-Malo a été fermé mardi matin après la découverte de 37 fûts de produits chimiques "
    "échoués sur la plage du Sillon, a annoncé la préfecture maritime de l'Atlantique.\n"
    "Selon la préfecture, les fûts portent des inscriptions en anglais et proviendraient d'un cargo "
    "battant pavillon panaméen qui a perdu une partie de sa cargaison lors de la tempête de dimanche.\n"
    "Une équipe de déminage de la Marine nationale est arrivée sur place vers 10 heures et a établi un "
    "périmètre de sécurité de 500 mètres autour des fûts.\n"
    "« Aucune fuite n'a été constatée à ce stade, mais nous ne prenons aucun risque », a déclaré le "
    "capitaine de frégate Hélène Marchal, porte-parole de la préfecture.\n"
    "Les ferries à destination de Portsmouth et de Jersey ont été déroutés vers Cherbourg jusqu'à "
    "nouvel ordre, ce qui concerne environ 2 400 passagers.\n"
    "Le maire de Saint-Malo a demandé aux habitants d'éviter la plage et de ne pas toucher aux objets "
    "rejetés par la mer dans les prochains jours."
)

TRANSLATION_EN = (
    "The port of Saint-Malo was closed on Tuesday morning after 37 drums of chemicals washed up on the "
    "Sillon beach, the Atlantic maritime prefecture announced.\n"
    "According to the prefecture, the drums bear inscriptions in English and are believed to come from "
    "a Panamanian-flagged cargo ship that lost part of its cargo during Sunday's storm.\n"
    "A French Navy bomb disposal team arrived at the scene around 10 a.m. and set up a 500-metre "
    "security perimeter around the drums.\n"
    '"No leak has been found at this stage, but we are taking no risks," said Commander Hélène '
    "Marchal, a spokeswoman for the prefecture.\n"
    "Ferries bound for Portsmouth and Jersey have been diverted to Cherbourg until further notice, "
    "affecting about 2,400 passengers.\n"
    "The mayor of Saint-Malo asked residents to avoid the beach and not to touch objects washed up by "
    "the sea in the coming days."
)

# the same event told independently: other facts, other order, other figures
INDEPENDENT_EN = (
    "Holidaymakers in Brittany faced chaos on Tuesday as ferry services out of Saint-Malo were "
    "suspended.\n"
    "Local fishermen said they had spotted barrels floating off the coast as early as Monday evening "
    "and had warned the coastguard.\n"
    "Brittany Ferries told customers on social media that sailings would be moved, without giving a "
    "date for the return to normal.\n"
    "Environmental groups have called for an inquiry into how a ship could lose 40 containers in a "
    "storm that had been forecast for days.\n"
    "The regional council said it would pay for the clean-up if the shipowner could not be identified."
)


def article(i, text, outlet, lang, published, credits=()):
    return Article(
        id=None,
        key=f"https://{outlet}.example/{i}",
        source=Source("file", f"/tmp/{i}.html"),
        content_hash=f"h{i}",
        title=text.split(".")[0][:60],
        text=text,
        outlet=outlet,
        lang=lang,
        published=published,
        credits=list(credits),
    )


def test_copy_translation_and_independent_report(store):
    wrapped = (
        "Nous reproduisons ci-dessous une dépêche de l'agence Orion, qui intéressera nos lecteurs de la "
        "côte.\n" + ORIGINAL_FR + "\nPartagez cet article et abonnez-vous à notre lettre d'information "
        "pour ne rien manquer de l'actualité de la Bretagne."
    )
    articles = [
        # the copy arrives first and carries no date: only its credit orders it
        article(
            1, wrapped, "breizh-info-libre", "fr", None, [Credit("republished", "Source : Orion", "orion")]
        ),
        article(2, ORIGINAL_FR, "orion", "fr", "2021-03-02"),
        article(3, TRANSLATION_EN, "channel-post", "en", "2021-03-03"),
        article(4, INDEPENDENT_EN, "coast-courier", "en", "2021-03-02"),
    ]
    store.save_batch(articles)
    report = trace_pending(store)
    assert report.traced == 4
    kinds = {(r.source_id, r.target_id): r for r in store.relations()}
    assert kinds[(2, 1)].kind == "copy"
    assert kinds[(2, 1)].evidence["direction"] == "credit"
    assert kinds[(2, 1)].evidence["source_share"] > 0.9  # the original lies whole in the copy
    assert kinds[(2, 3)].kind == "translation"
    assert kinds[(2, 3)].evidence["direction"] == "date"
    assert not any(4 in pair for pair in kinds), "an independent report is not a translation"

    graph = load_provenance(store, around=3)
    assert graph.root(1) == graph.root(3) == 2
    record = provenance_record(graph, 1)
    assert record["roots"][0]["article_id"] == 2
    # the agency's dispatch names no source for its claim: unsourced, not a source of its own
    assert record["independent_source_count"] == 0 and record["unsourced"]

    # a rerun finds nothing new to do and duplicates nothing
    assert trace_pending(store).traced == 0
    assert len(store.relations()) == len(kinds)


def test_new_articles_are_compared_with_the_stored_index(store):
    store.save_batch([article(1, ORIGINAL_FR, "orion", "fr", "2021-03-02")])
    trace_pending(store)
    # a later run: only the new article is traced, against the index rebuilt from the store
    store.save_batch([article(2, TRANSLATION_EN, "channel-post", "en", "2021-03-04")])
    report = trace_pending(store)
    assert report.traced == 1
    (relation,) = store.relations()
    assert (relation.source_id, relation.target_id, relation.kind) == (1, 2, "translation")
    passage = relation.evidence["passages"][0]
    source_text = store.get(1).text
    assert "Saint-Malo" in source_text[passage["source_start"] : passage["source_end"]]


def test_a_new_version_retires_what_was_derived_from_the_old_one(store):
    from dataclasses import replace

    from newstrace.pipeline import group_pending

    store.save_batch(
        [
            article(1, ORIGINAL_FR, "orion", "fr", "2021-03-02"),
            article(2, TRANSLATION_EN, "channel-post", "en", "2021-03-03"),
        ]
    )
    trace_pending(store)
    group_pending(store)
    assert {(r.source_id, r.target_id) for r in store.relations()} == {(1, 2)}
    # the English page changes: same key, new content -> version 2 with a new id
    changed = replace(
        article(
            2,
            TRANSLATION_EN + "\nThe prefecture will give an update on Wednesday.",
            "channel-post",
            "en",
            "2021-03-03",
        ),
        content_hash="h2b",
    )
    ((saved, status),) = store.save_batch([changed])
    assert status == "version"
    trace_pending(store)
    group_pending(store)
    pairs = {(r.source_id, r.target_id) for r in store.relations()}
    assert pairs == {(1, saved.id)}, "the old version's relations are gone, the new one is linked"
    graph = load_provenance(store)
    assert 2 not in graph.nodes and saved.id in graph.nodes
    assert store.story_of(2) is None and store.story_of(saved.id) == store.story_of(1)


# a loose translation: sentences merged and reordered, the quote turned into reported speech,
# figures rounded
LOOSE_EN = (
    "Some 2,400 ferry passengers heading for Portsmouth and Jersey were sent to Cherbourg instead "
    "after Saint-Malo shut its port on Tuesday morning.\n"
    "Nearly forty drums of chemicals had washed up on the Sillon beach, the maritime prefecture said. "
    "They are marked in English and were probably lost by a Panamanian cargo ship in Sunday's storm.\n"
    "Navy bomb disposal experts cordoned off the area for half a kilometre; a spokeswoman said no "
    "leak had been found but that no risks were being taken.\n"
    "Residents were told by the mayor to keep off the beach and leave alone anything the sea brings in."
)


def test_a_credited_loose_translation_is_a_translation_an_uncredited_one_is_not(store):
    credit = Credit("source-link", "Source: Orion", "orion")
    store.save_batch(
        [
            article(1, ORIGINAL_FR, "orion", "fr", "2021-03-02"),
            article(2, LOOSE_EN, "channel-post", "en", "2021-03-03", [credit]),
            article(3, LOOSE_EN.replace("Tuesday", "Tuesday,"), "coast-courier", "en", "2021-03-03"),
        ]
    )
    trace_pending(store)
    relations = {(r.source_id, r.target_id): r for r in store.relations()}
    credited = relations[(1, 2)]
    assert credited.kind == "translation" and credited.evidence["direction"] == "credit"
    assert credited.evidence["coverage"] >= 0.5
    # the same loose text with no credit line: too little for the strict sentence alignment
    assert relations.get((1, 3)) is None or relations[(1, 3)].kind != "translation"


def test_a_short_excerpt_of_a_long_page_is_a_copy_a_shared_quotation_is_not(store):
    menu = "Accueil\nMonde\nSport\nVidéos\nLe port de Saint-Malo fermé\nLe port de Saint-Malo fermé\n"
    excerpt = menu + "\n".join(ORIGINAL_FR.split("\n")[:2]) + "\nRéagir"
    statement = (
        "« Aucune fuite n'a été constatée à ce stade, mais nous ne prenons aucun risque avec la santé des "
        "habitants de la côte », a déclaré la porte-parole."
    )
    quoting = (
        "Les pêcheurs de Cancale sont restés à quai mercredi, faute de savoir si les eaux de la baie "
        "étaient sûres.\n" + statement + "\nLes ostréiculteurs attendent des analyses avant la fin de "
        "la semaine."
    )
    quoted = (
        "La préfecture a levé mercredi soir l'interdiction de baignade sur la plage du Sillon.\n" + statement
    )
    store.save_batch(
        [
            article(1, ORIGINAL_FR + "\n" + INDEPENDENT_EN, "orion", "fr", "2021-03-02"),
            article(2, excerpt, "ouest-echo", "fr", "2021-03-02"),
            article(3, quoting, "cote-info", "fr", "2021-03-03"),
            article(4, quoted, "baie-news", "fr", "2021-03-03"),
        ]
    )
    trace_pending(store)
    pairs = {frozenset((r.source_id, r.target_id)): r for r in store.relations()}
    assert pairs[frozenset((1, 2))].kind == "copy"
    assert frozenset((3, 4)) not in pairs, "a shared quotation is not a copy"
