"""A coordinator opens the quarterly report in real Chromium, writes the text for a quarter and
prints the report to PDF: one page per quarter on offer, small groups shown as "< 10"; axe finds
nothing on the report and its form. Set REPORT_SHOTS=<dir> to keep the PDF and the PNG of a page."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from impact.figures import Period, periods_available
from quiz.models import Result
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _results(n: int, day: dt.date, place: str, theme: str, opened: int = 0) -> None:
    created = timezone.make_aware(dt.datetime.combine(day, dt.time(11)))
    Result.objects.bulk_create(
        Result(profile={theme: 1.0}, top_theme=theme, age=10, municipality=place, created=created,
               opened=created if i < opened else None)
        for i in range(n)
    )  # fmt: skip


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (Chromium writes them uncompressed): "/Type /Page", not "/Pages"."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_the_report_prints_one_page_per_quarter(
    live_server, page, django_user_model, outside_requests, tmp_path
):
    for slug in ("bouwen", "water", "maken"):
        factories.theme_named(slug)
    now = Period.containing(timezone.localdate())
    newest, before = now.previous(), now.previous().previous()
    _results(40, before.first_day + dt.timedelta(days=3), "Zwolle", "bouwen", opened=15)
    _results(12, before.first_day + dt.timedelta(days=20), "Kampen", "water", opened=11)
    _results(4, before.first_day + dt.timedelta(days=20), "Dalfsen", "water")
    _results(30, newest.first_day + dt.timedelta(days=5), "Zwolle", "water", opened=12)
    _results(15, newest.first_day + dt.timedelta(days=9), "Hattem", "maken", opened=10)
    _results(15, now.first_day, "Zwolle", "water")  # the running quarter: never in the report
    factories.activity("Robots bouwen", theme="bouwen")
    django_user_model.objects.create_user(
        "coordinator@example.org", password="coord-wachtwoord-77", is_staff=True
    )
    offered = periods_available()
    assert offered == [newest, before]
    base = live_server.url

    page.goto(f"{base}/portaal/inloggen/?next=/cijfers/")
    page.get_by_label("E-mailadres").fill("coordinator@example.org")
    page.get_by_label("Wachtwoord").fill("coord-wachtwoord-77")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Kwartaalrapport voor financiers (afdrukken of PDF)").click()
    expect(page.locator("h1")).to_have_text("Kwartaalrapport voor financiers")
    expect(page.locator(".report-page")).to_have_count(2)
    expect(page.get_by_role("button", name="Afdrukken of bewaren als PDF")).to_be_visible()
    axe = Axe().run(page)
    assert axe.violations_count == 0, axe.generate_report()

    page.get_by_role("link", name=f"Tekst bij het {before.label} schrijven").click()
    field = page.get_by_label("Tekst bij dit kwartaal")
    # A locator does not wait: axe must run on the new page, not during the navigation.
    expect(field).to_be_visible()
    page.wait_for_load_state()
    axe = Axe().run(page)
    assert axe.violations_count == 0, axe.generate_report()
    field.fill(
        "Veel kinderen uit Zwolle kozen bouwen.\n\nIn Kampen kwam een nieuwe techlab. <script>"
    )
    page.get_by_role("button", name="Opslaan").click()
    first = page.locator(f"#kwartaal-{before.slug}")
    expect(first).to_contain_text("Veel kinderen uit Zwolle kozen bouwen.")
    expect(first).to_contain_text("<script>")  # shown as text
    places = first.locator("table.report-gemeenten")
    dalfsen = places.locator("tr", has=page.get_by_role("rowheader", name="Dalfsen", exact=True))
    expect(dalfsen).to_contain_text("< 10")
    expect(dalfsen).not_to_contain_text("4")
    axe = Axe().run(page)
    assert axe.violations_count == 0, axe.generate_report()
    assert outside_requests == []

    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == len(offered) == 2
    page.goto(f"{base}/cijfers/rapport/?periode={newest.slug}")
    assert pdf_pages(page.pdf(format="A4", prefer_css_page_size=True)) == 1

    # One printed page as an image: the print styles, A4 width at 96 dpi.
    page.goto(f"{base}/cijfers/rapport/")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".report-intro")).to_be_hidden()
    png = page.locator(f"#kwartaal-{before.slug}").screenshot()
    assert png.startswith(b"\x89PNG")
    box = page.locator(f"#kwartaal-{before.slug}").bounding_box()
    assert box is not None and box["height"] <= 1123 - 2 * 45  # fits inside A4 minus the margins
    keep = os.environ.get("REPORT_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / "report.pdf").write_bytes(pdf)
        (Path(keep) / "report-page.png").write_bytes(png)
        if shutil.which("pdftoppm"):
            os.system(f"pdftoppm -png -r 60 {Path(keep) / 'report.pdf'} {Path(keep) / 'pdf'}")  # noqa: S605
