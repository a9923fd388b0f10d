"""The plain data that goes into and comes out of the recommender.

Frozen dataclasses, no Django: the catalogue snapshot is turned into `Offer`s by the caller, so the ranking can be
tested and benchmarked without a database and reused for a child, a class or the API alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from matching.reasons import NOTHING, Part, Phrase
from techniekkaart.vocab import RESULT_RADIUS_KM

# Who asks. A child at home never gets class-only offers; a class never gets offers for families only.
CHILD = "gezin"
CLASS = "school"
BOTH = "beide"
ANYONE = ""  # no audience rule at all (tests and benchmarks of the ranking itself)


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
    audience: str = (
        ""  # CHILD, CLASS or BOTH, after the catalogue's rules (a guest lesson is CLASS)
    )
    always_open: bool = False  # with on_request: open every day (a museum), not "on request"
    town: str = ""  # the place where it happens (the venue's), shown on every card; "" online
    # The next date a class can go: a school day, in school hours. None when there is none.
    next_school_start: dt.datetime | None = None
    visits_school: bool = False  # the provider comes to the class ("op jouw school")

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
    radius_km: float = RESULT_RADIUS_KM
    limit: int = 10
    horizon_days: int = 60
    kinds: frozenset[str] = field(default_factory=frozenset)
    free_only: bool = False
    audience: str = CHILD


@dataclass(frozen=True)
class Recommendation:
    """One card: the best offer of a series, the reasons shown beside it and the rest of the series.

    A series is every offer with the same title (at several places or dates); `also` holds the others that pass
    the same filters, best first, so the card can say "ook in Zwolle, Urk"."""

    offer: Offer
    score: float
    distance_km: float | None
    reasons: tuple[Part, ...]  # to translate where shown: catalogue.phrases.say
    try_new: bool
    also: tuple[Offer, ...] = ()
    also_text: Phrase = NOTHING  # "ook in Zwolle, Urk", "ook online", "ook op andere dagen"

    @property
    def where(self) -> str:
        """The town on the card; "online" for an online offer."""
        return "online" if self.offer.online else self.offer.town

    @property
    def also_in(self) -> tuple[str, ...]:
        """Other towns of the series, best first, without the card's own; "online" for an online one."""
        places = ("online" if o.online else o.town for o in self.also)
        return tuple(dict.fromkeys(p for p in places if p and p != self.where))


@dataclass(frozen=True)
class Recommendations:
    """The ranked cards, and the radius it finally took so the page can say "we zochten verder".

    `nearby` counts the fitting activities with a place (never online ones) inside the radius that was asked
    for, one per series: the number the widening message gives."""

    items: tuple[Recommendation, ...]
    radius_km: float | None
    widened: bool
    asked_radius_km: float | None = None
    nearby: int = 0
    # "Binnen 10 km van Kampen vonden we maar 3 activiteiten. Daarom zochten we tot 25 km." ("" unless widened)
    widening_text: Phrase = NOTHING
