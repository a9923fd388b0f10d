"""Ranking offers for a profile: hard filters, one score, then a short re-rank for variety.

Filters and scores run over numpy columns for the whole catalogue; only the few best candidates reach the Python
re-rank (at most two per provider near the top, one "probeer eens iets nieuws" pick). A profile is just theme
weights, so the same call serves one child, a class profile or the API.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from matching.catalogue import Bools, Catalogue, Floats, Ints
from matching.reasons import best_top_theme, reasons
from matching.records import Query, Recommendation, Recommendations

RADIUS_STEPS = (5, 10, 25, 50)
MAX_RADIUS_KM = RADIUS_STEPS[-1]
HALF_DISTANCE_KM = 15.0  # distance decay halves every 15 km
# Online offers rank as if 15 km away: below nearby ones, not out of sight.
ONLINE_DISTANCE_KM = 15.0
SOON_DAYS = 30.0  # soonness halves 30 days out
ON_REQUEST_SOONNESS = 0.6
# Added to every theme match so offers outside the profile still order by distance and date (the try-new pick
# and the tail of a short list) instead of by slug; too small to lift them above any real match.
THEME_FLOOR = 0.01
TOP_THEMES = 3
VARIETY_WINDOW = 10
PER_PROVIDER = 2
TRY_NEW_INDEX = 3
MIN_POOL = 64
DAY_SECONDS = 86400.0


def top_themes(profile: Mapping[str, float], n: int = 3) -> list[str]:
    """The n heaviest themes, ties by slug; zero (or negative) weights never count as a liking."""
    liked = [(slug, w) for slug, w in profile.items() if w > 0 and math.isfinite(w)]
    liked.sort(key=lambda item: (-item[1], item[0]))
    return [slug for slug, _ in liked[:n]]


def normalise(profile: Mapping[str, float]) -> dict[str, float]:
    """Weights summing to 1, so a class profile (sums of answers) and a child's score alike; {} = no preference."""
    liked = {slug: float(w) for slug, w in profile.items() if w > 0 and math.isfinite(w)}
    total = sum(liked.values())
    return {slug: w / total for slug, w in liked.items()}


@dataclass(frozen=True)
class _Pool:
    """The offers left after all hard filters, in slug order, with their distances and scores."""

    idx: Ints
    dist: Floats | None
    score: Floats
    dated: Bools


def recommend(catalogue: Catalogue, query: Query) -> Recommendations:
    """The ranked, explained suggestions for one query; same input, same output."""
    if query.now.tzinfo is None:
        raise ValueError("Query.now must be timezone-aware")
    profile = normalise(query.profile)
    idx = _filtered(catalogue, query)
    radius: float | None = None
    widened = False
    dist = None
    if query.origin is not None:
        dist = catalogue.distances(idx, query.origin)
        relevant = catalogue.theme_match(idx, profile) > 0 if profile else np.ones(len(idx), bool)
        radius, widened = _widen(dist, relevant, query)
        keep = np.isnan(dist) | (dist <= radius)
        idx, dist = idx[keep], dist[keep]
    pool = _score(catalogue, idx, dist, profile, query)
    if query.limit <= 0 or len(idx) == 0:
        return Recommendations(items=(), radius_km=radius, widened=widened)
    top = top_themes(profile, TOP_THEMES)
    new = _try_new(catalogue, pool, top, query.limit)
    order = _varied(catalogue, pool, new, query.limit)
    if new is not None:
        order.insert(min(TRY_NEW_INDEX, len(order)), new)
    items = tuple(_item(catalogue, pool, pos, pos == new, top, profile, query) for pos in order)
    return Recommendations(items=items, radius_km=radius, widened=widened)


def _filtered(catalogue: Catalogue, query: Query) -> Ints:
    """Indices passing every hard filter except distance (which depends on the widened radius)."""
    start = query.now.timestamp()
    mask = catalogue.eligible(query.age, start, start + query.horizon_days * DAY_SECONDS)
    if query.kinds:
        mask &= catalogue.kinds_mask(query.kinds)
    if query.free_only:
        mask &= catalogue.free
    if query.audience:
        mask &= catalogue.audience_mask(query.audience)
    return np.flatnonzero(mask)


def _widen(dist: Floats, relevant: Bools, query: Query) -> tuple[float, bool]:
    """Grow the radius step by step while fewer than `limit` fitting offers are in reach; never past 50 km.

    Only offers with a place that match at least one of the child's themes count: online ones are always
    shown, and offers outside the child's themes must not stop the search for something that fits.
    """
    radius = float(min(query.radius_km, MAX_RADIUS_KM))
    widened = False
    for step in RADIUS_STEPS:
        if int(np.count_nonzero(relevant & (dist <= radius))) >= query.limit:
            break
        if step > radius:
            radius, widened = float(step), True
    return radius, widened


def _score(
    catalogue: Catalogue, idx: Ints, dist: Floats | None, profile: dict[str, float], query: Query
) -> _Pool:
    """theme match x distance decay x soonness x bonuses, for every candidate at once."""
    days = (catalogue.next_ts[idx] - query.now.timestamp()) / DAY_SECONDS
    dated = (days >= 0) & (days <= query.horizon_days)
    soon = np.where(dated, 1.0 / (1.0 + np.where(dated, days, 0.0) / SOON_DAYS), 0.0)
    soon = np.where(catalogue.on_request[idx], np.maximum(soon, ON_REQUEST_SOONNESS), soon)
    score = soon * catalogue.bonus[idx]
    if profile:
        score *= catalogue.theme_match(idx, profile) + THEME_FLOOR
    if dist is not None:
        score *= 0.5 ** (np.where(np.isnan(dist), ONLINE_DISTANCE_KM, dist) / HALF_DISTANCE_KM)
    return _Pool(idx=idx, dist=dist, score=score, dated=dated)


def _ranked(score: Floats, k: int) -> list[int]:
    """Positions of the k best scores, best first, ties by position (= slug), without sorting everything."""
    n = len(score)
    if k < n:
        kth = np.partition(score, n - k)[n - k]
        above = np.flatnonzero(score > kth)
        ties = np.flatnonzero(score == kth)[: k - len(above)]
        chosen = np.sort(np.concatenate([above, ties]))
    else:
        chosen = np.arange(n)
    return chosen[np.argsort(-score[chosen], kind="stable")].tolist()


def _try_new(catalogue: Catalogue, pool: _Pool, top: list[str], limit: int) -> int | None:
    """The best offer sharing no theme with the child's top themes; none without a profile or room for it."""
    if not top or limit < 2:
        return None
    outside = np.flatnonzero(~catalogue.touches(pool.idx, top))
    if len(outside) == 0:
        return None
    return int(outside[np.argmax(pool.score[outside])])  # argmax takes the first best: slug order


def _varied(catalogue: Catalogue, pool: _Pool, new: int | None, limit: int) -> list[int]:
    """The other picks, at most PER_PROVIDER per provider in the first ten (counting the try-new pick).

    Walks a short ranked list; only when that runs dry does it take a longer one, so the big sort never happens.
    """
    slots = limit - (new is not None)
    k = min(len(pool.idx), max(4 * limit, MIN_POOL))
    while True:
        picks = _walk(catalogue, pool, _ranked(pool.score, k), new, slots)
        if len(picks) >= slots or k >= len(pool.idx):
            return picks
        k = min(len(pool.idx), 2 * k)


def _walk(
    catalogue: Catalogue, pool: _Pool, ranked: list[int], new: int | None, slots: int
) -> list[int]:
    """Greedy: inside the first ten skip providers already shown twice; after it, skipped ones come back first."""
    provider = [catalogue.offers[i].provider for i in pool.idx[ranked].tolist()]
    window = min(slots, VARIETY_WINDOW - (new is not None))
    counts: Counter[str] = Counter()
    if new is not None:
        counts[catalogue.offers[int(pool.idx[new])].provider] += 1
    picks: list[int] = []
    deferred: list[int] = []
    seen = 0
    while seen < len(ranked) and len(picks) < window:
        pos, prov = ranked[seen], provider[seen]
        seen += 1
        if pos == new:
            continue
        if counts[prov] >= PER_PROVIDER:
            deferred.append(pos)
        else:
            counts[prov] += 1
            picks.append(pos)
    if len(picks) < window:
        return picks
    tail = [pos for pos in [*deferred, *ranked[seen:]] if pos != new]
    return picks + tail[: slots - len(picks)]


def _item(
    catalogue: Catalogue,
    pool: _Pool,
    pos: int,
    try_new: bool,
    top: list[str],
    profile: dict[str, float],
    query: Query,
) -> Recommendation:
    offer = catalogue.offers[int(pool.idx[pos])]
    distance = None
    if pool.dist is not None and not offer.online:
        distance = float(pool.dist[pos])
    theme = best_top_theme(offer, top, profile)
    text = reasons(
        offer,
        theme=catalogue.theme_name(theme) if theme else None,
        try_new_theme=catalogue.theme_name(offer.main_theme) if try_new else None,
        distance_km=distance,
        origin_name=query.origin_name,
        dated=bool(pool.dated[pos]),
    )
    return Recommendation(
        offer=offer,
        score=float(pool.score[pos]),
        distance_km=distance,
        reasons=text,
        try_new=try_new,
    )
