"""A coordinator in real Chromium: logs in on the staff log-in page with the e-mail address (in
another case than stored), enters the code from the authenticator app, finds on the home what
waits, opens the review with the provider card and approves below the content; then reads the log
as sentences. axe-core checks every new page on the way; no request leaves the site."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from catalogue.models import Activity
from moderation import services
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def no_axe_violations(page, step):
    axe = Axe().run(page)
    assert axe.violations_count == 0, (step, axe.generate_report())


def test_from_the_staff_log_in_through_the_home_to_a_decision(
    live_server, page, outside_requests, django_user_model, settings
):
    settings.TWO_FACTOR_FOR_STAFF = True
    base = live_server.url
    maker = factories.provider("Makerspace Zwolle", website="https://makerspace.example")
    anna = factories.member(django_user_model, maker, "anna@maker.example")
    draft = factories.activity("Robotsumo", owner=maker, status=Activity.Status.DRAFT)
    services.activity_submit(activity=draft, by=anna)
    coordinator = django_user_model.objects.create_user(
        "coordinator", "Coordinator@Techniekpact.example", "coord-wachtwoord-77", is_staff=True
    )
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)

    page.goto(f"{base}/beheer/")  # the admin's log-in leads to the staff log-in page
    expect(page.locator("h1")).to_have_text("Inloggen voor het Techniekpact")
    assert "/techniekpact/inloggen/" in page.url
    no_axe_violations(page, "staff log-in")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("coordinator@techniekpact.example")
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".notice")).to_contain_text("hoort niet bij dit wachtwoord")
    no_axe_violations(page, "staff log-in with an error")

    page.goto(f"{base}/techniekpact/inloggen/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("coordinator@techniekpact.example")
    page.get_by_label("Wachtwoord").fill("coord-wachtwoord-77")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/portaal/tweestaps/\?next="))  # the second step
    code = str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(6)
    page.get_by_label("Code uit je app").fill(code)
    page.get_by_role("button").filter(
        has_text=re.compile("Inloggen|Verder|Controleer")
    ).first.click()

    expect(page.locator("h1")).to_have_text("Werk voor de coördinator")
    assert page.url.rstrip("/").endswith("/techniekpact")
    waiting = page.locator(".waiting-item").first
    expect(waiting).to_contain_text("1 activiteit wacht op controle")
    expect(page.get_by_role("link", name="Cijfers", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Nieuwsbrief", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Beheer", exact=True)).to_be_visible()
    expect(page.locator(".recent")).to_contain_text("Makerspace Zwolle diende ‘Robotsumo’ in")
    no_axe_violations(page, "coordinator's home")

    waiting.get_by_role("link").click()
    page.get_by_role("link", name="Robotsumo").click()
    card = page.locator(".provider-card")
    expect(card).to_contain_text("Wie is Makerspace Zwolle?")
    expect(card).to_contain_text("Nieuwe aanbieder")
    expect(card).to_contain_text("bevestigd")
    expect(card.get_by_role("link", name="https://makerspace.example")).to_be_visible()
    decision = page.locator("#besluit")
    public = page.get_by_role("heading", name="Zo ziet het publiek de activiteit")
    assert public.bounding_box()["y"] < decision.bounding_box()["y"]  # the decision comes last
    no_axe_violations(page, "review with the provider card")

    page.get_by_role("link", name="Naar je besluit, onder de activiteit").click()
    decision.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(page.locator("body")).to_contain_text("is goedgekeurd")
    assert Activity.objects.get(pk=draft.pk).status == Activity.Status.PUBLISHED

    page.get_by_role("link", name="Logboek").first.click()
    log = page.get_by_role("table", name="Logboek van de controle")
    expect(log).to_contain_text("De coördinator keurde ‘Robotsumo’ goed")
    expect(log).to_contain_text("Makerspace Zwolle diende ‘Robotsumo’ in")
    expect(page.locator("main")).not_to_contain_text("activity.")
    no_axe_violations(page, "log")
    assert outside_requests == []
