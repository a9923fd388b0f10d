"""Searching the public catalogue: one function behind the list, the map and (later) the API.

The database does the exact filters (status, theme, age, date, price, kind, ...) in one query that returns
plain rows; distances and word matching (forgiving of case and accents on every database) happen in Python
over those rows. The catalogue of a region is thousands of rows, not millions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from catalogue.models import Activity
from catalogue.places import Place, distance_km, normalise
from techniekkaart.vocab import LIST_RADIUS_KM, RADIUS_STEPS

# With fewer activities than this near the place, the list offers the next distance that has more.
FEW_NEARBY = 3


@dataclass(frozen=True)
class Filters:
    words: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    age: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    place: Place | None = None
    radius_km: int = LIST_RADIUS_KM
    free: bool = False
    kinds: tuple[str, ...] = ()
    audience: str = ""
    wheelchair: bool = False
    sort: str = "datum"  # "datum" (soonest first) or "afstand" (nearest first)


@dataclass
class Hit:
    pk: int
    slug: str
    title: str
    min_age: int
    max_age: int
    free: bool
    main_theme: str
    next_start: dt.datetime | None
    point: tuple[float, float] | None
    distance_km: float | None = None


@dataclass
class Result:
    hits: list[Hit]
    # When a place search finds few or nothing nearby (online activities do not count): the first
    # wider radius that finds more, and how many it finds there.
    wider_radius: int | None = None
    wider_count: int = 0

    @property
    def online_count(self) -> int:
        return sum(1 for hit in self.hits if hit.point is None)

    @property
    def local_count(self) -> int:
        """Activities at a place (not online); with a place: those within the radius."""
        return len(self.hits) - self.online_count


def search(filters: Filters, *, now: dt.datetime | None = None) -> Result:
    now = now or timezone.now()
    rows = _rows(filters, now)
    if filters.words:
        rows = [row for row in rows if _matches(row, filters.words)]
    hits = [_hit(row, filters.place) for row in rows]
    result = Result(hits=hits)
    if filters.place is not None:
        near = [h for h in hits if h.distance_km is None or h.distance_km <= filters.radius_km]
        local = sum(1 for h in near if h.distance_km is not None)
        if local < FEW_NEARBY:
            result.wider_radius, result.wider_count = _wider(hits, filters.radius_km, local)
        result.hits = near
    result.hits.sort(key=_sort_key(filters.sort))
    return result


def _rows(filters: Filters, now: dt.datetime) -> list[dict[str, Any]]:
    start = now
    if filters.date_from:
        start = max(now, _day_start(filters.date_from))
    qs = Activity.objects.published(now).with_next_start(start)
    if filters.date_from or filters.date_to:
        if filters.date_to:
            qs = qs.filter(
                Q(next_start__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
                | Q(availability=Activity.Availability.ALWAYS)
            )
        qs = qs.filter(Q(next_start__isnull=False) | Q(availability=Activity.Availability.ALWAYS))
    else:
        qs = qs.filter(Q(next_start__isnull=False) | ~Q(availability=Activity.Availability.DATES))
    if filters.themes:
        qs = qs.filter(
            Q(main_theme__slug__in=filters.themes) | Q(themes__slug__in=filters.themes)
        ).distinct()
    if filters.age is not None:
        qs = qs.filter(min_age__lte=filters.age, max_age__gte=filters.age)
    if filters.free:
        qs = qs.filter(price=0)
    if filters.kinds:
        qs = qs.filter(kind__in=filters.kinds)
    if filters.audience:
        qs = qs.filter(audience__in=[filters.audience, Activity.Audience.BOTH])
    if filters.wheelchair:
        qs = qs.filter(wheelchair_accessible=True)
    fields = [
        "pk", "slug", "title", "min_age", "max_age", "price", "next_start", "location_type",
        "main_theme__slug", "venue__lat", "venue__lon", "provider__lat", "provider__lon",
    ]  # fmt: skip
    if filters.words:
        fields += ["summary", "provider__name"]
    return list(qs.values(*fields))


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())


def _matches(row: dict[str, Any], words: tuple[str, ...]) -> bool:
    text = normalise(" ".join((row["title"], row["summary"], row["provider__name"])))
    return all(normalise(word) in text for word in words)


def _hit(row: dict[str, Any], place: Place | None) -> Hit:
    point: tuple[float, float] | None = None
    if row["location_type"] != Activity.LocationType.ONLINE:
        lat, lon = row["venue__lat"], row["venue__lon"]
        if lat is None:
            lat, lon = row["provider__lat"], row["provider__lon"]
        point = (lat, lon) if lat is not None and lon is not None else None
    distance = None
    if place is not None and point is not None:
        distance = round(distance_km(place.lat, place.lon, *point), 1)
    return Hit(
        pk=row["pk"],
        slug=row["slug"],
        title=row["title"],
        min_age=row["min_age"],
        max_age=row["max_age"],
        free=row["price"] == 0,
        main_theme=row["main_theme__slug"],
        next_start=row["next_start"],
        point=point,
        distance_km=distance,
    )


def _wider(hits: list[Hit], radius: int, local: int) -> tuple[int | None, int]:
    for step in RADIUS_STEPS:
        if step <= radius:
            continue
        count = sum(1 for h in hits if h.distance_km is not None and h.distance_km <= step)
        if count > local:
            return step, count
    return None, 0


_FAR = float("inf")
_LATE = dt.datetime.max.replace(tzinfo=dt.UTC)


def _sort_key(sort: str) -> Any:
    if sort == "afstand":
        return lambda h: (
            _FAR if h.distance_km is None else h.distance_km,
            h.next_start or _LATE,
            h.title,
        )
    return lambda h: (h.next_start or _LATE, h.title)
