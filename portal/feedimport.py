"""Reading a partner's own agenda (an iCalendar feed or a page with schema.org JSON-LD events) into
its activities, on a schedule (`manage.py import_partner_feeds`, nightly; DEPLOY.md).

Each coming event becomes one of the organisation's activities, found again by its UID or @id
(Activity.external_ref), through portal.partner_input: the portal's own forms check it, and
moderation.services saves it with its audit row and hands it in for review (a new one, or a
changed one; an unchanged one is left alone). Never an activity of another organisation: an id is
looked up only among the feed's own organisation's activities. What an event does not say (theme,
kind, ages, venue) comes from the feed's settings in the portal.

Fetching is careful, as with the map tiles (maps/tiles.py): http(s) only, a timeout, a size limit,
at most a few redirects, and (in production) never an address inside our own network: the check
is on the address actually connected to, after DNS, for every redirect too, so a name that points
to 127.0.0.1 or 10.x (or is switched to it between look-up and connect) is refused. Tests allow
loopback (FEED_ALLOW_PRIVATE) to serve a local stand-in."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import ipaddress
import json
import logging
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import icalendar
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalogue.recurrence import AMSTERDAM
from portal import partner_input
from portal.partner_models import PartnerFeed

log = logging.getLogger(__name__)
USER_AGENT = "Techniekkaart-agenda-import/1.0 (+{site})"
MAX_ENTRIES = 500
MAX_REDIRECTS = 3


class FeedError(Exception):
    """The feed could not be read; the message is Dutch and shown in the portal."""


# --- fetching -----------------------------------------------------------------------------------


def _address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if getattr(settings, "FEED_ALLOW_PRIVATE", False):  # tests only: a stand-in on loopback
        return True
    return ip.is_global and not ip.is_multicast


def _checked(sock: socket.socket) -> None:
    peer = sock.getpeername()[0]
    if not _address_allowed(peer):
        sock.close()
        raise FeedError("Dit adres ligt in een afgeschermd netwerk; dat lezen we niet.")


class _HTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _checked(self.sock)


class _HTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _checked(self.sock)


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPSConnection, req)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def _opener() -> urllib.request.OpenerDirector:
    """Only http and https (no file:, ftp: or data:), each connection checked."""
    opener = urllib.request.OpenerDirector()
    for handler in (_HTTPHandler(), _HTTPSHandler(), _Redirects(),
                    urllib.request.HTTPErrorProcessor(), urllib.request.HTTPDefaultErrorHandler()):  # fmt: skip
        opener.add_handler(handler)
    return opener


def fetch(url: str) -> tuple[bytes, str]:
    """The feed's bytes and content type. Raises FeedError (Dutch) for anything else."""
    if not re.match(r"^https?://", url, re.IGNORECASE):
        raise FeedError("Alleen adressen die met http:// of https:// beginnen.")
    timeout = getattr(settings, "FEED_TIMEOUT", 10)  # seconds per connection and read
    limit = getattr(settings, "FEED_MAX_BYTES", 2_000_000)
    request = urllib.request.Request(  # noqa: S310 (checked above: http or https)
        url,
        headers={
            "User-Agent": USER_AGENT.format(site=settings.SITE_URL),
            "Accept": "text/calendar, application/ld+json, text/html;q=0.8",
        },
    )
    deadline = timezone.now() + dt.timedelta(seconds=timeout * 3)
    try:
        with _opener().open(request, timeout=timeout) as response:
            data = b""
            while chunk := response.read1(65536):
                data += chunk
                if len(data) > limit:
                    raise FeedError(f"De agenda is groter dan {limit // 1_000_000} MB.")
                if timezone.now() > deadline:
                    raise FeedError("De agenda laadt te traag.")
            content_type = response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        raise FeedError(f"De website antwoordt met foutcode {error.code}.") from error
    except FeedError:
        raise
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise FeedError("De agenda is niet bereikbaar.") from error
    return data, content_type


# --- reading ------------------------------------------------------------------------------------


@dataclass
class Entry:
    uid: str
    name: str
    description: str
    start: dt.datetime
    end: dt.datetime
    url: str = ""
    min_age: int | None = None
    max_age: int | None = None
    cancelled: bool = False


def _local(value: dt.date | dt.datetime) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(10), tzinfo=AMSTERDAM)
    if value.tzinfo is None:
        return value.replace(tzinfo=AMSTERDAM)
    return value.astimezone(AMSTERDAM)


def _text(value: Any) -> str:
    return str(value or "").strip()


def read_ical(data: bytes) -> list[Entry]:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        raise FeedError("Dit is geen geldige iCalendar-agenda.") from error
    entries = []
    for event in calendar.walk("VEVENT"):
        uid, start = _text(event.get("UID")), event.get("DTSTART")
        if not uid or start is None:
            continue
        begin = _local(start.dt)
        if event.get("DTEND") is not None:
            end = _local(event.get("DTEND").dt)
        elif event.get("DURATION") is not None:
            end = begin + event.get("DURATION").dt
        else:
            end = begin + dt.timedelta(hours=1)
        entries.append(Entry(
            uid=uid, name=_text(event.get("SUMMARY")), description=_text(event.get("DESCRIPTION")),
            start=begin, end=end, url=_text(event.get("URL")),
            cancelled=_text(event.get("STATUS")).upper() == "CANCELLED",
        ))  # fmt: skip
    return entries


class _JsonLdScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = (dict(attrs).get("type") or "").lower()
        self._inside = tag == "script" and kind == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def _things(value: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Every object in a JSON-LD value, through lists and @graph (not too deep)."""
    if depth > 5:
        return []
    if isinstance(value, list):
        return [t for item in value for t in _things(item, depth + 1)]
    if isinstance(value, dict):
        return [value, *_things(value.get("@graph"), depth + 1)]
    return []


def _is_event(thing: dict[str, Any]) -> bool:
    kinds = thing.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.endswith("Event") for k in kinds)


def _ages(value: Any) -> tuple[int | None, int | None]:
    match = re.fullmatch(r"\s*(\d{1,2})\s*-\s*(\d{1,2})\s*", str(value or ""))
    return (int(match[1]), int(match[2])) if match else (None, None)


def _moment(value: Any) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        try:
            return _local(dt.date.fromisoformat(str(value)))
        except ValueError:
            return None
    return _local(parsed)


def read_jsonld(data: bytes) -> list[Entry]:
    text = data.decode("utf-8", errors="replace")
    if text.lstrip().startswith("<"):
        parser = _JsonLdScripts()
        parser.feed(text)
        blocks = parser.blocks
    else:
        blocks = [text]
    things: list[dict[str, Any]] = []
    for block in blocks:
        try:
            things += _things(json.loads(block))
        except (ValueError, RecursionError):
            continue
    entries = []
    for thing in filter(_is_event, things):
        uid = _text(thing.get("@id") or thing.get("url") or thing.get("identifier"))
        start = _moment(thing.get("startDate"))
        if not uid or start is None:
            continue
        end = _moment(thing.get("endDate")) or start + dt.timedelta(hours=1)
        low, high = _ages(thing.get("typicalAgeRange"))
        status = _text(thing.get("eventStatus"))
        entries.append(Entry(
            uid=uid, name=_text(thing.get("name")), description=_text(thing.get("description")),
            start=start, end=end, url=_text(thing.get("url")), min_age=low, max_age=high,
            cancelled=status.endswith("EventCancelled"),
        ))  # fmt: skip
    return entries


def read(data: bytes, content_type: str) -> list[Entry]:
    """Events from either kind of feed: iCalendar by its first line, else JSON-LD."""
    if data.lstrip()[:15].upper().startswith(b"BEGIN:VCALENDAR") or content_type == "text/calendar":
        return read_ical(data)
    return read_jsonld(data)


# --- importing ----------------------------------------------------------------------------------


def external_ref(uid: str) -> str:
    """The UID or @id itself when it fits Activity.external_ref, else a stable hash of it."""
    if partner_input.REF_RE.fullmatch(uid):
        return uid
    return "feed-" + hashlib.sha256(uid.encode()).hexdigest()[:40]


def _summary(entry: Entry) -> str:
    first = re.split(r"(?<=[.!?])\s", entry.description.strip(), maxsplit=1)[0]
    text = first if 0 < len(first) <= 200 else entry.name
    return text[:200]


def payload(feed: PartnerFeed, entry: Entry) -> dict[str, Any]:
    """The event as the write API's JSON, with the feed's settings for what the event lacks."""
    low = entry.min_age if entry.min_age is not None else feed.min_age
    high = entry.max_age if entry.max_age is not None else feed.max_age
    data: dict[str, Any] = {
        "name": entry.name[:120],
        "summary": _summary(entry),
        "description": entry.description[:5000],
        "mainTheme": feed.main_theme.slug,
        "kind": feed.kind,
        "minAge": low,
        "maxAge": high,
        "locationType": "locatie" if feed.venue_id else "school",
        "venueId": feed.venue_id,
        "signupMethod": "link" if entry.url else "geen",
        "signupUrl": entry.url,
        "availability": "data",
        "schedules": [{
            "startDate": entry.start.date().isoformat(),
            "startTime": entry.start.strftime("%H:%M"),
            "endTime": entry.end.strftime("%H:%M") if entry.end.date() == entry.start.date()
            else "23:59",
        }],
    }  # fmt: skip
    return data


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    withdrawn: int = 0
    problems: list[str] = field(default_factory=list)

    def text(self) -> str:
        parts = [f"{self.created} nieuw", f"{self.updated} bijgewerkt",
                 f"{self.unchanged} ongewijzigd", f"{self.skipped} overgeslagen",
                 f"{self.withdrawn} afgelast"]  # fmt: skip
        message = ", ".join(parts) + "."
        if self.problems:
            message += " " + " ".join(self.problems[:5])
        return message


def import_feed(feed: PartnerFeed, now: dt.datetime | None = None) -> Result:
    """Read the feed and bring the organisation's activities in line with its coming events.
    Records the outcome on the feed (shown in the portal). Raises nothing for a bad feed."""
    now = now or timezone.now()
    result = Result()
    try:
        user = feed.set_by
        if user is None or not partner_input.may_act(user, feed.provider):
            raise FeedError("Wie de agenda instelde, hoort niet meer bij de organisatie.")
        data, content_type = fetch(feed.url)
        entries = read(data, content_type)
    except FeedError as error:
        result.problems.append(str(error))
        entries, user = [], None
    for entry in entries[:MAX_ENTRIES]:
        ref = external_ref(entry.uid)
        if entry.cancelled and user is not None and partner_input.find(feed.provider, ref):
            with transaction.atomic():  # called off in the agenda: off the site here too
                partner_input.withdraw(
                    provider=feed.provider, ref=ref, by=user, via="agenda-import"
                )
            result.withdrawn += 1
            continue
        if entry.start < now or entry.cancelled or user is None:
            result.skipped += 1
            continue
        try:
            with transaction.atomic():
                outcome = partner_input.save(
                    provider=feed.provider, ref=ref, data=payload(feed, entry), by=user,
                    via="agenda-import",
                )  # fmt: skip
        except (partner_input.Invalid, partner_input.Refused) as error:
            result.skipped += 1
            fields = getattr(error, "fields", {}) or {}
            detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
            result.problems.append(f"“{entry.name[:60]}”: {error} {detail}".strip())
            continue
        if outcome.created:
            result.created += 1
        elif outcome.changed:
            result.updated += 1
        else:
            result.unchanged += 1
    feed.last_run, feed.last_result = now, result.text()[:2000]
    feed.save(update_fields=["last_run", "last_result"])
    log.info("feed of %s: %s", feed.provider.slug, feed.last_result)
    return result
