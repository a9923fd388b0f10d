"""The plain data that goes into and comes out of the recommender.

Frozen dataclasses, no Django: the catalogue snapshot is turned into `Offer`s by the caller, so the ranking can be
tested and benchmarked without a database and reused for a child, a class or the API alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Offer:
    """One bookable activity as the recommender sees it (already published and located)."""

    id: int
    slug: str
    title: str
    provider: str  # provider slug, for the variety rule
    main_theme: str
    themes: tuple[str, ...]  # secondary themes; never contains main_theme
    min_age: int
    max_age: int
    lat: float | None  # None for online activities
    lon: float | None
    next_start: dt.datetime | None  # aware; None when on request / always open
    on_request: bool
    free: bool
    wheelchair: bool
    kind: str = ""
    audience: str = ""  # "gezin", "school", "beide"
    always_open: bool = False  # with on_request: open every day (a museum), not "on request"

    @property
    def online(self) -> bool:
        return self.lat is None or self.lon is None


@dataclass(frozen=True)
class Query:
    """Who is asking: a profile of theme weights (one child's or a whole class's), plus age and place."""

    profile: Mapping[str, float]
    now: dt.datetime
    age: int | None = None
    origin: tuple[float, float] | None = None
    origin_name: str = ""
    radius_km: float = 10
    limit: int = 10
    horizon_days: int = 60
    kinds: frozenset[str] = field(default_factory=frozenset)
    free_only: bool = False
    audience: str = ""


@dataclass(frozen=True)
class Recommendation:
    """One suggested offer with the Dutch reasons shown beside it (recommendations must explain themselves)."""

    offer: Offer
    score: float
    distance_km: float | None
    reasons: tuple[str, ...]
    try_new: bool


@dataclass(frozen=True)
class Recommendations:
    """The ranked list, and the radius it finally took so the page can say "we zochten verder"."""

    items: tuple[Recommendation, ...]
    radius_km: float | None
    widened: bool
