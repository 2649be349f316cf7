from newstrace.model import Origin, Relation
from newstrace.provenance import Provenance
from newstrace.provenance.graph import Node

AGENCY_CHAIN = [
    Origin("Agence Orion", "outlet", "orion"),
    Origin("une source militaire", "anonymous", None),
]


def node(i, outlet, published=None, origins=()):
    return Node(i, outlet, "fr", published, f"article {i}", list(origins))


def copy(src, dst, share=0.9, direction="date", kind="copy", score=None):
    evidence = {"source_share": share, "target_share": share, "direction": direction}
    return Relation(src, dst, kind, share if score is None else score, evidence)


def test_twelve_copies_through_one_agency_make_one_independent_source():
    nodes = {1: node(1, "orion", "2020-01-01", AGENCY_CHAIN)}
    relations = []
    for i in range(2, 14):
        nodes[i] = node(i, f"site{i}", f"2020-01-{i:02d}", [AGENCY_CHAIN[0], AGENCY_CHAIN[1]])
        # every later copy also matches every earlier one: a dense graph
        relations += [copy(j, i, share=0.95 if j == 1 else 0.9) for j in range(1, i)]
    graph = Provenance(nodes, relations)
    assert all(graph.root(i) == 1 for i in nodes)
    sources = graph.independent_sources(nodes)
    assert [s.source_type for s in sources] == ["anonymous"]
    assert sources[0].via == "orion"
    # the root article's own outlet is not an external origin
    assert [e.label for e in graph.externals(1)] == ["une source militaire"]


def test_two_reports_with_their_own_sources_count_twice():
    nodes = {
        1: node(1, "orion", "2020-01-01", AGENCY_CHAIN),
        2: node(2, "kestrel", "2020-01-01", [Origin("le ministère de la Défense", "official")]),
        3: node(3, "blog", "2020-01-02"),
    }
    graph = Provenance(nodes, [copy(1, 3), copy(2, 3, share=0.3)])
    assert graph.parent(3).source_id == 1
    assert len(graph.independent_sources([1, 2, 3])) == 2
    assert len(graph.independent_sources([3])) == 1


def test_a_report_that_names_no_source_is_unsourced_not_a_source():
    graph = Provenance({5: node(5, "kestrel"), 6: node(6, "orion", origins=AGENCY_CHAIN)}, [])
    assert graph.independent_sources([5]) == []
    assert graph.unsourced([5, 6]) == [5]
    assert len(graph.independent_sources([5, 6])) == 1


MINISTRY = {"person-spokesman": "ministry", "ministry": "ministry"}


def test_an_agency_quoting_the_ministry_is_not_a_second_source():
    """Three reports: one through the agency to the ministry's spokesman, one quoting the
    ministry by name in another language, one crediting only the agency. One source."""
    nodes = {
        1: node(
            1,
            "blog",
            origins=[
                Origin("TASS", "outlet", "tass"),
                Origin("Konashenkov", "person", None, "person-spokesman"),
            ],
        ),
        2: node(2, "daily", origins=[Origin("Минобороны России", "official", None, "ministry")]),
        3: node(3, "site", origins=[Origin("ТАСС", "outlet", "tass")]),
    }
    graph = Provenance(nodes, [], speaks_for=lambda a: MINISTRY.get(a, a))
    sources = graph.independent_sources([1, 2, 3])
    assert [(s.key, s.actor) for s in sources] == [("actor:ministry", "ministry")]
    assert graph.origin(1).actor == "tass" and graph.origin(2).actor == "ministry"


def test_an_agency_relaying_two_roots_stays_itself():
    nodes = {
        1: node(
            1, "a", origins=[Origin("TASS", "outlet", "tass"), Origin("X", "official", None, "ministry")]
        ),
        2: node(2, "b", origins=[Origin("TASS", "outlet", "tass"), Origin("Y", "official", None, "kremlin")]),
        3: node(3, "c", origins=[Origin("TASS", "outlet", "tass")]),
    }
    keys = {s.key for s in Provenance(nodes, []).independent_sources([1, 2, 3])}
    assert keys == {"actor:ministry", "actor:kremlin", "outlet:tass"}


def test_outlets_of_one_media_group_count_once():
    nodes = {
        1: node(1, "a", origins=[Origin("RIA Novosti", "outlet", "ria-novosti")]),
        2: node(2, "b", origins=[Origin("Sputnik", "outlet", "sputnik")]),
    }
    owners = {"ria-novosti": "Rossiya Segodnya", "sputnik": "Rossiya Segodnya"}
    assert len(Provenance(nodes, [], owners.get).independent_sources([1, 2])) == 1
    assert len(Provenance(nodes, []).independent_sources([1, 2])) == 2


def test_a_near_whole_copy_outranks_a_credited_translation():
    nodes = {i: node(i, f"s{i}", "2020-02-01") for i in (1, 2, 3)}
    relations = [
        copy(1, 3, direction="credit", kind="translation", score=0.8),
        copy(2, 3, share=0.9),
    ]
    assert Provenance(nodes, relations).parent(3).source_id == 2


def test_a_credit_outranks_a_partial_copy_and_a_guess():
    nodes = {i: node(i, f"s{i}") for i in (1, 2, 3, 4)}
    relations = [
        copy(1, 4, share=0.3),
        copy(2, 4, direction="credit", kind="translation", score=0.6),
        copy(3, 4, direction="order", kind="translation", score=0.9),
    ]
    assert Provenance(nodes, relations).parent(4).source_id == 2


def test_a_citation_comes_after_shared_text_even_when_credited():
    nodes = {i: node(i, f"s{i}") for i in (1, 2, 3)}
    relations = [copy(1, 3, share=0.3), copy(2, 3, direction="credit", kind="cites", score=0.9)]
    assert Provenance(nodes, relations).parent(3).source_id == 1
    only_cited = Provenance(nodes, [copy(2, 3, direction="credit", kind="cites", score=0.9)])
    assert only_cited.parent(3).source_id == 2


def test_a_guessed_direction_makes_no_parent():
    nodes = {i: node(i, f"s{i}") for i in (1, 2)}
    graph = Provenance(nodes, [copy(1, 2, direction="order", share=0.95)])
    assert graph.parent(2) is None
    assert graph.component(1) == {1, 2}  # still related


def test_partial_copies_prefer_the_source_explaining_most_then_the_earliest():
    nodes = {1: node(1, "a", "2020-01-01"), 2: node(2, "b", "2020-01-02"), 3: node(3, "c", "2020-01-03")}
    nodes[4] = node(4, "d", "2020-01-05")
    relations = [
        Relation(1, 4, "copy", 0.25, {"source_share": 0.25, "target_share": 0.217, "direction": "date"}),
        Relation(2, 4, "copy", 0.25, {"source_share": 0.25, "target_share": 0.219, "direction": "date"}),
        # a truncated copy: a high share of itself, less of the derivative
        Relation(3, 4, "copy", 0.29, {"source_share": 0.29, "target_share": 0.17, "direction": "date"}),
        Relation(3, 4, "translation", 0.4, {"source_share": 0.4, "target_share": 0.4, "direction": "date"}),
    ]
    assert Provenance(nodes, relations).parent(4).source_id == 1


def test_cycles_are_broken():
    nodes = {i: node(i, f"s{i}") for i in (1, 2, 3)}
    relations = [
        copy(1, 2, direction="credit"),
        copy(2, 3, direction="date"),
        copy(3, 1, direction="date", share=0.5),
    ]
    graph = Provenance(nodes, relations)
    roots = {graph.root(i) for i in nodes}
    assert len(roots) == 1
    assert graph.parent(next(iter(roots))) is None


def test_chain_of_outlets_outside_the_collection():
    chain = [
        Origin("RT", "outlet", "rt"),
        Origin("SANA", "outlet", "sana"),
        Origin("des sources locales", "anonymous", None),
    ]
    graph = Provenance({1: node(1, "blog", origins=chain)}, [])
    assert [e.outlet or e.label for e in graph.externals(1)] == ["rt", "sana", "des sources locales"]
    (source,) = graph.independent_sources([1])
    assert (source.source_type, source.via) == ("anonymous", "sana")


def test_unnamed_sources_of_one_media_group_count_once():
    # two newsrooms of one group each quote "a military source": not two independent sources
    owners = {"orion": "Orion Media Group", "orion-radio": "Orion Media Group", "kestrel": "Kestrel SA"}
    nodes = {
        1: node(1, "orion", "2020-01-01", [Origin("une source militaire", "anonymous")]),
        2: node(2, "orion-radio", "2020-01-01", [Origin("a military source", "anonymous")]),
        3: node(3, "kestrel", "2020-01-01", [Origin("une source militaire", "anonymous")]),
    }
    grouped = Provenance(nodes, [], owners.get)
    assert sorted(s.via for s in grouped.independent_sources(nodes)) == ["kestrel", "orion"]
    # without knowing the owners, each newsroom's source is its own
    assert len(Provenance(nodes, []).independent_sources(nodes)) == 3
