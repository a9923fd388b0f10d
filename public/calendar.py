"""iCalendar (.ics) files for one date or a whole series of an activity."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from icalendar import Calendar, Event

from catalogue.models import Activity, Occurrence


def ics(activity: Activity, occurrences: list[Occurrence], request: HttpRequest) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Techniekkaart Regio Zwolle//NL")
    cal.add("version", "2.0")
    url = request.build_absolute_uri(activity.get_absolute_url())
    for occurrence in occurrences:
        event = Event()
        event.add("uid", f"{activity.slug}-{occurrence.code}@techniekkaart")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", occurrence.start)
        event.add("dtend", occurrence.end)
        event.add("summary", activity.title)
        event.add("description", f"{activity.summary}\n\n{url}")
        event.add("location", location_text(activity))
        event.add("url", url)
        cal.add_component(event)
    return cal.to_ical()


def location_text(activity: Activity) -> str:
    if activity.location_type == Activity.LocationType.ONLINE:
        return "Online"
    if activity.location_type == Activity.LocationType.SCHOOL or activity.venue is None:
        return "Op school"
    venue = activity.venue
    return ", ".join(part for part in (venue.name, venue.address, venue.place) if part)
