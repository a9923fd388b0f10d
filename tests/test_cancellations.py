"""Calling off and moving dates (issue 21): a calendar app that subscribed to a filtered feed sees
the change (same UID, higher SEQUENCE), the activity page, JSON-LD and the API say it, the provider
and the coordinator may do it, nobody else, and a reason full of XSS payloads stays text."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from dataclasses import dataclass
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar

from catalogue.models import Activity, DateChange, DateStatus, Occurrence, Schedule
from catalogue.recurrence import AMSTERDAM
from catalogue.services import activity_sync_occurrences
from moderation import services
from moderation.models import AuditLog
from moderation.sentences import sentence
from tests import factories
from tests.helpers import injected_parts
from tests.xss_payloads import payloads

pytestmark = pytest.mark.django_db


# A calendar app, simulated ------------------------------------------------------------------


@dataclass
class Seen:
    """One date as a calendar app shows it."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    status: str
    sequence: int
    summary: str


def _aware(value: Any) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=AMSTERDAM)


def calendar_view(body: bytes, stored: dict[tuple[str, str], Seen] | None = None) -> dict:
    """What a calendar app that subscribed to the feed shows after reading `body`: every date,
    keyed by (UID, first start as recurrence id). A series is expanded by its RRULE minus EXDATE;
    an event with RECURRENCE-ID replaces that one date. As RFC 5546 asks, an app keeps what it
    stored when the new copy has a lower SEQUENCE."""
    cal = Calendar.from_ical(body)
    shown: dict[tuple[str, str], Seen] = {}
    overrides = []
    for event in cal.walk("VEVENT"):
        uid = str(event["UID"])
        start = _aware(event.decoded("DTSTART"))
        end = _aware(event.decoded("DTEND"))
        seen = {
            "uid": uid,
            "start": start,
            "end": end,
            "status": str(event.get("STATUS", "CONFIRMED")),
            "sequence": int(event.get("SEQUENCE", 0)),
            "summary": str(event["SUMMARY"]),
        }
        if "RECURRENCE-ID" in event:
            overrides.append((_aware(event.decoded("RECURRENCE-ID")), seen))
            continue
        if "RRULE" not in event:
            shown[(uid, start.isoformat())] = Seen(**seen)
            continue
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        skipped = set()
        for exdate in (
            event.get("EXDATE", [])
            if isinstance(event.get("EXDATE"), list)
            else [event.get("EXDATE")]
        ):
            if exdate is not None:
                skipped |= {_aware(d.dt) for d in exdate.dts}
        length = end - start
        for moment in rule:
            moment = _aware(moment)
            if moment not in skipped:
                shown[(uid, moment.isoformat())] = Seen(
                    **{**seen, "start": moment, "end": moment + length}
                )
    for recurrence_id, seen in overrides:
        shown[(seen["uid"], recurrence_id.isoformat())] = Seen(**seen)
    if stored:
        for key, old in stored.items():
            if key in shown and shown[key].sequence < old.sequence:
                shown[key] = old  # an older copy does not replace a newer one
    return shown


# The world ----------------------------------------------------------------------------------


@dataclass
class World:
    a: Any
    b: Any
    user_a: Any
    user_b: Any
    coordinator: Any
    club: Activity  # weekly series of A, theme robots-code
    day: Activity  # one date of A, theme robots-code
    other: Activity  # of B, theme bouwen


def _day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def world(django_user_model, settings) -> World:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "100000/60"}
    cache.clear()
    a, b = factories.provider("Techlab A"), factories.provider("Museum B")
    club = factories.activity("Robotclub", theme="robots-code", owner=a, days=())
    factories.schedule_on(club, _day(3), frequency=Schedule.Frequency.WEEKLY, until=_day(3 + 7 * 5))
    activity_sync_occurrences(activity=club)
    day = factories.activity("Programmeerdag", theme="robots-code", owner=a, days=(10,))
    other = factories.activity("Bruggen bouwen", theme="bouwen", owner=b, days=(5,))
    coordinator = django_user_model.objects.create_user(
        "co@example.org", "co@example.org", is_staff=True
    )
    return World(
        a=a,
        b=b,
        user_a=factories.member(django_user_model, a, "a@example.org"),
        user_b=factories.member(django_user_model, b, "b@example.org"),
        coordinator=coordinator,
        club=club,
        day=day,
        other=other,
    )


def code_of(start: dt.datetime) -> str:
    return f"{timezone.localtime(start):%Y%m%dT%H%M}"


def second_date(activity: Activity) -> Occurrence:
    return list(activity.occurrences.order_by("start"))[1]


def feed(client, query: str = "thema=robots-code") -> bytes:
    response = client.get(f"/api/v1/activities.ics?{query}")
    assert response.status_code == 200
    return response.content


def post_dates(client, activity: Activity, **data: Any):
    return client.post(f"/portaal/activiteit/{activity.slug}/data/", data)


# The calendar app ---------------------------------------------------------------------------


def test_a_calendar_app_sees_a_cancelled_date_of_a_series_with_the_same_uid(client, world):
    before = calendar_view(feed(client))
    assert {seen.summary for seen in before.values()} == {"Robotclub", "Programmeerdag"}
    assert len(before) == 6 + 1  # six weeks of the club, one day; B's bridges are not in the filter
    target = second_date(world.club)
    key = next(k for k, seen in before.items() if seen.start == target.start)

    client.force_login(world.user_a)
    response = post_dates(
        client, world.club, wat=f"datum:{target.code}", actie="afgelast", reden="De juf is ziek."
    )
    assert response.status_code == 302

    after = calendar_view(feed(client), stored=before)
    assert set(after) == set(before)  # same UIDs and dates: nothing new, nothing lost
    assert after[key].status == "CANCELLED"
    assert after[key].uid == before[key].uid
    assert after[key].sequence > before[key].sequence
    assert after[key].summary == "Afgelast: Robotclub"
    others = [k for k in before if k != key]
    assert all(after[k].status == "CONFIRMED" for k in others)
    assert all(after[k].start == before[k].start for k in others)


def test_a_calendar_app_sees_a_moved_date_at_its_new_time_with_the_same_uid(client, world):
    before = calendar_view(feed(client))
    (key,) = [k for k, seen in before.items() if seen.summary == "Programmeerdag"]
    client.force_login(world.user_a)
    new_day = _day(12)
    code = world.day.occurrences.get().code
    response = post_dates(
        client, world.day, wat=f"datum:{code}", actie="verplaatst", reden="De zaal is bezet.",
        datum=new_day.isoformat(), begintijd="13:30", eindtijd="15:00",
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]

    after = calendar_view(feed(client), stored=before)
    moved = [seen for seen in after.values() if seen.uid == before[key].uid]
    assert len(moved) == 1
    assert moved[0].start == dt.datetime.combine(new_day, dt.time(13, 30), tzinfo=AMSTERDAM)
    assert moved[0].end == dt.datetime.combine(new_day, dt.time(15), tzinfo=AMSTERDAM)
    assert moved[0].status == "CONFIRMED"
    assert moved[0].sequence > before[key].sequence


def test_a_moved_date_of_a_series_and_the_whole_series_called_off(client, world):
    before = calendar_view(feed(client))
    target = second_date(world.club)
    client.force_login(world.user_a)
    post_dates(
        client, world.club, wat=f"datum:{target.code}", actie="verplaatst", reden="Sportdag",
        datum=_day(11).isoformat(), begintijd="14:00", eindtijd="16:00",
    )  # fmt: skip
    after = calendar_view(feed(client), stored=before)
    key = next(k for k, seen in before.items() if seen.start == target.start)
    assert after[key].start == dt.datetime.combine(_day(11), dt.time(14), tzinfo=AMSTERDAM)
    assert after[key].uid == before[key].uid and after[key].sequence > before[key].sequence

    schedule = world.club.schedules.get()
    response = post_dates(
        client, world.club, wat=f"reeks:{schedule.pk}", actie="afgelast", reden="De club stopt."
    )
    assert response.status_code == 302
    last = calendar_view(feed(client), stored=after)
    club = [seen for seen in last.values() if seen.uid == before[key].uid]
    assert len(club) == 6 and {seen.status for seen in club} == {"CANCELLED"}


def test_the_activitys_own_ics_keeps_the_uid_of_a_moved_date(client, world):
    occurrence = world.day.occurrences.get()
    url = f"/activiteiten/{world.day.slug}/agenda/{occurrence.code}.ics"
    first = Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
    services.date_move(
        activity=world.day, by=world.user_a, reason="Andere zaal", code=occurrence.code,
        day=_day(11), start=dt.time(9), end=dt.time(11),
    )  # fmt: skip
    again = Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
    assert str(again["UID"]) == str(first["UID"])
    assert int(again["SEQUENCE"]) > int(first["SEQUENCE"])
    assert again.decoded("DTSTART") == dt.datetime.combine(_day(11), dt.time(9), tzinfo=AMSTERDAM)
    assert "Andere zaal" in str(again["DESCRIPTION"])


# What parents see, JSON-LD and the API ------------------------------------------------------


def _json_ld(page: str) -> list[dict[str, Any]]:
    found = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))


def test_the_page_the_json_ld_and_the_api_say_cancelled_and_moved(client, world):
    target = second_date(world.club)
    services.date_cancel(
        activity=world.club, by=world.user_a, reason="De juf is ziek.", code=target.code
    )
    third = list(world.club.occurrences.order_by("start"))[2]
    services.date_move(
        activity=world.club, by=world.coordinator, reason="Sportdag", code=third.code,
        day=_day(18), start=dt.time(15), end=dt.time(17),
    )  # fmt: skip
    page = client.get(world.club.get_absolute_url()).content.decode()
    assert "Afgelast" in page and "De juf is ziek." in page
    assert "Verplaatst naar" in page and "Sportdag" in page

    events = _json_ld(page)
    statuses = [e["eventStatus"].rsplit("/", 1)[1] for e in events]
    assert statuses.count("EventCancelled") == 1 and statuses.count("EventRescheduled") == 1
    moved = next(e for e in events if e["eventStatus"].endswith("EventRescheduled"))
    assert dt.datetime.fromisoformat(moved["previousStartDate"]) == third.start
    assert dt.datetime.fromisoformat(moved["startDate"]) == dt.datetime.combine(
        _day(18), dt.time(15), tzinfo=AMSTERDAM
    )

    data = client.get(f"/api/v1/activities/{world.club.slug}").json()
    by_code = {s["identifier"]: s for s in data["subEvent"]}
    assert by_code[target.code]["eventStatus"] == "https://schema.org/EventCancelled"
    assert by_code[target.code]["statusReason"] == "De juf is ziek."
    assert by_code[third.code]["eventStatus"] == "https://schema.org/EventRescheduled"
    assert dt.datetime.fromisoformat(by_code[third.code]["previousStartDate"]) == third.start
    assert {s["eventStatus"] for s in data["subEvent"]} >= {"https://schema.org/EventScheduled"}


def test_postponed_and_restored(client, world):
    occurrence = world.day.occurrences.get()
    services.date_cancel(
        activity=world.day, by=world.user_a, reason="Nieuwe datum volgt", code=occurrence.code,
        postpone=True,
    )  # fmt: skip
    page = client.get(world.day.get_absolute_url()).content.decode()
    assert "Uitgesteld" in page
    assert _json_ld(page)[0]["eventStatus"] == "https://schema.org/EventPostponed"
    assert world.day.occurrences.get().status == DateStatus.POSTPONED

    services.date_restore(activity=world.day, by=world.user_a, code=occurrence.code)
    assert world.day.occurrences.get().status == DateStatus.SCHEDULED
    assert not DateChange.objects.exists()
    actions = list(
        AuditLog.objects.filter(activity=world.day).order_by("id").values_list("action", flat=True)
    )
    assert actions[-2:] == ["activity.date_postponed", "activity.date_restored"]


def test_a_cancellation_survives_an_edit_of_the_activity(world):
    target = second_date(world.club)
    services.date_cancel(activity=world.club, by=world.user_a, reason="Ziek", code=target.code)
    activity_sync_occurrences(activity=world.club)  # as every edit and the admin do
    again = world.club.occurrences.get(start=target.start)
    assert again.status == DateStatus.CANCELLED and again.change_reason == "Ziek"


def test_the_list_shows_the_news_too(client, world):
    services.date_cancel(
        activity=world.day, by=world.user_a, reason="Ziek",
        code=world.day.occurrences.get().code,
    )  # fmt: skip
    page = client.get("/activiteiten/?thema=robots-code").content.decode()
    card = page[page.index("Programmeerdag") :][:3000]
    assert "Afgelast" in card


def test_the_audit_log_says_it_in_dutch(world):
    services.date_cancel(
        activity=world.day, by=world.user_a, reason="Ziek", code=world.day.occurrences.get().code
    )
    row = AuditLog.objects.get(action="activity.date_cancelled")
    assert row.message == "Ziek"
    assert row.before["dates"][0]["status"] == "gepland"
    assert row.after["dates"][0]["status"] == "afgelast"
    assert sentence(row) == "Techlab A gelastte een datum van ‘Programmeerdag’ af"


# Checks and refusals ------------------------------------------------------------------------


def test_the_form_answers_in_dutch(client, world):
    client.force_login(world.user_a)
    code = world.day.occurrences.get().code
    cases = [
        ({"wat": f"datum:{code}", "actie": "afgelast", "reden": "  "}, "Schrijf kort waarom"),
        (
            {"wat": f"datum:{code}", "actie": "verplaatst", "reden": "x", "datum": _day(4),
             "begintijd": "14:00", "eindtijd": "13:00"},
            "De eindtijd moet na de begintijd liggen",
        ),
        (
            {"wat": f"datum:{code}", "actie": "verplaatst", "reden": "x",
             "datum": _day(-2), "begintijd": "10:00", "eindtijd": "11:00"},
            "Deze datum is al voorbij",
        ),
        ({"wat": f"datum:{code}", "actie": "verplaatst", "reden": "x"}, "Vul dit in"),
        ({"wat": "datum:20000101T1000", "actie": "afgelast", "reden": "x"}, "Selecteer een geldige"),
        ({"wat": f"datum:{code}", "actie": "doorgaan"}, "Deze datum gaat al door"),
        ({"wat": f"datum:{code}", "actie": "weg", "reden": "x"}, "Selecteer een geldige"),
    ]  # fmt: skip
    for data, message in cases:
        response = post_dates(client, world.day, **data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), (data, message)
    assert not DateChange.objects.exists()
    assert world.day.occurrences.get().status == DateStatus.SCHEDULED


def test_a_draft_has_no_form(client, world, django_user_model):
    draft = factories.activity("Nog concept", owner=world.a, status=Activity.Status.DRAFT)
    client.force_login(world.user_a)
    page = client.get(f"/portaal/activiteit/{draft.slug}/data/").content.decode()
    assert "staat nu niet op de Techniekkaart" in page and 'name="actie"' not in page
    with pytest.raises(services.ModerationError):
        services.date_cancel(
            activity=draft, by=world.user_a, reason="x", code=draft.occurrences.get().code
        )


def test_a_provider_cannot_cancel_another_organisations_date(client, world):
    """The attack: B, logged in, tries A's activity through the page, the coordinator's page, a
    series id of A's on B's own page, and the service itself. Nothing changes."""
    code = world.day.occurrences.get().code
    schedule = world.club.schedules.get()
    client.force_login(world.user_b)
    data = {"wat": f"datum:{code}", "actie": "afgelast", "reden": "Haha"}
    assert client.get(f"/portaal/activiteit/{world.day.slug}/data/").status_code == 404
    assert post_dates(client, world.day, **data).status_code == 404
    assert client.post(f"/moderatie/{world.day.slug}/data/", data).status_code == 403
    stolen = {"wat": f"reeks:{schedule.pk}", "actie": "afgelast", "reden": "Haha"}
    assert post_dates(client, world.other, **stolen).status_code == 400
    with pytest.raises(services.ModerationError):
        services.date_cancel(activity=world.day, by=world.user_b, reason="Haha", code=code)
    with pytest.raises(services.ModerationError):  # a code of another activity finds nothing
        services.date_cancel(
            activity=world.other, by=world.user_b, reason="Haha", schedule_id=schedule.pk
        )
    client.logout()
    response = post_dates(client, world.day, **data)
    assert response.status_code == 302 and "/portaal/inloggen/" in response["Location"]
    assert not DateChange.objects.exists()
    assert not Occurrence.objects.exclude(status=DateStatus.SCHEDULED).exists()
    assert not AuditLog.objects.filter(action__startswith="activity.date_").exists()


def test_the_coordinator_can_cancel_any_date(client, world):
    client.force_login(world.coordinator)
    code = world.other.occurrences.get().code
    page = client.get(f"/moderatie/{world.other.slug}/data/")
    assert page.status_code == 200 and "Bruggen bouwen" in page.content.decode()
    response = client.post(
        f"/moderatie/{world.other.slug}/data/",
        {"wat": f"datum:{code}", "actie": "afgelast", "reden": "Storm"},
    )
    assert response.status_code == 302
    assert world.other.occurrences.get().status == DateStatus.CANCELLED
    row = AuditLog.objects.get(action="activity.date_cancelled")
    assert row.actor == world.coordinator
    assert sentence(row).startswith("De coördinator gelastte")


def test_a_colleague_of_the_provider_may(client, world, django_user_model):
    colleague = factories.member(django_user_model, world.a, "collega@example.org")
    client.force_login(colleague)
    code = world.day.occurrences.get().code
    response = post_dates(client, world.day, wat=f"datum:{code}", actie="afgelast", reden="Ziek")
    assert response.status_code == 302


# XSS ---------------------------------------------------------------------------------------


def test_no_reason_adds_anything_to_a_page(client, world):
    """Every payload of the corpus as the reason of a called-off or moved date, read back on the
    activity page, the list, the provider's page, the portal page and the coordinator's pages."""
    texts = payloads()
    urls = set()
    for n, text in enumerate(texts[:60]):
        act = factories.activity(f"Act {n}", owner=world.a, days=(3, 4))
        first, second = act.occurrences.order_by("start")
        services.date_cancel(activity=act, by=world.user_a, reason=text, code=first.code)
        services.date_move(
            activity=act, by=world.user_a, reason=text[::-1], code=second.code, day=_day(6),
            start=dt.time(9), end=dt.time(10),
        )  # fmt: skip
        urls |= {act.get_absolute_url(), f"/portaal/activiteit/{act.slug}/data/"}
    urls |= {"/activiteiten/", world.a.get_absolute_url()}
    client.force_login(world.user_a)
    findings = {}
    for url in sorted(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        found = injected_parts(response.content.decode())
        if found:
            findings[url] = found
    client.force_login(world.coordinator)
    for url in ["/moderatie/logboek/", f"/moderatie/{act.slug}/data/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := injected_parts(response.content.decode()):
            findings[url] = found
    assert findings == {}


def test_the_pages_with_called_off_and_moved_dates_are_valid_html(client, world, tmp_path):
    """The states the site-wide walk (tests/test_html_valid.py) does not see: dates called off,
    put off and moved, and the form with its errors."""
    from tests.test_html_valid import JAVA, VNU

    if not (VNU.exists() and JAVA):
        pytest.skip("Java or vnu.jar missing (run make test)")
    first, second, third = list(world.club.occurrences.order_by("start"))[:3]
    services.date_cancel(
        activity=world.club, by=world.user_a, reason="Ziek & zwak", code=first.code
    )
    services.date_cancel(
        activity=world.club, by=world.user_a, reason="Later", code=second.code, postpone=True
    )
    services.date_move(
        activity=world.club, by=world.user_a, reason="Sportdag", code=third.code, day=_day(20),
        start=dt.time(9), end=dt.time(10),
    )  # fmt: skip
    pages = {}
    client.force_login(world.user_a)
    for url in [world.club.get_absolute_url(), "/activiteiten/", "/", world.a.get_absolute_url()]:
        pages[url] = client.get(url).content
    portal = f"/portaal/activiteit/{world.club.slug}/data/"
    pages[portal] = client.get(portal).content
    pages["POST " + portal] = client.post(portal, {"actie": "verplaatst"}).content
    pages["preview"] = client.get(f"/portaal/activiteit/{world.club.slug}/voorbeeld/").content
    client.force_login(world.coordinator)
    pages["moderation"] = client.get(f"/moderatie/{world.club.slug}/data/").content
    files = {}
    for n, (label, content) in enumerate(pages.items()):
        (tmp_path / f"p{n}.html").write_bytes(content)
        files[f"p{n}.html"] = label
    run = subprocess.run(  # noqa: S603 (our own jar and files)
        [JAVA, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json",
         *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    problems = [
        f"{files.get(str(m.get('url')).rsplit('/', 1)[-1])} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert problems == []


def test_the_dashboard_and_the_preview_lead_to_the_page(client, world):
    client.force_login(world.user_a)
    url = f"/portaal/activiteit/{world.day.slug}/data/"
    assert url in client.get("/portaal/").content.decode()
    assert url in client.get(f"/portaal/activiteit/{world.day.slug}/voorbeeld/").content.decode()
