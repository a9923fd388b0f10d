"""Searching the public catalogue: one function behind the list, the map and (later) the API.

The database does the exact filters (status, theme, age, date, price, kind, ...) in one query that returns
plain rows; distances happen in Python over those rows. Words go through `catalogue.textsearch`
(PostgreSQL's Dutch full-text search, or the same rules in Python on SQLite; forgiving of small typing
errors), and with words the best matches come first. The catalogue of a region is thousands of rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone, translation

from catalogue import textsearch
from catalogue.models import Activity, Occurrence
from catalogue.places import Place, distance_km
from techniekkaart import pagecache
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
    # "datum" (soonest first), "afstand" (nearest first) or "relevantie" (best match first, then
    # soonest; without words the same as "datum").
    sort: str = "datum"


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
    relevance: float = 0.0


@dataclass
class Result:
    hits: list[Hit]
    # When a place search finds few or nothing nearby (online activities do not count): the first
    # wider radius that finds more, and how many it finds there.
    wider_radius: int | None = None
    wider_count: int = 0
    # The first coming date among everything the filters found (also beyond the radius): when it
    # has passed, the same search may find other dates or fewer activities.
    changes_at: dt.datetime | None = None

    @property
    def online_count(self) -> int:
        return sum(1 for hit in self.hits if hit.point is None)

    @property
    def local_count(self) -> int:
        """Activities at a place (not online); with a place: those within the radius."""
        return len(self.hits) - self.online_count


def kept(filters: Filters, version: str | None = None) -> Result:
    """search(filters) with words, kept in the shared cache while nothing but a page's address differs
    (issue 17): the list, its htmx answer and its pages, the map's markers and the open-data API
    ask the same search for the same filters. Kept under the content version (the page cache's,
    new with every change of the catalogue) and only until the clock could change the answer:
    until the first date it found has begun, or the day ends (a date filter, "this week" and the
    confirmation of ongoing offers count in days); at most as long as a page is kept."""
    if not filters.words:
        # Searched in this process's kept snapshot of the catalogue (_offers) in about a
        # millisecond: less than reading and writing a whole answer in the shared cache.
        return search(filters)
    version = version or pagecache.version()
    key = "search:" + hashlib.sha256(repr((version, filters)).encode()).hexdigest()
    now = timezone.now()
    found = cache.get(key)
    if found is not None and now < found[0]:
        return found[1]
    result = search(filters, now=now)
    seconds = settings.PAGE_CACHE_SECONDS or 60
    tomorrow = dt.datetime.combine(
        timezone.localdate(now) + dt.timedelta(days=1), dt.time(), timezone.get_current_timezone()
    )
    until = min(result.changes_at or tomorrow, tomorrow, now + dt.timedelta(seconds=seconds))
    cache.set(key, (until, result), seconds)
    return result


def search(filters: Filters, *, now: dt.datetime | None = None) -> Result:
    now = now or timezone.now()
    rows = _rows(filters, now) if filters.words else _offered_rows(filters, now)
    hits = [_hit(row, filters.place) for row in rows]
    starts = [hit.next_start for hit in hits if hit.next_start is not None]
    result = Result(hits=hits, changes_at=min(starts) if starts else None)
    if filters.place is not None:
        near = [h for h in hits if h.distance_km is None or h.distance_km <= filters.radius_km]
        local = sum(1 for h in near if h.distance_km is not None)
        if local < FEW_NEARBY:
            result.wider_radius, result.wider_count = _wider(hits, filters.radius_km, local)
        result.hits = near
    result.hits.sort(key=_sort_key(filters.sort))
    return result


# What a hit is made of (next_start: its first date from the moment searched on).
_HIT_FIELDS = [
    "pk", "slug", "title", "min_age", "max_age", "price", "location_type",
    "main_theme__slug", "venue__lat", "venue__lon", "provider__lat", "provider__lon",
]  # fmt: skip
_FILTERED_FIELDS = ["availability", "last_confirmed", "kind", "audience", "wheelchair_accessible"]


@dataclass(frozen=True)
class _Offer:
    row: dict[str, Any]  # _HIT_FIELDS and _FILTERED_FIELDS
    themes: tuple[str, ...]  # its other themes, in the themes' order
    starts: tuple[dt.datetime, ...]  # its dates from the snapshot's moment on, soonest first


@dataclass(frozen=True)
class _Snapshot:
    made: dt.datetime
    offers: tuple[_Offer, ...]
    by_slug: dict[str, _Offer]


def _offers(now: dt.datetime) -> tuple[_Offer, ...]:
    """Every published activity with its themes and coming dates, read in three queries and kept
    in this process per content version (pagecache.per_version: every change of the catalogue
    sets a new one). The filters then run in Python over it (issue 17: a new combination of
    filters costs no query). What the clock changes is decided at each search, not kept: the
    first date from the moment searched on, and which ongoing offers are still confirmed."""
    return _snapshot_kept(now).offers


def _snapshot_kept(now: dt.datetime) -> _Snapshot:
    with translation.override(None):  # one snapshot for every language: it holds no texts
        return pagecache.per_version(
            "search-offers", lambda: _snapshot(now), lambda kept: kept.made <= now
        )


def _snapshot(now: dt.datetime) -> _Snapshot:
    published = Activity.objects.filter(status=Activity.Status.PUBLISHED, revision_of__isnull=True)
    themes: dict[int, list[str]] = defaultdict(list)
    pairs = Activity.themes.through.objects.filter(activity__in=published).order_by("theme__order")
    for pk, slug in pairs.values_list("activity_id", "theme__slug"):
        themes[pk].append(slug)
    starts: dict[int, list[dt.datetime]] = defaultdict(list)
    dates = Occurrence.objects.filter(activity__in=published, start__gte=now)
    for pk, start in dates.order_by("start").values_list("activity_id", "start"):
        starts[pk].append(start)
    offers = tuple(
        _Offer(row, tuple(themes.get(row["pk"], ())), tuple(starts.get(row["pk"], ())))
        for row in published.order_by("pk").values(*_HIT_FIELDS, *_FILTERED_FIELDS)
    )
    return _Snapshot(now, offers, {offer.row["slug"]: offer for offer in offers})


def other_themes(now: dt.datetime | None = None) -> dict[int, tuple[str, ...]]:
    """Each published activity's other themes (slugs, in the themes' order), from the snapshot."""
    return {offer.row["pk"]: offer.themes for offer in _offers(now or timezone.now())}


@dataclass(frozen=True)
class Public:
    """What the snapshot knows of a public activity, for its page (issue 17): the page reads the
    activity by pk, takes its themes from the kept theme list and reads its dates only when
    there are any to come."""

    pk: int
    themes: tuple[str, ...]  # its other themes (slugs, in the themes' order)
    # Whether a date of it is still to come. False is safe to trust: a new date sets a new content
    # version, and with it a new snapshot.
    has_dates: bool


def public(slug: str, now: dt.datetime | None = None) -> Public | None:
    """The activity when it is public now (ActivityQuerySet.public: published, and a coming date
    or a confirmed ongoing offer), from the snapshot, without the public query's date subqueries."""
    now = now or timezone.now()
    offer = _snapshot_kept(now).by_slug.get(slug)
    if offer is None or _lapsed(offer.row, _confirmed_since(now)):
        return None
    has_dates = bool(offer.starts) and offer.starts[-1] >= now
    if offer.row["availability"] == Activity.Availability.DATES and not has_dates:
        return None  # every date has begun
    return Public(offer.row["pk"], offer.themes, has_dates)


def public_pk(slug: str, now: dt.datetime | None = None) -> int | None:
    """The activity's pk when it is public now (`public`)."""
    found = public(slug, now)
    return found.pk if found is not None else None


def _confirmed_since(now: dt.datetime) -> dt.date:
    """Ongoing offers count while confirmed on this day or later (ActivityQuerySet.published)."""
    return timezone.localdate(now) - dt.timedelta(days=settings.CONFIRM_EVERY_DAYS)


def _lapsed(row: dict[str, Any], since: dt.date) -> bool:
    """An ongoing offer (on request, always open) nobody confirmed since `since`."""
    return row["availability"] != Activity.Availability.DATES and (
        row["last_confirmed"] is None or row["last_confirmed"] < since
    )


def _offered_rows(filters: Filters, now: dt.datetime) -> list[dict[str, Any]]:
    """_rows() without words, over the kept snapshot: the same filters, in the same meaning."""
    start = max(now, _day_start(filters.date_from)) if filters.date_from else now
    dated = bool(filters.date_from or filters.date_to)
    until = _day_start(filters.date_to + dt.timedelta(days=1)) if filters.date_to else None
    since = _confirmed_since(now)
    themes = frozenset(filters.themes)
    kinds = frozenset(filters.kinds)
    audiences = {filters.audience, Activity.Audience.BOTH} if filters.audience else None
    dates, always = Activity.Availability.DATES, Activity.Availability.ALWAYS
    rows = []
    for offer in _offers(now):
        row = offer.row
        if _lapsed(row, since):
            continue
        at = bisect_left(offer.starts, start)
        next_start = offer.starts[at] if at < len(offer.starts) else None
        if dated:
            if row["availability"] != always and (
                next_start is None or (until is not None and next_start >= until)
            ):
                continue
        elif next_start is None and row["availability"] == dates:
            continue
        if themes and row["main_theme__slug"] not in themes and themes.isdisjoint(offer.themes):
            continue
        if filters.age is not None and not row["min_age"] <= filters.age <= row["max_age"]:
            continue
        if (
            (filters.free and row["price"] != 0)
            or (kinds and row["kind"] not in kinds)
            or (audiences and row["audience"] not in audiences)
            or (filters.wheelchair and not row["wheelchair_accessible"])
        ):
            continue
        rows.append({**row, "next_start": next_start})
    return rows


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
    query = textsearch.parse(filters.words, Activity.objects.published(now))
    found = textsearch.narrow(qs, query)
    fields = [
        "pk", "slug", "title", "min_age", "max_age", "price", "next_start", "location_type",
        "main_theme__slug", "venue__lat", "venue__lon", "provider__lat", "provider__lon",
    ]  # fmt: skip
    if not query:
        return list(found.values(*fields))
    fields += [f for f in textsearch.FIELDS if f not in fields]
    rows = []
    for row in found.values(*fields):
        relevance = textsearch.score(row, query)
        if relevance is None and textsearch.narrowed_by_database():
            relevance = 0.0  # the database found it (one of its own stop words, say): keep it
        if relevance is not None:
            row["relevance"] = relevance
            rows.append(row)
    return rows


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())


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
        relevance=row.get("relevance", 0.0),
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
    if sort == "relevantie":
        return lambda h: (-h.relevance, h.next_start or _LATE, h.title)
    return lambda h: (h.next_start or _LATE, h.title)
