"""A realistic, fictitious story view for the report tests.

The "Kellmar cargo" story: a claim attributed to an anonymous source, spread by an outlet outside
the collection (Sputnik), copied and translated through French, English, German, Russian and
Arabic sites, then denied and fact-checked. Every name, site and event here is invented.
Offsets are computed from the texts, so the texts can be edited freely.
"""

from __future__ import annotations

import copy
from typing import Any


def _span(text: str, part: str, near: int = 0) -> tuple[int, int]:
    """The occurrence of ``part`` closest to ``near`` (reporting cues repeat: "said ... said")."""
    starts = []
    start = text.find(part)
    while start >= 0:
        starts.append(start)
        start = text.find(part, start + 1)
    if not starts:
        raise ValueError(f"{part!r} not in text")
    start = min(starts, key=lambda s: abs(s - near))
    return start, start + len(part)


def _attr(
    text: str,
    source: str | None,
    cue: str,
    content: str,
    source_type: str,
    *,
    stance: str = "asserts",
    direct: bool = False,
    hedged: bool = False,
    overclaim: bool = False,
    outlet: str | None = None,
) -> dict[str, Any]:
    start, end = _span(text, content)
    cue_start, cue_end = _span(text, cue, start)
    source_start = source_end = None
    if source is not None:
        source_start, source_end = _span(text, source, cue_start)
    return {
        "source": source,
        "source_type": source_type,
        "outlet": outlet,
        "cue": cue,
        "content": content,
        "start": start,
        "end": end,
        "source_start": source_start,
        "source_end": source_end,
        "cue_start": cue_start,
        "cue_end": cue_end,
        "direct": direct,
        "stance": stance,
        "hedged": hedged,
        "overclaim": overclaim,
    }


ANON = {"source": "une source diplomatique et militaire", "source_type": "anonymous", "outlet": None}
TELEGRAM = {"source": "Telegram channel “Kellmar Watch”", "source_type": "social-media", "outlet": None}
SPUTNIK = {"source": "Sputnik", "source_type": "outlet", "outlet": "sputnik"}

# -- texts -------------------------------------------------------------------------------------

FR_BODY = (
    "Une cargaison militaire de l'OTAN aurait été débarquée dans la nuit de lundi à mardi au port "
    "de Kellmar, a confié à Sputnik une source diplomatique et militaire.\n"
    "Selon cette source, une vingtaine de conteneurs sans marquage auraient été transférés vers un "
    "entrepôt gardé par des soldats étrangers.\n"
    "« La probabilité que ces conteneurs transportent des armes est de presque 100 % », a déclaré le "
    "sénateur Vadim Orlenko.\n"
    "Le ministère de la Défense a démenti toute livraison militaire au port de Kellmar.\n"
    "Les habitants du quartier portuaire affirment avoir entendu des camions toute la nuit.\n"
    "Le port de Kellmar est le plus grand terminal de conteneurs de la région, et il est depuis "
    "longtemps au cœur des tensions."
)


def _fr_attributions(text: str) -> list[dict[str, Any]]:
    return [
        _attr(
            text,
            "une source diplomatique et militaire",
            "a confié à",
            "Une cargaison militaire de l'OTAN aurait été débarquée dans la nuit de lundi à mardi au "
            "port de Kellmar",
            "anonymous",
            hedged=True,
            outlet="sputnik",
        ),
        _attr(
            text,
            "cette source",
            "Selon",
            "une vingtaine de conteneurs sans marquage auraient été transférés vers un entrepôt gardé "
            "par des soldats étrangers",
            "anonymous",
            hedged=True,
        ),
        _attr(
            text,
            "le sénateur Vadim Orlenko",
            "a déclaré",
            "La probabilité que ces conteneurs transportent des armes est de presque 100 %",
            "person",
            direct=True,
            overclaim=True,
        ),
        _attr(
            text,
            "Le ministère de la Défense",
            "a démenti",
            "toute livraison militaire au port de Kellmar",
            "official",
            stance="denies",
        ),
        _attr(
            text,
            "Les habitants du quartier portuaire",
            "affirment",
            "avoir entendu des camions toute la nuit",
            "person",
        ),
    ]


EN_BODY = (
    "A secret NATO military shipment was allegedly unloaded overnight at the port of Kellmar, a "
    "diplomatic and military source told Sputnik.\n"
    "According to the source, around twenty unmarked containers were moved to a warehouse guarded by "
    "foreign soldiers.\n"
    "“The probability that these containers carry weapons is almost 100%,” said senator Vadim Orlenko.\n"
    "The Defence Ministry denied any military delivery to the port of Kellmar.\n"
    "Kellmar is the largest container terminal in the region."
)


def _en_attributions(text: str) -> list[dict[str, Any]]:
    return [
        _attr(
            text,
            "a diplomatic and military source",
            "told",
            "A secret NATO military shipment was allegedly unloaded overnight at the port of Kellmar",
            "anonymous",
            hedged=True,
            outlet="sputnik",
        ),
        _attr(
            text,
            "the source",
            "According to",
            "around twenty unmarked containers were moved to a warehouse guarded by foreign soldiers",
            "anonymous",
        ),
        _attr(
            text,
            "senator Vadim Orlenko",
            "said",
            "The probability that these containers carry weapons is almost 100%",
            "person",
            direct=True,
            overclaim=True,
        ),
        _attr(
            text,
            "The Defence Ministry",
            "denied",
            "any military delivery to the port of Kellmar",
            "official",
            stance="denies",
        ),
    ]


DE_BODY = (
    "Im Hafen von Kellmar soll in der Nacht eine geheime Militärladung der NATO entladen worden sein, "
    "sagte eine diplomatische und militärische Quelle gegenüber Sputnik.\n"
    "Laut der Quelle wurden rund zwanzig unmarkierte Container in ein von ausländischen Soldaten "
    "bewachtes Lager gebracht.\n"
    "„Die Wahrscheinlichkeit, dass diese Container Waffen enthalten, liegt bei fast 100 Prozent“, "
    "sagte Senator Vadim Orlenko.\n"
    "Das Verteidigungsministerium bestritt jede militärische Lieferung an den Hafen von Kellmar."
)


def _de_attributions(text: str) -> list[dict[str, Any]]:
    return [
        _attr(
            text,
            "eine diplomatische und militärische Quelle",
            "sagte",
            "Im Hafen von Kellmar soll in der Nacht eine geheime Militärladung der NATO entladen worden sein",
            "anonymous",
            hedged=True,
            outlet="sputnik",
        ),
        _attr(
            text,
            "der Quelle",
            "Laut",
            "wurden rund zwanzig unmarkierte Container in ein von ausländischen Soldaten bewachtes Lager "
            "gebracht",
            "anonymous",
        ),
        _attr(
            text,
            "Senator Vadim Orlenko",
            "sagte",
            "Die Wahrscheinlichkeit, dass diese Container Waffen enthalten, liegt bei fast 100 Prozent",
            "person",
            direct=True,
            overclaim=True,
        ),
        _attr(
            text,
            "Das Verteidigungsministerium",
            "bestritt",
            "jede militärische Lieferung an den Hafen von Kellmar",
            "official",
            stance="denies",
        ),
    ]


RU_BODY = (
    "В порт Келмар якобы доставлен секретный военный груз НАТО, сообщил источник в "
    "военно-дипломатических кругах.\n"
    "По данным Telegram-канала «Келмар Вотч», разгрузка продолжалась всю ночь.\n"
    "Министерство обороны опровергло эту информацию.\n"
    "Порт Келмар является крупнейшим контейнерным терминалом региона."
)


def _ru_attributions(text: str) -> list[dict[str, Any]]:
    return [
        _attr(
            text,
            "источник в военно-дипломатических кругах",
            "сообщил",
            "В порт Келмар якобы доставлен секретный военный груз НАТО",
            "anonymous",
            hedged=True,
        ),
        _attr(
            text,
            "Telegram-канала «Келмар Вотч»",
            "По данным",
            "разгрузка продолжалась всю ночь",
            "social-media",
        ),
        _attr(text, "Министерство обороны", "опровергло", "эту информацию", "official", stance="denies"),
    ]


AR_BODY = (
    "أفادت مصادر دبلوماسية وعسكرية بأن شحنة عسكرية سرية لحلف الناتو أُنزلت ليلا في ميناء كيلمار.\n"
    "وبحسب قناة على تلغرام، استمر التفريغ طوال الليل.\n"
    "ونفت وزارة الدفاع هذه المعلومات."
)


def _ar_attributions(text: str) -> list[dict[str, Any]]:
    return [
        _attr(
            text,
            "مصادر دبلوماسية وعسكرية",
            "أفادت",
            "شحنة عسكرية سرية لحلف الناتو أُنزلت ليلا في ميناء كيلمار",
            "anonymous",
        ),
        _attr(text, "قناة على تلغرام", "وبحسب", "استمر التفريغ طوال الليل", "social-media"),
        _attr(text, "وزارة الدفاع", "ونفت", "هذه المعلومات", "official", stance="denies"),
    ]


DEBUNK_BODY = (
    "The Kellmar Port Authority said no military cargo had been unloaded at the port this month.\n"
    "“Our logs show only two civilian container ships that night,” port director Anna Lind told "
    "The Baltic Review.\n"
    "The claim first appeared on Sputnik and spread through websites in French, English, German and "
    "Arabic within three days."
)


def _debunk_attributions(text: str) -> list[dict[str, Any]]:
    return [
        _attr(
            text,
            "The Kellmar Port Authority",
            "said",
            "no military cargo had been unloaded at the port this month",
            "official",
            stance="denies",
        ),
        _attr(
            text,
            "port director Anna Lind",
            "told",
            "Our logs show only two civilian container ships that night",
            "official",
            direct=True,
            stance="disputes",
        ),
    ]


def _article(
    id: int,
    title: str,
    outlet: str | None,
    site_name: str | None,
    lang: str,
    published: str | None,
    text: str,
    attributions: list[dict[str, Any]],
    origins: list[dict[str, Any]],
    unattributed: list[str] = (),
    independent: int = 1,
) -> dict[str, Any]:
    return {
        "id": id,
        "title": title,
        "url": f"https://{outlet}/2025/03/kellmar-{id}" if outlet else None,
        "outlet": outlet,
        "site_name": site_name,
        "lang": lang,
        "published": published,
        "text": text,
        "attributions": attributions,
        "unattributed": [list(_span(text, sentence)) for sentence in unattributed],
        "origins": origins,
        "roots": [],
        "independent_sources": independent,
    }


def sample_view() -> dict[str, Any]:
    """A fresh copy of the sample view (tests may mutate it)."""
    fr2 = "Nos confrères de Sputnik rapportent une information troublante.\n" + FR_BODY
    en2 = EN_BODY + "\nThis is what the mainstream media will not tell you."
    ar2 = AR_BODY + "\nويأتي ذلك وسط توتر متصاعد في المنطقة."
    articles = [
        _article(
            101,
            "Une « cargaison secrète » de l'OTAN débarquée de nuit au port de Kellmar",
            "infos-alternatives.fr",
            "Infos Alternatives",
            "fr",
            "2025-03-04",
            FR_BODY,
            _fr_attributions(FR_BODY),
            [SPUTNIK, ANON],
            ["Le port de Kellmar est le plus grand terminal de conteneurs de la région"],
        ),
        _article(
            102,
            "Kellmar : l'OTAN aurait débarqué une cargaison secrète",
            "lecourrierdupeuple.net",
            "Le Courrier du Peuple",
            "fr",
            "2025-03-04",
            fr2,
            _fr_attributions(fr2),
            [SPUTNIK, ANON],
            ["Le port de Kellmar est le plus grand terminal de conteneurs de la région"],
        ),
        _article(
            103,
            "Secret NATO cargo unloaded at night in Kellmar port",
            "truthwire.news",
            "TruthWire",
            "en",
            "2025-03-05",
            EN_BODY,
            _en_attributions(EN_BODY),
            [SPUTNIK, ANON],
            ["Kellmar is the largest container terminal in the region."],
        ),
        _article(
            104,
            "What they are hiding in Kellmar: NATO's night cargo",
            "globalcitizenreport.com",
            "Global Citizen Report",
            "en",
            "2025-03-06",
            en2,
            _en_attributions(en2),
            [SPUTNIK, ANON],
            ["This is what the mainstream media will not tell you."],
        ),
        _article(
            105,
            "Geheime NATO-Ladung nachts im Hafen von Kellmar entladen",
            "wahrheitsblatt.de",
            "Wahrheitsblatt",
            "de",
            "2025-03-06",
            DE_BODY,
            _de_attributions(DE_BODY),
            [SPUTNIK, ANON],
        ),
        _article(
            106,
            "Источник: в порт Келмар доставлен секретный груз НАТО",
            "vesti-segodnya.ru",
            "Вести сегодня",
            "ru",
            "2025-03-04",
            RU_BODY,
            _ru_attributions(RU_BODY),
            [
                {
                    "source": "источник в военно-дипломатических кругах",
                    "source_type": "anonymous",
                    "outlet": None,
                }
            ],
            ["Порт Келмар является крупнейшим контейнерным терминалом региона."],
            independent=2,
        ),
        _article(
            107,
            "مصادر: شحنة عسكرية سرية للناتو في ميناء كيلمار",
            "alhaqiqa.net",
            "الحقيقة",
            "ar",
            "2025-03-05",
            AR_BODY,
            _ar_attributions(AR_BODY),
            [{"source": "مصادر دبلوماسية وعسكرية", "source_type": "anonymous", "outlet": None}],
            independent=2,
        ),
        _article(
            108,
            "شحنة الناتو السرية في كيلمار: ما الذي يخفونه؟",
            "sada-alarab.com",
            "صدى العرب",
            "ar",
            "2025-03-07",
            ar2,
            _ar_attributions(ar2),
            [{"source": "مصادر دبلوماسية وعسكرية", "source_type": "anonymous", "outlet": None}],
            ["ويأتي ذلك وسط توتر متصاعد في المنطقة."],
            independent=2,
        ),
        _article(
            109,
            "No NATO shipment at Kellmar, port authority says",
            "balticreview.eu",
            "The Baltic Review",
            "en",
            "2025-03-08",
            DEBUNK_BODY,
            _debunk_attributions(DEBUNK_BODY),
            [{"source": "The Kellmar Port Authority", "source_type": "official", "outlet": None}],
            [
                "The claim first appeared on Sputnik and spread through websites in French, English, "
                "German and Arabic within three days."
            ],
        ),
        _article(
            110,
            "NATO-Fracht in Kellmar: Was verschwiegen wird",
            "kellmar-nachrichten.info",
            None,
            "de",
            None,
            DE_BODY,
            _de_attributions(DE_BODY),
            [SPUTNIK, ANON],
        ),
    ]

    def passage(source_text: str, target_text: str, part_source: str, part_target: str) -> dict[str, int]:
        s0, s1 = _span(source_text, part_source)
        t0, t1 = _span(target_text, part_target)
        return {"source_start": s0, "source_end": s1, "target_start": t0, "target_end": t1}

    def relation(
        source_id: int | str,
        target_id: int,
        kind: str,
        score: float,
        passages: list[dict[str, int]] = (),
        credit: str | None = None,
        shares: tuple[float, float] = (1.0, 1.0),
    ) -> dict[str, Any]:
        return {
            "source_id": source_id,
            "target_id": target_id,
            "kind": kind,
            "score": score,
            "evidence": {
                "passages": list(passages),
                "credit": credit,
                "source_share": shares[0],
                "target_share": shares[1],
            },
        }

    relations = [
        relation("ext:sputnik", 101, "cites", 1.0, credit="Sputnik", shares=(0.0, 0.0)),
        relation("ext:anon-1", 106, "cites", 0.9, shares=(0.0, 0.0)),
        relation("ext:kellmar-watch", 106, "cites", 0.8, shares=(0.0, 0.0)),
        relation(101, 102, "copy", 0.94, [passage(FR_BODY, fr2, FR_BODY, FR_BODY)], shares=(1.0, 0.93)),
        relation(101, 103, "translation", 0.88, credit=None, shares=(0.86, 1.0)),
        relation(103, 104, "copy", 0.97, [passage(EN_BODY, en2, EN_BODY, EN_BODY)], shares=(1.0, 0.95)),
        relation(103, 105, "translation", 0.85, shares=(0.9, 1.0)),
        relation(105, 110, "copy", 1.0, [passage(DE_BODY, DE_BODY, DE_BODY, DE_BODY)]),
        relation(106, 107, "translation", 0.81, shares=(0.75, 1.0)),
        relation(107, 108, "copy", 0.92, [passage(AR_BODY, ar2, AR_BODY, AR_BODY)], shares=(1.0, 0.9)),
        relation(103, 109, "cites", 0.6, shares=(0.1, 0.05)),
    ]

    denials = []
    for article in articles:
        for attribution in article["attributions"]:
            if attribution["stance"] == "denies":
                denials.append(
                    {
                        "article_id": article["id"],
                        "source": attribution["source"],
                        "content": attribution["content"],
                        "start": attribution["start"],
                        "end": attribution["end"],
                    }
                )

    view = {
        "story": {
            "id": "s1",
            "title": "NATO “secret cargo” unloaded at the port of Kellmar",
            "languages": ["fr", "en", "de", "ru", "ar"],
            "outlets": sorted({a["outlet"] for a in articles}),
            "first_published": "2025-03-04",
            "last_published": "2025-03-08",
            "narrative_id": "n-nato-secret-shipments",
        },
        "articles": articles,
        "relations": relations,
        "external": [
            {"id": "ext:sputnik", "label": "Sputnik", "source_type": "outlet", "outlet": "sputnik"},
            {
                "id": "ext:anon-1",
                "label": "une source diplomatique et militaire",
                "source_type": "anonymous",
                "outlet": None,
            },
            {
                "id": "ext:kellmar-watch",
                "label": "Telegram channel “Kellmar Watch”",
                "source_type": "social-media",
                "outlet": None,
            },
        ],
        "roots": ["ext:sputnik", "ext:anon-1", "ext:kellmar-watch"],
        "independent_sources": [ANON, TELEGRAM],
        "denials": denials,
        "factchecks": [
            {
                "id": 1,
                "claim": "NATO secretly unloaded a military shipment at the port of Kellmar.",
                "verdict": "False: port records show only two civilian ships that night.",
                "rating": "false",
                "publisher": "Baltic FactCheck",
                "url": "https://factcheck.example/2025/kellmar-cargo",
                "date": "2025-03-09",
                "lang": "en",
                "score": 0.87,
                "article_id": 103,
                "sentence": "A secret NATO military shipment was allegedly unloaded overnight at the port "
                "of Kellmar, a diplomatic and military source told Sputnik.",
            },
            {
                "id": 2,
                "claim": "Im Hafen von Kellmar wurden Waffen der NATO entladen.",
                "verdict": "Irreführend: keine Belege für eine Militärlieferung.",
                "rating": "misleading",
                "publisher": "Faktenprüfer",
                "url": "https://faktenpruefer.example/kellmar",
                "date": None,
                "lang": "de",
                "score": 0.74,
                "article_id": 105,
                "sentence": None,
            },
        ],
    }
    return copy.deepcopy(view)
