"""The bundled examples hold a look-alike event: the Syrian army breaking the ISIS siege of the
Deir ez-Zor airbase, reported on the same days, in the same places, as the seed story (US
helicopters evacuating ISIS commanders from Deir ez-Zor). Whatever wave evidence is added (leads,
publication days, speakers), the siege reports stay a story of their own."""

from typer.testing import CliRunner

from newstrace.store.db import Store
from newstrace.stories.store import stories

SEED_URL = "https://veille-geopolitique.example/2017/09/09/pourquoi-les-usa-ont-evacue-les-chefs-de-daech-de-deir-ez-zor/"
runner = CliRunner()


def test_the_look_alike_siege_is_its_own_story(examples_db):
    with Store(examples_db) as store:
        found = stories(store)
        seed = store.story_of(store.find(SEED_URL))
    siege = [s for s in found if "breaks ISIS siege" in s.title]
    assert len(siege) == 1
    assert len(siege[0].article_ids) >= 2  # the report and its translation
    assert siege[0].id != seed
