"""schema.org Event data (JSON-LD) for an activity's coming dates: each with its eventStatus
(EventScheduled, EventCancelled, EventPostponed, or EventRescheduled with previousStartDate)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest

from catalogue.datechanges import EVENT_STATUS
from catalogue.models import Activity, DateStatus, Occurrence
from catalogue.weburl import is_web_url

MAX_EVENTS = 10


def events(
    activity: Activity, occurrences: list[Occurrence], request: HttpRequest
) -> list[dict[str, Any]]:
    url = request.build_absolute_uri(activity.get_absolute_url())
    return [_event(activity, o, url) for o in occurrences[:MAX_EVENTS]]


def _event(activity: Activity, occurrence: Occurrence, url: str) -> dict[str, Any]:
    online = activity.location_type == Activity.LocationType.ONLINE
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.title,
        "description": activity.summary,
        "url": url,
        "startDate": occurrence.start.isoformat(),
        "endDate": occurrence.end.isoformat(),
        "eventStatus": EVENT_STATUS.get(occurrence.status, EVENT_STATUS[DateStatus.SCHEDULED]),
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "typicalAgeRange": f"{activity.min_age}-{activity.max_age}",
        "isAccessibleForFree": activity.is_free,
        "organizer": {
            "@type": "Organization",
            "name": activity.provider.name,
            **({"url": activity.provider.website} if is_web_url(activity.provider.website) else {}),
        },
        "offers": {
            "@type": "Offer",
            "price": f"{activity.price:.2f}",
            "priceCurrency": "EUR",
            "url": url,
        },
    }
    if occurrence.previous_start is not None:  # moved: where calendars and search engines had it
        data["previousStartDate"] = occurrence.previous_start.isoformat()
    data["location"] = (
        _location(activity, url) if not online else {"@type": "VirtualLocation", "url": url}
    )
    return data


def _location(activity: Activity, url: str) -> dict[str, Any]:
    venue = activity.venue
    if venue is None:
        return {"@type": "Place", "name": "Op school", "address": activity.provider.place}
    place: dict[str, Any] = {
        "@type": "Place",
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "postalCode": venue.postcode,
            "addressLocality": venue.place,
            "addressCountry": "NL",
        },
    }
    if venue.lat is not None and venue.lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.lat, "longitude": venue.lon}
    return place


_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def as_script_text(data: object) -> str:
    """JSON that is safe inside a <script> element (no "</script>" can break out)."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
