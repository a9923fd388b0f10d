"""A provider signs up, confirms the e-mail, enters an activity with a weekly series and submits it;
the coordinator approves it; it appears in the public catalogue and on the map (real Chromium)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from catalogue.models import Activity
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_sign_up_to_the_public_map(live_server, page, browser, django_user_model):
    factories.theme_named("robots-code")
    base = live_server.url
    page.goto(f"{base}/portaal/aanmelden/")
    page.get_by_label("Naam van de organisatie").fill("TechLab De Schroef")
    page.get_by_label("Soort organisatie").select_option("techlab")
    page.locator("#id_place").fill("Kampen")  # the municipality follows from the place
    page.get_by_label("Jouw naam").fill("Sam")
    page.get_by_label("Jouw e-mailadres").fill("sam@example.org")
    page.get_by_label("Kies een wachtwoord").fill("een-lang-eigen-wachtwoord-9")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator("h1")).to_have_text("Kijk in je mail")

    link = re.search(r"https?://\S+(/portaal/bevestig/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(base + link)
    page.get_by_role("button", name="Ja, dit is mijn e-mailadres").click()
    expect(page.locator(".notice")).to_contain_text("Je e-mailadres is bevestigd")
    page.get_by_label("E-mailadres").fill("sam@example.org")  # the link is not a log-in
    page.get_by_label("Wachtwoord").fill("een-lang-eigen-wachtwoord-9")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("h1")).to_have_text("Jouw activiteiten")
    page.get_by_role("link", name="Nieuwe activiteit").click()

    start = timezone.localdate() + dt.timedelta(days=2)
    page.locator("#id_title").fill("Robots programmeren in de werkplaats")
    page.locator("#id_summary").fill("Je bouwt en programmeert een robot die een parcours rijdt.")
    page.get_by_label("Hoofdthema").select_option(label="Programmeren & Robots")
    page.locator("#id_kind").select_option("workshop")
    page.get_by_label("Leeftijd vanaf").fill("8")
    page.get_by_label("Leeftijd tot en met").fill("12")
    page.get_by_label("Naam van de nieuwe locatie").fill("Werkplaats De Schroef")
    page.locator("#id_new_venue_place").fill("Kampen")
    page.locator("#id_new_venue_municipality").select_option("Kampen")
    page.locator("#id_data-0-frequency").select_option("wekelijks")
    page.locator("#id_data-0-start_date").fill(start.isoformat())
    page.locator("#id_data-0-start_time").fill("14:00")
    page.locator("#id_data-0-end_time").fill("16:00")
    page.locator("#id_data-0-until").fill((start + dt.timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.locator(".notice").first).to_contain_text("Voorbeeld")
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator(".notice").first).to_contain_text("Ingediend")
    activity = Activity.objects.get(title="Robots programmeren in de werkplaats")
    assert activity.status == Activity.Status.SUBMITTED
    assert activity.occurrences.count() == 4

    django_user_model.objects.create_user(
        "coordinator@example.org", password="coord-wachtwoord-77", is_staff=True
    )
    coordinator = browser.new_context().new_page()
    coordinator.goto(f"{base}/portaal/inloggen/?next=/moderatie/")
    coordinator.get_by_label("E-mailadres").fill("coordinator@example.org")
    coordinator.get_by_label("Wachtwoord").fill("coord-wachtwoord-77")
    coordinator.get_by_role("button", name="Inloggen").click()
    coordinator.get_by_role("link", name="Robots programmeren in de werkplaats").first.click()
    coordinator.get_by_role("button", name="Goedkeuren en publiceren").click()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED
    assert "goedgekeurd" in mail.outbox[-1].subject.lower() or mail.outbox[-1].to == [
        "sam@example.org"
    ]

    page.goto(f"{base}/activiteiten/?plaats=Kampen&afstand=5")
    expect(page.locator(f"article[data-slug='{activity.slug}']")).to_be_visible()
    page.wait_for_function("() => document.getElementById('kaart').dataset.markerSlugs")
    assert activity.slug in page.locator("#kaart").get_attribute("data-marker-slugs").split()
