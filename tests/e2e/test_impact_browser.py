"""A coordinator opens the impact figures in real Chromium, changes the quarter and a municipality, downloads a
CSV; axe-core finds nothing; the running quarter is not on offer and is refused; a provider and an anonymous
visitor are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from impact.figures import Period
from portal.models import Membership
from quiz.models import Result
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _results(n: int, day: dt.date, place: str, theme: str) -> None:
    created = timezone.make_aware(dt.datetime.combine(day, dt.time(11)))
    Result.objects.bulk_create(
        Result(profile={theme: 1.0}, top_theme=theme, age=10, municipality=place, created=created)
        for _ in range(n)
    )


def _log_in(page, base: str, email: str, password: str, next_: str = "/cijfers/") -> None:
    page.goto(f"{base}/portaal/inloggen/?next={next_}")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_coordinator_reads_changes_and_downloads(
    live_server, page, browser, django_user_model, outside_requests
):
    for slug in ("bouwen", "water"):
        factories.theme_named(slug)
    now = Period.containing(timezone.localdate())
    newest = now.previous()  # ended, so on offer
    before = newest.previous()  # also ended and inside the retention window (365 days)
    _results(25, before.first_day + dt.timedelta(days=3), "Zwolle", "bouwen")
    _results(12, before.first_day + dt.timedelta(days=20), "Kampen", "water")
    _results(4, before.first_day + dt.timedelta(days=20), "Dalfsen", "water")
    _results(18, newest.first_day + dt.timedelta(days=5), "Zwolle", "water")
    _results(15, now.first_day, "Zwolle", "water")  # the running quarter: never shown
    django_user_model.objects.create_user(
        "coordinator@example.org", password="coord-wachtwoord-77", is_staff=True
    )
    base = live_server.url

    _log_in(page, base, "coordinator@example.org", "coord-wachtwoord-77")
    expect(page.locator("h1")).to_have_text("Impactcijfers")
    quarter = page.get_by_label("Kwartaal", exact=True)
    expect(quarter).to_have_value(newest.slug)
    expect(quarter.locator("option")).to_have_count(2)
    expect(quarter.locator(f"option[value='{now.slug}']")).to_have_count(0)
    axe = Axe().run(page)
    assert axe.violations_count == 0, axe.generate_report()

    page.get_by_label("Kwartaal", exact=True).select_option(before.slug)
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.locator(".lead")).to_contain_text(before.label)
    places = page.locator("section[aria-labelledby='t-gemeenten'] table")
    expect(places).to_contain_text(before.label)

    def row(name: str):
        return places.locator("tr", has=page.get_by_role("rowheader", name=name, exact=True))

    expect(row("Dalfsen")).to_contain_text("< 10")  # 4 children: hidden (and a partner with it)
    expect(places.locator("tfoot")).to_contain_text("41")

    page.get_by_label("Gemeente bekijken").select_option("Kampen")
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.get_by_role("heading", name="Gemeente Kampen")).to_be_visible()
    axe = Axe().run(page)
    assert axe.violations_count == 0, axe.generate_report()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download “Per gemeente” als CSV").click()
    download = info.value
    assert download.suggested_filename == f"techniekkaart-gemeenten-{before.slug}.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "Totaal;41;" in text
    assert "Dalfsen;;" in text
    assert "< 10" not in text
    assert outside_requests == []

    running = page.goto(f"{base}/cijfers/?periode={now.slug}")
    assert running.status == 404
    expect(page.get_by_role("alert")).to_contain_text("Voor dit kwartaal tonen we geen cijfers")
    expect(page.get_by_label("Kwartaal", exact=True)).to_be_visible()
    axe = Axe().run(page)
    assert axe.violations_count == 0, axe.generate_report()

    provider = factories.provider("TechLab")
    user = django_user_model.objects.create_user(
        "p@techlab.example", password="aanbieder-wachtwoord-8"
    )
    Membership.objects.create(user=user, provider=provider)
    other = browser.new_context().new_page()
    _log_in(other, base, "p@techlab.example", "aanbieder-wachtwoord-8", next_="/portaal/")
    response = other.goto(f"{base}/cijfers/")
    assert response.status == 403
    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{base}/cijfers/")
    assert "/portaal/inloggen/" in anonymous.url
