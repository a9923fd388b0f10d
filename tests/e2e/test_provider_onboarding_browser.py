"""A provider joins (issue 16), in real Chromium: from the home page to "Voor aanbieders", sign-up with
only a place (the municipality follows), the e-mail link, and the five-step activity form that shows
only the fields the choices need, with the live card preview, to submission. axe on every new page."""

import datetime as dt
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from catalogue.models import Activity, Provider
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "een-lang-eigen-wachtwoord-9"


def no_axe_violations(page):
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()


def test_a_repair_cafe_joins_and_submits_its_first_activity(live_server, page, outside_requests):
    factories.theme_named("maken")
    base = live_server.url
    page.goto(f"{base}/")
    page.locator(".audience-providers").get_by_role(
        "link", name="Zet je activiteit op de kaart"
    ).click()
    expect(page.locator("h1")).to_contain_text("Voor aanbieders")
    no_axe_violations(page)
    page.set_viewport_size({"width": 375, "height": 800})
    no_axe_violations(page)  # the phone layout too
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Meld je organisatie aan").first.click()

    expect(page.locator("h1")).to_have_text("Zet jullie activiteiten op de Techniekkaart")
    expect(page.get_by_label("Gemeente")).to_have_count(0)
    page.get_by_label("Naam van de organisatie").fill("Repaircafé Wijhe")
    page.get_by_label("Soort organisatie").select_option("club")
    page.get_by_label("Plaats").fill("Wijhee")  # a typo first
    page.get_by_label("Jouw naam").fill("Sam")
    page.get_by_label("Jouw e-mailadres").fill("sam@example.org")
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator(".has-error")).to_contain_text("Bedoel je Wijhe (Olst-Wijhe)")
    expect(page.get_by_label("Kies een wachtwoord")).to_have_value(PASSWORD)  # not cleared
    no_axe_violations(page)
    page.get_by_label("Plaats").fill("Wijhe")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator("h1")).to_have_text("Kijk in je mail")
    provider = Provider.objects.get(name="Repaircafé Wijhe")
    assert (provider.place, provider.municipality) == ("Wijhe", "Olst-Wijhe")

    link = re.search(r"https?://\S+(/portaal/bevestig/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(base + link)
    page.get_by_role("button", name="Ja, dit is mijn e-mailadres").click()
    page.get_by_label("E-mailadres").fill("sam@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("h1")).to_have_text("Jouw activiteiten")
    expect(page.get_by_text("Keuzevakken voor het vmbo beheren")).to_have_count(0)  # a club
    no_axe_violations(page)
    page.get_by_role("link", name="Nieuwe activiteit").click()

    # Wat
    expect(page.locator("legend")).to_contain_text(
        ["Wat", "Voor wie", "Waar", "Wanneer", "Aanmelden"]
    )
    page.locator("#id_title").fill("Repareer je eigen fietslamp")
    page.locator("#id_summary").fill("Je zoekt uit waarom de lamp niet brandt en maakt hem.")
    page.locator("#id_kind").select_option("workshop")
    page.get_by_label("Hoofdthema").select_option(label="Maken & Machines")
    preview = page.locator("#kaartvoorbeeld")
    expect(preview).to_contain_text("Repareer je eigen fietslamp")  # the live preview follows
    expect(preview).to_contain_text("Maken & Machines")
    # Voor wie
    page.get_by_label("Leeftijd vanaf").fill("9")
    page.get_by_label("Leeftijd tot en met").fill("12")
    expect(preview).to_contain_text("9-12 jaar")
    # Waar: the venue fields only for "Op een locatie"
    page.get_by_label("Online").check()
    expect(page.get_by_label("Naam van de nieuwe locatie")).to_be_hidden()
    page.get_by_label("Op een locatie").check()
    page.get_by_label("Naam van de nieuwe locatie").fill("Dorpshuis")
    page.locator("#id_new_venue_place").fill("Wijhe")
    expect(preview).to_contain_text("Wijhe")
    # Wanneer: dates only for "Op vaste data"; the end date only for a series
    start = timezone.localdate() + dt.timedelta(days=4)
    expect(page.locator("#id_data-0-until")).to_be_hidden()
    page.locator("#id_data-0-frequency").select_option("wekelijks")
    expect(page.locator("#id_data-0-until")).to_be_visible()
    page.locator("#id_data-0-start_date").fill(start.isoformat())
    page.locator("#id_data-0-start_time").fill("14:00")
    page.locator("#id_data-0-end_time").fill("16:00")
    page.locator("#id_data-0-until").fill((start + dt.timedelta(days=14)).isoformat())
    expect(preview).to_contain_text("14:00")
    page.get_by_role("button", name="Nog een datum").click()  # an empty second row, left empty
    expect(page.locator("#id_data-1-frequency")).to_be_visible()
    expect(page.locator("[name='data-TOTAL_FORMS']")).to_have_value("2")
    # Aanmelden: one method's field at a time
    expect(page.get_by_label("Aanmeldlink")).to_be_hidden()
    page.get_by_label("Per e-mail").check()
    expect(page.get_by_label("Aanmeld-e-mail")).to_be_visible()
    expect(page.get_by_label("Aanmeldlink")).to_be_hidden()
    expect(page.get_by_label("Aanmeldtelefoon")).to_be_hidden()
    page.get_by_label("Aanmeld-e-mail").fill("repaircafe@example.org")
    no_axe_violations(page)
    page.get_by_role("button", name="Opslaan als concept").click()

    expect(page.locator(".notice").first).to_contain_text("Voorbeeld")
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator(".notice").first).to_contain_text("Ingediend")
    activity = Activity.objects.get(title="Repareer je eigen fietslamp")
    assert activity.status == Activity.Status.SUBMITTED
    assert (activity.signup_method, activity.signup_email) == ("email", "repaircafe@example.org")
    assert (activity.venue.place, activity.venue.municipality) == ("Wijhe", "Olst-Wijhe")
    assert activity.occurrences.count() == 3
    assert outside_requests == []


def test_the_activity_form_works_without_javascript(live_server, browser, django_user_model):
    """Every field is there with a note saying when it is needed; saving works."""
    factories.theme_named("maken")
    org = factories.provider("Bibliotheek Wijhe", kind=Provider.Kind.LIBRARY, place="Wijhe")
    user = factories.member(django_user_model, org, "bieb@example.org")
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/portaal/inloggen/")
    page.get_by_label("E-mailadres").fill("bieb@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server.url}/portaal/organisatie/{org.slug}/nieuw/")
    expect(page.get_by_label("Aanmeldlink")).to_be_visible()
    expect(page.get_by_text("Alleen nodig bij “Via een website”.")).to_be_visible()
    page.locator("#id_title").fill("Lego-robots")
    page.locator("#id_summary").fill("Je bouwt een robot van lego.")
    page.locator("#id_kind").select_option("club")
    page.get_by_label("Hoofdthema").select_option(label="Maken & Machines")
    page.get_by_label("Leeftijd vanaf").fill("8")
    page.get_by_label("Leeftijd tot en met").fill("11")
    page.get_by_label("Op jouw school").check()
    page.get_by_label("Altijd open").check()
    page.get_by_label("Dagen en tijden").fill("Elke woensdagmiddag")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.locator(".notice").first).to_contain_text("Opgeslagen als concept")
    assert Activity.objects.get(title="Lego-robots").availability == "altijd"
    context.close()
