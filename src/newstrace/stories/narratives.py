"""Stories that retell one narrative in other waves share a narrative id.

A narrative is the same claim told again: its waves share vocabulary and structure (a Western NGO,
a secret vaccine, dead children) but not the dates, places or figures, so only the language-neutral
embedding counts here, never the anchors, and time is ignored, except in one way: two stories
running at the same time (within the story window of each other) were kept apart although a claim
within the window would have made them one story, so they are different events that look alike
(a real vaccination campaign and the rumour about it), not waves of one narrative.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def link_narratives(
    centroids: np.ndarray, spans: Sequence[tuple[int, int] | None], threshold: float, window_days: int
) -> list[int]:
    """Average-linkage grouping of story centroids; returns one label per story."""
    n = len(centroids)
    if n == 0:
        return []
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    unit = centroids / np.maximum(norms, 1e-9)
    score = unit @ unit.T
    np.fill_diagonal(score, 0.0)
    apart = np.zeros((n, n))
    for i, a in enumerate(spans):
        for j, b in enumerate(spans):
            if i != j and a is not None and b is not None:
                gap = max(b[0] - a[1], a[0] - b[1])
                apart[i, j] = gap < window_days
    member = np.eye(n)
    sums, blocks, size = score.copy(), apart.copy(), np.ones(n)
    alive = np.ones(n, dtype=bool)
    while True:
        mean = sums / np.outer(size, size)
        ok = alive[:, None] & alive[None, :] & (blocks == 0) & (mean >= threshold)
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
