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
    from moderation import services

    texts = payloads()
    owner = factories.provider("Aanbieder " + texts[1][:80], contact_name=texts[2][:80])
    user = django_user_model.objects.create_user("p@example.org", "p@example.org", "x")
    from portal.models import Membership

    Membership.objects.create(user=user, provider=owner)
    coordinator = django_user_model.objects.create_superuser(
        "co@example.org", "co@example.org", "x"
    )
    place = factories.venue(owner, name=texts[3][:100], address=texts[4][:100])
    drafts = []
    for text in texts[:40]:
        drafts.append(
            factories.activity(
                text[:120],
                owner=owner,
                summary=text[:200],
                description=text,
                image_alt=text[:200],
                signup_method="geen",
                venue=place,
                status=Activity.Status.DRAFT,
            )
        )
    for activity in drafts[:20]:
        services.activity_submit(activity=activity, by=user)
    services.activity_request_changes(activity=drafts[0], by=coordinator, reason=texts[6][:500])
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH)

    log_in(page, live_server, user)
    urls = ["/portaal/", f"/portaal/organisatie/{owner.slug}/nieuw/"]
    for activity in drafts[::4]:
        urls += [
            f"/portaal/activiteit/{activity.slug}/",
            f"/portaal/activiteit/{activity.slug}/voorbeeld/",
        ]
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        assert "Inloggen voor aanbieders" not in page.content(), url
        assert ran_script(page) == 0, url

    log_in(page, live_server, coordinator)
    urls = ["/moderatie/", "/moderatie/logboek/"]
    urls += [f"/moderatie/{a.slug}/" for a in drafts[1:20:3]]
    urls += [
        "/beheer/catalogue/activity/",
        f"/beheer/catalogue/activity/{drafts[5].pk}/change/",
        "/beheer/catalogue/provider/",
        f"/beheer/catalogue/provider/{owner.pk}/change/",
        "/beheer/catalogue/venue/",
        "/beheer/moderation/auditlog/",
    ]
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status < 400, url
        assert "/inloggen/" not in page.url and "/login/" not in page.url, url
        assert ran_script(page) == 0, url
    assert dialogs == []
    assert outside_requests == []
