"""The bridge between the database and the recommender (`matching`, plain Python).

A snapshot of the public catalogue is read in three queries and handed to matching.recommend(); the
quiz result page, the API and class mode all ask for recommendations through here.

Who an offer is for is decided here, from structured fields only (never from the title): an offer for
school classes (audience "school"), a guest lesson or Techlables, or one that comes to the school is
class-only and never reaches a child at home; a class gets no family-only offer and, of the offers with
dates, only those with a date on a school day in school hours (SCHOOL_HOURS).

Building the snapshot costs far more than ranking it, so each process keeps the last one while the
catalogue is unchanged (checked with one aggregate query per request, or with columns of
the page's own query: the quiz result reads them with the result) and for at most SNAPSHOT_SECONDS,
so that offers whose date has passed drop out and the next date shows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from django.db import connection
from django.db.models import OuterRef, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from catalogue.models import Activity, Occurrence, Theme
from catalogue.places import Place
from matching import Catalogue, Offer, Query, Recommendations, recommend
from matching.records import BOTH, CHILD, CLASS
from techniekkaart.vocab import RESULT_RADIUS_KM

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

SCHOOL_WEEKDAYS = (2, 3, 4, 5, 6)  # Django's week_day: Monday to Friday
SCHOOL_HOURS = (dt.time(8, 30), dt.time(15, 30))  # a class trip starts and ends inside these
CLASS_ONLY_KINDS = (Activity.Kind.GUEST_LESSON, Activity.Kind.TECHLAB)
# What a child likes, as it reads after "Je houdt van" (matching/reasons.py); a theme a coordinator adds
# later reads as the first word of its name.
# Lazy, as the snapshot is shared by every language.
THEME_WORDS: dict[str, StrPromise] = {
    # Translators: these complete "Je houdt van ..." (you like ...) and "Ook leuk als je van ... houdt".
    "bouwen": pgettext_lazy("what a child likes", "bouwen"),
    "maken": pgettext_lazy("what a child likes", "dingen maken"),
    "stroom": pgettext_lazy("what a child likes", "stroom en lampjes"),
    "robots-code": pgettext_lazy("what a child likes", "programmeren"),
    "vervoer": pgettext_lazy("what a child likes", "auto's, treinen en boten"),
    "energie": pgettext_lazy("what a child likes", "zon en wind"),
    "water": pgettext_lazy("what a child likes", "water"),
    "boerderij-eten": pgettext_lazy("what a child likes", "de boerderij"),
    "proefjes": pgettext_lazy("what a child likes", "proefjes"),
    "zorgtechniek": pgettext_lazy("what a child likes", "mensen helpen"),
    "ontwerpen-media": pgettext_lazy("what a child likes", "tekenen en ontwerpen"),
}
SNAPSHOT_SECONDS = 300
_cached: dict[str, tuple[tuple, dt.datetime, Catalogue]] = {}


def catalogue_version() -> tuple:
    """Changes whenever an activity or its dates change: saving an activity (also for its themes)
    updates `updated`, and dates are recreated with new ids. One query, every quiz result asks
    (issue 17): written out once, as building it with the ORM cost three times running it."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        return tuple(cursor.fetchone())


VERSION_COLUMNS = ("catalogue_activities", "catalogue_updated", "catalogue_dates", "catalogue_last")


def version_columns() -> dict[str, RawSQL]:
    """catalogue_version()'s four figures as columns of another query, so a page that reads a row
    anyway reads them with it (one round trip less: the quiz result). Read as the database gives
    them (no conversion), so `version_of(row) == catalogue_version()` while nothing changed."""
    return {
        name: RawSQL(sql, (), output_field=TextField())  # noqa: S611  # model names only
        for name, sql in zip(VERSION_COLUMNS, _version_parts(), strict=True)
    }


def version_of(row: object) -> tuple:
    """The catalogue version a row read with version_columns() carries."""
    return tuple(getattr(row, name) for name in VERSION_COLUMNS)


@functools.cache
def _version_parts() -> tuple[str, ...]:
    quote = connection.ops.quote_name
    activities, dates = quote(Activity._meta.db_table), quote(Occurrence._meta.db_table)
    updated = quote(Activity._meta.get_field("updated").column)
    date_id = quote(Occurrence._meta.pk.column)
    # Only the models' own table and column names, quoted: nothing from a request.
    return (
        f"SELECT COUNT(*) FROM {activities}",  # noqa: S608
        f"SELECT MAX({updated}) FROM {activities}",  # noqa: S608
        f"SELECT COUNT(*) FROM {dates}",  # noqa: S608
        f"SELECT MAX({date_id}) FROM {dates}",  # noqa: S608
    )


@functools.cache
def _version_sql() -> str:
    return "SELECT " + ", ".join(f"({part})" for part in _version_parts())


def cached_snapshot(now: dt.datetime, version: tuple | None = None) -> Catalogue:
    """The snapshot of the catalogue at `version` (catalogue_version(), read here unless the
    caller read it with its own query: version_columns())."""
    version = version if version is not None else catalogue_version()
    hit = _cached.get("catalogue")
    if hit and hit[0] == version and abs((now - hit[1]).total_seconds()) < SNAPSHOT_SECONDS:
        return hit[2]
    catalogue = snapshot(now)
    _cached["catalogue"] = (version, now, catalogue)
    return catalogue


def _next_school_start(now: dt.datetime) -> Subquery:
    """The first coming date on a school day, in school hours (Amsterdam time, as the dates are entered)."""
    dates = Occurrence.objects.filter(
        activity=OuterRef("pk"),
        start__gte=now,
        start__week_day__in=SCHOOL_WEEKDAYS,
        start__time__gte=SCHOOL_HOURS[0],
        end__time__lte=SCHOOL_HOURS[1],
    )
    return Subquery(dates.order_by("start").values("start")[:1])


def snapshot(now: dt.datetime) -> Catalogue:
    """Every public activity as an Offer (3 queries)."""
    rows = (
        Activity.objects.public(now)
        .annotate(next_school_start=_next_school_start(now))
        .values(
            "pk", "slug", "title", "provider__slug", "main_theme__slug", "min_age", "max_age",
            "location_type", "venue__lat", "venue__lon", "provider__lat", "provider__lon",
            "next_start", "availability", "price", "wheelchair_accessible", "kind", "audience",
            "venue__place", "provider__place", "next_school_start",
        )
    )  # fmt: skip
    secondary: dict[int, list[str]] = defaultdict(list)
    through = Activity.themes.through.objects.filter(activity__status=Activity.Status.PUBLISHED)
    for activity_id, slug in through.order_by("theme__order").values_list(
        "activity_id", "theme__slug"
    ):
        secondary[activity_id].append(slug)
    offers = [_offer(row, secondary[row["pk"]]) for row in rows]
    names = dict(Theme.objects.values_list("slug", "name"))
    # The lazy words stand in for str (matching renders them with str() when a page is shown).
    return Catalogue(offers, names, cast("dict[str, str]", THEME_WORDS))


def audience_of(row: dict) -> str:
    """CHILD, CLASS or BOTH after the rules above; an unknown value is left as it is (it fits no one)."""
    class_only = (
        row["kind"] in CLASS_ONLY_KINDS or row["location_type"] == Activity.LocationType.SCHOOL
    )
    if class_only and row["audience"] in (CHILD, BOTH):
        return CLASS
    return row["audience"]


def town_of(row: dict) -> str:
    """Where it happens: the venue's place; a visit to school: the provider's place; online: ""."""
    if row["location_type"] == Activity.LocationType.ONLINE:
        return ""
    if row["location_type"] == Activity.LocationType.VENUE and row["venue__place"]:
        return row["venue__place"]
    return row["provider__place"] or ""


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
        audience=audience_of(row),
        always_open=row["availability"] == Activity.Availability.ALWAYS,
        town=town_of(row),
        next_school_start=row["next_school_start"],
        visits_school=row["location_type"] == Activity.LocationType.SCHOOL,
    )


def recommendations_for(
    *,
    profile: Mapping[str, float],
    age: int | None = None,
    place: Place | None = None,
    place_label: str = "",
    radius_km: float = RESULT_RADIUS_KM,
    limit: int = 10,
    audience: str = CHILD,
    now: dt.datetime | None = None,
    catalogue: Catalogue | None = None,
) -> Recommendations:
    """For a child at home unless `audience` is CLASS ("school"). Pass `catalogue` (from
    cached_snapshot) when asking many times in one request."""
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
