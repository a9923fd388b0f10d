"""Ranking offers for a profile: hard filters, tiers and one score, then a short walk for the page's rules.

Filters and scores run over numpy columns for the whole catalogue; only the best candidates reach the Python walk.
"Fitting" means carrying one of the child's top three themes. The order a parent would pick:

0. fitting offers with a place whose own theme is one of the child's favourites, nearest first (a tie: the better
   score) - so with a place, the first card is the nearest one that fits;
1. the other fitting offers with a place, by score;
2. fitting online offers, by score: at most two in the first ten, never above a fitting offer with a place;
3. the rest, by score (online ones count towards the two).

One card per series (the same title at several places or dates; the others ride along as `also`); at most two
per provider in the first ten as long as that keeps fitting offers with a place on top; one "probeer eens iets
nieuws" pick, never online, at position four. A profile is just theme weights, so the same call serves one child,
a class profile or the API; the query's audience keeps class-only offers from a child at home and family-only or
out-of-school-time offers from a class.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from matching.catalogue import Bools, Catalogue, Floats, Ints
from matching.reasons import (
    NOTHING,
    Phrase,
    also_text,
    matched_theme,
    reasons,
    theme_text,
    widening_text,
)
from matching.records import Offer, Query, Recommendation, Recommendations
from techniekkaart.vocab import RADIUS_STEPS

MAX_RADIUS_KM = RADIUS_STEPS[-1]
HALF_DISTANCE_KM = 15.0  # distance decay halves every 15 km
# Online offers score as if 15 km away (their tier keeps them below fitting offers with a place anyway).
ONLINE_DISTANCE_KM = 15.0
SOON_DAYS = 30.0  # soonness halves 30 days out
ON_REQUEST_SOONNESS = 0.6
# Added to every theme match so offers outside the profile still order by distance and date (the try-new pick
# and the tail of a short list) instead of by slug; too small to lift them above any real match.
THEME_FLOOR = 0.01
TOP_THEMES = 3
FAVOURITE_SHARE = 0.5  # a favourite theme weighs at least half the child's heaviest
MAX_ONLINE_ON_TOP = 2  # online offers in the first ten
VARIETY_WINDOW = 10
PER_PROVIDER = 2
TRY_NEW_INDEX = 3
MIN_POOL = 64
DAY_SECONDS = 86400.0
NEAREST, FITTING, ONLINE, REST = 0, 1, 2, 3  # tiers
TIER_GAP = 1000.0  # larger than any distance, so the sort key orders by tier first


def top_themes(profile: Mapping[str, float], n: int = 3) -> list[str]:
    """The n heaviest themes, ties by slug; zero (or negative) weights never count as a liking."""
    liked = [(slug, w) for slug, w in profile.items() if w > 0 and math.isfinite(w)]
    liked.sort(key=lambda item: (-item[1], item[0]))
    return [slug for slug, _ in liked[:n]]


def favourite_themes(profile: Mapping[str, float]) -> list[str]:
    """The top themes that weigh at least half as much as the heaviest: what "nearest first" must fit."""
    top = top_themes(profile, TOP_THEMES)
    return [slug for slug in top if profile[slug] >= FAVOURITE_SHARE * profile[top[0]]]


def normalise(profile: Mapping[str, float]) -> dict[str, float]:
    """Weights summing to 1, so a class profile (sums of answers) and a child's score alike; {} = no preference."""
    liked = {slug: float(w) for slug, w in profile.items() if w > 0 and math.isfinite(w)}
    total = sum(liked.values())
    return {slug: w / total for slug, w in liked.items()}


@dataclass(frozen=True)
class _Pool:
    """The offers left after all hard filters, in slug order, with their distances, tiers and sort keys."""

    idx: Ints
    dist: Floats | None
    score: Floats
    start: Floats  # next start (a class: next start in school time) as a timestamp, NaN for none
    dated: Bools
    tier: Ints
    key: Floats  # ascending = better: tier, then (tier 0 with a place) distance, then score


@dataclass(frozen=True)
class _Reach:
    """How far the search went: the radius asked for and taken, and the fitting series within the asked one."""

    asked: float | None = None
    radius: float | None = None
    widened: bool = False
    nearby: int = 0


def recommend(catalogue: Catalogue, query: Query) -> Recommendations:
    """The ranked, explained cards for one query; same input, same output."""
    if query.now.tzinfo is None:
        raise ValueError("Query.now must be timezone-aware")
    profile = normalise(query.profile)
    top = top_themes(profile, TOP_THEMES)
    idx = _filtered(catalogue, query)
    fits = catalogue.touches(idx, top) if top else np.ones(len(idx), dtype=bool)
    reach, dist = _Reach(), None
    if query.origin is not None:
        dist = catalogue.distances(idx, query.origin)
        reach = _widen(catalogue, idx, dist, fits, query)
        keep = np.isnan(dist) | (dist <= (reach.radius or 0.0))  # _widen always sets a radius
        idx, dist, fits = idx[keep], dist[keep], fits[keep]
    items: tuple[Recommendation, ...] = ()
    if query.limit > 0 and len(idx):
        pool = _score(catalogue, idx, dist, fits, profile, query)
        new = _try_new(catalogue, pool, fits, query.limit)
        order = _cards(catalogue, pool, new, query.limit)
        if new is not None:
            order.insert(min(TRY_NEW_INDEX, len(order)), new)
        items = tuple(_item(catalogue, pool, pos, pos == new, top, query) for pos in order)
    return _answer(items, reach, query)


def _answer(items: tuple[Recommendation, ...], reach: _Reach, query: Query) -> Recommendations:
    text = NOTHING
    if reach.widened and reach.asked is not None and reach.radius is not None:
        text = widening_text(
            asked_km=reach.asked,
            radius_km=reach.radius,
            nearby=reach.nearby,
            origin_name=query.origin_name,
            audience=query.audience,
        )
    return Recommendations(
        items=items,
        radius_km=reach.radius,
        widened=reach.widened,
        asked_radius_km=reach.asked,
        nearby=reach.nearby,
        widening_text=text,
    )


def _filtered(catalogue: Catalogue, query: Query) -> Ints:
    """Indices passing every hard filter except distance (which depends on the widened radius)."""
    start = query.now.timestamp()
    end = start + query.horizon_days * DAY_SECONDS
    mask = catalogue.eligible(query.age, start, end, query.audience)
    if query.kinds:
        mask &= catalogue.kinds_mask(query.kinds)
    if query.free_only:
        mask &= catalogue.free
    if query.audience:
        mask &= catalogue.audience_mask(query.audience)
    return np.flatnonzero(mask)


def _series_count(catalogue: Catalogue, idx: Ints, mask: Bools) -> int:
    return int(np.unique(catalogue.series[idx[mask]]).size)


def _widen(catalogue: Catalogue, idx: Ints, dist: Floats, fits: Bools, query: Query) -> _Reach:
    """Grow the radius step by step while fewer than `limit` fitting series with a place are in reach; never
    past 50 km.

    Online offers never count (they are always shown, but they are no reason to stop looking for a place), nor do
    offers outside the child's top themes, nor a second offer of the same series (it is no second card)."""
    asked = float(min(query.radius_km, MAX_RADIUS_KM))
    radius, widened = asked, False
    for step in RADIUS_STEPS:
        if _series_count(catalogue, idx, fits & (dist <= radius)) >= query.limit:
            break
        if step > radius:
            radius, widened = float(step), True
    nearby = _series_count(catalogue, idx, fits & (dist <= asked))
    return _Reach(asked=asked, radius=radius, widened=widened, nearby=nearby)


def _score(
    catalogue: Catalogue,
    idx: Ints,
    dist: Floats | None,
    fits: Bools,
    profile: dict[str, float],
    query: Query,
) -> _Pool:
    """theme match x distance decay x soonness x bonuses, and the tier, for every candidate at once."""
    start = catalogue.starts(query.audience)[idx]
    days = (start - query.now.timestamp()) / DAY_SECONDS
    dated = (days >= 0) & (days <= query.horizon_days)
    soon = np.where(dated, 1.0 / (1.0 + np.where(dated, days, 0.0) / SOON_DAYS), 0.0)
    soon = np.where(catalogue.on_request[idx], np.maximum(soon, ON_REQUEST_SOONNESS), soon)
    score = soon * catalogue.bonus[idx]
    if profile:
        score *= catalogue.theme_match(idx, profile) + THEME_FLOOR
    if dist is not None:
        score *= 0.5 ** (np.where(np.isnan(dist), ONLINE_DISTANCE_KM, dist) / HALF_DISTANCE_KM)
    online = catalogue.online[idx]
    favourite = catalogue.main_in(idx, favourite_themes(profile)) if profile else fits
    tier = np.select(
        [fits & ~online & favourite, fits & ~online, fits & online],
        [NEAREST, FITTING, ONLINE],
        REST,
    )
    # Distances are rounded to 0.1 km, so a score term below 0.1 only breaks ties between equal distances.
    nearest = np.zeros(len(idx)) if dist is None else np.where(tier == NEAREST, dist, 0.0)
    best = float(score.max()) if len(score) else 1.0
    key = tier * TIER_GAP + nearest + 0.05 * (1.0 - score / (best or 1.0))
    return _Pool(idx=idx, dist=dist, score=score, start=start, dated=dated, tier=tier, key=key)


def _ranked(key: Floats, k: int) -> list[int]:
    """Positions of the k smallest keys, best first, ties by position (= slug), without sorting everything."""
    n = len(key)
    if k < n:
        kth = np.partition(key, k - 1)[k - 1]
        below = np.flatnonzero(key < kth)
        ties = np.flatnonzero(key == kth)[: k - len(below)]
        chosen = np.sort(np.concatenate([below, ties]))
    else:
        chosen = np.arange(n)
    best_first: list[int] = chosen[np.argsort(key[chosen], kind="stable")].tolist()
    return best_first


def _try_new(catalogue: Catalogue, pool: _Pool, fits: Bools, limit: int) -> int | None:
    """The best offer with a place sharing no theme with the child's top themes; none without a profile."""
    if limit < 2 or fits.all():
        return None
    outside = np.flatnonzero(~fits & ~catalogue.online[pool.idx])
    if len(outside) == 0:
        return None
    return int(outside[np.argmax(pool.score[outside])])  # argmax takes the first best: slug order


def _cards(catalogue: Catalogue, pool: _Pool, new: int | None, limit: int) -> list[int]:
    """The other cards. Walks a short ranked list; only when that runs dry does it take a longer one."""
    slots = limit - (new is not None)
    n = len(pool.idx)
    k = min(n, max(4 * limit, MIN_POOL))
    while True:
        picks = _Walk(catalogue, pool, new, slots).run(_ranked(pool.key, k))
        if len(picks) >= slots or k >= n:
            return picks
        k = min(n, 2 * k)


class _Walk:
    """Greedy over the ranked positions: one card per series; inside the first ten at most two per provider
    and two online; held-back fitting offers with a place return before anything of a lower tier."""

    def __init__(self, catalogue: Catalogue, pool: _Pool, new: int | None, slots: int) -> None:
        self.catalogue, self.pool, self.slots = catalogue, pool, slots
        self.window = min(slots, VARIETY_WINDOW - (new is not None))
        self.providers: Counter[str] = Counter()
        self.series: set[int] = set()
        self.cards: list[int] = []
        self.held: list[int] = []  # positions skipped inside the first ten, best first
        self.online = 0
        if new is not None:
            self.providers[self._provider(new)] += 1
            self.series.add(self._series(new))

    def _provider(self, pos: int) -> str:
        return self.catalogue.offers[int(self.pool.idx[pos])].provider

    def _series(self, pos: int) -> int:
        return int(self.catalogue.series[self.pool.idx[pos]])

    def _online(self, pos: int) -> bool:
        return bool(self.catalogue.online[self.pool.idx[pos]])

    def run(self, ranked: list[int]) -> list[int]:
        seen = 0
        while seen < len(ranked) and len(self.cards) < self.window:
            pos = ranked[seen]
            if self.pool.tier[pos] >= ONLINE and self._release_fitting():
                continue  # the window may be full now; look at pos again
            seen += 1
            if self._series(pos) in self.series:
                continue
            self.series.add(self._series(pos))
            self._place(pos)
        if len(self.cards) < self.window:
            return self.cards  # ran dry: what was held back stays out of the first ten
        rest = [p for p in ranked[seen:] if self._new_series(p)]
        return self.cards + [*self.held, *rest][: self.slots - len(self.cards)]

    def _new_series(self, pos: int) -> bool:
        series = self._series(pos)
        if series in self.series:
            return False
        self.series.add(series)
        return True

    def _place(self, pos: int) -> None:
        online = self._online(pos)
        provider = self._provider(pos)
        if (online and self.online >= MAX_ONLINE_ON_TOP) or self.providers[
            provider
        ] >= PER_PROVIDER:
            self.held.append(pos)
            return
        self.cards.append(pos)
        self.providers[provider] += 1
        self.online += online

    def _release_fitting(self) -> bool:
        """Fitting offers with a place held back for their provider come in before the lower tiers."""
        fitting = [p for p in self.held if self.pool.tier[p] < ONLINE]
        if not fitting:
            return False
        room = self.window - len(self.cards)
        self.cards += fitting[:room]
        self.held = fitting[room:] + [p for p in self.held if self.pool.tier[p] >= ONLINE]
        return True


def _item(
    catalogue: Catalogue, pool: _Pool, pos: int, try_new: bool, top: list[str], query: Query
) -> Recommendation:
    offer = catalogue.offers[int(pool.idx[pos])]
    distance = None
    if pool.dist is not None and not offer.online:
        distance = float(pool.dist[pos])
    theme = _theme_reason(catalogue, offer, try_new, top, query.audience)
    start = None
    if pool.dated[pos]:
        start = dt.datetime.fromtimestamp(float(pool.start[pos]), tz=dt.UTC)
    text = reasons(
        offer,
        theme=theme,
        distance_km=distance,
        start=start,
        now=query.now,
        audience=query.audience,
    )
    also = _also(catalogue, pool, pos)
    card = Recommendation(
        offer=offer,
        score=float(pool.score[pos]),
        distance_km=distance,
        reasons=text,
        try_new=try_new,
        also=also,
    )
    return replace(card, also_text=also_text(card.also_in, more_dates=bool(also)))


def _theme_reason(
    catalogue: Catalogue, offer: Offer, try_new: bool, top: list[str], audience: str
) -> Phrase | None:
    if try_new:
        return theme_text(
            catalogue.theme_word(offer.main_theme), main=True, try_new=True, audience=audience
        )
    matched = matched_theme(offer, top)
    if matched is None:
        return None
    slug, main = matched
    return theme_text(catalogue.theme_word(slug), main=main, try_new=False, audience=audience)


def _also(catalogue: Catalogue, pool: _Pool, pos: int) -> tuple[Offer, ...]:
    """The rest of the card's series in the pool, best first."""
    series = catalogue.series[pool.idx]
    others = np.flatnonzero(series == series[pos])
    others = others[others != pos]
    others = others[np.argsort(pool.key[others], kind="stable")]
    return tuple(catalogue.offers[int(i)] for i in pool.idx[others])
