import random

from newstrace.model import Article, Source
from newstrace.pipeline import trace_pending
from newstrace.provenance.boilerplate import SiteProfiles
from newstrace.reuse.align import align

DISCLAIMER = (
    "Les opinions exprimées dans cette rubrique n'engagent que leurs auteurs et ne reflètent pas "
    "nécessairement la position de la rédaction. Rejoignez notre canal Telegram pour suivre toute "
    "l'actualité internationale en temps réel, et soutenez notre média indépendant par un don mensuel."
)
VOCAB = (
    "port ville conseil maire route pont rivière école hôpital usine marché gare train bus accord "
    "projet budget vote loi élection parti député ministre tribunal juge police enquête témoin "
    "incendie tempête récolte prix salaire grève syndicat musée festival stade équipe match saison"
).split()


def page(rng: random.Random, sentences: int = 12) -> str:
    return "\n".join(
        " ".join(rng.choice(VOCAB) for _ in range(14)).capitalize() + "." for _ in range(sentences)
    )


def article(i, text, outlet):
    return Article(
        id=None,
        key=f"https://{outlet}/{i}",
        source=Source("file", f"/tmp/{outlet}-{i}"),
        content_hash=f"h{i}",
        title=f"Titre {i}",
        text=text,
        outlet=outlet,
        lang="fr",
    )


def test_a_sites_repeated_text_is_learnt():
    rng = random.Random(1)
    sites = SiteProfiles()
    for _ in range(4):
        sites.add("site.example", page(rng) + "\n" + DISCLAIMER)
    boilerplate = sites.boilerplate("site.example")
    assert "rejoignez notre canal telegram pour" in boilerplate
    assert sites.boilerplate("other.example") == frozenset()
    # the disclaimer alone no longer aligns
    a, b = page(rng) + "\n" + DISCLAIMER, page(rng) + "\n" + DISCLAIMER
    assert align(a, b).passages
    assert not align(a, b, ignore=boilerplate).passages


def test_pages_sharing_only_their_site_text_are_not_reuse(store):
    rng = random.Random(2)
    pages = [article(i, page(rng) + "\n" + DISCLAIMER, "site.example") for i in range(6)]
    copied = pages[5].text.replace(DISCLAIMER, "")
    store.save_batch([*pages, article(9, "Repris d'un confrère.\n" + copied, "mirror.example")])
    trace_pending(store)
    relations = store.relations()
    # the run learns each site's repeated text before comparing: no page of the site is linked
    # to another by its disclaimer, not even the first ones
    assert [r for r in relations if r.target_id <= 6 and r.source_id <= 6] == []
    assert [(r.source_id, r.target_id, r.kind) for r in relations if 7 in (r.source_id, r.target_id)] == [
        (6, 7, "copy")
    ]


def test_menus_tags_and_repeated_lines_are_not_prose():
    from newstrace.provenance.boilerplate import prose_spans

    body = (
        "The Russian Defence Ministry said on Sunday that the footage was staged for Western media, "
        "according to a statement.\nShort closing sentence of the report here."
    )
    text = (
        "Home\nWorld\nSport\nBucha: Lavrov says the footage was staged\nBucha: Lavrov says the footage was "
        "staged\n2022-04-04T09:58+0000\nrussia\nhttps://cdn.example.com/img/07e6/04/04/1094462254.jpg\n"
        + body
        + "\nLeave a Reply"
    )
    kept = [text[a:b] for a, b in prose_spans(text)]
    assert kept == body.split("\n")
    assert prose_spans("Home\nWorld") == []


def test_boilerplate_follows_the_last_pages_as_a_site_changes():
    """The boilerplate kept up to date page by page is what the last KEEP pages say, at every
    step: a site's old disclaimer stops counting once its pages are forgotten, a new one counts
    from the MIN_PAGES-th page, and shingles no remembered page has are not kept at all."""
    from collections import Counter

    from newstrace.provenance.boilerplate import KEEP, MIN_PAGES, MIN_SHARE
    from newstrace.reuse.shingles import shingles, words

    rng = random.Random(4)
    sites = SiteProfiles()
    texts = []
    new_footer = "Abonnez-vous à notre lettre quotidienne pour recevoir chaque matin les titres du jour."
    for i in range(3 * KEEP):
        footer = DISCLAIMER if i < KEEP else new_footer
        text = page(rng, 4) + "\n" + (footer if rng.random() < 0.8 else "")
        texts.append(text)
        sites.add("site.example", text, i)
        recent = [frozenset(shingles(words(t).tokens)) for t in texts[-KEEP:]]
        counts = Counter(g for grams in recent for g in grams)
        floor = max(MIN_PAGES, MIN_SHARE * len(recent))
        assert sites.boilerplate("site.example") == {g for g, n in counts.items() if n >= floor}, i
        site = sites._sites["site.example"]  # only shingles on a remembered page are counted
        assert len(site.once) + len(site.counts) == len(counts)
        assert site.once == {g for g, n in counts.items() if n == 1}
    assert "rejoignez notre canal telegram pour" not in sites.boilerplate("site.example")
    assert "abonnez vous a notre lettre" in sites.boilerplate("site.example")
