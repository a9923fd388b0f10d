"""Known XSS payloads in every text field stay inert in real Chromium, on a sample of the pages that show
them; tests/test_xss_corpus.py checks every payload on every one of those pages with an HTML parser."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests import factories
from tests.e2e.leaflet import wait_until_still
from tests.xss_payloads import CALLS, SHAPES, payloads

pytestmark = pytest.mark.django_db(transaction=True)
WATCH = """
window.__alerts = 0;
window.alert = window.confirm = window.prompt = () => { window.__alerts += 1; };
"""


def ran_script(page):
    return page.evaluate("() => window.__alerts + (window.__xss ? 1 : 0) + (top.__xss ? 1 : 0)")


def test_xss_payloads_are_inert_everywhere(live_server, page, outside_requests, settings):
    """The list and the map hold every payload; the activity pages a sample of one payload per shape and
    every fourth provider page (tests/test_xss_corpus.py reads every page through the test client)."""
    settings.CATALOGUE_PAGE_SIZE = 500
    texts = payloads()
    assert len(set(texts)) >= 200
    world = factories.xss_public(texts)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH)

    urls = ["/", "/activiteiten/", f"/activiteiten/?q={texts[5][:50]}"]
    urls += [a.get_absolute_url() for a in world.activities[:: len(CALLS)]]
    urls += [o.get_absolute_url() for o in world.owners[::4]]
    assert len(urls) >= 3 + len(SHAPES)
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        assert ran_script(page) == 0, url
    page.goto(f"{live_server.url}/activiteiten/")
    page.wait_for_function("() => document.getElementById('kaart').dataset.markerSlugs")
    popups = open_popups(page, clicks=10)
    assert popups >= 1, "no marker popup opened: the popups' payloads went unchecked"
    assert ran_script(page) == 0
    assert page.locator("script:not([src]):not([type='application/ld+json'])").count() == 0
    assert dialogs == []
    assert outside_requests == []


def open_popups(page, *, clicks):
    """Click markers one at a time, each looked up afresh: a cluster click zooms in and redraws the
    markers, so a list of markers taken beforehand goes stale. Counts the popups that opened."""
    opened = 0
    for i in range(clicks):
        wait_until_still(page)
        pins = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
        target = pins if pins.count() else page.locator(".marker-cluster")
        if not target.count():
            break
        try:
            target.nth(i % target.count()).click(force=True, timeout=5000)
        # Redrawn between the look-up and the click: a time-out, or "Element is not visible"
        # (a marker a redraw just replaced; seen in CI). Give the map a moment, then look again.
        except PlaywrightError:
            page.wait_for_timeout(300)
            continue
        opened += page.locator(".leaflet-popup").count()
    return opened


def log_in(page, live_server, user):
    """Give the browser the session of a user logged in through Django's test client."""
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_xss_payloads_are_inert_in_the_portal_moderation_and_admin(
    live_server, page, outside_requests, django_user_model
):
    """A sample of the pages tests/test_xss_corpus.py reads all of: every eighth draft, every sixth
    review page, the admin lists and change pages."""
    world = factories.xss_private(payloads(), django_user_model)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH)

    log_in(page, live_server, world.user)
    for url in world.portal_urls(step=8):
        page.goto(f"{live_server.url}{url}")
        assert "Inloggen voor aanbieders" not in page.content(), url
        assert ran_script(page) == 0, url

    log_in(page, live_server, world.coordinator)
    for url in world.coordinator_urls(step=6):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status < 400, url
        assert "/inloggen/" not in page.url and "/login/" not in page.url, url
        assert ran_script(page) == 0, url
    assert dialogs == []
    assert outside_requests == []
