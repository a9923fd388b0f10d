"""A coordinator writes a newsletter in real Chromium without HTML, chooses who gets it, opens
the preview and sends a test mail to themselves; axe-core checks the editor and the preview."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from newsletter.models import Issue

pytestmark = pytest.mark.django_db(transaction=True)


def no_axe_violations(page, step: str) -> None:
    axe = Axe().run(page)
    assert axe.violations_count == 0, (step, axe.generate_report())


def test_write_preview_and_test_send(
    live_server, page, django_user_model, settings, outside_requests
):
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    django_user_model.objects.create_superuser(
        "coordinator", "coordinator@example.org", "coord-wachtwoord-77"
    )
    base = live_server.url
    page.goto(f"{base}/portaal/inloggen/?next=/beheer/newsletter/issue/add/")
    page.get_by_label("E-mailadres").fill("coordinator@example.org")
    page.get_by_label("Wachtwoord").fill("coord-wachtwoord-77")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_label("Onderwerp")).to_be_visible()
    no_axe_violations(page, "editor")

    page.get_by_label("Onderwerp").fill("Herfstnieuws")
    page.get_by_label("Tekst").fill(
        "## Nieuw in de herfst\n\nHoi **allemaal**!\n\n- Robots bouwen\n- Bruggen\n\n"
        "Kijk op [de Techniekkaart](https://techniekkaart.example/). <script>alert(1)</script>"
    )
    page.get_by_label("Ouder of verzorger").uncheck()
    page.get_by_role("button", name="Opslaan en voorbeeld bekijken").click()
    expect(page.get_by_role("heading", name="Zo ziet de mail eruit")).to_be_visible()
    mail_part = page.locator("#mail-html")
    expect(mail_part.get_by_role("heading", name="Nieuw in de herfst")).to_be_visible()
    expect(mail_part.locator("strong")).to_have_text("allemaal")
    expect(mail_part.locator("li")).to_have_count(2)
    expect(mail_part).to_contain_text("<script>alert(1)</script>")  # typed text, not a script
    expect(page.locator(".newsletter-envelope")).not_to_contain_text("Ouder")
    no_axe_violations(page, "preview")

    page.get_by_role("button", name="Stuur een testmail naar mij").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Testmail verstuurd naar coordinator@example.org"
    )
    assert [m.subject for m in mail.outbox] == ["[TEST] Herfstnieuws"]
    issue = Issue.objects.get()
    assert "ouder" not in issue.roles and "leraar" in issue.roles
    assert issue.status == Issue.Status.DRAFT
    no_axe_violations(page, "preview after the test mail")
    assert outside_requests == []
