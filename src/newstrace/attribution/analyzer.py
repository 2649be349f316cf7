"""Article -> Analysis: attributions with types and stances, origin chain, unattributed sentences."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

import yaml

from newstrace.actors import default_actors
from newstrace.actors.registry import tokens
from newstrace.attribution import sources as src_types
from newstrace.attribution.actors import accept_sources, resolve_actors
from newstrace.attribution.lexicon import Lexicon, lexicon
from newstrace.attribution.rules import Frame, frames
from newstrace.model import Analysis, Article, Attribution, Origin
from newstrace.outlets import OutletRegistry
from newstrace.text import sentences

_STEM = re.compile(r"\w{4,}", re.UNICODE)
_NOUN_CLASSES = ("anonymous", "official", "document", "social", "media")
SOCIAL_PHRASE = r"(?:sur|on|in|via|в|на|во|على|في|عبر|auf|bei|en|su|em|no|na)\s+(?:[\w'’-]+\s+){0,4}?"


def stems(text: str) -> set[str]:
    return {w[:5].casefold() for w in _STEM.findall(text)}


class RuleAnalyzer:
    """The lexicon + rules component; works for every language that has a lexicon file."""

    def __init__(self, lex: Lexicon, registry: OutletRegistry):
        self.lex = lex
        self.registry = registry

    def frames(self, text: str) -> list[Frame]:
        return frames(self.lex, text)

    def hedged(self, text: str, span: tuple[int, int], frame: Frame) -> bool:
        content = text[span[0] : span[1]]
        return bool(self.lex.match("hedges", content)) or (
            frame.cue.kind == "passive"
            and bool(self.lex.match("hedges", text[frame.cue.start : frame.cue.end]))
        )

    def analyze(self, article: Article) -> Analysis:
        text = article.text
        lex = self.lex
        attributions: list[Attribution] = []
        all_frames = self.frames(text)
        for frame in all_frames:
            self._hearer_outlet(text, frame)
        # "police and witnesses said": one attribution per source, each typed on its own
        all_frames = [f for frame in all_frames for f in self._conjuncts(text, frame)]
        for frame in all_frames:
            source = text[frame.source[0] : frame.source[1]] if frame.source else None
            if not src_types.plausible(
                source, lex, self.registry, strict=frame.cue.kind in ("according", "citing")
            ):
                continue
            source_type, outlet = self.classify(text, frame, source)
            content = text[frame.content[0] : frame.content[1]]
            relay_outlet = None
            if frame.relay:
                relay_outlet = self.registry.by_name(text[frame.relay[0] : frame.relay[1]], partial=True)
            stance = {"deny": "denies", "dispute": "disputes"}.get(frame.cue.kind, "asserts")
            if stance == "asserts" and frame.cue.kind == "say" and rebuts(lex, content):
                stance = "denies"  # "said the accusations were baseless", "заявил, что обвинения беспочвенны"
            if stance == "asserts" and frame.direct and opens_with_denial(lex, content):
                stance = "denies"  # '"We categorically reject that Slovakia …," Susko said'

            attributions.append(
                Attribution(
                    source=source,
                    source_type=source_type,
                    cue=text[frame.cue.start : frame.cue.end],
                    content=content,
                    start=frame.content[0],
                    end=frame.content[1],
                    cue_start=frame.cue.start,
                    cue_end=frame.cue.end,
                    source_start=frame.source[0] if frame.source else None,
                    source_end=frame.source[1] if frame.source else None,
                    direct=frame.direct,
                    stance=stance,
                    hedged=self.hedged(text, frame.content, frame),
                    overclaim=bool(lex.match("overclaim", content)),
                    opinion=frame.cue.kind == "opinion",
                    outlet=outlet or relay_outlet,
                    role=src_types.role_of(source, lex),
                )
            )
            social = self._social(text, frame, source_type, all_frames)
            if social and not any(
                a.cue_start == social.cue_start and a.source == social.source for a in attributions
            ):
                attributions.append(social)
        # anonymous mentions first, so a pronoun after "the people" reaches "people familiar with …"
        resolve_anonymous(attributions, lex)
        resolve_mentions(attributions, lex, text)
        outlet = self.registry.get(article.outlet) if article.outlet else None
        country = outlet.country if outlet else None
        resolve_actors(attributions, lex, text, default_actors(), article.title or "", country)
        accept_sources(attributions, lex, default_actors(), self._named)
        link_denials(attributions, lex)
        return Analysis(
            attributions=attributions,
            origins=origin_chain(article, attributions, self.registry),
            unattributed=unattributed(text, attributions),
        )

    def classify(self, text: str, frame: Frame, source: str | None) -> tuple[str, str | None]:
        """(source_type, outlet id) of a frame's source."""
        return src_types.classify(source, self.lex, self.registry)

    def _conjuncts(self, text: str, frame: Frame) -> list[Frame]:
        if frame.source is None:
            return [frame]
        spans = src_types.conjuncts(text, *frame.source, self.lex, self.registry, self._separate)
        return [frame] if len(spans) == 1 else [dataclasses.replace(frame, source=span) for span in spans]

    def _separate(self, a: int, b: int, c: int, d: int) -> bool | None:
        """Are text[a:b] and text[c:d] two names of their own? Rules cannot tell."""
        return None

    def _named(self, att: Attribution) -> bool | None:
        """Does a named-entity model tag a person or body in the source span? Rules cannot tell."""
        return None

    def _hearer_outlet(self, text: str, frame: Frame) -> None:
        """ "сообщил РИА Новости дипломатическо-военный источник": after an inverted cue, a bare
        outlet name followed by another noun phrase is who was told (a relay), not the source."""
        if frame.source is None or frame.relay is not None or frame.source[0] < frame.cue.end:
            return
        start, end = frame.source
        if self.registry.by_name(text[start:end]):
            return  # "сообщает РИА Новости": the outlet is the one speaking
        words = list(re.finditer(r"\S+", text[start:end]))
        for k in range(min(4, len(words) - 1), 0, -1):
            name = text[start : start + words[k - 1].end()]
            rest = (start + words[k].start(), end)
            remainder = text[rest[0] : rest[1]]
            first = remainder.split()[0].casefold()
            prepositions = self.lex.words.get("prepositions")
            if (
                self.registry.by_name(name)
                and not (prepositions and prepositions.fullmatch(first))
                and not any(cue.search(remainder) for cue in self.lex.cues.values())
                and src_types.looks_like_source(remainder, self.lex)
            ):
                frame.relay, frame.source = (start, start + words[k - 1].end()), rest
                return

    def _social(
        self, text: str, frame: Frame, source_type: str, others: list[Frame] = ()
    ) -> Attribution | None:
        """'a écrit M. X sur sa page Facebook' -> an extra social-media attribution, same content."""
        if source_type not in ("person", "official", "anonymous") or frame.source is None:
            return None
        s = frame.sentence
        social = self.lex.words.get("social")
        if social is None:
            return None
        for m in social.finditer(text, s.start, s.end):
            if frame.content[0] <= m.start() < frame.content[1]:
                continue
            lo, hi = sorted((frame.cue.start, m.start()))
            if any(lo < o.cue.start < hi and o.sentence.start == s.start for o in others if o is not frame):
                continue  # "accused …, writing on X that": the platform belongs to the other verb
            prefix = re.search(SOCIAL_PHRASE + r"$", text[max(s.start, m.start() - 40) : m.start()], re.I)
            if not prefix:
                continue
            a = m.start() - len(prefix.group(0))
            b = m.end()
            tail = re.match(r"[-\s]?[\w-]+", text[b : s.end])
            if tail and self.lex.match("social", tail.group(0)):
                b += tail.end()
            # "a post on Facebook", "un message sur Telegram": the platform after the post
            platform = re.match(
                r"\s+" + SOCIAL_PHRASE.replace(r"{0,4}", r"{0,1}") + r"[\w-]+", text[b : s.end], re.I
            )
            if platform and self.lex.match("social", platform.group(0)):
                b += platform.end()
            a = a + len(re.match(r"\S+\s+", text[a:b]).group(0))  # drop the preposition
            return Attribution(
                source=text[a:b],
                source_type="social-media",
                cue=text[frame.cue.start : frame.cue.end],
                content=text[frame.content[0] : frame.content[1]],
                start=frame.content[0],
                end=frame.content[1],
                cue_start=frame.cue.start,
                cue_end=frame.cue.end,
                source_start=a,
                source_end=b,
                direct=frame.direct,
            )
        return None


def resolve_mentions(attributions: list[Attribution], lex: Lexicon, text: str = "") -> None:
    """Pronouns and short mentions ('selon lui', 'He', 'M. Klintsevitch', 'le sénateur', 'the
    ministry') -> the fuller earlier mention of the same speaker: an earlier source, or for a
    surname the first full name ending with it in the text before ('Tunde Bakare')."""
    # indexed by surname, role and head word, so long articles stay linear
    by_name: dict[str, list[Attribution]] = {}
    by_role: dict[str, Attribution] = {}
    by_stem: dict[str, Attribution] = {}
    by_type: dict[str, Attribution] = {}
    last: Attribution | None = None
    for att in sorted(attributions, key=lambda a: a.source_start or 0):
        if not att.source:
            continue
        if att.source_type in ("anonymous", "social-media"):
            # not resolved here (resolve_anonymous), but a pronoun after it may point to it
            for h in stems(att.source):
                by_stem.setdefault(h, att)
            last = att if att.source_type == "anonymous" else last
            continue
        words = att.source.split()
        earlier = None
        name = None
        bare_noun = (
            len(words) == 1
            and att.source[0].islower()
            and att.source.casefold() not in lex.pronouns
            and any(lex.match(k, att.source) for k in _NOUN_CLASSES)
        )
        if (
            len(words) == 1
            and not bare_noun
            and (att.source[0].islower() or att.source.casefold() in lex.pronouns)
        ):
            earlier = last  # a pronoun
        elif bare_noun or src_types.definite(att.source):
            # "the ministry", "La maire", "le prévenu": an earlier mention with the same head
            # word, else by role, else the last institution named when the head names one
            heads = stems(att.source)
            if not bare_noun:  # "police" is not "the police report"
                earlier = next((by_stem[h] for h in heads if h in by_stem), None)
            if earlier is None and att.role:
                # "the officer", "the minister": the same role, else the last person named
                earlier = by_role.get(att.role.casefold()) or by_type.get("person")
            if earlier is None and att.source_type in ("official", "document"):
                earlier = by_type.get(att.source_type)
        else:
            name = src_types.surname(att.source)
            if name:
                earlier = next(
                    (p for p in reversed(by_name.get(name, [])) if len(p.source) > len(att.source)), None
                )
                if earlier is None and att.source_start is not None:
                    full = _full_name(text, name, att.source_start)
                    if full and len(full) > len(att.source):
                        att.refers_to = full
            elif att.role:
                earlier = by_role.get(att.role.casefold())
        if earlier is not None and earlier.source != att.source:
            att.refers_to = earlier.refers_to or earlier.source
            att.source_type = earlier.source_type
            att.role = att.role or earlier.role
            continue  # a short mention adds no new name to the indexes
        if name:
            by_name.setdefault(name, []).append(att)
        if att.role:
            by_role[att.role.casefold()] = att
        for h in stems(att.source):
            by_stem.setdefault(h, att)
        by_type[att.source_type] = att
        last = att


_CAPITALISED = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.-]+"


def _full_name(text: str, surname: str, before: int) -> str | None:
    """The first 'Given Surname' (up to three capitalised words before it) in text[:before]."""
    found = re.search(rf"(?:{_CAPITALISED}[^\S\n]+){{1,3}}{re.escape(surname)}(?![\w-])", text[:before])
    return found.group(0) if found else None


def resolve_anonymous(attributions: list[Attribution], lex: Lexicon) -> None:
    """A later mention of an unnamed source ('the source', 'собеседник агентства') -> the
    description it was first given ('a diplomatic and military source'): an anaphoric phrase
    of the language, or a shorter mention whose words all occur in the earlier one."""
    anaphoric = lex.words.get("anaphoric")
    earlier: list[Attribution] = []
    for att in sorted(attributions, key=lambda a: a.source_start or 0):
        if att.source_type != "anonymous" or not att.source or att.refers_to:
            continue
        words = stems(att.source)
        first = next(
            (e for e in earlier if words and words <= stems(e.source) and len(e.source) > len(att.source)),
            None,
        )
        if first is None and earlier and anaphoric and anaphoric.search(att.source):
            first = earlier[-1]
        if first is not None and first.source != att.source:
            att.refers_to = first.refers_to or first.source
        else:
            earlier.append(att)


# a reported rebuttal is short: past this many words the content argues rather than denies
_REBUTTAL_WORDS = 30
# a reported negation denies when it comes within the content's first words
_NEGATION_WORDS = 10


def rebuts(lex: Lexicon, content: str) -> bool:
    """Does reported content reject a claim: a claim noun and a rebuttal word ("the accusations
    were baseless", "les images sont une mise en scène", "الاتهامات لا أساس لها من الصحة")?"""
    if len(content.split()) > _REBUTTAL_WORDS:
        return False
    noun = lex.match("claim_nouns", content)
    return noun is not None and lex.match("rebuttal", content) is not None


# a quote that denies says so at once: "We categorically reject …", "Мы категорически отвергаем …"
_QUOTE_DENIAL_WORDS = 3


def opens_with_denial(lex: Lexicon, content: str) -> bool:
    """Does a direct quote open with a deny cue (its speaker rejecting, in the first person)?"""
    words = content.lstrip("\"«“„'‘ ").split()
    head = " ".join(words[: _QUOTE_DENIAL_WORDS + 1])
    deny = lex.cues.get("deny")
    found = deny.search(head) if deny is not None else None
    if found is None or len(head[: found.start()].split()) > _QUOTE_DENIAL_WORDS - 1:
        return False
    return not default_actors().mentions(head[: found.start()])  # "Russia denies it, but …" reports


def link_denials(attributions: list[Attribution], lex: Lexicon) -> None:
    """A denial answers the earlier claim it shares most words with; an assertion whose content
    negates an earlier claim ('a réagi en affirmant que … n'avaient pas évacué') is a denial."""

    def who(a: Attribution) -> str:
        return (a.refers_to or a.source or "").casefold()

    content_stems = [stems(a.content) for a in attributions]
    for i, att in enumerate(attributions):
        if (
            att.stance == "asserts"
            and (
                att.direct
                or len(att.content.split()) > 40
                # the negation must be the report's point, not a clause at its end ("confirmed
                # the agent, but did not name who used it")
                or not lex.match("negation", " ".join(att.content.split()[:_NEGATION_WORDS]))
            )
        ):
            continue  # only a short reported negation reads as a denial; quotes argue, they rarely deny
        mine = content_stems[i]
        best, best_overlap = None, 1
        for j, other in enumerate(attributions):
            if j == i or other.stance != "asserts" or who(other) == who(att):
                continue
            overlap = len(mine & content_stems[j])
            if overlap > best_overlap:
                best, best_overlap = j, overlap
        if att.stance == "asserts":
            if best is not None and best_overlap >= 3 and best < i and not att.opinion:
                att.stance = "denies"
                att.answers = best
        elif best is not None:
            att.answers = best


def origin_chain(
    article: Article,
    attributions: list[Attribution],
    registry: OutletRegistry | None = None,
    lexicon_free: bool = False,
) -> list[Origin]:
    """The sources the article credits for its main claim, outermost first.

    Credit lines come first (the outlet republished or translated), then outlets the text
    names as its source, then the original source of the main claim — the non-outlet source
    whose content shares most with the headline, preferring reports of fact over opinions.
    ``lexicon_free``: the article's language has no reporting verbs to read (Estonian, Slovak,
    Bulgarian…); an outlet its lead names is then taken as credited (``lead_outlets``).
    """
    chain: list[Origin] = []
    seen: set[str] = set()

    def add(origin: Origin) -> None:
        key = origin.outlet or origin.source.casefold()
        if key not in seen:
            seen.add(key)
            chain.append(origin)

    for credit in article.credits:
        if credit.outlet:
            add(Origin(credit.name or credit.outlet, "outlet", credit.outlet))
    headline = stems(article.title)
    claims = [a for a in attributions if a.stance == "asserts"]
    inverted = {id(a): who for a in claims if (who := _inverted_speaker(a, article.text))}
    scored = sorted(
        claims, key=lambda a: len(_said(a, article.text) & headline) - (2 if a.opinion else 0), reverse=True
    )
    lead = _title_lead(article)
    if lead:
        # the page's title is its first sentence: the claim is that sentence's, whatever words it shares
        scored = [a for a in scored if a.cue_start < lead] + [a for a in scored if a.cue_start >= lead]
    if registry is not None:
        for name, outlet in lead_credits(article, registry):
            add(Origin(name, "outlet", outlet))
        for name, outlet in closing_credits(article, registry):
            add(Origin(name, "outlet", outlet))
        if lexicon_free:
            for name, outlet in lead_outlets(article, registry):
                add(Origin(name, "outlet", outlet))
    if registry is not None:
        for name, outlet in interview_outlets(article, registry):
            add(Origin(name, "outlet", outlet))
    # outlets the text names as a source, each with the report it makes; which of them relay the
    # headline's claim is known once its speaker is (below)
    named_outlets: list[tuple[Origin, Attribution | None]] = []
    # an outlet passing on a denial ("Лавров заявил, что это фейковая атака, сообщает РИА
    # Новости") relays it as much as any claim: the denial is its speaker's, not the outlet's
    relayed = [a for a in attributions if a.source_type == "outlet" and a.stance != "asserts"]
    for att in sorted(claims + relayed, key=lambda a: a.cue_start):
        if att.source_type == "outlet" and att.outlet:
            named_outlets.append((Origin(att.source or att.outlet, "outlet", att.outlet), att))
        elif registry is not None and (outlet := _told_outlet(att, registry)):
            # "Lo riferisce la Tass" after the claim: a credit line, whichever claim it follows
            named_outlets.append((Origin(att.content, "outlet", outlet), None))
        elif registry is not None and att.unresolved and not att.direct:
            # "Lo afferma il ministero della Difesa russo, citato dalla Tass": the outlet the
            # inverted report names after its speaker is the credited relay
            for name, outlet in _outlets_in(att.content, registry):
                if outlet != article.outlet:
                    named_outlets.append((Origin(name, "outlet", outlet), None))
    credited = list(chain)
    relays = {o.outlet for o, _ in named_outlets} | {o.outlet for o in chain}
    speaker = headline_speaker(article.title) or title_speaker(article)
    actors = default_actors()
    if speaker is not None and actors.get(speaker.actor).kind != "government":
        # the headline says which body makes its claim ("Минобороны РФ: …", "Russian Senator: …"):
        # its speaker in the text, else the body itself ("Syrie : …" names a topic, not a speaker)
        scored = [
            a
            for a in scored
            if a.actor and (_speaks_for(a.actor) == speaker.actor or actors.within(a.actor, speaker.actor))
        ] or [None]
    rebuttal = headline_rebuttal(article, attributions)
    if rebuttal is not None:
        # "Almaz-Antey contests the Dutch Safety Board report": the headline's claim is the
        # rebuttal, its speaker the origin, not the report it is about
        scored = [rebuttal]
    main: Attribution | None = None
    for att in scored:
        if att is None:
            add(speaker)
            break
        main = att
        if att is rebuttal:
            if att.outlet and att.outlet not in relays:
                add(Origin(att.outlet, "outlet", att.outlet))
            add(
                Origin(
                    att.refers_to or att.source or att.actor, att.source_type, None, _speaks_for(att.actor)
                )
            )
            break
        # the title is this sentence: a known speaker's claim there is the title's, in whatever words
        in_lead = att.cue_start < lead and bool(att.actor) and not att.unresolved
        if att.source_type in ("outlet", "social-media") or not (
            in_lead or _said(att, article.text) & headline
        ):
            main = None
            continue
        if id(att) in inverted:
            source, actor = inverted[id(att)]
            add(
                Origin(
                    source,
                    "person" if actors.get(actor).kind == "person" else "official",
                    None,
                    _speaks_for(actor),
                )
            )
            break
        if att.unresolved:
            main = None
            continue  # "he", "laquelle", "revealed X": no one's word, never an origin
        if att.outlet and att.outlet not in relays:
            add(Origin(att.outlet, "outlet", att.outlet))
        add(
            Origin(
                att.refers_to or att.source or "unnamed source", att.source_type, None, _speaks_for(att.actor)
            )
        )
        break
    else:
        if speaker is not None:
            add(speaker)
        else:
            # no claim shares a word with the headline (a recap, a headline in other words): the
            # first known actor the article quotes is the official actually speaking, asserting
            # first, else denying (a narrative that is itself a denial: "Moscow denies …")
            quoted = sorted(attributions, key=lambda a: (a.stance != "asserts", a.cue_start))
            for att in quoted:
                if att.actor and not att.actor.startswith("name:") and not att.unresolved and not att.opinion:
                    if att.outlet and att.outlet not in relays:
                        add(Origin(att.outlet, "outlet", att.outlet))
                    source = att.refers_to or att.source or att.actor
                    add(Origin(source, att.source_type, None, _speaks_for(att.actor)))
                    break
    speakers = chain[len(credited) :]
    kept = [
        origin
        for origin, att in named_outlets
        if not speakers or att is None or _relays(att, main, headline, article.text, attributions)
    ]
    chain[len(credited) :] = []
    seen.clear()
    seen.update(o.outlet or o.source.casefold() for o in chain)
    for origin in kept + speakers:
        add(origin)
    if not any(o.outlet != article.outlet or o.actor for o in chain if o.outlet or o.actor or o.source):
        named = named_origin(article)
        if named is not None:
            add(named)
    return [_specific(o, article, attributions) for o in chain]


_SENTENCE_END = re.compile(r"[.!?。！？]\s")
_TITLE_PREFIX = 40  # characters a title and a text must open with alike to be one sentence


def _title_lead(article: Article) -> int:
    """Where the first sentence ends when the page's title is that sentence (the extractor took
    the lead for a title: "Генеральная прокуратура России 18 января заявила, что …"), else 0."""
    title = " ".join((article.title or "").split())
    text = " ".join(article.text[: len(title) + 400].split())
    if len(title) < _TITLE_PREFIX or text[:_TITLE_PREFIX] != title[:_TITLE_PREFIX]:
        return 0
    end = _SENTENCE_END.search(article.text, len(title) // 2)
    return end.end() if end else len(article.text)


# a report shares this many words with the claim it relays
_RELAY_WORDS = 3


def _relays(
    outlet: Attribution,
    main: Attribution | None,
    headline: set[str],
    text: str,
    cited: list[Attribution] = (),
) -> bool:
    """Does an outlet the text names as a source pass on the headline's claim, whose report is
    ``main``? Yes when it reports in the same sentence ("Lavrov said …, RIA Novosti reports"),
    reports the same words, or shares as much with the headline; an outlet credited for a side
    claim further down ("Reuters reported the bodies were civilians") is not the article's
    source. Without a chosen report every outlet named counts."""
    if main is None:
        return True
    lo, hi = sorted((outlet.cue_start, main.cue_start))
    if not _SENTENCE_END.search(text, lo, hi):
        return True
    if len(stems(outlet.content) & stems(main.content)) >= _RELAY_WORDS:
        return True
    mine = len(_said(outlet, text) & headline)
    if mine > 0 and mine >= len(_said(main, text) & headline):
        return True
    # a report far from the claim, in other words: a side claim when it names someone else
    actors = default_actors()
    body = _speaks_for(main.actor)
    if body is None:
        return True  # the claim's speaker is no one known ("the medic"): no one else to tell apart
    others = {
        b
        for m in actors.mentions(outlet.content)
        if m.how != "metonym"
        and (b := _speaks_for(m.actor))
        and b != body
        and not actors.within(body or "", b)
    }
    # … or cites someone else for it ("TASS reported …, citing Tjibbe Joustra")
    others |= {
        b
        for a in cited
        if a is not outlet
        and a.start < outlet.end
        and outlet.start < a.end
        and (b := _speaks_for(a.actor))
        and b != body
        and not actors.within(body or "", b)
    }
    return not others


_TITLE_GAP = 3


def title_speaker(article: Article) -> Origin | None:
    """The body a headline says makes its claim, told by a reporting verb of the article's
    language: "Russian Foreign Minister Sergey Lavrov claimed …", "El ministerio de Defensa
    ruso ha negado que …", "…, a souligné le ministère russe de la Défense": the known actor
    just before the first reporting cue, else just after it (an inverted report). A government
    ("Russia denied") is the story's subject as often as its speaker and is left out."""
    lex = lexicon(article.lang) if article.lang else None
    title = article.title or ""
    if lex is None or not title:
        return None
    actors = default_actors()
    cues = sorted(
        (
            m
            for kind in ("say", "deny", "dispute", "according")
            if (c := lex.cues.get(kind))
            for m in c.finditer(title)
        ),
        key=lambda m: m.start(),
    )
    for cue in cues[:1]:
        before = re.split(r"[.;:!?«»\"“”]", title[max(0, cue.start() - 100) : cue.start()])[-1]
        after = re.split(r"[.;:!?«»\"“”]", title[cue.end() : cue.end() + 100])[0]
        # the actor named next to the cue: the last one before it, at most a few words from it
        # ("Lavrov on Saturday claimed"), else the first one after it
        near = [
            (len(tokens(before)) - m.start - m.length, m)
            for m in actors.mentions(before)
            if m.start >= 0 and len(tokens(before)) - m.start - m.length <= _TITLE_GAP
        ]
        near += [(m.start, m) for m in actors.mentions(after) if 0 <= m.start <= _TITLE_GAP * 2]
        for _, m in sorted(near, key=lambda x: (x[0], -x[1].length)):
            actor = actors.get(m.actor)
            if actor is None or actor.kind == "government" or m.how == "metonym":
                continue
            kind = "person" if actor.kind == "person" else "official"
            return Origin(actors.name(actor.id, article.lang), kind, None, _speaks_for(actor.id))
    return None


def headline_rebuttal(article: Article, attributions: list[Attribution]) -> Attribution | None:
    """The denial or dispute a headline reports ("Almaz-Antey contests the Dutch Safety Board
    report", "Moscou dément …"): a headline holding a deny or dispute cue and naming the speaker
    of a denial or dispute in the text, which is then the article's claim; the first such."""
    lex = lexicon(article.lang) if article.lang else None
    title = article.title or ""
    if lex is None or not title:
        return None
    if not any((cue := lex.cues.get(k)) is not None and cue.search(title) for k in ("deny", "dispute")):
        return None
    actors = default_actors()
    named = {_speaks_for(m.actor) for m in actors.mentions(title)}
    for att in sorted(attributions, key=lambda a: a.cue_start):
        if (
            att.stance in ("denies", "disputes")
            and att.actor
            and not att.unresolved
            and not att.opinion
            and _speaks_for(att.actor) in named
        ):
            return att
    return None


_LEAD_CHARS = 1000
_LEAD_CREDIT = re.compile(r"\(([^()\n]{2,80})\)")
_CREDIT_PARTS = re.compile(r"\s*(?:/|,|\s[-–—]\s|\s[-–—]|;)\s*")


def lead_credits(article: Article, registry: OutletRegistry) -> list[tuple[str, str]]:
    """Agencies a dateline credits before the story starts, in whatever shape it has: "(LaPresse)
    Account …", "(Global Times) 17:09, July 19", "MOSCOW (UrduPoint News / Sputnik - 08th April)
    The …": a parenthesis near the top holding a known outlet's name; a credit line ("来源:中国新闻网",
    "Source: Reuters", "به نقل از … گلوبال تایمز"); or a known outlet standing alone between the
    separators of the top lines ("CGTN العربية/ …", "2021-07-17 15:50:40 环球时报 | …",
    "央视新闻客户端消息,…"). The article's own outlet is not a credit."""
    found: list[tuple[str, str]] = []

    def credit(name: str, outlet: str | None) -> None:
        if outlet and outlet != article.outlet and all(o != outlet for _, o in found):
            found.append((name, outlet))

    top = article.text[:_CREDIT_TOP]
    for passage in (article.title or "", article.text[:200]):
        for group in _LEAD_CREDIT.finditer(passage):
            for part in _CREDIT_PARTS.split(group.group(1)):
                credit(part.strip(" .:"), registry.by_name(part.strip(" .:")))
    labels, window = _credit_labels()
    for passage in (article.title or "", top):
        for m in labels.finditer(passage):
            after = re.split(r"[.!?\n。|]", passage[m.end() : m.end() + window], maxsplit=1)[0]
            hit = _outlet_named(after, registry)
            if hit:
                credit(*hit)
    dateline = _dateline().search(article.text[:_LEAD_CHARS])
    if dateline:
        name = next(g for g in dateline.groups() if g).strip()
        credit(name, registry.by_name(name))
    photo = _photo_credit()
    # "Serhii Nuzhnenko/AP": a photographer and his agency on a line of their own
    top_lines = [line for line in article.text[:200].split("\n") if not _PHOTOGRAPHER.match(line)]
    for segment in _LEAD_SEGMENTS.split("\n".join(top_lines)):
        if photo.search(segment):
            continue  # "© photo: Sputnik", "Фото: AP": the picture's credit, not the text's
        name = _TIMESTAMP.sub(" ", segment).strip(" .,:;-–—()[]")
        name = " ".join(name.split())
        if not name or len(name) > 40 or len(name.split()) > _SEGMENT_WORDS:
            continue
        credit(
            name,
            registry.by_name(name)
            or (registry.by_name(name, partial=True) if len(name) <= 16 else None)
            or _byline(name, registry),
        )
    if article.title and len(article.title) <= 40:
        credit(article.title.strip(), _byline(article.title.strip(), registry))  # a byline for a title
    return found


_PHOTOGRAPHER = re.compile(r"^\s*[A-ZА-ЯЁ][\w'’-]+(?:\s[A-ZА-ЯЁ][\w'’-]+){1,2}\s*/\s*[\w .-]{2,30}$")
_BYLINE = re.compile(r"^(.{2,30}?)[,\s]+((?:[A-ZÀ-ÞА-ЯЁ][\w'’-]+)(?:[\s-][A-ZÀ-ÞА-ЯЁ][\w'’-]+)?)$")


def _byline(line: str, registry: OutletRegistry) -> str | None:
    """ "AFP Moscow", "AP, MOSCOW", "Reuters, Kyiv": an agency and the place it files from, alone on
    a line; the agency's id."""
    found = _BYLINE.match(line.strip(" .:-–—"))
    return registry.by_name(found.group(1).strip()) if found else None


_CLOSING_CHARS = 200
_CLOSING_PAREN = re.compile(r"\(([^()\n]{2,40})\)[\s.]*$")


def closing_credits(article: Article, registry: OutletRegistry) -> list[tuple[str, str]]:
    """The agency a closing line credits, as wires end their copy: "… used by Ukrainian Armed
    Forces only. (ANI)", "… (milenio.com)", or a credit label on the last line ("Fuente: EFE").
    The article's own outlet is not a credit."""
    tail = article.text[-_CLOSING_CHARS:].rstrip()
    found: list[tuple[str, str]] = []
    paren = _CLOSING_PAREN.search(tail)
    if paren:
        name = paren.group(1).strip(" .:")
        outlet = registry.by_name(name)
        if outlet and outlet != article.outlet:
            found.append((name, outlet))
    labels, window = _credit_labels()
    last = tail.rsplit("\n", 1)[-1]
    for m in labels.finditer(last):
        hit = _outlet_named(last[m.end() : m.end() + window], registry)
        if hit and hit[1] != article.outlet and all(o != hit[1] for _, o in found):
            found.append(hit)
    return found


# how far into the body an outlet named in a lexicon-free article's lead is still its credit
_LEAD_OUTLET_CHARS = 500


def lead_outlets(article: Article, registry: OutletRegistry) -> list[tuple[str, str]]:
    """Outlets the first lines of the body name, other than the article's own and other than a
    picture's credit: in a language whose reporting verbs newstrace cannot read ("…, vahendab
    Interfax", "…, píše agentúra Reuters", "…, съобщи Deutsche Welle"), an outlet named in the
    lead is, far more often than not, the one the article credits for its claim."""
    photo = _photo_credit()
    found: list[tuple[str, str]] = []
    for line in article.text[:_LEAD_OUTLET_CHARS].splitlines():
        if photo.search(line):
            continue
        words = _NAME_WORDS.findall(line)
        i = 0
        while i < len(words):
            for n in (4, 3, 2, 1):
                name = " ".join(words[i : i + n]).strip(".")
                outlet = registry.by_name(name) if i + n <= len(words) else None
                if outlet:
                    if outlet != article.outlet and all(o != outlet for _, o in found):
                        found.append((name, outlet))
                    i += n
                    break
            else:
                i += 1
    return found[:1]


# how far down a page a credit line or a bare outlet name is still the page's credit
_CREDIT_TOP = 300
_SEGMENT_WORDS = 3  # a name alone between separators, not a sentence naming an outlet
_LEAD_SEGMENTS = re.compile(r"\s*(?:[|/\n•·?？!！。]|\s[-–—]\s|消息[,，]?)\s*")
_TIMESTAMP = re.compile(r"\d{1,4}(?:[-/.:年月日時时]\d{1,4})*[日号]?")


@lru_cache(maxsize=1)
def _credit_labels() -> tuple[re.Pattern[str], int]:
    text = resources.files("newstrace.actors").joinpath("media.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return re.compile("|".join(f"(?:{p})" for p in data["credit_labels"]), re.I), int(data["window"])


@lru_cache(maxsize=1)
def _dateline() -> re.Pattern[str]:
    text = resources.files("newstrace.actors").joinpath("media.yaml").read_text("utf-8")
    return re.compile("|".join(f"(?:{p})" for p in yaml.safe_load(text)["dateline"]))


@lru_cache(maxsize=1)
def _photo_credit() -> re.Pattern[str]:
    text = resources.files("newstrace.actors").joinpath("media.yaml").read_text("utf-8")
    return re.compile("|".join(f"(?:{p})" for p in yaml.safe_load(text)["photo_credit"]), re.I)


def _outlet_named(after: str, registry: OutletRegistry) -> tuple[str, str] | None:
    """The first known outlet a short passage names: a run of up to three words, else (Chinese,
    written without spaces) a name inside it."""
    words = _NAME_WORDS.findall(after)
    for i in range(len(words)):
        for n in (3, 2, 1):
            name = " ".join(words[i : i + n])
            if i + n <= len(words) and (outlet := registry.by_name(name)):
                return name, outlet
    head = after.strip()[:12]
    outlet = registry.by_name(head, partial=True) if head else None
    return (head, outlet) if outlet else None


@lru_cache(maxsize=1)
def _interview() -> tuple[re.Pattern[str], int]:
    text = resources.files("newstrace.actors").joinpath("media.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return re.compile("|".join(f"(?:{p})" for p in data["interview"]), re.I), int(data["window"])


_NAME_WORDS = re.compile(r"[^\W_][\w.'’-]*")


def interview_outlets(article: Article, registry: OutletRegistry) -> list[tuple[str, str]]:
    """Outlets the article says were given an interview ("in an interview with RT", "дали
    интервью главному редактору телеканала RT", "Interview des kremlnahen Senders RT"): the
    outlet named shortly after the word, in its sentence, other than the article's own."""
    pattern, window = _interview()
    found: list[tuple[str, str]] = []
    for text in (article.title or "", article.text):
        for m in pattern.finditer(text):
            after = re.split(r"[.!?\n。]", text[m.end() : m.end() + window], maxsplit=1)[0]
            words = _NAME_WORDS.findall(after)
            hit = None
            for i in range(len(words)):
                for n in (3, 2, 1):
                    name = " ".join(words[i : i + n])
                    outlet = registry.by_name(name) if i + n <= len(words) else None
                    if outlet:
                        hit = (name, outlet)
                        break
                if hit:
                    break
            if hit and hit[1] != article.outlet and all(o != hit[1] for _, o in found):
                found.append(hit)
    return found


_INVERTED_WORDS = 12


def _inverted_speaker(att: Attribution, text: str) -> tuple[str, str] | None:
    """ "Lo afferma il ministero della Difesa russo, citato dalla Tass": a report whose source is
    a function word and whose short content opens with a known actor was parsed the wrong way
    round; (the span, the actor) of its real speaker, else None."""
    if not att.unresolved or att.direct or len(att.content.split()) > _INVERTED_WORDS:
        return None
    head = re.split(r"[,;:(]", att.content, maxsplit=1)[0].strip(' .«»"“”')
    actor = default_actors().resolve(head) if head else None
    return (head, actor) if actor else None


def _said(att: Attribution, text: str) -> set[str]:
    """Stems of what an attribution reports: its content, or for an inverted report ("Lo
    afferma il ministero") the sentence before its cue."""
    if _inverted_speaker(att, text) is None:
        return stems(att.content)
    start = min(att.cue_start, att.source_start if att.source_start is not None else att.cue_start)
    before = text[max(0, start - 400) : start]
    return stems(re.split(r"(?<=[.!?])\s+", before.strip())[-1] if before.strip() else "")


def _outlets_in(content: str, registry: OutletRegistry) -> list[tuple[str, str]]:
    """Known outlets a short content names, by runs of up to three words."""
    if len(content.split()) > _INVERTED_WORDS:
        return []
    words = _NAME_WORDS.findall(content)
    found: list[tuple[str, str]] = []
    for i in range(len(words)):
        for n in (3, 2, 1):
            name = " ".join(words[i : i + n])
            if (
                i + n <= len(words)
                and (outlet := registry.by_name(name))
                and all(o != outlet for _, o in found)
            ):
                found.append((name, outlet))
                break
    return found


def _told_outlet(att: Attribution, registry: OutletRegistry) -> str | None:
    """ "Lo riferisce la Tass", "… цитирует Интерфакс": an inverted report cut so that the
    outlet landed in the content; a content that is only an outlet's name is who reports it."""
    content = att.content.strip(' .,;:«»"“”')
    if not content or len(content.split()) > 3 or att.direct:
        return None
    return registry.by_name(content, partial=True)


def named_origin(article: Article) -> Origin | None:
    """The body an article with no quoted claim names for it, in any language (a lexicon or not):
    the speaking body named in the headline, else the one the lead names most often. Bodies and
    people come before governments and international organisations, which a story names as
    much for what is done to them as for what they say."""
    actors = default_actors()
    passages = (article.title or "", article.text[:_LEAD_CHARS])
    for passage, specific_only in [(p, True) for p in passages] + [(passages[0], False)]:
        found = [m for m in actors.mentions(passage) if m.how != "metonym"]
        bodies = [b for m in found if actors.get(b := _speaks_for(m.actor))]
        specific = [b for b in bodies if actors.get(b).kind in ("institution", "person")]
        pool = specific if specific_only else bodies
        if not pool:
            continue
        counts = Counter(pool)
        best = max(pool, key=lambda b: (counts[b], -pool.index(b)))
        kind = "person" if actors.get(best).kind == "person" else "official"
        return Origin(actors.name(best, article.lang), kind, None, best)
    return None


def _specific(origin: Origin, article: Article, attributions: list[Attribution]) -> Origin:
    """ "Russia says", "Moscow", "российская сторона": a government speaks through one of its
    bodies, and the article usually names it for the same claim ("the Defence Ministry said");
    the origin is then that body — the one the article quotes most, else names most."""
    actors = default_actors()
    gov = actors.get(origin.actor)
    if gov is None or gov.kind != "government":
        return origin
    quoted = Counter(
        b
        for a in attributions
        if a.actor and not a.unresolved and (b := _speaks_for(a.actor)) and actors.within(b, gov.id)
    )
    named = Counter(
        b
        for m in actors.mentions(f"{article.title or ''}\n{article.text}")
        if (b := _speaks_for(m.actor)) and actors.within(b, gov.id)
    )
    pool = quoted or named
    if not pool:
        return origin
    best = max(pool, key=lambda b: (pool[b], named[b]))
    return dataclasses.replace(origin, actor=best)


_HEADLINE_SPEAKER = re.compile(r"^\s*([^:：\n]{2,60}?)\s*[:：]\s+\S")
_HEADLINE_TAIL = re.compile(r"\S\s+[—–-]\s+([^—–\n]{2,60}?)\s*$")


def headline_speaker(title: str | None) -> Origin | None:
    """ "Минобороны РФ: В одном коридоре …", "Moscow: Ukrainian jet detected …", "ВСУ попытались
    захватить Запорожскую АЭС — Минобороны РФ": a headline that opens with a known actor and a
    colon, or ends with one after a dash, names who makes its claim, in any language."""
    found = _HEADLINE_SPEAKER.match(title or "") or _HEADLINE_TAIL.search(title or "")
    if not found or len(found.group(1).split()) > 6:
        return None
    actors = default_actors()
    actor = actors.resolve(found.group(1))
    if actor is None or (found.re is _HEADLINE_TAIL and actors.get(actor).kind == "government"):
        return None  # "… — Russia": a tail naming a country is the story's subject, not its speaker
    kind = "person" if actors.get(actor).kind == "person" else "official"
    return Origin(found.group(1), kind, None, _speaks_for(actor))


def _speaks_for(actor: str | None) -> str | None:
    """An origin names the body a speaker speaks for (Konashenkov -> ru-mod), as analysts do."""
    if not actor or actor.startswith("name:"):
        return actor
    return default_actors().speaks_for(actor)


def unattributed(text: str, attributions: list[Attribution]) -> list[tuple[int, int]]:
    """Declarative sentences that no attribution covers: assertions the article makes on its own."""
    covered = [(min(a.start, a.cue_start), max(a.end, a.cue_end)) for a in attributions]
    spans = []
    for s in sentences(text):
        if s.text.rstrip().endswith("?") or len(s.text.split()) < 4:
            continue
        if any(a < s.end and s.start < b for a, b in covered):
            continue
        spans.append((s.start, s.end))
    return spans


_analyzers: dict[str, RuleAnalyzer | None] = {}


def analyzer_for(lang: str | None, registry: OutletRegistry) -> RuleAnalyzer | None:
    from newstrace.attribution.components import component_for

    return component_for(lang, registry)
