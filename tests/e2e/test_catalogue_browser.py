"""A parent filters the catalogue in real Chromium: the list and the map markers stay in step."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def marker_slugs(page):
    page.wait_for_function(
        "() => document.getElementById('kaart').dataset.loadedUrl === "
        "document.getElementById('kaart-data').dataset.geojson"
    )
    return set(page.locator("#kaart").get_attribute("data-marker-slugs").split())


def list_slugs(page):
    return set(
        page.locator("#resultaten article.card").evaluate_all("els => els.map(e => e.dataset.slug)")
    )


def test_filtering_keeps_list_and_map_in_step_without_outside_requests(
    live_server, page, outside_requests
):
    hattem = factories.activity("Bruggen bouwen", place="Hattem", theme="bouwen")
    zwolle = factories.activity("Robots in Zwolle", place="Zwolle", theme="robots-code")
    kampen = factories.activity("Zonne-energie", place="Kampen", theme="energie")
    dronten = factories.activity("Dijken en water", place="Dronten", theme="water")

    page.goto(f"{live_server.url}/activiteiten/")
    expect(page.locator("#resultaten article.card")).to_have_count(4)
    assert (
        marker_slugs(page)
        == list_slugs(page)
        == {hattem.slug, zwolle.slug, kampen.slug, dronten.slug}
    )
    expect(
        page.locator("#kaart path.leaflet-interactive").first
    ).to_be_visible()  # the region outline

    page.fill("#id_plaats", "hattem")
    page.select_option("#id_afstand", "10")
    page.locator("#filters button[type=submit]").click()
    expect(page.locator(".result-count")).to_contain_text("Binnen 10 km van Hattem: 2")
    assert page.url.endswith("plaats=hattem&afstand=10") or "plaats=hattem" in page.url
    assert marker_slugs(page) == list_slugs(page) == {hattem.slug, zwolle.slug}

    page.locator("summary", has_text="Filters").click()
    page.locator("label.chip", has_text="Programmeren & Robots").click()
    expect(page.locator("#resultaten article.card")).to_have_count(1)
    assert marker_slugs(page) == list_slugs(page) == {zwolle.slug}

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert outside_requests == []
    assert page.context.cookies() == []


def test_nothing_nearby_offers_the_next_radius(live_server, page, outside_requests):
    kampen = factories.activity("Zonne-energie", place="Kampen")
    page.goto(f"{live_server.url}/activiteiten/?plaats=Hattem&afstand=5")
    notice = page.locator(".notice", has_text="Niets binnen 5 km van Hattem")
    expect(notice).to_contain_text("wel 1 binnen 25 km")
    notice.locator("a").click()
    expect(page.locator("#resultaten article.card")).to_have_count(1)
    assert marker_slugs(page) == {kampen.slug}
    assert outside_requests == []


def test_the_activity_page_is_accessible_and_private(live_server, page, outside_requests):
    act = factories.activity("Bruggen bouwen", place="Hattem", days=(3, 10))
    page.goto(f"{live_server.url}{act.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Bruggen bouwen")
    expect(page.locator("#detail-kaart .leaflet-marker-icon")).to_have_count(1)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert outside_requests == []
    assert page.context.cookies() == []
