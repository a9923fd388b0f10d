"""iCalendar (.ics): one date or a whole series of an activity, and calendar feeds of many activities.

The activity page offers single dates as plain events. The open-data feed (api) writes a recurring
series as one event with an RRULE and an EXDATE for each skipped date, so a calendar app shows the
series as a series and drops a cancelled week when the feed is refreshed.

A called-off or moved date (catalogue.datechanges) keeps its UID: a single date becomes
STATUS:CANCELLED or gets its new DTSTART, a date of a series gets an override event (the same UID
with RECURRENCE-ID, the date's first time) that says so; every event carries the activity's
version as SEQUENCE, so a calendar app that refreshes the feed replaces what it has.

The text is written here directly (RFC 5545) rather than through the icalendar library's object
model: the region's feed holds thousands of events, and building and folding them as objects took
seconds per request. The tests read every file back with two independent parsers (icalendar and
vobject), so the rules below are checked from the outside:
- lines end in CRLF and are folded so no line is longer than 75 octets (UTF-8 bytes, a character
  is never cut, and an escape such as \\, stays on one line);
- TEXT values escape backslash, semicolon, comma and line breaks; other control characters,
  which TEXT does not allow, are left out;
- times of a series are local (TZID=Europe/Amsterdam, with the VTIMEZONE below), so a series keeps
  its clock time across summer time; DTSTAMP and UNTIL are UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from catalogue.models import Activity, DateChange, DateStatus, Occurrence, Schedule
from catalogue.recurrence import AMSTERDAM, expand, nth_weekday

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

PRODID = "-//Techniekkaart Regio Zwolle//NL"
# Octets of content on one physical line: 74, so a continuation line with its leading space is 75.
FOLD_OCTETS = 74
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Europe/Amsterdam as the yearly rule (EU summer time since 1996): compact, and read alike by every
# client, where the list-of-dates form some libraries write is misread by others (dateutil/vobject).
AMSTERDAM_VTIMEZONE = """BEGIN:VTIMEZONE\r
TZID:Europe/Amsterdam\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
TZNAME:CEST\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
TZNAME:CET\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
"""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # after line breaks became \n; TAB stays


# --- writing content lines -------------------------------------------------------------------


def text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11). CRLF and a lone CR count as one line break, as in forms."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )
    return _CONTROL.sub("", escaped) if _CONTROL.search(escaped) else escaped


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded (RFC 5545 3.1) and ended with CRLF.

    Works on the bytes: a cut never lands inside a multi-byte character (continuation bytes are
    0b10xxxxxx) nor right after the backslash of an escape (an odd run of backslashes)."""
    raw = line.encode()
    if len(raw) <= FOLD_OCTETS:
        return raw + b"\r\n"
    parts, start, size = [], 0, len(raw)
    while size - start > FOLD_OCTETS:
        end = start + FOLD_OCTETS
        while raw[end] & 0xC0 == 0x80:
            end -= 1
        run = 0
        while raw[end - 1 - run] == 0x5C:  # backslash
            run += 1
        if run % 2:
            end -= 1
        parts.append(raw[start:end])
        start = end
    parts.append(raw[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def utc(moment: dt.datetime) -> str:
    """An aware moment as a UTC DATE-TIME: 20261212T090000Z."""
    m = moment.astimezone(dt.UTC)
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}Z"


def local(day: dt.date, time: dt.time) -> str:
    """A date and clock time as a local DATE-TIME (with TZID=Europe/Amsterdam on the property)."""
    return (
        f"{day.year:04d}{day.month:02d}{day.day:02d}"
        f"T{time.hour:02d}{time.minute:02d}{time.second:02d}"
    )


def calendar_text(
    events: Iterable[bytes], *, head: Iterable[bytes] = (), zone: bool = False
) -> bytes:
    """A VCALENDAR around ready-made VEVENT blocks; `head` holds extra folded calendar lines."""
    parts = [b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", fold(f"PRODID:{PRODID}"), *head]
    if zone:
        parts.append(AMSTERDAM_VTIMEZONE.encode())
    parts.extend(events)
    parts.append(b"END:VCALENDAR\r\n")
    return b"".join(parts)


def _event(
    *,
    uid: str,
    start: str,
    end: str,
    stamp: dt.datetime,
    title: str,
    description: str,
    location: str,
    url: str,
    rules: Iterable[bytes] = (),
    sequence: int = 0,
    status: str = "",
) -> bytes:
    """A VEVENT; `start`/`end` are whole DTSTART/DTEND lines (they differ by time zone form).
    `status` is a DateStatus: called off and put off are STATUS:CANCELLED."""
    off = status in (DateStatus.CANCELLED, DateStatus.POSTPONED)
    return b"".join(
        (
            b"BEGIN:VEVENT\r\n",
            fold(f"SUMMARY:{text(_status_title(status, title))}"),
            fold(start),
            fold(end),
            fold(f"DTSTAMP:{utc(stamp)}"),
            fold(f"UID:{text(uid)}"),
            *rules,
            f"SEQUENCE:{sequence}\r\n".encode(),
            b"STATUS:CANCELLED\r\n" if off else b"STATUS:CONFIRMED\r\n",
            fold(f"DESCRIPTION:{text(description)}"),
            fold(f"LOCATION:{text(location)}"),
            fold(f"URL:{url}"),
            b"END:VEVENT\r\n",
        )
    )


_TITLE_PREFIX: dict[str, StrPromise] = {
    # Translators: before an activity's title in a calendar, "Afgelast: Robots bouwen"
    DateStatus.CANCELLED: pgettext_lazy("calendar title", "Afgelast: %(title)s"),
    DateStatus.POSTPONED: pgettext_lazy("calendar title", "Uitgesteld: %(title)s"),
    DateStatus.MOVED: pgettext_lazy("calendar title", "Verplaatst: %(title)s"),
}


def _status_title(status: str, title: str) -> str:
    """Calendar apps that ignore STATUS still show the news in the title."""
    prefix = _TITLE_PREFIX.get(status)
    return str(prefix) % {"title": title} if prefix else title


def status_text(status: str, reason: str, previous: dt.datetime | None = None) -> str:
    """One line for the description: what happened and why (the provider's words)."""
    if status == DateStatus.CANCELLED:
        line = _("Afgelast")
    elif status == DateStatus.POSTPONED:
        line = _("Uitgesteld: de nieuwe datum volgt")
    elif status == DateStatus.MOVED and previous is not None:
        moment = f"{timezone.localtime(previous):%d-%m-%Y %H:%M}"
        line = _("Verplaatst, eerst gepland op %(moment)s") % {"moment": moment}
    else:
        return ""
    return f"{line}. {reason}".strip() if reason else f"{line}."


def _description(summary: str, url: str, news: str) -> str:
    return f"{news}\n\n{summary}\n\n{url}" if news else f"{summary}\n\n{url}"


# --- one activity (the activity page) --------------------------------------------------------


def ics(activity: Activity, occurrences: list[Occurrence], request: HttpRequest) -> bytes:
    url = request.build_absolute_uri(activity.get_absolute_url())
    return calendar_text(occurrence_event(activity, o, url, timezone.now()) for o in occurrences)


def occurrence_event(
    activity: Activity, occurrence: Occurrence, url: str, stamp: dt.datetime
) -> bytes:
    """One date; its UID comes from its first time, so a moved date replaces itself."""
    news = status_text(occurrence.status, occurrence.change_reason, occurrence.previous_start)
    return _event(
        uid=f"{activity.slug}-{occurrence.code}@techniekkaart",
        start=f"DTSTART:{utc(occurrence.start)}",
        end=f"DTEND:{utc(occurrence.end)}",
        stamp=stamp,
        title=activity.title,
        description=_description(activity.summary, url, news),
        location=location_text(activity),
        url=url,
        sequence=activity.version,
        status=occurrence.status,
    )


# --- the open-data feed: every coming date or series of many activities ---------------------

FEED_FIELDS = (
    "pk", "frequency", "start_date", "start_time", "end_time", "until", "skip_dates",
    "activity__slug", "activity__title", "activity__summary", "activity__updated",
    "activity__version",
    "activity__location_type", "activity__venue_id", "activity__venue__name",
    "activity__venue__address", "activity__venue__place",
)  # fmt: skip


def feed(pks: Iterable[int], *, prefix: str, name: str = "", today: dt.date | None = None) -> bytes:
    """A calendar to subscribe to: every date or series of these activities that still runs.

    One query of plain rows (no model objects); `prefix` is the absolute URL of the activity list,
    an activity's page is prefix + slug + "/"."""
    today = today or timezone.localdate()
    series = Q(until__gte=today) & ~Q(frequency=Schedule.Frequency.ONCE)
    later = dt.datetime.combine(today, dt.time(), tzinfo=AMSTERDAM)
    moved_on = DateChange.objects.filter(new_start__gte=later).values("schedule_id")
    rows = list(
        Schedule.objects.filter(activity_id__in=list(pks))
        .filter(Q(start_date__gte=today) | series | Q(pk__in=moved_on))
        .order_by("activity_id", "start_date", "start_time", "pk")
        .values(*FEED_FIELDS)
    )
    changes: dict[int, list[DateChange]] = {}
    if rows:  # the called-off and moved dates that still matter, in one more query
        found = DateChange.objects.filter(schedule_id__in=[row["pk"] for row in rows]).filter(
            Q(day__gte=today) | Q(new_start__gte=later)
        )
        for change in found.order_by("day"):
            changes.setdefault(change.schedule_id, []).append(change)
    head = [fold(f"X-WR-CALNAME:{text(name)}")] if name else []
    head += [b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n", b"X-PUBLISHED-TTL:PT12H\r\n"]
    events = (series_event(row, prefix, changes.get(row["pk"], [])) for row in rows)
    return calendar_text(events, head=head, zone=True)


def series_event(row: dict[str, Any], prefix: str, changes: Iterable[DateChange] = ()) -> bytes:
    """One event for a date or a whole series (a row of FEED_FIELDS): RRULE for the rhythm, EXDATE
    for skipped dates, and after it an override event (same UID, RECURRENCE-ID) for each called-off
    or moved date of the series. A single date that changed is itself cancelled or moved.
    DTSTAMP is the activity's last change, so an unchanged feed stays the same."""
    slug = row["activity__slug"]
    url = f"{prefix}{slug}/"
    first, start_time = row["start_date"], row["start_time"]
    once = row["frequency"] == Schedule.Frequency.ONCE or not row["until"]
    own = {c.day: c for c in changes}
    rules = []
    if not once:
        # UNTIL is inclusive; the end of the last day in UTC covers the last date's start.
        last = dt.datetime.combine(row["until"], dt.time(23, 59, 59), tzinfo=AMSTERDAM)
        if row["frequency"] == Schedule.Frequency.WEEKLY:
            rule = f"RRULE:FREQ=WEEKLY;UNTIL={utc(last)}"
        else:
            day = nth_weekday(first)
            rule = f"RRULE:FREQ=MONTHLY;UNTIL={utc(last)};BYDAY={day.n}{WEEKDAYS[day.weekday]}"
        rules.append(fold(rule))
        skipped = sorted(_skip_dates(row["skip_dates"]))
        if skipped:
            moments = ",".join(local(day, start_time) for day in skipped)
            rules.append(fold(f"EXDATE;TZID=Europe/Amsterdam:{moments}"))
    location = _place_text(
        row["activity__location_type"],
        row["activity__venue_id"] is not None,
        (
            row["activity__venue__name"],
            row["activity__venue__address"],
            row["activity__venue__place"],
        ),
    )
    uid = f"{slug}-reeks-{row['pk']}@techniekkaart"
    common: dict[str, Any] = {
        "uid": uid,
        "stamp": row["activity__updated"],
        "title": row["activity__title"],
        "location": location,
        "url": url,
        "sequence": row["activity__version"],
    }
    summary = row["activity__summary"]
    change = own.get(first) if once else None
    main = _event(
        **common,
        **_when(first, start_time, row["end_time"], change),
        description=_description(summary, url, _change_text(change, start_time)),
        rules=rules,
        status=change.status if change else "",
    )
    if once:
        return main
    left_out = _skip_dates(row["skip_dates"])
    fields = ("frequency", "start_date", "start_time", "end_time", "until")
    made = {start.date() for start, _end in expand(**{f: row[f] for f in fields})} if own else set()
    overrides = [
        _event(
            **common,
            **_when(c.day, start_time, row["end_time"], c),
            description=_description(summary, url, _change_text(c, start_time)),
            rules=[fold(f"RECURRENCE-ID;TZID=Europe/Amsterdam:{local(c.day, start_time)}")],
            status=c.status,
        )
        for c in changes
        if c.day in made and c.day not in left_out
    ]
    return b"".join([main, *overrides])


def _when(day: dt.date, start: dt.time, end: dt.time, change: DateChange | None) -> dict[str, Any]:
    """DTSTART and DTEND lines: the planned time, or the new time of a moved date."""
    if change is not None and change.status == DateStatus.MOVED and change.new_start:
        new_start = timezone.localtime(change.new_start, AMSTERDAM)
        new_end = timezone.localtime(change.new_end or change.new_start, AMSTERDAM)
        return {
            "start": f"DTSTART;TZID=Europe/Amsterdam:{local(new_start.date(), new_start.time())}",
            "end": f"DTEND;TZID=Europe/Amsterdam:{local(new_end.date(), new_end.time())}",
        }
    return {
        "start": f"DTSTART;TZID=Europe/Amsterdam:{local(day, start)}",
        "end": f"DTEND;TZID=Europe/Amsterdam:{local(day, end)}",
    }


def _change_text(change: DateChange | None, start: dt.time) -> str:
    if change is None:
        return ""
    previous = dt.datetime.combine(change.day, start, tzinfo=AMSTERDAM)
    return status_text(change.status, change.reason, previous)


def skip_dates(schedule: Schedule) -> set[dt.date]:
    return _skip_dates(schedule.skip_dates)


def _skip_dates(values: list[Any] | None) -> set[dt.date]:
    days = set()
    for value in values or []:
        try:
            days.add(dt.date.fromisoformat(str(value)))
        except ValueError:
            continue
    return days


def location_text(activity: Activity) -> str:
    venue = activity.venue
    parts = (venue.name, venue.address, venue.place) if venue is not None else ()
    return _place_text(activity.location_type, venue is not None, parts)


def _place_text(location_type: str, has_venue: bool, venue_parts: Iterable[str | None]) -> str:
    if location_type == Activity.LocationType.ONLINE:
        return _("Online")
    if location_type == Activity.LocationType.SCHOOL or not has_venue:
        return _("Op school")
    return ", ".join(part for part in venue_parts if part)
