"""Incremental grouping of articles into stories.

Pair evidence (``pair_scores``): cosine of whole-text embeddings after each language's mean vector
is removed (LESSONS.md case 1), plus the weighted cosine of language-neutral anchors (numbers, dates,
name skeletons; rare anchors weigh more). Articles dated more than ``window_days`` apart never share
a story: a claim told again months later is a new wave (case 2); undated articles are not held back.

A story is one event. The waves of one narrative share almost every word of their bodies (case 8),
so the headline and lead, where a report puts its news, are read too: their own embedding cosine
and anchor cosine weigh ``lead`` against the whole text's, and two articles whose leads date their
news (``features.news_day``) more than ``news_gap`` days apart lose ``news_penalty``. Copies and
translations share their leads, so they stay together; a recap of earlier waves keeps the news it
reports in its lead and the earlier waves in its body.

A wave is one speaker's statement: reports of it quote that body (a ministry, a spokesman folded into
it) in the headline and lead, reports of another wave quote another. When both leads name speakers
(``features.lead_speakers``, from the attributions' resolved actors) and none in common, the pair
loses ``speaker_penalty``; when either names none, nothing is said. A story holds a claim and its
denials, made by other speakers, so a report of a denial of its claim names no speaker, and only
the registry's bodies count (an unknown person may be a witness, his name key differs between
scripts). Two bodies of one government are two speakers (the UN mission is not its foreign
ministry), and a government named beside one of its bodies is left out of a lead's speakers.
``speaker_bonus`` (a share of common speakers) is kept at 0: on the dev corpora one body speaks in
several waves, so agreement says little, while disagreement separates waves (tuned
leave-one-corpus-out).

Reports of one event tell its own figures (twenty 152-mm shells, a serial number, 45 km); the
waves of a narrative repeat the common ones (the year, the toll). Two articles sharing a number
that few of the articles compared carry gain ``figure_bonus`` (``_shared_figures``; years are
background and left out).

Grouping is average-linkage agglomeration with two guards, run over the clusters a batch touches:

- two groups merge when they are on average at least ``join`` alike **and** at least ``cohesion``
  times as alike as the members of the looser group are among themselves. A look-alike event (same
  place, same actors, even the same figures) is close to a story, but much less close than the
  story's own translations and copies are to each other; a single global threshold cannot see that,
  a relative one can (case 5: per-document evidence beats one cut-off);
- a lone article or pair left over (typically a debunk, a denial, a follow-up: the same story in
  other words) attaches to the group it is clearly closest to: at least ``attach`` and ahead of the
  runner-up by ``margin``.

Whole texts cannot tell a look-alike event from a denial: both retell the same days, places and
actors, and a tight pair of either (a report and its translation) is about as close to the story.
What differs is the claim's own figures: a denial or a follow-up repeats the date and the counts of
what it denies ("on 26 August ... more than 20 commanders"), a different event has figures of its
own. So when a group of two or more joins a story of ``figures_story`` articles or more only
weakly (on average less than ``figures_tight`` times as alike as the group is to itself), one of
its articles must carry at least a ``figures`` share of the story's consensus figures: the numbers
and dates that half the story's articles mention, weighted by rarity (a date matches the day either
side). Articles without any figure say nothing either way, and a story without consensus figures is
not checked. Singletons are never checked: a lone article is the leftover rule's.

Known reuse relations (copies, translations) are merged first, unconditionally.
A batch only compares its articles with their nearest earlier articles' stories, so earlier
decisions are not recomputed; two stories merge when a new article bridges them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

import numpy as np
import yaml

from newstrace.actors import ActorRegistry, default_actors
from newstrace.model import Analysis, Article, Assignment, Story
from newstrace.stories.features import DIM, ArticleFeatures, features
from newstrace.stories.narratives import link_narratives

_DEFAULTS = yaml.safe_load(resources.files("newstrace.stories").joinpath("params.yaml").read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class Params:
    """Grouping parameters; defaults and what each means in ``params.yaml`` beside this module."""

    anchor_weight: float = _DEFAULTS["anchor_weight"]
    join: float = _DEFAULTS["join"]
    cohesion: float = _DEFAULTS["cohesion"]
    attach: float = _DEFAULTS["attach"]
    margin: float = _DEFAULTS["margin"]
    figures: float = _DEFAULTS["figures"]
    figures_story: int = _DEFAULTS["figures_story"]
    figures_tight: float = _DEFAULTS["figures_tight"]
    window_days: int = _DEFAULTS["window_days"]
    narrative_window: int = _DEFAULTS["narrative_window"]
    lead: float = _DEFAULTS["lead"]
    news_gap: int = _DEFAULTS["news_gap"]
    news_penalty: float = _DEFAULTS["news_penalty"]
    link_share: float = _DEFAULTS["link_share"]
    same_day: float = _DEFAULTS["same_day"]
    speaker_bonus: float = _DEFAULTS["speaker_bonus"]
    speaker_penalty: float = _DEFAULTS["speaker_penalty"]
    speaker_gap: int = _DEFAULTS["speaker_gap"]
    speaker_undated: bool = _DEFAULTS["speaker_undated"]
    figure_bonus: float = _DEFAULTS["figure_bonus"]
    figure_share: float = _DEFAULTS["figure_share"]
    hub: float = _DEFAULTS["hub"]
    hub_k: int = _DEFAULTS["hub_k"]
    narrative: float = _DEFAULTS["narrative"]
    narrative_concurrent: float = _DEFAULTS["narrative_concurrent"]
    neighbours: int = _DEFAULTS["neighbours"]
    chunk: int = _DEFAULTS["chunk"]
    language_prior: float = _DEFAULTS["language_prior"]
    model: str = _DEFAULTS["model"]


@cache
def pair_model(name: str) -> dict:
    """A fitted pair model shipped beside this module (``params.model``); ``""``: none, the
    hand-set pair score is used."""
    if not name:
        return {}
    return yaml.safe_load(resources.files("newstrace.stories").joinpath(name).read_text("utf-8"))


def _lead(f: ArticleFeatures) -> np.ndarray:
    return f.lead if f.lead is not None else f.vector


def _known(speakers: frozenset[str]) -> frozenset[str]:
    """The registry's bodies among a lead's speakers: a person the registry does not know
    (``name:<key>``) may be a witness or a local official, and one person's name key can differ
    between scripts, so he tells no wave from another. A government named beside one of its own
    bodies ("Russia", then its Defence Ministry) is left out: the body is the one speaking."""
    known = frozenset(s for s in speakers if not s.startswith("name:"))
    actors = default_actors()
    return frozenset(s for s in known if not any(actors.within(o, s) for o in known if o != s))


def _same_body(a: str, b: str, actors: ActorRegistry) -> bool:
    """One body, or a body within the government named for it ("Russia" and its Defence
    Ministry). Two bodies of one government are two speakers, even one within the other: the
    UN mission or an embassy speaks apart from its foreign ministry, and each statement is a
    wave of its own (a spokesman is already folded into his body: ``features.lead_speakers``)."""
    if a == b:
        return True
    return any(
        (outer := actors.actors.get(y)) is not None and outer.kind == "government" and actors.within(x, y)
        for x, y in ((a, b), (b, a))
    )


def _near(key: str) -> set[str]:
    """A figure, and for a date also the days either side: a night or a time zone apart, reports of
    one event name either day ("the night of 26 August", "в ночь на 27 августа")."""
    if not key.startswith("d:"):
        return {key}
    try:
        day = date(2000, int(key[2:4]), int(key[5:7]))  # a leap year: 29 February is a date
    except ValueError:
        return {key}
    return {key, f"d:{day - timedelta(days=1):%m-%d}", f"d:{day + timedelta(days=1):%m-%d}"}


def _year(key: str) -> bool:
    """A number anchor that reads as a year ("since 2014"): background, not the event's figure."""
    return len(key) == 6 and key[2:4] in ("19", "20")


def _row_z(score: np.ndarray) -> np.ndarray:
    """Each pair's score as standard deviations above the mean of either article's other pairs,
    averaged over the two: per-document evidence (LESSONS.md case 5). An article close to
    everything (a recap, a background piece) gains nothing from it; two articles each other's
    nearest stand out, however alike the whole batch is."""
    n = len(score)
    if n < 3:
        return np.zeros_like(score)
    off = ~np.eye(n, dtype=bool)
    mean = (score * off).sum(axis=1) / (n - 1)
    std = np.sqrt((((score - mean[:, None]) ** 2) * off).sum(axis=1) / (n - 1)) + 1e-6
    z = (score - mean[:, None]) / std[:, None]
    return (z + z.T) / 2


class StoryIndex:
    """Stories built incrementally: ``add`` a batch, read ``stories()``; ``rows`` is the state to persist."""

    def __init__(self, params: Params | None = None, model: dict | None = None) -> None:
        self.params = params or Params()
        self.model = model if model is not None else pair_model(self.params.model)
        self.rows: list[ArticleFeatures] = []
        self.row_of: dict[int, int] = {}
        self.story_of: list[int] = []
        self.members: dict[int, list[int]] = {}
        self.narrative_of: dict[int, int] = {}
        self._vectors = np.zeros((0, DIM), dtype=np.float32)
        self._leads = np.zeros((0, DIM), dtype=np.float32)
        self._lang_sum: dict[str, np.ndarray] = {}
        self._lead_sum: dict[str, np.ndarray] = {}
        self._lang_n: Counter[str] = Counter()
        self._df: Counter[str] = Counter()
        self._lead_df: Counter[str] = Counter()
        self._next_id = 1
        # when a list: every merge the grouping makes, as (rule, article ids of the group kept,
        # article ids of the group merged into it, mean pair score): why two waves ended in one story
        self.trace: list[tuple[str, list[int], list[int], float]] | None = None

    # -- building ----------------------------------------------------------------------------
    def add(
        self,
        articles: Sequence[Article],
        relations: Iterable[tuple[int, int]] = (),
        analyses: dict[int, Analysis] | None = None,
    ) -> list[Assignment]:
        """Assign a batch of stored articles (``id`` set) to stories; ``relations`` are pairs of
        article ids known to be copies or translations of each other, which end in one story;
        ``analyses`` (by article id) tell who speaks in each lead."""
        todo = [a for a in articles if a.id is not None and a.id not in self.row_of]
        fresh = {a.id for a in todo}
        known = [a.id for a in articles if a.id is not None and a.id not in fresh]
        return self.add_features(features(todo, analyses), relations, known=known)

    def add_features(
        self,
        batch: Sequence[ArticleFeatures],
        relations: Iterable[tuple[int, int]] = (),
        known: Iterable[int | None] = (),
    ) -> list[Assignment]:
        relations = list(relations)
        ordered = sorted(batch, key=lambda f: (f.day is None, f.day or 0, f.article_id))
        results: list[Assignment] = []
        for start in range(0, len(ordered), self.params.chunk):
            results += self._add_chunk(ordered[start : start + self.params.chunk], relations)
        final = {a.article_id: self.story_of[self.row_of[a.article_id]] for a in results}
        for a in results:  # a later chunk may have merged the story an earlier chunk chose
            a.story_id = final[a.article_id]
        results += [
            Assignment(i, self.story_of[self.row_of[i]], "known")
            for i in known
            if i is not None and i in self.row_of
        ]
        self._link_narratives()
        return results

    def _add_chunk(
        self, batch: Sequence[ArticleFeatures], relations: list[tuple[int, int]]
    ) -> list[Assignment]:
        batch = [f for f in batch if f.article_id not in self.row_of]
        if not batch:
            return []
        first_new = len(self.rows)
        for f in batch:
            self.row_of[f.article_id] = len(self.rows)
            self.rows.append(f)
            self.story_of.append(0)
            self._count(f)
        self._vectors = np.vstack([self._vectors, np.stack([f.vector for f in batch])])
        self._leads = np.vstack([self._leads, np.stack([_lead(f) for f in batch])])
        x = self.centered()
        new = list(range(first_new, len(self.rows)))
        active = set(new)
        old = np.arange(first_new)
        if first_new:
            sims = x[new] @ x[:first_new].T
            sims[self._far(new, old)] = -np.inf
            k = min(self.params.neighbours, first_new)
            for row in np.argpartition(-sims, k - 1, axis=1)[:, :k]:
                for r in row:
                    active.update(self.members[self.story_of[r]])
        for a, b in relations:
            ra, rb = self.row_of.get(a), self.row_of.get(b)
            if ra is not None and rb is not None and (ra >= first_new or rb >= first_new):
                for r in (ra, rb):
                    active.update([r] if r >= first_new else self.members[self.story_of[r]])
        rows = sorted(active)
        # groups: existing stories (restricted to active rows, which hold all their members) + new singletons
        groups: dict[int, list[int]] = {}
        for i, r in enumerate(rows):
            key = self.story_of[r] if r < first_new else -(r + 1)
            groups.setdefault(key, []).append(i)
        local = {r: i for i, r in enumerate(rows)}
        forced = [
            (local[self.row_of[a]], local[self.row_of[b]])
            for a, b in relations
            if self.row_of.get(a) in local and self.row_of.get(b) in local
        ]
        labels = self._agglomerate(rows, list(groups.values()), forced, changed={local[r] for r in new})
        return self._commit(rows, labels, first_new)

    def _agglomerate(
        self, rows: list[int], groups: list[list[int]], forced: list[tuple[int, int]], changed: set[int]
    ) -> list[int]:
        p = self.params
        score = self.pair_scores(rows)
        np.fill_diagonal(score, 0.0)
        far = self._far(rows, rows).astype(np.float64)
        label = np.zeros(len(rows), dtype=int)
        for g, members in enumerate(groups):
            label[members] = g
        for a, b in forced:  # known copies and translations: one story whatever the scores say
            la, lb = label[a], label[b]
            if la != lb:
                label[label == lb] = la
        ids = sorted(set(label.tolist()))
        member = np.zeros((len(ids), len(rows)))
        member[[ids.index(v) for v in label], np.arange(len(rows))] = 1.0
        sums = member @ score @ member.T
        fars = member @ far @ member.T
        size = member.sum(axis=1)
        touched = np.array([bool(changed & set(np.flatnonzero(m))) for m in member])
        alive = np.ones(len(ids), dtype=bool)
        refused = np.zeros((len(ids), len(ids)), dtype=bool)  # merges the figures check turned down

        def figures_agree(a: int, b: int, mean: float) -> bool:
            small, large = (a, b) if size[a] <= size[b] else (b, a)
            if size[small] < 2 or size[large] < p.figures_story:
                return True
            if mean >= p.figures_tight * sums[small, small] / (size[small] * (size[small] - 1)):
                return True
            group = [rows[i] for i in np.flatnonzero(member[small])]
            story = [rows[i] for i in np.flatnonzero(member[large])]
            return self.figures_share(group, story) >= p.figures

        def merge(a: int, b: int, rule: str, how: float) -> None:
            if self.trace is not None:
                ids = [[self.rows[rows[i]].article_id for i in np.flatnonzero(member[g])] for g in (a, b)]
                self.trace.append((rule, ids[0], ids[1], how))
            sums[a] += sums[b]
            sums[:, a] += sums[:, b]
            fars[a] += fars[b]
            fars[:, a] += fars[:, b]
            size[a] += size[b]
            member[a] += member[b]
            touched[a] |= touched[b]
            alive[b] = False

        while True:
            pairs = np.outer(size, size)
            mean = sums / np.maximum(pairs, 1)
            within = np.diag(sums) / np.maximum(size * (size - 1), 1)
            looser = np.minimum.outer(*(2 * [np.where(size > 1, within, np.inf)]))
            bar = np.where(np.isfinite(looser), p.cohesion * looser, -np.inf)
            ok = alive[:, None] & alive[None, :] & (fars == 0) & (touched[:, None] | touched[None, :])
            ok &= ~refused
            ok &= (mean >= p.join) & (mean >= bar)
            np.fill_diagonal(ok, False)
            if not ok.any():
                break
            a, b = np.unravel_index(np.argmax(np.where(ok, mean, -np.inf)), mean.shape)
            if not figures_agree(int(a), int(b), float(mean[a, b])):
                refused[a, b] = refused[b, a] = True
                continue
            merge(int(a), int(b), "join", float(mean[a, b]))
        # leftovers: a lone article or pair joins the group it is clearly closest to
        for a in np.flatnonzero(alive & touched & (size <= 2)):
            if not alive[a] or size[a] > 2:
                continue
            mean = sums[a] / np.maximum(size[a] * size, 1)
            mean = np.where(alive & (fars[a] == 0), mean, -np.inf)
            mean[a] = -np.inf
            order = np.argsort(-mean)
            best = order[0] if len(order) else None
            if best is None or not np.isfinite(mean[best]) or mean[best] < p.attach:
                continue
            if size[a] > 1 and mean[best] < p.cohesion * sums[a, a] / (size[a] * (size[a] - 1)):
                continue  # a tight pair (a translation) is a story of its own, not a leftover
            runner = mean[order[1]] if len(order) > 1 and np.isfinite(mean[order[1]]) else -np.inf
            if mean[best] - runner >= p.margin and figures_agree(int(a), int(best), float(mean[best])):
                merge(int(best), int(a), "attach", float(mean[best]))
        out = np.zeros(len(rows), dtype=int)
        for g in np.flatnonzero(alive):
            out[member[g] > 0] = g
        return out.tolist()

    def _commit(self, rows: list[int], labels: list[int], first_new: int) -> list[Assignment]:
        by_label: dict[int, list[int]] = {}
        for r, label in zip(rows, labels, strict=True):
            by_label.setdefault(label, []).append(r)
        results = []
        for members in by_label.values():
            old_ids = sorted({self.story_of[r] for r in members if r < first_new})
            if old_ids:
                story_id, merged = old_ids[0], old_ids[1:]
            else:
                story_id, merged = self._next_id, []
                self._next_id += 1
            for m in merged:
                self.members.pop(m, None)
                self.narrative_of.pop(m, None)
            self.members[story_id] = sorted(members)
            for r in members:
                self.story_of[r] = story_id
                if r >= first_new:
                    status = "joined" if old_ids else "new"
                    results.append(Assignment(self.rows[r].article_id, story_id, status, list(merged)))
        return results

    # -- evidence ----------------------------------------------------------------------------
    def _count(self, f: ArticleFeatures) -> None:
        zero = np.zeros(DIM, dtype=np.float64)
        self._lang_sum[f.lang] = self._lang_sum.get(f.lang, zero) + f.vector
        self._lead_sum[f.lang] = self._lead_sum.get(f.lang, zero) + _lead(f)
        self._lang_n[f.lang] += 1
        self._df.update(f.anchors)
        self._lead_df.update(f.lead_anchors)

    def centered(self, lead: bool = False) -> np.ndarray:
        """Unit vectors (whole texts, or leads) with each language's mean removed (shrunk toward 0
        while a language is rare)."""
        sums, vectors = (self._lead_sum, self._leads) if lead else (self._lang_sum, self._vectors)
        means = {
            lang: total / (self._lang_n[lang] + self.params.language_prior) for lang, total in sums.items()
        }
        x = vectors - np.stack([means[f.lang] for f in self.rows]) if self.rows else vectors
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        return (x / np.maximum(norms, 1e-9)).astype(np.float32)

    def topical(self) -> np.ndarray:
        """Unit whole-text vectors with each language's offset from the collection's mean removed
        (shrunk toward none while a language is rare): what ``centered`` removes, less the
        collection's mean, which stays. In a collection about one topic a language's mean is
        mostly that topic; stories tell waves apart without it, narratives need it
        (``narratives``)."""
        if not self.rows:
            return self._vectors
        prior = self.params.language_prior
        overall = sum(self._lang_sum.values()) / sum(self._lang_n.values())
        offsets = {
            lang: (total + prior * overall) / (self._lang_n[lang] + prior) - overall
            for lang, total in self._lang_sum.items()
        }
        x = self._vectors - np.stack([offsets[f.lang] for f in self.rows])
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        return (x / np.maximum(norms, 1e-9)).astype(np.float32)

    def pair_scores(self, rows: Sequence[int]) -> np.ndarray:
        """Whole text and lead, each an embedding cosine plus weighted anchor cosine; minus a
        penalty where the leads' news days are further apart than ``news_gap``; plus ``same_day``
        where both were published within a day of each other (reports of one event appear
        together; waves of a narrative come days or months apart). Then each article's hubness is
        taken out: an article close to everything (a recap of several waves, a long background
        piece) lends less weight to each of its pairs than one close to a few (LESSONS.md case 5,
        per-document evidence): ``hub`` times the mean of the two articles' ``hub_k`` best scores,
        centred on the batch's mean so the scale of ``join`` and ``attach`` holds."""
        if self.model:
            return self.model_scores(rows)
        return self.hand_scores(rows)

    def hand_scores(self, rows: Sequence[int]) -> np.ndarray:
        """The hand-set pair score (``pair_scores`` without a fitted model)."""
        p, rows = self.params, list(rows)
        x = self.centered()[rows]
        score = (1 - p.lead) * (x @ x.T + p.anchor_weight * self._anchor_cosine(rows))
        if p.lead:
            y = self.centered(lead=True)[rows]
            score += p.lead * (y @ y.T + p.anchor_weight * self._anchor_cosine(rows, lead=True))
        with np.errstate(invalid="ignore"):
            if p.news_penalty:
                news = np.array(
                    [self.rows[r].news if self.rows[r].news is not None else np.nan for r in rows]
                )
                score -= p.news_penalty * (np.abs(news[:, None] - news[None, :]) > p.news_gap)
            if p.same_day:
                day = np.array([self.rows[r].day if self.rows[r].day is not None else np.nan for r in rows])
                score += p.same_day * (np.abs(day[:, None] - day[None, :]) <= 1)
        if p.speaker_bonus or p.speaker_penalty:
            score += self._speaker_term(rows)
        if p.figure_bonus:
            score += p.figure_bonus * self._shared_figures(rows)
        k = min(p.hub_k, len(rows) - 1)
        if p.hub and k >= 1:
            others = score.copy()
            np.fill_diagonal(others, -np.inf)
            best = np.sort(others, axis=1)[:, -k:].mean(axis=1)
            score -= p.hub * ((best[:, None] + best[None, :]) / 2 - best.mean())
        return score

    def model_scores(self, rows: Sequence[int]) -> np.ndarray:
        """The fitted pair model's probability that two articles report one event: a logistic
        regression over ``pair_features`` (``pair_model.yaml``, refitted by
        ``benchmarks/pair_model.py``)."""
        feats = self.pair_features(rows)
        logit = np.full((len(rows), len(rows)), float(self.model["intercept"]))
        for name, weight in self.model["coefficients"].items():
            logit += weight * feats[name]
        return 1.0 / (1.0 + np.exp(-logit))

    def pair_features(self, rows: Sequence[int]) -> dict[str, np.ndarray]:
        """The pair evidence, one symmetric matrix per feature (``PAIR_FEATURES``): what the fitted
        pair model (``pair_model.yaml``) weighs."""
        p, rows = self.params, list(rows)
        x = self.centered()[rows]
        y = self.centered(lead=True)[rows]
        day = np.array([self.rows[r].day if self.rows[r].day is not None else np.nan for r in rows])
        news = np.array([self.rows[r].news if self.rows[r].news is not None else np.nan for r in rows])
        with np.errstate(invalid="ignore"):
            gap = np.abs(day[:, None] - day[None, :])
            news_gap = np.abs(news[:, None] - news[None, :])
        dated = ~np.isnan(gap)
        sets = [_known(self.rows[r].speakers) for r in rows]
        actors = default_actors()
        differ = np.zeros((len(rows), len(rows)))
        share = np.zeros((len(rows), len(rows)))
        for i, a in enumerate(sets):
            for j in range(i + 1, len(rows)):
                b = sets[j]
                if a and b:
                    s = max(
                        sum(any(_same_body(u, v, actors) for v in b) for u in a) / len(a),
                        sum(any(_same_body(v, u, actors) for u in a) for v in b) / len(b),
                    )
                    share[i, j] = share[j, i] = s
                    differ[i, j] = differ[j, i] = float(s == 0)
        langs = [self.rows[r].lang for r in rows]
        apart = np.where(dated, gap > p.speaker_gap, True)
        similar = {
            "hand": self.hand_scores(rows),
            "cosine": x @ x.T,
            "lead_cosine": y @ y.T,
            "anchors": self._anchor_cosine(rows),
            "lead_anchors": self._anchor_cosine(rows, lead=True),
        }
        return {
            **similar,
            **{f"z_{k}": _row_z(v) for k, v in similar.items()},
            "news_apart": np.where(np.isnan(news_gap), 0.0, news_gap > p.news_gap),
            "news_gap": np.where(np.isnan(news_gap), 0.0, np.log1p(np.nan_to_num(news_gap))),
            "undated": (~dated).astype(float),
            "date_gap": np.where(dated, np.log1p(np.nan_to_num(gap)), 0.0),
            "same_day": np.where(dated, gap <= 1, False).astype(float),
            "speakers_differ": differ,
            "speakers_differ_apart": differ * apart,
            "speakers_share": share,
            "shared_figures": self._shared_figures(rows),
            "same_language": (np.array(langs)[:, None] == np.array(langs)[None, :]).astype(float),
        }

    def _shared_figures(self, rows: Sequence[int]) -> np.ndarray:
        """1 where two articles share a number that few of the articles compared carry (at most
        ``figure_share`` of them, at least two): the event's own figures (twenty 152-mm shells,
        the missile's serial number, 45 km) are told by every report of it, while the figures all
        the waves of a narrative repeat (the year, the death toll) are common among its articles.
        Rarity is counted among ``rows``, the articles compared (the new ones, their neighbours
        and the neighbours' stories), not the whole index: in a large index every figure is rare."""
        keys = [{k for k in self.rows[r].anchors if k.startswith("n:") and not _year(k)} for r in rows]
        df = Counter(k for row_keys in keys for k in row_keys)
        limit = max(2.0, self.params.figure_share * len(rows))
        holders: dict[str, list[int]] = {}
        for i, row_keys in enumerate(keys):
            for k in row_keys:
                if 2 <= df[k] <= limit:
                    holders.setdefault(k, []).append(i)
        shared = np.zeros((len(rows), len(rows)))
        for held in holders.values():
            shared[np.ix_(held, held)] = 1.0
        np.fill_diagonal(shared, 0.0)
        return shared

    def _speaker_term(self, rows: Sequence[int]) -> np.ndarray:
        """Who speaks in the two leads: ``speaker_bonus`` times the share of the smaller set of
        speakers the other lead names too, or ``-speaker_penalty`` when they name none in common
        (a body and one within it, "Russia" and its Defence Ministry, are one speaker). Nothing
        when either lead names no registry body: half the reports quote no one up front, and a
        report of a denial names none (``features.lead_speakers``)."""
        p = self.params
        actors = default_actors()
        sets = [_known(self.rows[r].speakers) for r in rows]
        term = np.zeros((len(rows), len(rows)))
        for i, a in enumerate(sets):
            if not a:
                continue
            for j in range(i + 1, len(rows)):
                b = sets[j]
                if b:
                    shared = max(  # the share of the smaller set the other one names too
                        sum(any(_same_body(x, y, actors) for y in b) for x in a) / len(a),
                        sum(any(_same_body(y, x, actors) for x in a) for y in b) / len(b),
                    )
                    term[i, j] = term[j, i] = p.speaker_bonus * shared if shared else -p.speaker_penalty
        if p.speaker_gap >= 0:  # a denial or a reply comes the same day or the next: same event
            day = np.array([self.rows[r].day if self.rows[r].day is not None else np.nan for r in rows])
            with np.errstate(invalid="ignore"):
                apart = np.abs(day[:, None] - day[None, :]) > p.speaker_gap
                if p.speaker_undated:  # half the real reports carry no date: the speakers alone tell
                    apart |= np.isnan(day[:, None] - day[None, :])
            term = np.where(term < 0, term * apart, term)
        return term

    def figures_share(self, group: Sequence[int], story: Sequence[int]) -> float:
        """The largest share of the story's consensus figures one of the group's articles carries:
        numbers and dates (``n:``, ``d:`` anchors) that at least half the story's articles mention,
        each weighted by its share in the story times its rarity in the index. 1.0 when the story
        has no consensus figures or no article of the group mentions any figure."""
        counts = Counter(k for r in story for k in self.rows[r].anchors if k[:2] in ("n:", "d:"))
        n = len(self.rows)
        weight = {
            k: c / len(story) * np.log((n + 1) / (self._df[k] + 0.5))
            for k, c in counts.items()
            if 2 * c >= len(story)
        }
        weight = {k: w for k, w in weight.items() if w > 0}
        total = sum(weight.values())
        if not total or not group:
            return 1.0
        # an article without figures says nothing either way; one member carrying them is enough
        told = [r for r in group if any(k[:2] in ("n:", "d:") for k in self.rows[r].anchors)]
        if not told:
            return 1.0
        carried = [sum(w for k, w in weight.items() if _near(k) & self.rows[r].anchors) for r in told]
        return float(max(carried) / total)

    def _anchor_cosine(self, rows: Sequence[int], lead: bool = False) -> np.ndarray:
        n = len(self.rows)
        df = self._lead_df if lead else self._df
        keys = [self.rows[r].lead_anchors if lead else self.rows[r].anchors for r in rows]
        vocab: dict[str, int] = {}
        for row_keys in keys:
            for key in row_keys:
                vocab.setdefault(key, len(vocab))
        weights = np.zeros((len(rows), max(len(vocab), 1)))
        for i, row_keys in enumerate(keys):
            for key in row_keys:
                weights[i, vocab[key]] = np.log((n + 1) / (df[key] + 0.5))
        weights = weights.clip(min=0)
        norms = np.linalg.norm(weights, axis=1, keepdims=True)
        weights /= np.maximum(norms, 1e-9)
        return weights @ weights.T

    def _far(self, a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray) -> np.ndarray:
        days_a = np.array(
            [self.rows[r].day if self.rows[r].day is not None else np.nan for r in a], dtype=float
        )
        days_b = np.array(
            [self.rows[r].day if self.rows[r].day is not None else np.nan for r in b], dtype=float
        )
        with np.errstate(invalid="ignore"):
            return np.abs(days_a[:, None] - days_b[None, :]) > self.params.window_days

    # -- narratives and output -------------------------------------------------------------------
    def _link_narratives(self) -> None:
        ids = sorted(self.members)
        if not ids:
            return
        x = self.topical()
        centroids = np.stack([x[self.members[s]].mean(axis=0) for s in ids])
        sizes = [len(self.members[s]) for s in ids]
        spans = []
        for s in ids:
            days = [self.rows[r].day for r in self.members[s] if self.rows[r].day is not None]
            spans.append((min(days), max(days)) if days else None)
        p = self.params
        labels = link_narratives(
            centroids, spans, p.narrative, p.narrative_window, p.narrative_concurrent, sizes=sizes
        )
        first: dict[int, int] = {}
        for s, label in zip(ids, labels, strict=True):
            first.setdefault(label, s)
            self.narrative_of[s] = first[label]

    def stories(self) -> list[Story]:
        x = self.centered()
        result = []
        for story_id in sorted(self.members):
            rows = self.members[story_id]
            result.append(self._story(story_id, rows, x))
        return result

    def story(self, story_id: int) -> Story | None:
        rows = self.members.get(story_id)
        return self._story(story_id, rows, self.centered()) if rows else None

    def story_of_article(self, article_id: int) -> int | None:
        row = self.row_of.get(article_id)
        return None if row is None else self.story_of[row]

    def _story(self, story_id: int, rows: list[int], x: np.ndarray) -> Story:
        feats = [self.rows[r] for r in rows]
        centrality = (x[rows] @ x[rows].T).sum(axis=1)
        medoid = feats[int(np.argmax(centrality))]
        titles: dict[str, str] = {}
        for lang in sorted({f.lang for f in feats}):
            idx = [i for i, f in enumerate(feats) if f.lang == lang]
            titles[lang] = feats[max(idx, key=lambda i: centrality[i])].title
        dates = sorted(f.published for f in feats if f.published)
        return Story(
            id=story_id,
            title=medoid.title,
            article_ids=sorted(f.article_id for f in feats),
            narrative_id=self.narrative_of.get(story_id, story_id),
            titles=titles,
            languages=sorted({f.lang for f in feats}),
            outlets=sorted({f.outlet for f in feats if f.outlet}),
            first_published=dates[0] if dates else None,
            last_published=dates[-1] if dates else None,
        )

    # -- state -----------------------------------------------------------------------------------
    def restore(
        self, rows: Sequence[ArticleFeatures], story_ids: Sequence[int], narratives: dict[int, int]
    ) -> None:
        """Rebuild the index from persisted rows (see ``stories.store.load_index``)."""
        for f, story_id in zip(rows, story_ids, strict=True):
            self.row_of[f.article_id] = len(self.rows)
            self.rows.append(f)
            self.story_of.append(story_id)
            self.members.setdefault(story_id, []).append(len(self.rows) - 1)
            self._count(f)
        if rows:
            self._vectors = np.stack([f.vector for f in self.rows]).astype(np.float32)
            self._leads = np.stack([_lead(f) for f in self.rows]).astype(np.float32)
        self.narrative_of = {s: narratives.get(s, s) for s in self.members}
        self._next_id = max(self.members, default=0) + 1
