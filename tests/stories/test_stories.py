from newstrace.stories import StoryIndex
from newstrace.stories.features import ANCHORS_VERSION, anchors
from newstrace.stories.store import load_index, save_index, stories, update_stories


def _index(corpus_features, names=None, relations=()):
    index = StoryIndex()
    feats = [f for name, f in corpus_features.items() if names is None or name in names]
    index.add_features(feats, relations)
    return index


def _story(index, corpus, name):
    return index.story_of_article(corpus[name].id)


def test_anchors_are_language_neutral_keys():
    keys = {"n:1200", "n:26", "d:08-26", "k:drz", "k:rzr"}
    assert anchors("Le 26 août, 1 200 élèves à Deir ez-Zor") == keys
    assert anchors("26 августа 1200 учеников в Дейр-эз-Зоре") == keys
    assert keys < anchors("١٢٠٠ طالب في دير الزور 26 آب")  # every Arabic word may be a name
    # digits only (number words are not anchors here), and never 0
    assert not any(k.startswith("n:") for k in anchors("quatorze enfants, 0 victimes"))


def test_translation_and_copy_join_the_story(corpus, corpus_features):
    index = _index(corpus_features)
    story = _story(index, corpus, "rumour_en")
    assert {_story(index, corpus, n) for n in ("rumour_fr", "rumour_ru", "rumour_copy")} == {story}
    found = index.story(story)
    assert found.languages == ["en", "fr", "ru"]
    assert found.first_published == "2018-03-12" and found.last_published == "2018-03-13"
    assert set(found.titles) == {"en", "fr", "ru"}


def test_lookalike_event_in_the_same_place_stays_apart(corpus, corpus_features):
    index = _index(corpus_features)
    lookalike = _story(index, corpus, "lookalike_en")
    assert _story(index, corpus, "lookalike_fr") == lookalike
    assert lookalike != _story(index, corpus, "rumour_en")
    # a different event at the same time is not a wave of the rumour's narrative either
    assert index.narrative_of[lookalike] != index.narrative_of[_story(index, corpus, "rumour_en")]


def test_wave_months_later_is_a_new_story_of_the_same_narrative(corpus, corpus_features):
    index = _index(corpus_features)
    rumour, wave = _story(index, corpus, "rumour_en"), _story(index, corpus, "wave_en")
    assert _story(index, corpus, "wave_ru") == wave != rumour
    assert index.narrative_of[wave] == index.narrative_of[rumour]
    assert index.narrative_of[_story(index, corpus, "sport_de")] != index.narrative_of[rumour]


def test_known_relations_end_in_one_story(corpus, corpus_features):
    index = _index(corpus_features, relations=[(corpus["sport_de"].id, corpus["wave_en"].id)])
    assert _story(index, corpus, "sport_de") == _story(index, corpus, "wave_en")


def test_incremental_add_equals_one_batch(corpus, corpus_features):
    batch = _index(corpus_features)
    incremental = StoryIndex()
    ordered = sorted(corpus_features.values(), key=lambda f: (f.day is None, f.day or 0))
    for start in range(0, len(ordered), 2):
        incremental.add_features(ordered[start : start + 2])
    assert incremental.add_features(ordered[:1]) == []  # known articles are not added twice

    def partition(index):
        groups = {}
        for name, article in corpus.items():
            groups.setdefault(index.story_of_article(article.id), set()).add(name)
        return sorted(map(sorted, groups.values()))

    assert partition(incremental) == partition(batch)


def test_index_round_trips_through_the_database(store, corpus, corpus_features):
    store.save_batch(corpus.values())
    # a look-alike's first article alone in a batch may be taken for a leftover of the rumour
    # (see benchmarks/stories.py); here it arrives with its translation
    first = [corpus[n] for n in ("rumour_en", "rumour_fr", "wave_en", "sport_de")]
    update_stories(store, first)
    saved = stories(store)
    assert sum(len(s.article_ids) for s in saved) == 4
    index = load_index(store)
    assert index.story_of_article(corpus["rumour_fr"].id) == index.story_of_article(corpus["rumour_en"].id)
    rest = [a for a in corpus.values() if a not in first]
    assignments = index.add(rest)
    save_index(store, index)
    by_id = {a.article_id: a for a in assignments}
    assert by_id[corpus["rumour_ru"].id].status == "joined"
    assert by_id[corpus["rumour_ru"].id].story_id == index.story_of_article(corpus["rumour_en"].id)
    reloaded = {s.id: s for s in stories(store)}
    rumour = reloaded[index.story_of_article(corpus["rumour_en"].id)]
    assert {corpus[n].id for n in ("rumour_en", "rumour_fr", "rumour_ru", "rumour_copy")} == set(
        rumour.article_ids
    )
    wave = reloaded[index.story_of_article(corpus["wave_en"].id)]
    assert wave.narrative_id == rumour.narrative_id


def test_features_of_an_older_version_are_made_again(store, corpus):
    import json

    import numpy as np

    article = corpus["rumour_ru"]
    store.save_batch([article])
    update_stories(store, [article])
    fresh = load_index(store).rows[0]
    # as version 2 stored them: one embedding, a plain list of anchors
    store.conn.execute(
        'UPDATE story_features SET anchors = \'["v:2", "k:old"]\', vector = ?',
        (fresh.vector.tobytes(),),
    )
    index = load_index(store)
    assert index.rows[0].anchors == anchors(f"{article.title}\n{article.text}")
    assert index.rows[0].lead_anchors == fresh.lead_anchors and index.rows[0].news == fresh.news
    assert np.allclose(index.rows[0].lead, fresh.lead, atol=1e-5)
    stored = json.loads(store.conn.execute("SELECT anchors FROM story_features").fetchone()[0])
    assert stored["v"] == ANCHORS_VERSION and "k:old" not in stored["anchors"]
    assert load_index(store).rows[0].anchors == index.rows[0].anchors


def test_narratives_are_linked_inside_components_found_in_chunks(monkeypatch):
    import numpy as np

    import newstrace.stories.narratives as narratives

    monkeypatch.setattr(narratives, "CHUNK", 2)  # links must be found across chunk boundaries
    rng = np.random.default_rng(7)
    theme_a, theme_b = rng.normal(size=512), rng.normal(size=512)
    centroids = np.stack(
        [theme_a + 0.3 * rng.normal(size=512) for _ in range(3)]
        + [theme_b + 0.3 * rng.normal(size=512) for _ in range(2)]
        + [rng.normal(size=512)]
    )
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)  # stories of one article each
    # waves months apart (theme B starts at the same time as theme A: different events)
    spans = [(0, 5), (200, 210), (400, 402), (0, 3), (300, 305), (50, 51)]
    labels = narratives.link_narratives(centroids, spans, threshold=0.45, window_days=30)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] != labels[0]
    assert labels[5] not in (labels[0], labels[3])


def test_narratives_compare_the_articles_of_stories_not_their_centroids():
    import numpy as np

    from newstrace.stories.narratives import link_narratives

    rng = np.random.default_rng(5)
    topic = rng.normal(size=512)

    def story(n):  # reports that share the topic a little and differ a lot (languages, denials, copies)
        rows = topic + 2.5 * rng.normal(size=(n, 512))
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        return rows.mean(axis=0)

    centroids = np.stack([story(12), story(12)])
    cosine = centroids[0] @ centroids[1] / np.prod(np.linalg.norm(centroids, axis=1))
    assert cosine > 0.5  # two long stories' centroids point at their common topic ...
    assert centroids[0] @ centroids[1] < 0.2  # ... while their articles are hardly alike
    labels = link_narratives(centroids, [(0, 1), (100, 101)], 0.5, 30, sizes=[12, 12])
    assert labels[0] != labels[1]


def test_features_carry_the_headline_and_lead(corpus, corpus_features):
    import numpy as np

    rumour = corpus_features["rumour_en"]
    # the lead names the charity and the place; the nurse and the deaths come further down
    assert {"n:200"} <= rumour.lead_anchors < rumour.anchors
    assert "n:14" in rumour.lead_anchors  # the headline's figure
    assert "n:2014" not in rumour.lead_anchors  # background from the third paragraph
    assert rumour.news == rumour.day  # nothing in the lead dates the news otherwise
    assert corpus_features["rumour_copy"].news is None  # undated, no full date in the lead
    assert abs(float(np.linalg.norm(rumour.lead)) - 1.0) < 1e-5
    # the lead is read in any language: the translation's lead is closer to it than the wave's
    fr, wave = corpus_features["rumour_fr"], corpus_features["wave_en"]
    assert float(rumour.lead @ fr.lead) > float(rumour.lead @ wave.lead)
