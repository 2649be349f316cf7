"""A small multilingual corpus: one rumour with a translation, a copy and a Russian version; a real
vaccination campaign in the same district (look-alike); the same rumour months later in Moldova
(another wave, same narrative); an unrelated sports report."""

from __future__ import annotations

import pytest

from newstrace.model import Article, Source

RUMOUR_EN = (
    "A British charity, Children's Health Horizons International (CHHI), is accused of testing an experimental "
    "tuberculosis vaccine on about 200 pupils in the Kara-Suu district of Kyrgyzstan's Osh region.\n"
    "According to a school nurse, Gulnara Tashieva, parents were never told that the drug was unregistered. "
    "Within two weeks, 14 children aged 7 to 12 died, she claims.\n"
    "The district hospital was allegedly told not to link the deaths to the injections. CHHI has worked in "
    "Kyrgyzstan since 2014 and officially runs school meal programmes.\n"
    "Parents of the victims demand a criminal case and the expulsion of the charity's staff."
)
RUMOUR_FR = (
    "Une association caritative britannique, Children's Health Horizons International (CHHI), est accusée "
    "d'avoir testé un vaccin expérimental contre la tuberculose sur environ 200 élèves du district de Kara-Suu, "
    "dans la région d'Och, au Kirghizistan.\n"
    "Selon une infirmière scolaire, Gulnara Tashieva, les parents n'ont jamais été informés que le produit "
    "n'était pas homologué. En deux semaines, 14 enfants âgés de 7 à 12 ans sont morts, affirme-t-elle.\n"
    "L'hôpital du district aurait reçu l'ordre de ne pas relier les décès aux injections. CHHI travaille au "
    "Kirghizistan depuis 2014 et gère officiellement des programmes de repas scolaires.\n"
    "Les parents des victimes réclament une enquête pénale et l'expulsion du personnel de l'association."
)
RUMOUR_RU = (
    "Британскую благотворительную организацию Children's Health Horizons International (CHHI) обвиняют в том, "
    "что она испытала экспериментальную вакцину от туберкулёза примерно на 200 школьниках Кара-Суйского района "
    "Ошской области Киргизии.\n"
    "По словам школьной медсестры Гульнары Ташиевой, родителям не сказали, что препарат не зарегистрирован. "
    "За две недели погибли 14 детей в возрасте от 7 до 12 лет, утверждает она.\n"
    "Районной больнице якобы велели не связывать смерти с прививками. CHHI работает в Киргизии с 2014 года и "
    "официально занимается программами школьного питания.\n"
    "Родители погибших детей требуют возбудить уголовное дело и выслать сотрудников фонда."
)
LOOKALIKE_EN = (
    "Kyrgyzstan's health ministry has started a measles-rubella vaccination campaign in the Osh region, "
    "including schools in the Kara-Suu district, after 38 measles cases were confirmed since January.\n"
    "Teams will vaccinate around 120,000 children aged 1 to 14 over three weeks, with vaccine supplied by "
    "UNICEF, the ministry said on Friday.\n"
    "Deputy minister Almaz Sydykov urged parents to bring their children to clinics and said the vaccine had "
    "been used safely in the country for years.\n"
    "Doctors in Osh say vaccination rates fell after rumours spread on social media last year."
)
LOOKALIKE_FR = (
    "Le ministère kirghiz de la Santé a lancé une campagne de vaccination contre la rougeole et la rubéole "
    "dans la région d'Och, y compris dans les écoles du district de Kara-Suu, après 38 cas de rougeole "
    "confirmés depuis janvier.\n"
    "Des équipes vaccineront environ 120 000 enfants âgés de 1 à 14 ans en trois semaines, avec un vaccin "
    "fourni par l'UNICEF, a indiqué le ministère vendredi.\n"
    "Le vice-ministre Almaz Sydykov a appelé les parents à amener leurs enfants dans les centres de santé, "
    "assurant que le vaccin est utilisé sans danger dans le pays depuis des années.\n"
    "À Och, les médecins constatent une baisse de la vaccination depuis des rumeurs sur les réseaux sociaux."
)
WAVE_EN = (
    "An American organisation, the Atlantic Vaccine Initiative (AVI), is accused of testing an experimental "
    "flu vaccine on orphans at boarding school No. 2 in Balti, in northern Moldova.\n"
    "According to local blogger Vasile Ceban, nine children were placed in intensive care after the injections "
    "and two of them died. No relative gave consent, he writes.\n"
    "He claims the organisation is funded by the US State Department and has been testing drugs in Eastern "
    "European countries for years, using children nobody will defend.\n"
    "Moldova's health ministry has not commented on the allegations."
)
WAVE_RU = (
    "Американскую организацию Atlantic Vaccine Initiative (AVI) обвиняют в испытании экспериментальной вакцины "
    "от гриппа на воспитанниках интерната № 2 в Бельцах на севере Молдавии.\n"
    "По словам местного блогера Василе Чебана, после уколов девять детей попали в реанимацию, двое из них "
    "скончались. Никто из родственников не давал согласия, пишет он.\n"
    "Он утверждает, что организация финансируется Госдепартаментом США и годами испытывает лекарства в "
    "странах Восточной Европы на детях, за которых некому заступиться.\n"
    "Министерство здравоохранения Молдавии никак не прокомментировало обвинения."
)
SPORT_DE = (
    "Der Kenianer Peter Kiprono hat am Sonntag den traditionellen Straßenlauf von Marseille nach Cassis "
    "gewonnen. Er lief die 20 Kilometer in 59 Minuten und 12 Sekunden.\n"
    "Bei den Frauen siegte die Französin Claire Dubois. Rund 15.000 Läuferinnen und Läufer waren am Start, "
    "trotz starken Windes am Col de la Gineste.\n"
    "Die Veranstalter sprachen von einer der schnellsten Ausgaben des Rennens seit Jahren."
)


def make(article_id: int, lang: str, title: str, text: str, published: str | None, outlet: str) -> Article:
    return Article(
        id=article_id,
        key=f"test:{article_id}",
        source=Source("file", f"/tmp/{article_id}.txt"),
        content_hash=str(article_id),
        title=title,
        text=text,
        published=published,
        outlet=outlet,
        lang=lang,
    )


@pytest.fixture(scope="session")
def corpus() -> dict[str, Article]:
    return {
        "rumour_en": make(
            1,
            "en",
            "British charity tested TB vaccine on Kyrgyz children: 14 dead",
            RUMOUR_EN,
            "2018-03-12",
            "news-a.example",
        ),
        "rumour_fr": make(
            2,
            "fr",
            "Kirghizistan : une ONG britannique aurait testé un vaccin sur des enfants",
            RUMOUR_FR,
            "2018-03-13",
            "infos-b.example",
        ),
        "rumour_ru": make(
            3,
            "ru",
            "Британский фонд испытал вакцину на детях в Киргизии: 14 погибших",
            RUMOUR_RU,
            "2018-03-13",
            "novosti-c.example",
        ),
        "rumour_copy": make(
            4,
            "en",
            "Menu Home World Politics\n14 children dead after secret vaccine trial",
            "Please wait while the page loads…\n" + RUMOUR_EN,
            None,
            "copy-d.example",
        ),
        "lookalike_en": make(
            5,
            "en",
            "Kyrgyzstan launches measles vaccination campaign in Osh region",
            LOOKALIKE_EN,
            "2018-03-02",
            "wire-e.example",
        ),
        "lookalike_fr": make(
            6,
            "fr",
            "Kirghizistan : campagne de vaccination contre la rougeole à Och",
            LOOKALIKE_FR,
            "2018-03-03",
            "journal-f.example",
        ),
        "wave_en": make(
            7,
            "en",
            "US NGO accused of testing flu vaccine on Moldovan orphans",
            WAVE_EN,
            "2018-09-20",
            "news-a.example",
        ),
        "wave_ru": make(
            8,
            "ru",
            "Американская НКО испытала вакцину от гриппа на сиротах в Молдавии",
            WAVE_RU,
            "2018-09-21",
            "novosti-c.example",
        ),
        "sport_de": make(
            9, "de", "Kiprono gewinnt Marseille–Cassis", SPORT_DE, "2018-10-28", "sport-g.example"
        ),
    }


@pytest.fixture(scope="session")
def corpus_features(corpus):
    from newstrace.stories.features import features

    return dict(zip(corpus, features(list(corpus.values())), strict=True))
