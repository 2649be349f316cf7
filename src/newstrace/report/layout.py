"""Layered layout of a provenance graph: derivations read left to right, one tree per component.

Pure functions over node ids and (source, target) edges; the HTML report turns the positions into
SVG. A small Sugiyama-style pass: break cycles, rank by longest path from the roots, order each
rank by barycentres to limit crossings, then place each node near the mean of its neighbours.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

Node = Hashable


def _components(nodes: Sequence[Node], edges: Sequence[tuple[Node, Node]]) -> list[list[Node]]:
    neighbours: dict[Node, set[Node]] = defaultdict(set)
    for s, t in edges:
        neighbours[s].add(t)
        neighbours[t].add(s)
    seen: set[Node] = set()
    components = []
    for node in nodes:
        if node in seen:
            continue
        stack, component = [node], []
        seen.add(node)
        while stack:
            current = stack.pop()
            component.append(current)
            for other in neighbours[current]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        components.append(component)
    return components


def _acyclic(nodes: list[Node], edges: list[tuple[Node, Node]]) -> list[tuple[Node, Node]]:
    """The edges minus those closing a cycle (found by depth-first search in ``nodes`` order)."""
    out: dict[Node, list[Node]] = defaultdict(list)
    for s, t in edges:
        out[s].append(t)
    state: dict[Node, int] = {}  # 1 on the stack, 2 done
    back: set[tuple[Node, Node]] = set()
    for start in nodes:
        if start in state:
            continue
        stack = [(start, iter(out[start]))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(out[child])))
    return [e for e in edges if e not in back]


def _ranks(nodes: list[Node], edges: list[tuple[Node, Node]]) -> dict[Node, int]:
    incoming: dict[Node, int] = {n: 0 for n in nodes}
    out: dict[Node, list[Node]] = defaultdict(list)
    for s, t in edges:
        out[s].append(t)
        incoming[t] += 1
    rank = {n: 0 for n in nodes}
    ready = [n for n in nodes if incoming[n] == 0]
    while ready:
        node = ready.pop(0)
        for child in out[node]:
            rank[child] = max(rank[child], rank[node] + 1)
            incoming[child] -= 1
            if incoming[child] == 0:
                ready.append(child)
    # Pull sources right, next to their first child, so an outside source cited only by a late
    # article does not sit alone in the first column.
    for node in nodes:
        if not any(t == node for _, t in edges) and out[node]:
            rank[node] = min(rank[c] for c in out[node]) - 1
    return rank


def _pack(order: list[Node], desired: dict[Node, float], gap: float) -> dict[Node, float]:
    """Positions as close to ``desired`` as possible, in ``order``, at least ``gap`` apart."""
    forward: list[float] = []
    for i, node in enumerate(order):
        y = desired[node]
        forward.append(y if i == 0 else max(y, forward[-1] + gap))
    backward = [0.0] * len(order)
    for i in range(len(order) - 1, -1, -1):
        y = desired[order[i]]
        backward[i] = y if i == len(order) - 1 else min(y, backward[i + 1] - gap)
    placed: dict[Node, float] = {}
    previous = None
    for i, node in enumerate(order):
        y = (forward[i] + backward[i]) / 2
        if previous is not None:
            y = max(y, previous + gap)
        placed[node] = previous = y
    return placed


def _layout_component(
    nodes: list[Node], edges: list[tuple[Node, Node]], sort_key: dict[Node, Any]
) -> dict[Node, tuple[int, float]]:
    nodes = sorted(nodes, key=lambda n: sort_key[n])
    dag = _acyclic(nodes, edges)
    rank = _ranks(nodes, dag)
    preds: dict[Node, list[Node]] = defaultdict(list)
    succs: dict[Node, list[Node]] = defaultdict(list)
    for s, t in dag:
        preds[t].append(s)
        succs[s].append(t)
    layers: dict[int, list[Node]] = defaultdict(list)
    for node in nodes:
        layers[rank[node]].append(node)
    ranks = sorted(layers)

    index = {n: float(i) for r in ranks for i, n in enumerate(layers[r])}
    for _ in range(4):  # barycentre sweeps: down using parents, up using children
        for sweep, neighbours in ((ranks, preds), (ranks[::-1], succs)):
            for r in sweep:
                layer = layers[r]
                bary = {
                    n: (
                        sum(index[m] for m in neighbours[n]) / len(neighbours[n])
                        if neighbours[n]
                        else index[n]
                    )
                    for n in layer
                }
                layer.sort(key=lambda n: (bary[n], sort_key[n]))
                for i, n in enumerate(layer):
                    index[n] = float(i)

    y = {n: index[n] for n in nodes}
    for _ in range(6):  # centre parents on children and children on parents
        for sweep, neighbours in ((ranks, preds), (ranks[::-1], succs)):
            for r in sweep:
                desired = {
                    n: (sum(y[m] for m in neighbours[n]) / len(neighbours[n]) if neighbours[n] else y[n])
                    for n in layers[r]
                }
                y.update(_pack(layers[r], desired, 1.0))
    top = min(y.values())
    low = min(rank.values())
    return {n: (rank[n] - low, y[n] - top) for n in nodes}


def layered_layout(
    nodes: Sequence[Node], edges: Sequence[tuple[Node, Node]], sort_key: dict[Node, Any] | None = None
) -> dict[Node, tuple[int, float]]:
    """``{node: (column, row)}``: columns count derivation steps, rows are in node-height units.

    Connected components are stacked top to bottom (largest first); nodes with no edge at all
    are left out (the caller shows them apart). ``sort_key`` orders nodes (for example by date)
    where the graph leaves a choice.
    """
    sort_key = sort_key or {n: i for i, n in enumerate(nodes)}
    node_set = set(nodes)
    edges = [(s, t) for s, t in edges if s in node_set and t in node_set and s != t]
    linked = {n for e in edges for n in e}
    components = [c for c in _components([n for n in nodes if n in linked], edges)]
    components.sort(key=lambda c: (-len(c), min(sort_key[n] for n in c)))
    positions: dict[Node, tuple[int, float]] = {}
    offset = 0.0
    for component in components:
        members = set(component)
        placed = _layout_component(component, [e for e in edges if e[0] in members], sort_key)
        for node, (column, row) in placed.items():
            positions[node] = (column, row + offset)
        offset += max(row for _, row in placed.values()) + 1.4
    return positions
