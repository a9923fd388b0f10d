"""A parent signs up for the newsletter in real Chromium, confirms from the captured mail, gets
the coordinator's issue and unsubscribes from it; axe-core checks every page on the way."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from newsletter import services
from newsletter.models import Issue, Subscriber

pytestmark = pytest.mark.django_db(transaction=True)


def no_axe_violations(page, step):
    axe = Axe().run(page)
    assert axe.violations_count == 0, (step, axe.generate_report())


def test_sign_up_confirm_receive_and_unsubscribe(live_server, page, outside_requests, settings):
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    base = live_server.url

    page.goto(f"{base}/nieuwsbrief/")
    expect(page.locator("h1")).to_have_text("De nieuwsbrief van de Techniekkaart")
    expect(page.get_by_label("Laat dit veld leeg")).to_be_hidden()  # the honeypot
    no_axe_violations(page, "sign-up")

    page.get_by_role("button", name="Aanmelden voor de nieuwsbrief").click()
    expect(page.locator(".error")).to_contain_text("Vul je e-mailadres in")
    no_axe_violations(page, "sign-up with an error")

    page.get_by_label("E-mailadres").fill("ouder@example.org")
    page.get_by_label("Naam").fill("Sam de Vries")
    page.get_by_label("Ik ben").select_option("ouder")
    page.get_by_role("button", name="Aanmelden voor de nieuwsbrief").click()
    expect(page.locator("h1")).to_have_text("Kijk in je mail")
    no_axe_violations(page, "check your mail")

    assert len(mail.outbox) == 1
    link = re.search(r"(https?://\S+/nieuwsbrief/bevestig/\S+/)", mail.outbox[0].body).group(1)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Bevestig je aanmelding")
    no_axe_violations(page, "confirm")
    page.get_by_role("button", name="Ja, ik wil de nieuwsbrief").click()
    expect(page.locator("h1")).to_have_text("Gelukt, je bent aangemeld")
    no_axe_violations(page, "confirmed")
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    issue = Issue.objects.create(subject="Techniek in de herfstvakantie", body_text="Doe mee!")
    services.queue(issue)
    call_command("send_newsletter", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2
    newsletter = mail.outbox[1]
    assert newsletter.subject == "Techniek in de herfstvakantie"
    unsubscribe = newsletter.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in newsletter.body

    page.goto(unsubscribe)
    expect(page.locator("h1")).to_have_text("Afmelden voor de nieuwsbrief")
    no_axe_violations(page, "unsubscribe")
    page.get_by_role("button", name="Afmelden").click()
    expect(page.locator("h1")).to_have_text("Je bent afgemeld")
    no_axe_violations(page, "unsubscribed")
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED

    second = Issue.objects.create(subject="Nog meer techniek", body_text="Kom ook!")
    services.queue(second)
    call_command("send_newsletter", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2  # nothing more after unsubscribing
    assert outside_requests == []
