"""One activity's page: dates, place, sign-up redirect, calendar files and schema.org data."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from catalogue.models import Activity, DailyCount
from tests import factories

pytestmark = pytest.mark.django_db


def json_ld(response):
    body = response.content.decode()
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_it_shows_every_coming_date_but_not_past_ones(client):
    act = factories.activity("Reeks", days=(-7, 3, 10, 17))
    response = client.get(act.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["occurrences"]) == 3
    assert response.content.decode().count("Zet in je agenda<") == 3


def test_an_unknown_or_unpublished_slug_gives_a_dutch_404(client):
    draft = factories.activity("Concept", status=Activity.Status.DRAFT)
    for url in ["/activiteiten/bestaat-niet/", draft.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Deze pagina bestaat niet (meer)" in response.content.decode()


def test_the_series_calendar_file_parses_and_holds_every_coming_date(client):
    act = factories.activity("Klokken bouwen", days=(3, 10))
    response = client.get(f"/activiteiten/{act.slug}/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Klokken bouwen"] * 2
    starts = [e.decoded("DTSTART") for e in events]
    assert [timezone.localtime(s).date() for s in starts] == [
        timezone.localdate() + dt.timedelta(days=3),
        timezone.localdate() + dt.timedelta(days=10),
    ]
    assert all(timezone.localtime(s).hour == 10 for s in starts)
    assert len({str(e["UID"]) for e in events}) == 2
    assert "Werkplaats Zwolle" in str(events[0]["LOCATION"])


def test_one_date_has_its_own_calendar_file(client):
    act = factories.activity(days=(3, 10))
    second = act.occurrences.order_by("start")[1]
    response = client.get(f"/activiteiten/{act.slug}/agenda/{second.code}.ics")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert events[0].decoded("DTSTART") == second.start
    assert client.get(f"/activiteiten/{act.slug}/agenda/20000101T1000.ics").status_code == 404


def test_json_ld_describes_each_coming_date_as_a_schema_org_event(client):
    act = factories.activity(
        "Zonneauto's </script><b>", days=(5, 12), price="3.50", min_age=9, max_age=12
    )
    data = json_ld(client.get(act.get_absolute_url()))
    assert len(data) == 2
    event = data[0]
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["name"] == "Zonneauto's </script><b>"
    assert (
        dt.datetime.fromisoformat(event["startDate"]) == act.occurrences.order_by("start")[0].start
    )
    assert event["location"]["address"]["addressLocality"] == "Zwolle"
    assert event["offers"] == {
        "@type": "Offer", "price": "3.50", "priceCurrency": "EUR", "url": event["url"],
    }  # fmt: skip
    assert event["typicalAgeRange"] == "9-12"
    assert event["organizer"]["name"] == act.provider.name


def test_signup_link_redirects_and_counts_without_personal_data(client):
    act = factories.activity(signup_method="link", signup_url="https://example.org/aanmelden")
    response = client.post(f"/activiteiten/{act.slug}/aanmelden/")  # the page's button
    assert response.status_code == 303
    assert response["Location"] == "https://example.org/aanmelden"
    assert response["Referrer-Policy"] == "no-referrer"
    client.post(f"/activiteiten/{act.slug}/aanmelden/", REMOTE_ADDR="10.1.2.3")
    client.post(f"/activiteiten/{act.slug}/aanmelden/")  # the same visitor today: once
    client.get(f"/activiteiten/{act.slug}/aanmelden/")  # a link followed: not a click
    count = DailyCount.objects.get(activity=act)
    assert count.signup_clicks == 2
    assert {f.name for f in DailyCount._meta.get_fields()} == {
        "id", "activity", "date", "views", "signup_clicks",
    }  # fmt: skip
    assert not response.cookies


def test_signup_by_email_or_phone_redirects_to_mailto_and_tel(client):
    mail = factories.activity(signup_method="email", signup_email="info@example.org")
    phone = factories.activity(signup_method="telefoon", signup_phone="038 123 45 67")
    none = factories.activity(signup_method="geen")
    assert (
        client.get(f"/activiteiten/{mail.slug}/aanmelden/")["Location"] == "mailto:info@example.org"
    )
    assert client.get(f"/activiteiten/{phone.slug}/aanmelden/")["Location"] == "tel:0381234567"
    assert client.get(f"/activiteiten/{none.slug}/aanmelden/").status_code == 404


def test_views_are_counted_per_day(client):
    act = factories.activity()
    client.get(act.get_absolute_url())
    client.get(act.get_absolute_url())  # the same visitor today counts once
    client.get(act.get_absolute_url(), REMOTE_ADDR="10.1.2.3")
    assert DailyCount.objects.get(activity=act, date=timezone.localdate()).views == 2


def test_on_request_offers_show_their_availability_and_no_calendar(client):
    act = factories.activity(
        "Techles", days=(), availability="aanvraag", availability_text="Hele schooljaar, groep 5-8"
    )
    body = client.get(act.get_absolute_url()).content.decode()
    assert "Op aanvraag: Hele schooljaar, groep 5-8" in body
    assert "agenda.ics" not in body
    assert client.get(f"/activiteiten/{act.slug}/agenda.ics").status_code == 404


def test_the_page_sets_no_cookie_and_has_a_route_link(client):
    act = factories.activity(place="Hattem")
    response = client.get(act.get_absolute_url())
    assert not response.cookies
    assert "openstreetmap.org/directions" in response.content.decode()


def test_the_provider_page_lists_only_its_public_activities(client):
    owner = factories.provider("Bouwbedrijf Test")
    shown = factories.activity("Zichtbaar", owner=owner)
    factories.activity("Concept", owner=owner, status=Activity.Status.DRAFT)
    factories.activity("Voorbij", owner=owner, days=(-2,))
    response = client.get(owner.get_absolute_url())
    assert [a.slug for a in response.context["activities"]] == [shown.slug]
    assert client.get("/aanbieders/bestaat-niet/").status_code == 404
