"""A parent on a phone (390x844) looks for something near Hattem, in real Chromium: the first result
shows in the first screen, the map waits until it is asked for, and the quick chips filter."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_on_a_phone_the_first_result_is_in_the_first_screen(live_server, page, outside_requests):
    for place in ("Hattem", "Zwolle", "Heerde", "Kampen", "Wezep"):
        factories.activity(f"Bouwen in {place}", place=place, summary="Bouw samen een brug. " * 6)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/activiteiten/?plaats=Hattem&afstand=5")

    first = page.locator("#resultaten article.card").first
    expect(first).to_contain_text("Bouwen in Hattem")  # nearest first
    box = first.locator("h3").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, box
    expect(page.locator(".result-count")).to_contain_text("Binnen 5 km van Hattem: 3")
    expect(page.locator("#kaart")).to_be_hidden()
    assert not [u for u in asked if "geojson" in u or "/kaart/tegels/" in u], "map started early"
    # Leaflet itself is fetched only for the map, so a phone's first screen does not wait for it.
    assert not [u for u in asked if "leaflet" in u and u.endswith(".js")], "Leaflet loaded early"

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_role("button", name="Kaart").click()
    expect(page.get_by_role("button", name="Kaart")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#kaart")).to_be_visible()
    expect(page.locator("#resultaten")).to_be_hidden()
    expect(page.locator("#kaart .leaflet-marker-icon").first).to_be_visible()
    assert [u for u in asked if "/kaart/tegels/" in u], "the map draws our own tiles"

    page.get_by_role("button", name="Lijst").click()
    expect(page.locator("#resultaten")).to_be_visible()
    page.locator("label.chip", has_text="Dit weekend").click()
    expect(page.locator(".result-count")).to_contain_text("Binnen 5 km van Hattem: 0")
    assert "weekend=on" in page.url

    assert outside_requests == []
    assert page.context.cookies() == []


def test_on_a_wide_screen_list_and_map_show_together(live_server, page, outside_requests):
    factories.activity("Bouwen in Hattem", place="Hattem")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/activiteiten/?plaats=Hattem")
    expect(page.locator("#kaart .leaflet-marker-icon").first).to_be_visible()
    expect(page.locator("#resultaten article.card")).to_have_count(1)
    expect(page.locator(".view-switch")).to_be_hidden()
    assert outside_requests == []
