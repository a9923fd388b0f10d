"""Importing a partner's own agenda (issue 21): an iCalendar feed and a page with schema.org JSON-LD,
served by a local stand-in (a tiny HTTP server on loopback, never the internet), become the
organisation's activities as drafts that go through moderation; a second run updates only what
changed; another organisation's activity with the same id is never touched; and in production the
fetcher refuses addresses inside our own network, also after a redirect."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalogue.models import Activity
from moderation.models import AuditLog
from portal import feedimport
from portal.partner_models import PartnerFeed
from tests import factories

pytestmark = pytest.mark.django_db


class StandIn(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes, dict[str, str]]] = {}

    def do_GET(self) -> None:
        status, kind, body, headers = self.routes.get(self.path, (404, "text/plain", b"", {}))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stand_in(settings) -> Iterator[str]:
    settings.FEED_ALLOW_PRIVATE = True  # the stand-in listens on loopback
    settings.FEED_TIMEOUT = 5
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    StandIn.routes = {}


def day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def ics(*events: tuple[str, str, dt.date, str]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Bieb//Agenda//NL"]
    for uid, title, when, status in events:
        lines += [
            "BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{title}",
            "DESCRIPTION:Bouw en programmeer een robot. Voor kinderen van 8 tot 12.",
            f"DTSTART;TZID=Europe/Amsterdam:{when:%Y%m%d}T140000",
            f"DTEND;TZID=Europe/Amsterdam:{when:%Y%m%d}T160000",
            "URL:https://bieb.example.nl/agenda/robots", f"STATUS:{status}", "END:VEVENT",
        ]  # fmt: skip
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines).encode()


@pytest.fixture
def partner(django_user_model):
    provider = factories.provider("Bibliotheek Zwolle")
    venue = factories.venue(provider)
    user = factories.member(django_user_model, provider, "ict@bieb.example.nl")
    return provider, venue, user


def make_feed(partner, url: str) -> PartnerFeed:
    provider, venue, user = partner
    return PartnerFeed.objects.create(
        provider=provider, url=url, main_theme=factories.theme_named("robots-code"),
        venue=venue, set_by=user,
    )  # fmt: skip


def test_an_icalendar_feed_becomes_drafts_in_moderation_and_updates_what_changed(stand_in, partner):
    provider, venue, _ = partner
    other = factories.activity("Van een ander", external_ref="robots-1@bieb.example.nl")
    StandIn.routes["/agenda.ics"] = (200, "text/calendar", ics(
        ("robots-1@bieb.example.nl", "Robots bouwen", day(10), "CONFIRMED"),
        ("lego-2@bieb.example.nl", "LEGO-lab", day(17), "CONFIRMED"),
        ("oud@bieb.example.nl", "Al geweest", day(-3), "CONFIRMED"),
        ("afgelast@bieb.example.nl", "Afgelast", day(20), "CANCELLED"),
    ), {})  # fmt: skip
    feed = make_feed(partner, f"{stand_in}/agenda.ics")
    call_command("import_partner_feeds")
    ours = {a.external_ref: a for a in Activity.objects.filter(provider=provider)}
    assert set(ours) == {"robots-1@bieb.example.nl", "lego-2@bieb.example.nl"}
    robots = ours["robots-1@bieb.example.nl"]
    assert robots.status == Activity.Status.SUBMITTED  # in the moderation queue
    assert robots.venue == venue and robots.signup_url == "https://bieb.example.nl/agenda/robots"
    assert robots.summary == "Bouw en programmeer een robot."
    (schedule,) = robots.schedules.all()
    assert (schedule.start_date, schedule.start_time) == (day(10), dt.time(14))
    feed.refresh_from_db()
    assert feed.last_result.startswith("2 nieuw, 0 bijgewerkt, 0 ongewijzigd, 2 overgeslagen")

    # The second run: one title changed, the other not. Only the changed one is written.
    StandIn.routes["/agenda.ics"] = (200, "text/calendar", ics(
        ("robots-1@bieb.example.nl", "Robots bouwen en racen", day(10), "CONFIRMED"),
        ("lego-2@bieb.example.nl", "LEGO-lab", day(17), "CONFIRMED"),
    ), {})  # fmt: skip
    rows = AuditLog.objects.count()
    result = feedimport.import_feed(feed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0 + 1)
    robots.refresh_from_db()
    assert robots.title == "Robots bouwen en racen" and robots.status == Activity.Status.SUBMITTED
    assert AuditLog.objects.count() == rows + 2  # changed (back to draft) and submitted again
    other.refresh_from_db()
    assert other.title == "Van een ander" and other.provider != provider

    # Called off in the partner's agenda: withdrawn here too (the other organisation's stays).
    StandIn.routes["/agenda.ics"] = (200, "text/calendar", ics(
        ("robots-1@bieb.example.nl", "Robots bouwen en racen", day(10), "CANCELLED"),
    ), {})  # fmt: skip
    assert feedimport.import_feed(feed).withdrawn == 1
    robots.refresh_from_db()
    other.refresh_from_db()
    assert robots.status == Activity.Status.ARCHIVED and other.status == Activity.Status.PUBLISHED


def test_a_schema_org_json_ld_page_is_read_too(stand_in, partner):
    provider, _, _ = partner
    page = f"""<!doctype html><html><head><title>Agenda</title>
    <script type="application/ld+json">{{"@context": "https://schema.org", "@graph": [
      {{"@type": "ChildrensEvent", "@id": "https://museum.example.nl/agenda#stoom",
        "name": "Stoommachines", "description": "Zie hoe stoom een trein laat rijden.",
        "startDate": "{day(12).isoformat()}T13:00:00+01:00",
        "endDate": "{day(12).isoformat()}T15:30:00+01:00", "typicalAgeRange": "9-12",
        "url": "https://museum.example.nl/stoom"}},
      {{"@type": "Organization", "name": "Museum"}}]}}</script></head><body></body></html>"""
    StandIn.routes["/agenda"] = (200, "text/html; charset=utf-8", page.encode(), {})
    feed = make_feed(partner, f"{stand_in}/agenda")
    result = feedimport.import_feed(feed)
    assert result.created == 1, feed.last_result
    (stoom,) = Activity.objects.filter(provider=provider)
    assert stoom.title == "Stoommachines" and (stoom.min_age, stoom.max_age) == (9, 12)
    assert stoom.external_ref.startswith("feed-")  # a URL does not fit: a stable hash of it
    assert stoom.schedules.get().end_time == dt.time(15, 30)


def test_bad_events_are_reported_in_dutch_and_others_still_come_in(stand_in, partner):
    StandIn.routes["/agenda.ics"] = (200, "text/calendar", ics(
        ("goed@x", "Goed", day(5), "CONFIRMED"), ("leeg@x", "", day(6), "CONFIRMED"),
    ), {})  # fmt: skip
    feed = make_feed(partner, f"{stand_in}/agenda.ics")
    result = feedimport.import_feed(feed)
    assert (result.created, result.skipped) == (1, 1)
    assert "verplicht" in feed.last_result.lower()


def test_too_big_missing_and_broken_feeds_fail_softly(stand_in, partner, settings):
    settings.FEED_MAX_BYTES = 1000
    StandIn.routes["/groot.ics"] = (200, "text/calendar", b"BEGIN:VCALENDAR\r\n" + b"X" * 5000, {})
    StandIn.routes["/kapot.ics"] = (200, "text/calendar", b"BEGIN:VCALENDAR\r\nzomaar", {})
    for path, expected in [("/groot.ics", "groter dan"), ("/weg.ics", "foutcode 404"),
                           ("/kapot.ics", "geen geldige")]:  # fmt: skip
        feed = make_feed(partner, f"{stand_in}{path}")
        assert feedimport.import_feed(feed).created == 0
        assert expected in feed.last_result, feed.last_result
        feed.delete()


def test_private_and_loopback_addresses_are_refused_in_production(stand_in, partner, settings):
    StandIn.routes["/agenda.ics"] = (
        200,
        "text/calendar",
        ics(("a@x", "A", day(5), "CONFIRMED")),
        {},
    )
    StandIn.routes["/omweg"] = (302, "text/plain", b"", {"Location": f"{stand_in}/agenda.ics"})
    settings.FEED_ALLOW_PRIVATE = False
    for url in (
        f"{stand_in}/agenda.ics",
        f"http://localhost:{stand_in.rsplit(':', 1)[1]}/agenda.ics",
    ):
        with pytest.raises(feedimport.FeedError, match="afgeschermd"):
            feedimport.fetch(url)
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"):
        with pytest.raises(feedimport.FeedError):
            feedimport.fetch(url)
    # A redirect is followed through the same checked connection: refused like the address itself.
    settings.FEED_ALLOW_PRIVATE = True
    assert feedimport.fetch(f"{stand_in}/omweg")[0].startswith(b"BEGIN:VCALENDAR")
    settings.FEED_ALLOW_PRIVATE = False
    with pytest.raises(feedimport.FeedError, match="afgeschermd"):
        feedimport.fetch(f"{stand_in}/omweg")
    assert not feedimport._address_allowed("10.1.2.3")
    assert not feedimport._address_allowed("169.254.169.254")  # cloud metadata
    assert not feedimport._address_allowed("::1")
    assert feedimport._address_allowed("145.100.1.1")
    feed = make_feed(partner, f"{stand_in}/agenda.ics")
    assert feedimport.import_feed(feed).created == 0 and "afgeschermd" in feed.last_result


def test_the_feed_is_set_in_the_portal_by_a_member(client, partner):
    provider, venue, user = partner
    client.force_login(user)
    page = f"/portaal/organisatie/{provider.slug}/koppelingen/"
    assert "Agenda inlezen" in client.get(page).content.decode()
    theme = factories.theme_named("maken")
    answer = client.post(page + "agenda/", {
        "url": "https://bieb.example.nl/agenda.ics", "active": "on", "main_theme": theme.pk,
        "kind": "workshop", "min_age": 8, "max_age": 12, "venue": venue.pk,
    })  # fmt: skip
    assert answer.status_code == 302
    feed = PartnerFeed.objects.get(provider=provider)
    assert (feed.set_by, feed.main_theme) == (user, theme)
    bad = client.post(page + "agenda/", {"url": "javascript:alert(1)", "main_theme": theme.pk,
                                         "kind": "workshop", "min_age": 12, "max_age": 8})  # fmt: skip
    assert bad.status_code == 200 and "has-error" in bad.content.decode()
