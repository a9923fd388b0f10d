"""Every map on the site in real Chromium: its tiles come from our own origin (/kaart/tegels/), never
from a tile host; with a working upstream the map is real, and with none the outline stands in.

The upstream is the local stand-in from tests/test_tiles.py; the browser asks only the live server.
"""

from urllib.parse import urlsplit

import pytest
from django.apps import apps
from playwright.sync_api import expect

from quiz.models import Result
from tests import factories
from tests.test_tiles import StandIn

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def upstream(settings, tmp_path):
    stand_in = StandIn()
    settings.MAP_TILE_UPSTREAM = stand_in.url
    settings.MAP_TILE_CACHE_DIR = tmp_path
    settings.MAP_TILE_ATTRIBUTION = "Kaartgegevens &copy; Kadaster"
    yield stand_in
    stand_in.close()


@pytest.fixture
def maps_world():
    """One page for each map: list, activity, quiz result, STO regions."""
    from importlib import import_module

    import_module("regions.migrations.0002_load_regions").load(apps, None)
    act = factories.activity("Bruggen bouwen", place="Hattem")
    factories.activity("Robots in Zwolle", place="Zwolle", theme="robots-code")
    result = Result.objects.create(profile={"bouwen": 0.6, "robots-code": 0.4}, age=9, pc4="8051")
    return {
        "list": ("/activiteiten/", "#kaart"),
        "activity": (act.get_absolute_url(), "#detail-kaart"),
        "result": (f"/quiz/uitslag/{result.code}/", "#uitslag-kaart"),
        "regions": ("/sto-regios/", "#regio-kaart"),
    }


def tile_requests(page):
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if r.resource_type == "image" else None)
    return seen


def test_every_map_draws_tiles_from_our_own_origin(
    live_server, page, outside_requests, upstream, maps_world
):
    images = tile_requests(page)
    origin = urlsplit(live_server.url).netloc
    for name, (path, selector) in maps_world.items():
        page.goto(live_server.url + path)
        expect(page.locator(f"{selector}.has-tiles")).to_have_count(1)  # a real tile arrived
        expect(page.locator(f"{selector} img.leaflet-tile-loaded").first).to_be_visible()
        expect(page.locator(f"{selector} .leaflet-control-attribution")).to_contain_text(
            "Kaartgegevens © Kadaster"
        )
        sources = page.locator(f"{selector} img.leaflet-tile").evaluate_all(
            "els => els.map(e => e.src)"
        )
        assert sources, name
        for src in sources:
            assert urlsplit(src).netloc == origin, (name, src)
            assert urlsplit(src).path.startswith("/kaart/tegels/"), (name, src)
    tiles = [u for u in images if "/kaart/tegels/" in u]
    assert tiles and all(urlsplit(u).netloc == origin for u in tiles)
    assert upstream.paths, "the server, not the browser, asked the upstream"
    assert outside_requests == []
    assert page.context.cookies() == []


def test_without_an_upstream_the_outline_stands_in(live_server, page, outside_requests, maps_world):
    """Tests have no upstream (tests/conftest.py): blank tiles, the filled outline and the town
    names, no error in the console."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for path, selector in maps_world.values():
        page.goto(live_server.url + path)
        expect(page.locator(f"{selector} img.leaflet-tile-loaded").first).to_be_attached()
        outline = page.locator(f"{selector} path.leaflet-interactive, {selector} path").first
        expect(outline).to_have_attribute("fill-opacity", "0.6")
        expect(page.locator(f"{selector}.has-tiles")).to_have_count(0)
    page.goto(live_server.url + "/activiteiten/")
    expect(page.locator("#kaart .map-place-label", has_text="Zwolle").first).to_be_visible()
    assert errors == []
    assert outside_requests == []
