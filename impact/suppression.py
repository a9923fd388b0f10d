"""Small-cell suppression: no published figure, nor any sum or difference of them, tells about fewer than 10 children.

What is published
-----------------
Only fixed, aligned, non-overlapping periods: calendar quarters (kwartalen). A school year or a month is not
offered, and no free date range: overlapping choices are what make differencing attacks possible ("quarter
minus its first two months"). Every figure of a quarter is computed from that quarter's results only, so
figures of two quarters involve disjoint sets of children and no equation links them. Weeks inside a quarter
are clipped to it (the first and last week may be partial) so they also stay inside the quarter.

Published figures never change
------------------------------
Two downloads of the same quarter a day apart must not differ, or their difference is a count of the
children of that day ("Dalfsen: 23 yesterday, 24 today"), which no suppression pattern protects. So a
quarter is only offered once it is final (impact.figures.is_final): it has ended (no new results, no
counter of its days grows, class sessions count by creation), it lies wholly inside the results' retention
window (delete_old_quiz_results has removed none of it; it leaves the list before it could), openings count
only before the quarter's end, and the tables' shape comes from the quarter's own results (a theme added
later adds no column). The previous quarter is shown beside it only while that one is final too.

Within one quarter the dashboard publishes (F = finished quizzes, O = of which at least one activity opened):
F and O in total, per municipality, per STO region, per age bucket, per strongest theme and per week; F per
municipality x theme (the interest table); started quizzes (S) and sign-up clicks (K) in total and per week.
The municipality choice on the page only picks a row of these tables; it publishes nothing new.

Why suppression is a graph problem here
---------------------------------------
Each published figure is a sum, and the tables are tied together by equations "the cells of a line add up to
its total": a municipality's theme cells add up to its F; the municipalities of a region add up to the region;
the regions, the themes, the ages and the weeks each add up to F. With the quarter total known, every cell
takes part in at most two such equations, and (after flipping the sign of some equations) each cell enters one
with +1 and the other with -1: the equations are the incidence matrix of a graph whose nodes are the equations
(plus one "ground" node for cells that take part in only one) and whose edges are the cells. The unknowns an
attacker faces are the suppressed cells; the solutions of a graph's incidence system differ by circulations,
so a suppressed cell can be worked out exactly if and only if it is a *bridge* of the graph of suppressed
cells: no cycle of suppressed cells runs through it. (Complementary suppression "a lone hidden cell in a line
gets a partner" is the special case of a line with two hidden cells, which is a cycle of length two.)

The rule, then:
1. primary: every cell under 10 (0 included) is hidden and shown as "< 10"; an O cell is also hidden when
   F - O is between 1 and 9 (otherwise "finished but opened nothing" could be read by subtraction);
2. while some hidden cell is a bridge, hide the published cells on the cheapest path (smallest counts
   first) that closes a cycle through it;
3. when a quarter's F (or O, S, K) total itself would be hidden, every cell of that family is hidden: the
   total is then tied to four lines at once, and hiding everything is simple and safe.

Opened and finished are separate families: F cells are sums over children, O cells over a subset, and a
combination of F equations can only produce an O cell if it also produces the matching F cell, so each family
is protected on its own (and rule 1 covers their difference). The property test in tests/test_impact_privacy.py
attacks the published output directly: it writes every published number of every quarter and every
municipality choice as a sum of atomic counts and checks with a rank test that no hidden cell is determined.

Zeros are hidden like any other small number; a zero can still be a cheap partner. Class sessions (classes,
not children) and the supply of activities (public anyway) are not suppressed.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Hashable, Iterable

THRESHOLD = 10
GROUND = ("ground",)

Key = Hashable
Node = Hashable


def primary(values: dict[Key, int]) -> set[Key]:
    return {key for key, value in values.items() if value < THRESHOLD}


def protect(
    values: dict[Key, int], edges: dict[Key, tuple[Node, Node]], hidden: Iterable[Key]
) -> set[Key]:
    """The hidden cells after complementary suppression: no hidden cell is a bridge among the hidden ones.

    values: every cell of the graph with its count; edges: each cell's two equations (GROUND for one)."""
    suppressed = set(hidden)
    order = sorted(values, key=repr)
    while True:
        bridge = _first_bridge([k for k in order if k in suppressed], edges)
        if bridge is None:
            return suppressed
        path = _cheapest_cycle_path(bridge, values, edges, suppressed, order)
        if (
            path is None
        ):  # the cell equals a sum of published cells in every pattern: hide the whole family
            return set(values)
        suppressed |= path


def _first_bridge(keys: list[Key], edges: dict[Key, tuple[Node, Node]]) -> Key | None:
    """A bridge among the edges `keys` (a multigraph), found by Tarjan's low-link, iteratively."""
    adjacency: dict[Node, list[tuple[Node, Key]]] = defaultdict(list)
    for key in keys:
        a, b = edges[key]
        if a == b:
            continue  # a loop never is a bridge (and cannot happen here)
        adjacency[a].append((b, key))
        adjacency[b].append((a, key))
    seen: dict[Node, int] = {}
    low: dict[Node, int] = {}
    counter = 0
    for root in adjacency:
        if root in seen:
            continue
        seen[root] = low[root] = counter
        counter += 1
        stack: list[tuple[Node, Key | None, int]] = [(root, None, 0)]
        while stack:
            node, via, i = stack[-1]
            if i < len(adjacency[node]):
                stack[-1] = (node, via, i + 1)
                nxt, key = adjacency[node][i]
                if key == via:
                    continue
                if nxt in seen:
                    low[node] = min(low[node], seen[nxt])
                else:
                    seen[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, key, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > seen[parent]:
                        return via
    return None


def _cheapest_cycle_path(
    bridge: Key,
    values: dict[Key, int],
    edges: dict[Key, tuple[Node, Node]],
    suppressed: set[Key],
    order: list[Key],
) -> set[Key] | None:
    """Published cells to hide so that a cycle runs through `bridge`: Dijkstra between its two ends, hidden
    cells free, published ones costing their count (so small cells are given up first)."""
    start, goal = edges[bridge]
    adjacency: dict[Node, list[tuple[Node, Key]]] = defaultdict(list)
    for key in order:
        if key == bridge:
            continue
        a, b = edges[key]
        adjacency[a].append((b, key))
        adjacency[b].append((a, key))
    best: dict[Node, tuple[int, int]] = {start: (0, 0)}
    came: dict[Node, tuple[Node, Key]] = {}
    heap: list[tuple[int, int, int, Node]] = [(0, 0, 0, start)]
    tick = 0
    while heap:
        cost, hops, _tick, node = heapq.heappop(heap)
        if node == goal:
            break
        if best.get(node, (cost, hops)) < (cost, hops):
            continue
        for nxt, key in adjacency[node]:
            step = 0 if key in suppressed else values[key] + 1
            candidate = (cost + step, hops + 1)
            if nxt not in best or candidate < best[nxt]:
                best[nxt] = candidate
                came[nxt] = (node, key)
                tick += 1
                heapq.heappush(heap, (candidate[0], candidate[1], tick, nxt))
    if goal not in best:
        return None
    path: set[Key] = set()
    node = goal
    while node != start:
        node, key = came[node]
        path.add(key)
    return path - suppressed


def line_edges(keys: Iterable[Key], node: Node) -> dict[Key, tuple[Node, Node]]:
    """A one-way table whose total is published: each cell sits in the line's equation and at ground."""
    return dict.fromkeys(keys, (node, GROUND))
