from newstrace.reuse.translation import compare, numbers

FR = (
    "Le conseil municipal a adopté lundi soir, par 47 voix contre 16, la fermeture du centre-ville aux voitures.\n"
    "La mesure entrera en vigueur le 1er juin et concernera 1 200 places de stationnement.\n"
    "Le maire a estimé que la qualité de l'air s'améliorerait nettement dès le premier été.\n"
    "Les commerçants, eux, craignent une baisse de leur chiffre d'affaires de 20 %."
)
EN = (
    "The city council voted on Monday evening, by 47 votes to 16, to close the city centre to cars.\n"
    "The measure will come into force on June 1 and will affect 1,200 parking spaces.\n"
    "The mayor said air quality would improve markedly from the first summer.\n"
    "Shopkeepers fear their turnover could fall by 20%."
)
INDEPENDENT = (
    "Shopkeepers in the old town are furious. 'We were never consulted,' said one baker, who has run her shop "
    "for 30 years.\n"
    "Opposition councillors plan to challenge the decision in court, arguing the vote was rushed.\n"
    "Public transport will run every five minutes on weekends, the transit authority said."
)


def test_translation_is_found_with_its_sentence_pairs():
    match = compare(FR, EN)
    assert match.is_translation
    assert len(match.pairs) == 4 and match.order == 1.0 and match.anchors == 1.0
    first = match.pairs[0]
    assert FR[first.source_start : first.source_end].startswith("Le conseil municipal")
    assert EN[first.target_start : first.target_end].startswith("The city council")


def test_independent_report_of_the_same_event_is_not_a_translation():
    assert not compare(FR, INDEPENDENT).is_translation


def test_numbers_are_language_independent_anchors():
    assert numbers("1 200 places, 1,200 spaces, 1.200 Plätze") == {"1200"}
    assert numbers("September 8, 2017") == {"8", "2017"}


def test_sentences_glued_by_extraction_and_chinese_sentences_are_cut():
    from newstrace.reuse.translation import embedded

    glued = "The council voted on Monday evening to close the centre.The mayor said air would improve soon."
    assert [s.text for s in embedded(glued).sentences] == [
        "The council voted on Monday evening to close the centre.",
        "The mayor said air would improve soon.",
    ]
    # "U.S." and a domain name are not sentence ends
    assert len(embedded("Officials of the U.S. Army visited sputniknews.com on Monday.").sentences) == 1
    zh = "俄罗斯国防部20日发布公告称,乌克兰部队炮击了核电站。目前没有核电站工作人员伤亡。"
    assert [zh[s.start : s.end] for s in embedded(zh).sentences] == [
        "俄罗斯国防部20日发布公告称,乌克兰部队炮击了核电站。",
        "目前没有核电站工作人员伤亡。",
    ]


def test_a_few_sentences_translated_closely_inside_other_text_are_a_partial_translation():
    other_fr = (
        "Le festival de jazz de la ville a accueilli cette année plus de musiciens venus d'Afrique.\n"
        "La bibliothèque municipale ouvrira désormais le dimanche après-midi, a annoncé sa directrice.\n"
        "Les travaux du pont sur la rivière doivent se terminer avant la fin de l'automne prochain.\n"
        "Une exposition de photographies anciennes du port est présentée au musée jusqu'en mars.\n"
        "Le club de football local a recruté un nouvel entraîneur pour la saison prochaine."
    )
    other_en = (
        "A new bakery opened near the railway station, drawing long queues on its first morning.\n"
        "The regional hospital is looking for volunteers to help in its children's ward.\n"
        "Heavy rain flooded several cellars in the old town during the night.\n"
        "Students staged a play about the history of the local textile factory.\n"
        "The tennis club will host a youth tournament at the end of the month."
    )
    source = FR.split("\n")[:3] + other_fr.split("\n")
    target = EN.split("\n")[:3] + other_en.split("\n")
    match = compare("\n".join(source), "\n".join(target))
    assert match.score < 0.33 and match.is_close_excerpt and match.is_translation
    # in another order, the same sentences are two reports telling the same facts
    shuffled = [target[2], target[0], target[1], *target[3:]]
    assert not compare("\n".join(source), "\n".join(shuffled)).is_close_excerpt
