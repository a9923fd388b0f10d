"""The bridge between the database and the recommender (`matching`, plain Python).

A snapshot of the public catalogue is read in two queries and handed to matching.recommend(); the
quiz result page, the API and (later) class mode all ask for recommendations through here.

Building the snapshot costs far more than ranking it, so each process keeps the last one while the
catalogue is unchanged (checked with one aggregate query per request) and for at most SNAPSHOT_SECONDS,
so that offers whose date has passed drop out and the next date shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from django.db.models import Count, Max
from django.utils import timezone

from catalogue.models import Activity, Occurrence, Theme
from catalogue.places import Place
from matching import Catalogue, Offer, Query, Recommendations, recommend

DEFAULT_RADIUS_KM = 10
SNAPSHOT_SECONDS = 300
_cached: dict[str, tuple[tuple, dt.datetime, Catalogue]] = {}


def catalogue_version() -> tuple:
    """Changes whenever an activity or its dates change: saving an activity (also for its themes)
    updates `updated`, and dates are recreated with new ids."""
    activities = Activity.objects.aggregate(n=Count("pk"), changed=Max("updated"))
    dates = Occurrence.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (*activities.values(), *dates.values())


def cached_snapshot(now: dt.datetime) -> Catalogue:
    version = catalogue_version()
    hit = _cached.get("catalogue")
    if hit and hit[0] == version and abs((now - hit[1]).total_seconds()) < SNAPSHOT_SECONDS:
        return hit[2]
    catalogue = snapshot(now)
    _cached["catalogue"] = (version, now, catalogue)
    return catalogue


def snapshot(now: dt.datetime) -> Catalogue:
    """Every public activity as an Offer (2 queries)."""
    rows = Activity.objects.public(now).values(
        "pk", "slug", "title", "provider__slug", "main_theme__slug", "min_age", "max_age",
        "location_type", "venue__lat", "venue__lon", "provider__lat", "provider__lon",
        "next_start", "availability", "price", "wheelchair_accessible", "kind", "audience",
    )  # fmt: skip
    secondary: dict[int, list[str]] = defaultdict(list)
    through = Activity.themes.through.objects.filter(activity__status=Activity.Status.PUBLISHED)
    for activity_id, slug in through.order_by("theme__order").values_list(
        "activity_id", "theme__slug"
    ):
        secondary[activity_id].append(slug)
    offers = [_offer(row, secondary[row["pk"]]) for row in rows]
    names = dict(Theme.objects.values_list("slug", "name"))
    return Catalogue(offers, names)


def _offer(row: dict, secondary: list[str]) -> Offer:
    lat = lon = None
    if row["location_type"] != Activity.LocationType.ONLINE:
        lat, lon = row["venue__lat"], row["venue__lon"]
        if lat is None:
            lat, lon = row["provider__lat"], row["provider__lon"]
    return Offer(
        id=row["pk"],
        slug=row["slug"],
        title=row["title"],
        provider=row["provider__slug"],
        main_theme=row["main_theme__slug"],
        themes=tuple(s for s in secondary if s != row["main_theme__slug"]),
        min_age=row["min_age"],
        max_age=row["max_age"],
        lat=lat,
        lon=lon,
        next_start=row["next_start"],
        on_request=row["availability"] != Activity.Availability.DATES,
        free=row["price"] == 0,
        wheelchair=row["wheelchair_accessible"],
        kind=row["kind"],
        audience=row["audience"],
        always_open=row["availability"] == Activity.Availability.ALWAYS,
    )


def recommendations_for(
    *,
    profile: Mapping[str, float],
    age: int | None = None,
    place: Place | None = None,
    place_label: str = "",
    radius_km: float = DEFAULT_RADIUS_KM,
    limit: int = 10,
    audience: str = "",
    now: dt.datetime | None = None,
    catalogue: Catalogue | None = None,
) -> Recommendations:
    """Pass `catalogue` (from cached_snapshot) when asking many times in one request."""
    now = now or timezone.now()
    query = Query(
        profile=dict(profile),
        now=now,
        age=age,
        origin=(place.lat, place.lon) if place else None,
        origin_name=place_label or (place.name if place else ""),
        radius_km=radius_km,
        limit=limit,
        audience=audience,
    )
    return recommend(catalogue or cached_snapshot(now), query)
