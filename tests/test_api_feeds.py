"""Calendar, map and news feeds of the open-data API, read back by independent parsers:
iCalendar by the icalendar library and by vobject, GeoJSON against a JSON Schema of RFC 7946, RSS by
feedparser. A weekly and a monthly series round-trip with their skipped dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import jsonschema
import pytest
import vobject
from dateutil.rrule import rrulestr
from django.core.cache import cache
from django.utils import timezone

from catalogue.models import Activity, Schedule
from catalogue.services import activity_sync_occurrences
from moderation.models import AuditLog
from tests import factories

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _series(title: str, frequency: str, first: dt.date, until: dt.date, skip: list[dt.date]):
    act = factories.activity(title, theme="robots-code", place="Meppel", days=())
    factories.schedule_on(
        act,
        first,
        frequency=frequency,
        start_time=dt.time(14, 30),
        end_time=dt.time(16),
        until=until,
        skip_dates=[d.isoformat() for d in skip],
    )
    activity_sync_occurrences(activity=act)
    return act


@pytest.fixture
def series():
    today = timezone.localdate()
    first = today + dt.timedelta(days=(5 - today.weekday()) % 7 + 7)  # a Saturday, 1-2 weeks out
    weekly = _series(
        "Robotclub", Schedule.Frequency.WEEKLY, first, first + dt.timedelta(weeks=10),
        [first + dt.timedelta(weeks=2), first + dt.timedelta(weeks=5)],
    )  # fmt: skip
    monthly = _series(
        "Maandelijkse maakdag", Schedule.Frequency.MONTHLY, first, first + dt.timedelta(days=200),
        [],
    )  # fmt: skip
    once = factories.activity("Eenmalig", theme="robots-code", place="Meppel", days=(4,))
    elsewhere = factories.activity("Ver weg", theme="robots-code", place="Kampen", days=(5,))
    other_theme = factories.activity("Brug", theme="bouwen", place="Meppel", days=(5,))
    return {
        "weekly": weekly,
        "monthly": monthly,
        "once": once,
        "elsewhere": elsewhere,
        "other": other_theme,
    }


def _stored(act: Activity) -> list[dt.datetime]:
    return [o.start for o in act.occurrences.order_by("start")]


def test_the_calendar_round_trips_through_icalendar_with_rrule_and_exdate(client, series):
    response = client.get(
        "/api/v1/activities.ics", {"thema": "robots-code", "plaats": "Meppel", "afstand": 10}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Robotclub", "Maandelijkse maakdag", "Eenmalig"}  # filters apply
    assert cal.walk("VTIMEZONE")[0]["tzid"] == "Europe/Amsterdam"
    for key in ("weekly", "monthly"):
        event = events[series[key].title]
        assert "RRULE" in event
        start = event.decoded("dtstart")
        rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
        exdates = event.get("exdate", [])
        exdates = exdates if isinstance(exdates, list) else [exdates]
        excluded = {d.dt for exdate in exdates for d in exdate.dts}
        expanded = [moment for moment in rule if moment not in excluded]
        assert expanded == _stored(series[key])
    weekly = events["Robotclub"]
    held = {d.date() for d in _stored(series["weekly"])}
    first = weekly.decoded("dtstart").date()
    assert first + dt.timedelta(weeks=2) not in held  # skipped, and so absent
    assert first + dt.timedelta(weeks=3) in held
    exdates = weekly["exdate"] if isinstance(weekly["exdate"], list) else [weekly["exdate"]]
    assert sorted(d.dt.date() for e in exdates for d in e.dts) == [
        first + dt.timedelta(weeks=2),
        first + dt.timedelta(weeks=5),
    ]
    once = events["Eenmalig"]
    assert "RRULE" not in once
    assert once.decoded("dtstart") == _stored(series["once"])[0]


def test_a_second_parser_vobject_reads_the_same_series(client, series):
    body = client.get("/api/v1/activities.ics", {"thema": "robots-code"}).content.decode()
    cal = vobject.readOne(body)
    by_title = {event.summary.value: event for event in cal.vevent_list}
    assert set(by_title) == {"Robotclub", "Maandelijkse maakdag", "Eenmalig", "Ver weg"}
    for key in ("weekly", "monthly"):
        act = series[key]
        dates = list(by_title[act.title].getrruleset(addRDate=True))
        assert dates == _stored(act)
    weekly = _stored(series["weekly"])
    assert len(weekly) == 11 - 2  # eleven Saturdays, two skipped
    assert by_title["Eenmalig"].dtstart.value == _stored(series["once"])[0]
    assert by_title["Robotclub"].dtstart.value.tzinfo is not None


def test_the_calendar_has_no_past_dates_and_no_private_fields(client, series):
    past = factories.activity("Voorbij", theme="robots-code", days=(-3, 6))
    body = client.get("/api/v1/activities.ics", {"thema": "robots-code"}).content.decode()
    cal = icalendar.Calendar.from_ical(body)
    starts = [e.decoded("dtstart") for e in cal.walk("VEVENT") if e["summary"] == "Voorbij"]
    assert starts == [_stored(past)[-1]]
    assert "ORGANIZER" not in body and "ATTENDEE" not in body and "@example" not in body


GEOJSON_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "properties": {"type": ["object", "null"]},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "minItems": 2,
                                "maxItems": 3,
                                "prefixItems": [
                                    {"type": "number", "minimum": -180, "maximum": 180},
                                    {"type": "number", "minimum": -90, "maximum": 90},
                                ],
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_the_geojson_is_a_valid_feature_collection_with_lon_lat(client, series):
    response = client.get("/api/v1/activities.geojson", {"plaats": "Meppel", "afstand": 10})
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    jsonschema.validate(data, GEOJSON_SCHEMA)
    by_slug = {f["properties"]["slug"]: f for f in data["features"]}
    assert series["elsewhere"].slug not in by_slug
    lon, lat = by_slug[series["once"].slug]["geometry"]["coordinates"]
    assert (lat, lon) == series["once"].point()
    assert by_slug[series["once"].slug]["properties"]["url"].startswith("http://testserver/")


def test_the_public_map_geojson_is_unchanged(client, series):
    """The list page's map still gets relative links (it shares the builder with the API)."""
    data = client.get("/activiteiten.geojson").json()
    jsonschema.validate(data, GEOJSON_SCHEMA)
    assert data["features"][0]["properties"]["url"].startswith("/activiteiten/")


def test_rss_lists_newly_published_activities_newest_first(client, series):
    early = timezone.now() - dt.timedelta(days=30)
    Activity.objects.update(created=early)
    AuditLog.objects.create(
        action=AuditLog.Action.APPROVED,
        activity=series["monthly"],
        created=timezone.now(),
    )
    factories.activity("Concept", status=Activity.Status.DRAFT)
    body = client.get("/api/v1/feeds/new.rss").content
    feed = feedparser.parse(body)
    assert not feed.bozo
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == "Maandelijkse maakdag"
    assert "Concept" not in titles
    assert set(titles) == {a.title for a in series.values()}
    filtered = feedparser.parse(client.get("/api/v1/feeds/new.rss", {"thema": "bouwen"}).content)
    assert [entry.title for entry in filtered.entries] == ["Brug"]
    assert filtered.entries[0].link == f"http://testserver/activiteiten/{series['other'].slug}/"
