"""Known XSS payloads in every text field stay inert on every public page that shows them (real Chromium)."""

import pytest

from catalogue.models import Activity
from tests import factories
from tests.xss_payloads import payloads

pytestmark = pytest.mark.django_db(transaction=True)
WATCH = """
window.__alerts = 0;
window.alert = window.confirm = window.prompt = () => { window.__alerts += 1; };
"""


def ran_script(page):
    return page.evaluate("() => window.__alerts + (window.__xss ? 1 : 0) + (top.__xss ? 1 : 0)")


def test_xss_payloads_are_inert_everywhere(live_server, page, outside_requests, settings):
    settings.CATALOGUE_PAGE_SIZE = 500
    texts = payloads()
    assert len(set(texts)) >= 200
    owners = [factories.provider(f"Aanbieder {p}") for p in texts[:20]]
    activities = []
    for n, text in enumerate(texts):
        owner = owners[n % len(owners)]
        activities.append(
            factories.activity(
                text[:120],
                owner=owner,
                summary=text[:200],
                description=text,
                image_alt=text[:200],
                signup_method="geen",
            )
        )
    Activity.objects.filter(pk=activities[0].pk).update(
        availability="aanvraag", availability_text=texts[0][:200]
    )
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH)

    urls = ["/", "/activiteiten/", f"/activiteiten/?q={texts[5][:50]}"]
    urls += [a.get_absolute_url() for a in activities]
    urls += [o.get_absolute_url() for o in owners]
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        assert ran_script(page) == 0, url
    page.goto(f"{live_server.url}/activiteiten/")
    page.wait_for_function("() => document.getElementById('kaart').dataset.markerSlugs")
    for marker in page.locator(".leaflet-marker-icon").all()[:10]:
        marker.click(force=True)
    assert ran_script(page) == 0
    assert page.locator("script:not([src]):not([type='application/ld+json'])").count() == 0
    assert dialogs == []
    assert outside_requests == []
