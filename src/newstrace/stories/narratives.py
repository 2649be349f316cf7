"""Stories that retell one narrative in other waves share a narrative id.

A narrative is the same claim told again: its waves share vocabulary and structure (a Western NGO,
a secret vaccine, dead children) but not the dates, places or figures, so only the language-neutral
embedding counts here, never the anchors. Two stories are compared by the mean cosine of their
articles' pairs (the dot product of their mean unit vectors), and groups by the mean over all their
article pairs. The cosine of two centroids divides by their lengths, and a story of many varied
reports (languages, copies, denials) has a short centroid, so its cosine with anything on its topic
was inflated (real dev corpora: narratives that merged across opposed claims). The vectors keep
the collection's topic: only each language's offset from the collection mean is removed
(``StoryIndex.topical``), since in a collection about one topic a language's mean is mostly that
topic, and a wave's own details are the stories' business. Time is ignored, except in one way: two stories
running at the same time (within the story window of each other) were kept apart although a claim
within the window would have made them one story. They are either different events that look
alike (a real vaccination campaign and the rumour about it) or waves of one narrative told days
apart (the ministry's statement, then the minister's, then the ambassador's at the UN), so they
must be much closer to share a narrative: ``concurrent`` instead of ``threshold``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

CHUNK = 1024  # story centroids compared at a time when looking for candidate links


def link_narratives(
    centroids: np.ndarray,
    spans: Sequence[tuple[int, int] | None],
    threshold: float,
    window_days: int,
    concurrent: float = np.inf,
    sizes: Sequence[int] | None = None,
) -> list[int]:
    """Average-linkage grouping of stories; returns one label per story. ``centroids`` are the
    means of each story's unit article vectors (``sizes`` articles each, 1 when not given): the
    dot product of two is the mean cosine of their articles' pairs, and a group's mean is taken
    over all its article pairs.

    Two groups can only merge when at least one pair across them reaches ``threshold`` (an
    average cannot exceed its largest term), so the stories are first split into the connected
    components of that graph — found in chunks, never as a full story-by-story matrix — and the
    grouping runs inside each component. The result is the same as one grouping over all stories,
    in memory that grows with the components, not with the square of the collection."""
    n = len(centroids)
    if n == 0:
        return []
    unit = np.asarray(centroids, dtype=np.float64)
    weight = np.ones(n) if sizes is None else np.asarray(sizes, dtype=np.float64)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for start in range(0, n, CHUNK):
        rows, cols = np.nonzero(unit[start : start + CHUNK] @ unit.T >= threshold)
        for i, j in zip((rows + start).tolist(), cols.tolist(), strict=True):
            if i < j:
                parent[find(i)] = find(j)
    components: dict[int, list[int]] = {}
    for i in range(n):
        components.setdefault(find(i), []).append(i)
    labels = list(range(n))
    for members in components.values():
        if len(members) > 1:
            local = _average_linkage(
                unit[members],
                weight[members],
                [spans[i] for i in members],
                threshold,
                window_days,
                concurrent,
            )
            for i, label in zip(members, local, strict=True):
                labels[i] = members[label]
    return labels


def _average_linkage(
    unit: np.ndarray,
    weight: np.ndarray,
    spans: Sequence[tuple[int, int] | None],
    threshold: float,
    window_days: int,
    concurrent: float,
) -> list[int]:
    n = len(unit)
    score = unit @ unit.T
    np.fill_diagonal(score, 0.0)
    apart = np.zeros((n, n))
    for i, a in enumerate(spans):
        for j, b in enumerate(spans):
            if i != j and a is not None and b is not None:
                gap = max(b[0] - a[1], a[0] - b[1])
                apart[i, j] = gap < window_days
    member = np.eye(n)
    sums, blocks, size = score * np.outer(weight, weight), apart.copy(), weight.copy()
    alive = np.ones(n, dtype=bool)
    while True:
        mean = sums / np.outer(size, size)
        ok = alive[:, None] & alive[None, :] & (mean >= np.where(blocks == 0, threshold, concurrent))
        np.fill_diagonal(ok, False)
        if not ok.any():
            break
        a, b = np.unravel_index(np.argmax(np.where(ok, mean, -np.inf)), mean.shape)
        for m in (sums, blocks):
            m[a] += m[b]
            m[:, a] += m[:, b]
        size[a] += size[b]
        member[a] += member[b]
        alive[b] = False
    labels = np.zeros(n, dtype=int)
    for g in np.flatnonzero(alive):
        labels[member[g] > 0] = g
    return labels.tolist()
