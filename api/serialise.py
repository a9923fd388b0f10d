"""Public JSON shapes of the catalogue. Every key written here is documented in api/openapi.py, and
tests/test_api_open_data.py proves nothing else ever leaves: no contact persons, no e-mail addresses or
phone numbers, nothing about children, nothing from the moderation or the portal.

Names follow schema.org Event and OpenActive where one fits (name, ageRange, isAccessibleForFree,
offers, organizer, location, subEvent, eventSchedule)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from catalogue.calendar import skip_dates
from catalogue.datechanges import EVENT_STATUS
from catalogue.models import Activity, DateStatus, Occurrence, Provider, Schedule, Theme, Venue
from catalogue.places import Place
from catalogue.recurrence import AMSTERDAM, expand, nth_weekday
from catalogue.weburl import is_web_url

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Links:
    """Absolute links, built from two reverse() calls per request instead of several per item."""

    def __init__(self, request: HttpRequest) -> None:
        self.activities = request.build_absolute_uri(reverse("public:activities"))
        self.providers = request.build_absolute_uri(
            reverse("public:provider", args=["x"])
        ).removesuffix("x/")
        self.request = request

    def activity(self, slug: str) -> str:
        return f"{self.activities}{slug}/"

    def provider(self, slug: str) -> str:
        return f"{self.providers}{slug}/"


def activities_by_pk(pks: list[int], now: dt.datetime) -> dict[int, Activity]:
    """Full activities with what the JSON needs, in a fixed number of queries. Prefetches go to
    plain lists (to_attr): far cheaper than a related manager per item on a page of fifty."""
    upcoming = Occurrence.objects.filter(start__gte=now).order_by("start")
    qs = (
        Activity.objects.filter(pk__in=pks)
        .select_related("provider", "main_theme", "venue")
        .prefetch_related(
            Prefetch(
                "themes", queryset=Theme.objects.order_by("order", "name"), to_attr="theme_rows"
            ),
            Prefetch("schedules", to_attr="schedule_rows"),
            Prefetch("occurrences", queryset=upcoming, to_attr="coming"),
        )
    )
    return {a.pk: a for a in qs}


def dumps(data: Any) -> str:
    """The API's JSON: compact, UTF-8 as it is. A list of dumped parts joined with "," inside
    "[...]" is exactly dumps() of the list (`activities_json` relies on it)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def activities_json(pks: list[int], now: dt.datetime, links: Links, version: str) -> dict[int, str]:
    """Each public activity's JSON (`activity`, dumped), kept in the process's fragment cache
    (issue 17): the same on every page and filter of the list that shows it, so a first render
    of a new address fetches and writes only the activities no earlier answer showed.

    Kept under the content version (`pagecache.version()`, new with every change of a watched
    model: the activity, its dates, themes, provider, venue), the address the links start with,
    the language and the day (the series still running), and only until its first coming date
    begins (then it is no longer coming). Entries live as long as pages do at most."""
    memo = caches["fragments"]
    today = timezone.localdate(now)
    prefix = f"api-activity:{version}:{links.activities}:{get_language()}:{today}:"
    keys = {pk: f"{prefix}{pk}" for pk in pks}
    kept = memo.get_many(list(keys.values()))
    out: dict[int, str] = {}
    for pk, key in keys.items():
        entry = kept.get(key)
        if entry is not None and now < entry[0]:
            out[pk] = entry[1]
    missing = [pk for pk in pks if pk not in out]
    if missing:
        tomorrow = dt.datetime.combine(
            today + dt.timedelta(days=1), dt.time(), timezone.get_current_timezone()
        )
        seconds = settings.PAGE_CACHE_SECONDS or 60
        for pk, found in activities_by_pk(missing, now).items():
            out[pk] = dumps(activity(found, links, today))
            coming = found.coming  # type: ignore[attr-defined]
            until = min(coming[0].start, tomorrow) if coming else tomorrow
            memo.set(keys[pk], (until, out[pk]), seconds)
    return out


def activity(a: Activity, links: Links, today: dt.date) -> dict[str, Any]:
    page = links.activity(a.slug)
    sessions = a.coming  # type: ignore[attr-defined]
    signup = a.signup_method != Activity.SignupMethod.NONE
    themes = [a.main_theme.slug, *(t.slug for t in a.theme_rows if t.pk != a.main_theme_id)]  # type: ignore[attr-defined]
    point = a.point()
    return {
        "id": a.pk,
        "slug": a.slug,
        "name": a.title,
        "summary": a.summary,
        "description": a.description,
        "nameEn": a.title_en,
        "summaryEn": a.summary_en,
        "descriptionEn": a.description_en,
        "url": page,
        "image": links.request.build_absolute_uri(a.image.url) if a.image else None,
        "imageDescription": a.image_alt if a.image else None,
        "mainTheme": a.main_theme.slug,
        "themes": themes,
        "kind": a.kind,
        "audience": a.audience,
        "ageRange": {"minValue": a.min_age, "maxValue": a.max_age},
        "isAccessibleForFree": a.is_free,
        "offers": [{"price": f"{a.price:.2f}", "priceCurrency": "EUR"}],
        "wheelchairAccessible": a.wheelchair_accessible,
        "locationType": a.location_type,
        "location": venue(a.venue) if a.venue_id and a.venue else None,
        "geo": geo(*point) if point else None,
        "organizer": organizer(a.provider, links),
        "signupMethod": a.signup_method,
        "signupUrl": f"{page}aanmelden/" if signup else None,
        "availability": a.availability,
        "availabilityText": a.availability_text,
        "startDate": sessions[0].start.isoformat() if sessions else None,
        "subEvent": [session(o) for o in sessions],
        "eventSchedule": [
            event_schedule(s)
            for s in a.schedule_rows  # type: ignore[attr-defined]
            if s.frequency != Schedule.Frequency.ONCE and s.until and s.until >= today
        ],
        "lastConfirmed": a.last_confirmed.isoformat() if a.last_confirmed else None,
        "dateModified": a.updated.isoformat(),
    }


def session(o: Occurrence) -> dict[str, Any]:
    """One coming date with its schema.org eventStatus; a moved one with previousStartDate."""
    return {
        "identifier": o.code,
        "startDate": o.start.isoformat(),
        "endDate": o.end.isoformat(),
        "eventStatus": EVENT_STATUS.get(o.status, EVENT_STATUS[DateStatus.SCHEDULED]),
        "previousStartDate": o.previous_start.isoformat() if o.previous_start else None,
        "statusReason": o.change_reason or None,
    }


def event_schedule(s: Schedule) -> dict[str, Any]:
    """A series as a schema.org / OpenActive Schedule, with the skipped dates as exceptDate."""
    skipped = skip_dates(s)
    produced = set()
    if skipped:  # only the skipped dates that fall on the series count
        produced = {
            start.date()
            for start, _end in expand(
                frequency=s.frequency,
                start_date=s.start_date,
                start_time=s.start_time,
                end_time=s.end_time,
                until=s.until,
            )
        }
    data: dict[str, Any] = {
        "repeatFrequency": "P1W" if s.frequency == Schedule.Frequency.WEEKLY else "P1M",
        "byDay": [f"https://schema.org/{DAYS[s.start_date.weekday()]}"],
        "startDate": s.start_date.isoformat(),
        "endDate": s.until.isoformat() if s.until else None,
        "startTime": s.start_time.strftime("%H:%M"),
        "endTime": s.end_time.strftime("%H:%M"),
        "scheduleTimezone": str(AMSTERDAM),
        "exceptDate": [
            dt.datetime.combine(day, s.start_time, tzinfo=AMSTERDAM).isoformat()
            for day in sorted(skipped & produced)
        ],
    }
    if s.frequency == Schedule.Frequency.MONTHLY:
        data["byMonthWeek"] = nth_weekday(s.start_date).n
    return data


def geo(lat: float, lon: float) -> dict[str, float]:
    return {"latitude": lat, "longitude": lon}


def venue(v: Venue) -> dict[str, Any]:
    return {
        "id": v.pk,
        "name": v.name,
        "address": {
            "streetAddress": v.address,
            "postalCode": v.postcode,
            "addressLocality": v.place,
            "addressRegion": v.municipality,
            "addressCountry": "NL",
        },
        "geo": geo(v.lat, v.lon) if v.lat is not None and v.lon is not None else None,
    }


def organizer(p: Provider, links: Links) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "name": p.name,
        "url": links.provider(p.slug),
        # A value stored before the check existed is never served: the schema promises a URI.
        "website": p.website if is_web_url(p.website) else None,
    }


def provider(p: Provider, links: Links, count: int) -> dict[str, Any]:
    return {
        **organizer(p, links),
        "kind": p.kind,
        "description": p.description,
        "place": p.place,
        "municipality": p.municipality,
        "geo": geo(p.lat, p.lon) if p.lat is not None and p.lon is not None else None,
        "activityCount": count,
    }


def theme(t: Theme, count: int) -> dict[str, Any]:
    return {
        "slug": t.slug,
        "name": t.name,
        "description": t.description,
        "activityCount": count,
    }


def place(p: Place) -> dict[str, Any]:
    return {
        "name": p.name,
        "municipality": p.municipality,
        "province": p.province,
        "geo": geo(p.lat, p.lon),
        "postcodes": list(p.pc4),
    }
