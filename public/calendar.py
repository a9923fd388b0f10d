"""iCalendar (.ics): one date or a whole series of an activity, and calendar feeds of many activities.

The activity page offers single dates as plain events. The open-data feed (api) writes a recurring
series as one event with an RRULE and an EXDATE for each skipped date, so a calendar app shows the
series as a series and drops a cancelled week when the feed is refreshed.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vRecur

from catalogue.models import Activity, Occurrence, Schedule
from catalogue.recurrence import AMSTERDAM, nth_weekday

PRODID = "-//Techniekkaart Regio Zwolle//NL"


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


def amsterdam_timezone() -> Timezone:
    return Timezone.from_ical(AMSTERDAM_VTIMEZONE)


def new_calendar(name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if name:
        cal.add("x-wr-calname", name)
    return cal


def ics(activity: Activity, occurrences: list[Occurrence], request: HttpRequest) -> bytes:
    cal = new_calendar()
    url = request.build_absolute_uri(activity.get_absolute_url())
    for occurrence in occurrences:
        cal.add_component(occurrence_event(activity, occurrence, url, timezone.now()))
    return cal.to_ical()


def _common(event: Event, activity: Activity, url: str, stamp: dt.datetime) -> Event:
    event.add("dtstamp", stamp)
    event.add("summary", activity.title)
    event.add("description", f"{activity.summary}\n\n{url}")
    event.add("location", location_text(activity))
    event.add("url", url)
    return event


def occurrence_event(
    activity: Activity, occurrence: Occurrence, url: str, stamp: dt.datetime
) -> Event:
    event = Event()
    event.add("uid", f"{activity.slug}-{occurrence.code}@techniekkaart")
    event.add("dtstart", occurrence.start)
    event.add("dtend", occurrence.end)
    return _common(event, activity, url, stamp)


def schedule_event(activity: Activity, schedule: Schedule, url: str, stamp: dt.datetime) -> Event:
    """One event for a date or a whole series: RRULE for the rhythm, EXDATE for skipped dates.

    Times are local (TZID Europe/Amsterdam) so a series keeps its clock time across DST."""
    event = Event()
    event.add("uid", f"{activity.slug}-reeks-{schedule.pk}@techniekkaart")
    start = dt.datetime.combine(schedule.start_date, schedule.start_time, tzinfo=AMSTERDAM)
    event.add("dtstart", start)
    event.add(
        "dtend", dt.datetime.combine(schedule.start_date, schedule.end_time, tzinfo=AMSTERDAM)
    )
    if schedule.frequency != Schedule.Frequency.ONCE and schedule.until:
        # UNTIL is inclusive; the end of the last day in UTC covers the last date's start.
        last = dt.datetime.combine(schedule.until, dt.time(23, 59, 59), tzinfo=AMSTERDAM)
        rule: dict[str, object] = {"until": last.astimezone(dt.UTC)}
        if schedule.frequency == Schedule.Frequency.WEEKLY:
            rule["freq"] = "WEEKLY"
        else:
            day = nth_weekday(schedule.start_date)
            rule["freq"] = "MONTHLY"
            rule["byday"] = f"{day.n}{('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')[day.weekday]}"
        event.add("rrule", vRecur(rule))
        skipped = sorted(skip_dates(schedule))
        if skipped:
            event.add(
                "exdate",
                [
                    dt.datetime.combine(day, schedule.start_time, tzinfo=AMSTERDAM)
                    for day in skipped
                ],
            )
    return _common(event, activity, url, stamp)


def skip_dates(schedule: Schedule) -> set[dt.date]:
    days = set()
    for value in schedule.skip_dates or []:
        try:
            days.add(dt.date.fromisoformat(str(value)))
        except ValueError:
            continue
    return days


def location_text(activity: Activity) -> str:
    if activity.location_type == Activity.LocationType.ONLINE:
        return "Online"
    if activity.location_type == Activity.LocationType.SCHOOL or activity.venue is None:
        return "Op school"
    venue = activity.venue
    return ", ".join(part for part in (venue.name, venue.address, venue.place) if part)
