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
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue import calendar
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


def _physical_lines(body: bytes) -> list[bytes]:
    """The file's lines as sent: every one ends in CRLF (no bare LF or CR anywhere)."""
    assert body.endswith(b"\r\n")
    lines = body[:-2].split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    return lines


def _assert_folded_well(body: bytes) -> None:
    """At most 75 octets a line; a fold never cuts a UTF-8 character (each line decodes on its
    own) nor an escape (no line ends in the backslash that starts one)."""
    for line in _physical_lines(body):
        assert len(line) <= 75, line
        line.decode()
        trailing = len(line) - len(line.rstrip(b"\\"))
        assert trailing % 2 == 0, line


# A title of 119 characters, 183 UTF-8 octets: 2-, 3- and 4-byte characters where folds fall.
LONG_TITLE = ("Ééñ brug 🚀🌉 ĳzer — Zeeën " * 8)[:119]
TRICKY_SUMMARY = (
    "Meten; wegen, en rekenen \\ met C:\\Nieuw\\map\nTweede regel\r\nDerde;;,,\\\\ eind\\"
)


def test_long_multibyte_and_escaped_text_is_folded_and_read_back_exactly(client):
    act = factories.activity(LONG_TITLE, theme="robots-code", summary=TRICKY_SUMMARY)
    act.venue.name, act.venue.address = "Hal 3; ingang B, achterom", "Dijk 1\\2"
    act.venue.save()
    assert len(LONG_TITLE.encode()) > 150
    body = client.get("/api/v1/activities.ics", {"thema": "robots-code"}).content
    _assert_folded_well(body)
    assert body.count(b"\r\n ") > 3  # the long lines really were folded
    url = f"http://testserver/activiteiten/{act.slug}/"
    # A CRLF typed in a form is one line break; the calendar carries it as \n.
    summary = TRICKY_SUMMARY.replace("\r\n", "\n")
    description = f"{summary}\n\n{url}"
    location = "Hal 3; ingang B, achterom, Dijk 1\\2, Zwolle"
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["summary"]) == LONG_TITLE
    assert str(event["description"]) == description
    assert str(event["location"]) == location
    other = vobject.readOne(body.decode()).vevent
    assert other.summary.value == LONG_TITLE
    assert other.description.value == description
    assert other.location.value == location
    assert other.url.value == url


def test_the_activity_page_calendar_file_uses_the_same_careful_writer(client):
    act = factories.activity(LONG_TITLE, days=(3,), summary=TRICKY_SUMMARY)
    body = client.get(f"/activiteiten/{act.slug}/agenda.ics").content
    _assert_folded_well(body)
    for event in (
        icalendar.Calendar.from_ical(body).walk("VEVENT")[0],
        vobject.readOne(body.decode()).vevent,
    ):
        summary = event["summary"] if isinstance(event, icalendar.Event) else event.summary.value
        assert str(summary) == LONG_TITLE


@pytest.mark.parametrize("escaped", [";", "\\", "é", "ĳ", "🚀", "a;é🚀\\"])
def test_a_fold_at_any_offset_keeps_characters_and_escapes_whole(escaped):
    """Shift a run of escapes or multi-byte characters across every position of the fold."""
    for shift in range(80):
        value = "x" * shift + escaped * 60
        line = calendar.fold(f"SUMMARY:{calendar.text(value)}")
        _assert_folded_well(line)
        assert line.replace(b"\r\n ", b"") == f"SUMMARY:{calendar.text(value)}\r\n".encode()


# Any text a provider can type: letters of every script, emoji, the characters TEXT escapes, tabs,
# line breaks and stray control characters (surrogates cannot be typed or encoded).
typed = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from(
        ["\\", ";", ",", "\n", "\r", "\t", "N", "n", ":", '"', "é", "🚀", "\x00", "\x1b", "\x7f"]
    ),
    max_size=300,
)


def _lines(value: str) -> str:
    """CRLF and a lone CR are each one line break (TEXT knows only \\n); control characters other
    than TAB are not allowed in TEXT and are left out."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in value if c in "\t\n" or not (c < " " or c == "\x7f"))


@settings(max_examples=300, deadline=None)
@given(typed, typed)
def test_any_text_round_trips_through_the_writer_and_both_parsers(title, summary):
    """The writer alone (no database): what a parser reads back is exactly what was written."""
    event = calendar._event(
        uid="x-1@techniekkaart",
        start="DTSTART;TZID=Europe/Amsterdam:20270102T100000",
        end="DTEND;TZID=Europe/Amsterdam:20270102T120000",
        stamp=dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC),
        title=title,
        description=summary,
        location="Op school",
        url="https://example.org/a/",
    )
    body = calendar.calendar_text([event], zone=True)
    _assert_folded_well(body)
    want_title, want_summary = (_lines(t) for t in (title, summary))
    parsed = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(parsed["summary"]) == want_title
    assert str(parsed["description"]) == want_summary
    other = vobject.readOne(body.decode()).vevent
    assert other.summary.value == want_title
    assert other.description.value == want_summary
    assert other.dtstart.value == dt.datetime(2027, 1, 2, 10, tzinfo=AMS)


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
