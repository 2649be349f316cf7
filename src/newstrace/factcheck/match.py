"""Match what articles say to fact-checks, across languages.

Each (text, fact-check) pair gets a few features: multilingual sentence-embedding cosines (USE v3,
``newstrace.reuse.translation.embed``) of the text against the fact-check's claim, title and best
summary sentence; stemmed BM25 and rarity-weighted word coverage in each direction, within a
language (``factcheck.lexical``); a BM25 score over language-independent anchors (name skeletons
and numbers, ``newstrace.anchors``); whether the numbers agree; and whether both share a language.
Social-media posts are cleaned first (``factcheck.social``: signature dates, links, hashtags). A
linear mix of the features ranks the fact-checks; a logistic calibration of the top score says
whether any of them verifies the text. Posts (``social.is_post``) and written claims or articles
have a mix each (settings in ``data/matcher.yaml``): the posts' is fitted on CLEF 2020 CheckThat!
task 2 train (``benchmarks/clef2020.py --fit``), the other on it and the gold dev split
(``--fit-claims``); one mix for both is worse on each (README, CLEF 2020).

Articles are matched on what they claim (``claim_units``: headline, lead, asserted attributions;
never a passage that reports a denial), on their own scale (``Matcher.article_scores``), since a
sentence on the same place and week scores nearly like the claim itself; a fact-check that names
its claimant matches best the articles that name them (issue 10, part 5).

The embeddings prefer a text's own language (LESSONS.md, cases 1 and 6): two sentences on
related topics score about 0.065 higher when they share a language. That offset was measured
on pairs that are *not* matches (a claim against other fact-checks of its story), so it corrects
the model's bias without teaching the matcher that matches are always cross-lingual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from newstrace.anchors import name_keys, name_tokens, numbers
from newstrace.attribution import headline_stance
from newstrace.extract.lang import detect_language
from newstrace.factcheck.lexical import WordIndex, words
from newstrace.factcheck.settings import settings
from newstrace.factcheck.social import clean_post, is_post
from newstrace.model import Article, Attribution, FactCheck, FactCheckMatch
from newstrace.reuse.translation import embed
from newstrace.store import Store
from newstrace.text import sentences

_SETTINGS = settings()
FEATURES: tuple[str, ...] = tuple(_SETTINGS["features"])
WEIGHTS: tuple[float, ...] = tuple(_SETTINGS["weights"])
CALIBRATION: tuple[float, float] = tuple(_SETTINGS["calibration"])  # type: ignore[assignment]
POST_WEIGHTS: tuple[float, ...] = tuple(_SETTINGS["post_weights"])
POST_CALIBRATION: tuple[float, float] = tuple(_SETTINGS["post_calibration"])  # type: ignore[assignment]
THRESHOLD: float = _SETTINGS["threshold"]  # calibrated score from which a fact-check verifies a text
SAME_LANGUAGE_OFFSET: float = _SETTINGS["same_language_offset"]
MIN_WORDS: int = _SETTINGS["min_words"]
ARTICLE_SLOPE: float = _SETTINGS["article_slope"]
ARTICLE_POINT: float = _SETTINGS["article_point"]
STORY_POINT: float = _SETTINGS["story_point"]
STORY_SUPPORT: float = _SETTINGS["story_support"]
SUPPORT_ARTICLES: int = _SETTINGS["support_articles"]
# the article-scale score from which an article carries a claim its story carries
STORY_CUT: float = 1.0 / (1.0 + np.exp(-ARTICLE_SLOPE * (STORY_POINT - ARTICLE_POINT)))
CLAIMANT_FACTOR: float = _SETTINGS["claimant_factor"]
CLAIMANT_SHARE = 0.6  # share of a claimant's name keys an article must have to name them


@dataclass(slots=True)
class Candidate:
    """A fact-check ranked for one text."""

    factcheck: FactCheck
    score: float  # calibrated 0..1
    similarity: float  # cosine of the text and the fact-check's claim


class Matcher:
    """The fact-checks one wants to match against, embedded and indexed once.

    ``Matcher(factchecks).rank("text", "fr")`` for one claim; ``match_article(article)`` for
    the sentences of an article.
    """

    def __init__(
        self,
        factchecks: Sequence[FactCheck],
        weights: Sequence[float] = WEIGHTS,
        calibration: tuple[float, float] = CALIBRATION,
        post_weights: Sequence[float] = POST_WEIGHTS,
        post_calibration: tuple[float, float] = POST_CALIBRATION,
    ):
        self.factchecks = list(factchecks)
        self.weights = np.asarray(weights, dtype=np.float32)
        self.calibration = calibration
        self.post_weights = np.asarray(post_weights, dtype=np.float32)
        self.post_calibration = post_calibration
        self.langs = [fc.lang for fc in self.factchecks]
        self._claims = embed([clean_post(fc.claim) for fc in self.factchecks])
        self._titles = embed([clean_post(fc.title or fc.claim) for fc in self.factchecks])
        owners, summary_sentences = [], []
        for i, fc in enumerate(self.factchecks):
            for s in sentences(fc.summary or ""):
                owners.append(i)
                summary_sentences.append(s.text)
        self._summary = embed(summary_sentences)
        self._summary_owner = np.asarray(owners, dtype=np.int64)
        texts = [
            clean_post(" ".join(filter(None, (fc.claim, fc.title, fc.summary)))) for fc in self.factchecks
        ]
        self._has_numbers = np.zeros(len(self.factchecks), dtype=bool)
        self._by_number: dict[str, list[int]] = {}
        for i, fc in enumerate(self.factchecks):
            for n in numbers(clean_post(f"{fc.claim} {fc.title or ''}"), words=True):
                self._by_number.setdefault(n, []).append(i)
                self._has_numbers[i] = True
        bm25 = _SETTINGS["bm25"]
        self._words = WordIndex(
            [words(t, fc.lang) for t, fc in zip(texts, self.factchecks, strict=True)], **bm25
        )
        self._anchors = WordIndex([_anchors(t) for t in texts], **bm25)
        self._claimants = [claimants(fc) for fc in self.factchecks]
        # the bodies they speak for (Zakharova -> ru-mfa, "Russian MoD" -> ru-mod), named in any
        # language through the actor registry
        self._claimant_bodies = [{b for b in map(_body, c) if b} for c in self._claimants]

    def __len__(self) -> int:
        return len(self.factchecks)

    # -- scoring -------------------------------------------------------------------------------
    def features(self, texts: Sequence[str], langs: Sequence[str | None]) -> np.ndarray:
        """Array (texts, fact-checks, FEATURES) — for the benchmark's fitting and for scoring."""
        n, m = len(texts), len(self.factchecks)
        out = np.zeros((n, m, len(FEATURES)), dtype=np.float32)
        if n == 0 or m == 0:
            return out
        texts = [clean_post(t) for t in texts]
        vectors = embed(texts)
        same = np.array([[q is not None and q == f for f in self.langs] for q in langs], dtype=np.float32)
        offset = SAME_LANGUAGE_OFFSET * same
        out[..., 0] = vectors @ self._claims.T - offset
        out[..., 1] = vectors @ self._titles.T - offset
        if len(self._summary):
            best = np.full((n, m), -1.0, dtype=np.float32)
            sims = vectors @ self._summary.T
            for column, owner in enumerate(self._summary_owner):
                np.maximum(best[:, owner], sims[:, column], out=best[:, owner])
            out[..., 2] = np.where(best > -1.0, best, out[..., 0]) - offset
        else:
            out[..., 2] = out[..., 0]
        for row, (text, lang) in enumerate(zip(texts, langs, strict=True)):
            tokens = words(text, lang)
            lexical = self._words.bm25(tokens)
            top = float(lexical.max()) if len(lexical) else 0.0
            if top > 0:
                out[row, :, 3] = lexical / top
            out[row, :, 4], out[row, :, 5] = self._words.coverage(tokens)
            anchors = self._anchors.bm25(_anchors(text))
            top = float(anchors.max()) if len(anchors) else 0.0
            if top > 0:
                out[row, :, 6] = anchors / top
            found = numbers(text, words=True)
            if found:
                shared = np.zeros(m, dtype=bool)
                for n in found:
                    shared[self._by_number.get(n, [])] = True
                out[row, :, 7] = shared
                out[row, :, 8] = self._has_numbers & ~shared
        out[..., 9] = same
        # where each fact-check ranks, for this text, by the claim and title cosines and the words
        for column, feature in ((10, 0), (11, 1), (12, 3)):
            order = np.argsort(-out[..., feature], axis=1, kind="stable")
            np.put_along_axis(out[..., column], order, 1.0 / np.arange(1, m + 1, dtype=np.float32), axis=1)
        return out

    def scores(
        self, texts: Sequence[str], langs: Sequence[str | None], posts: Sequence[bool] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Calibrated scores (texts × fact-checks) and the claim cosines behind them. A text that
        is a social-media post (``posts``; by default ``social.is_post``) is scored with the posts'
        weights and calibration."""
        features = self.features(texts, langs).astype(np.float64)
        posts = [is_post(t) for t in texts] if posts is None else posts
        out = np.zeros(features.shape[:2])
        for row, post in enumerate(posts):
            weights, (a, b) = (
                (self.post_weights, self.post_calibration) if post else (self.weights, self.calibration)
            )
            out[row] = 1.0 / (1.0 + np.exp(-(a * (features[row] @ weights.astype(np.float64)) + b)))
        return out, features[..., 0].astype(np.float32)

    def rank(
        self, text: str, lang: str | None = None, k: int = 5, post: bool | None = None
    ) -> list[Candidate]:
        """The ``k`` fact-checks most likely to verify ``text``, best first (no threshold);
        ``post`` says whether it is a social-media post (by default ``social.is_post``)."""
        if not self.factchecks:
            return []
        lang = lang or detect_language(text)
        score, similarity = self.scores([text], [lang], None if post is None else [post])
        order = np.argsort(-score[0], kind="stable")[:k]
        return [Candidate(self.factchecks[j], float(score[0, j]), float(similarity[0, j])) for j in order]

    # -- articles and stories ------------------------------------------------------------------
    def match_article(
        self,
        article: Article,
        k: int = 3,
        threshold: float = THRESHOLD,
        attributions: Sequence[Attribution] = (),
    ) -> list[FactCheckMatch]:
        """Fact-checks of claims ``article`` makes, best first, each with the passage (offsets
        into ``article.text``; None for the headline) that carries the claim.

        Only what the article claims is compared (``claim_units``: headline, lead, the content
        of the attributions that assert, ``attributions`` being its analysis), never a passage
        that reports a denial. Scores are on the article scale (``article_scores``), and a
        fact-check that names its claimant keeps ``claimant_factor`` of its score in an article
        that never names them."""
        return [m for m in self._article_matches(article, attributions, k=k) if m.score >= threshold]

    def match_in_story(
        self, article: Article, factcheck_ids: Iterable[int], attributions: Sequence[Attribution] = ()
    ) -> list[FactCheckMatch]:
        """Matches of ``article`` with fact-checks its story carries (``factcheck_ids``: another
        article of the story, one that makes the claim, matched them): the article carries the
        claim too when one of its own claims reaches ``story_point`` on the article scale (lower
        than ``article_point``: the story already tells the claim from its topic). Their scores
        stay on the article scale, below the threshold an article needs alone."""
        wanted = set(factcheck_ids)
        if not wanted:
            return []
        return [m for m in self._article_matches(article, attributions, only=wanted) if m.score >= STORY_CUT]

    def candidates(self, article: Article, attributions: Sequence[Attribution] = ()) -> list[FactCheckMatch]:
        """Every fact-check with ``article``'s best passage for it and its score on the article
        scale (claimant factor applied), best first, whatever the score: a story's evidence
        (``story_support``)."""
        return self._article_matches(article, attributions)

    def _article_matches(
        self,
        article: Article,
        attributions: Sequence[Attribution],
        k: int | None = None,
        only: set[int] | None = None,
    ) -> list[FactCheckMatch]:
        """The ``k`` best fact-checks (or those of ``only``), each with the article's best
        passage for it, best first, whatever their score."""
        if not self.factchecks:
            return []
        units = claim_units(article, attributions)
        if not units:
            return []
        lang = article.lang or detect_language(article.text)
        score, similarity = self.article_scores([u[2] for u in units], [lang] * len(units))
        best_unit = score.argmax(axis=0)
        best = score[best_unit, np.arange(len(self.factchecks))]
        if any(self._claimants):
            whole = " ".join(filter(None, (article.title, article.text, article.outlet)))
            named = name_keys(whole)
            bodies: set[str] | None = None
            for j, claimant in enumerate(self._claimants):
                if not claimant or any(_names_claimant(named, c) for c in claimant):
                    continue
                if self._claimant_bodies[j]:
                    if bodies is None:
                        bodies = _bodies(whole)
                    if self._claimant_bodies[j] & bodies:
                        continue
                best[j] *= CLAIMANT_FACTOR
        order = np.argsort(-best, kind="stable")
        if only is not None:
            order = [j for j in order if self.factchecks[j].id in only]
        matches = []
        for j in order[:k]:
            start, end, text = units[best_unit[j]]
            matches.append(
                FactCheckMatch(
                    factcheck_id=self.factchecks[j].id,
                    article_id=article.id,
                    score=round(float(best[j]), 4),
                    sentence=text,
                    sentence_start=start,
                    sentence_end=end,
                    similarity=round(float(similarity[best_unit[j], j]), 4),
                )
            )
        return matches

    def article_scores(
        self, texts: Sequence[str], langs: Sequence[str | None]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Scores (texts × fact-checks) of passages of articles: the same linear mix as ``scores``
        on the article scale of matcher.yaml (``article_point``, ``article_slope``): 0.5 where a
        passage carries the claim rather than its topic."""
        features = self.features(texts, langs)
        linear = features.astype(np.float64) @ self.weights.astype(np.float64)
        return 1.0 / (1.0 + np.exp(-ARTICLE_SLOPE * (linear - ARTICLE_POINT))), features[..., 0]


def story_support(scores: Iterable[dict[int, float]], n: int = SUPPORT_ARTICLES) -> dict[int, float]:
    """Per fact-check id, the mean score of the ``n`` articles of a story that carry its claim
    best (``scores``: one {fact-check id: article-scale score} per article that is not a
    debunk; all of them when the story is smaller). A story whose best articles both come near
    the threshold carries the claim even when none of them alone reaches it with a headline that
    asserts (``story_support`` in matcher.yaml); one article on the topic is not enough."""
    by_factcheck: dict[int, list[float]] = {}
    for article in scores:
        for factcheck_id, score in article.items():
            by_factcheck.setdefault(factcheck_id, []).append(score)
    return {f: float(np.mean(sorted(v, reverse=True)[:n])) for f, v in by_factcheck.items()}


Unit = tuple[int | None, int | None, str]


def claim_units(article: Article, attributions: Sequence[Attribution] = ()) -> list[Unit]:
    """What ``article`` itself claims, as (start, end, text) with offsets into its text (None for
    the headline): the headline, the first ``lead_sentences`` sentences and the content of every
    attribution that asserts. A headline that reports a denial ("Coalition denies …"), and a
    sentence or content that holds a denial or a dispute (its cue or its content), are not claims
    of the article: an article that reports a claim only to deny it keeps what it relays of the
    claim in its own words, if anything. An article not analysed has its headline and lead only."""
    against = [
        (min(a.start, a.cue_start), max(a.end, a.cue_end)) for a in attributions if a.stance != "asserts"
    ]

    def disputed(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in against)

    units: list[Unit] = []
    title = (article.title or "").strip()
    if _words(title) >= MIN_WORDS and headline_stance(title, article.lang) == "asserts":
        units.append((None, None, title))
    lead = [s for s in sentences(article.text) if _words(s.text) >= MIN_WORDS and s.text.strip() != title][
        : _SETTINGS["lead_sentences"]
    ]
    units += [(s.start, s.end, s.text) for s in lead if not disputed(s.start, s.end)]
    seen = {(u[0], u[1]) for u in units}
    for a in attributions:
        if a.stance != "asserts" or (a.start, a.end) in seen or _words(a.content) < MIN_WORDS:
            continue
        if not disputed(a.start, a.end):
            units.append((a.start, a.end, a.content))
            seen.add((a.start, a.end))
    return units


_LETTERS = re.compile(r"[^\W\d_]{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _words(text: str) -> int:
    """How many words ``text`` says: runs of two letters or more, so that a dateline ("Пятница,
    9 июня 2023, 10:22") is not a claim; Chinese, Japanese and Korean, written without spaces,
    count one word per two characters."""
    cjk = len(_CJK.findall(text))
    return len(_LETTERS.findall(_CJK.sub(" ", text))) + cjk // 2


_CLAIMANT_PREFIX = re.compile(r"^([^:.;!?]{2,60}):\s")  # "Russian MoD: the video shows …"
_CLAIMANT_SUFFIX = re.compile(r"\(([^()]{2,60})\)\s*$")  # "… is shelling the plant (Zakharova)"


def claimants(factcheck: FactCheck) -> list[str]:
    """Who made the claim a fact-check checks, when it says: its claimant (several split on
    ';'), or a short "Who: claim" prefix or "claim (Who)" suffix of the claim."""
    found = [c.strip() for c in re.split(r"[;|]", factcheck.claimant or "") if c.strip()]
    for pattern in (_CLAIMANT_PREFIX, _CLAIMANT_SUFFIX):
        m = pattern.search(factcheck.claim)
        if m and len(m.group(1).split()) <= 6 and _looks_like_a_name(m.group(1)):
            found.append(m.group(1).strip())
    return [c for c in found if name_keys(c)]


def _looks_like_a_name(text: str) -> bool:
    """Whether a claim's "X: …" prefix or "(X)" suffix names someone ("Russian MoD", "Maria
    Zakharova", "Russian embassy in Spain") rather than being part of the claim ("Bucha was a
    staged 'simulacro': …"): the registry knows it, or at least half its words are capitalised."""
    if _body(text):
        return True
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    return bool(words) and sum(w[0].isupper() for w in words) >= len(words) / 2


def _body(name: str) -> str | None:
    """The body an actor named ``name`` speaks for (actor registry), or None."""
    from newstrace.actors import default_actors

    actors = default_actors()
    actor = actors.resolve(name)
    return actors.speaks_for(actor) if actor else None


def _bodies(text: str) -> set[str]:
    """The bodies the actors named in ``text`` speak for, and the actors themselves."""
    from newstrace.actors import default_actors

    actors = default_actors()
    found = {m.actor for m in actors.mentions(text)}
    return found | {actors.speaks_for(a) for a in found}


def _names_claimant(article_keys: set[str], claimant: str) -> bool:
    """Whether most of a claimant's name keys (any script) are among an article's."""
    keys = name_keys(claimant)
    return bool(keys) and len(keys & article_keys) >= CLAIMANT_SHARE * len(keys)


def _anchors(text: str) -> list[str]:
    """Tokens of the BM25 anchor index: name skeletons and keys, and numbers marked ``#``."""
    return name_tokens(text) + [f"#{n}" for n in numbers(text, words=True)]


def match_stored(
    store: Store,
    *,
    article_ids: Iterable[int] | None = None,
    k: int = 3,
    threshold: float = THRESHOLD,
    batch_size: int = 200,
    matcher: Matcher | None = None,
) -> int:
    """Match the latest version of every stored article (or of ``article_ids``) against every
    stored fact-check and replace their stored matches, one transaction per batch. Returns the
    number of matches stored. Rerun it after importing fact-checks."""
    from newstrace.factcheck import store as fc_store

    matcher = matcher or Matcher(fc_store.factchecks(store))
    if not len(matcher):
        return 0
    if article_ids is None:
        articles: Iterable[Article] = store.articles(latest_only=True)
    else:
        articles = (a for a in (store.get(i) for i in article_ids) if a is not None)
    done: list[tuple[int, list[FactCheckMatch]]] = []
    stored = 0
    for article in articles:
        assert article.id is not None
        analysis = store.analysis(article.id)
        attributions = analysis.attributions if analysis is not None else []
        done.append(
            (article.id, matcher.match_article(article, k=k, threshold=threshold, attributions=attributions))
        )
        if len(done) >= batch_size:
            fc_store.save_matches(store, done)
            stored += sum(len(m) for _, m in done)
            done.clear()
    fc_store.save_matches(store, done)
    return stored + sum(len(m) for _, m in done)
