"""Who may reach what: every portal URL (read from the URL configuration, so a new one cannot be
forgotten) for every role. Nobody reaches another organisation's activities, venues or figures."""

import pytest
from django.urls import URLPattern, URLResolver

from catalogue.models import Activity
from portal import keys
from portal.models import Membership
from tests import factories
from tests.helpers import app_resolvers

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "provider_a", "colleague_a", "provider_b", "coordinator"]
# URL name -> what it exposes. "open": anyone (sign-up, log-in, links from e-mails);
# "own": only members of the organisation the URL points at.
KINDS = {
    "dashboard": "mine",
    "signup": "open", "verify": "open", "invite": "open", "login": "open", "logout": "open",
    "still-on": "open", "two-factor-verify": "open", "two-factor-setup": "open",
    "password_reset": "open", "password_reset_done": "open", "password_reset_confirm": "open",
    "password_reset_complete": "open",
    "invite-colleague": "own", "activity-new": "own", "activity-edit": "own",
    "activity-import": "own", "activity-import-template": "own",
    "activity-import-template-xlsx": "own",
    "activity-preview": "own", "activity-duplicate": "own", "activity-submit": "own",
    "for-providers": "open", "activity-card-preview": "own", "still-on-confirm": "own",
    "apikeys": "own", "apikey-revoke": "own", "partner-feed": "own",
    "activity-dates": "own",
    "visits": "own", "visit": "own", "visit-places": "own",
}  # fmt: skip


def portal_patterns():
    resolver = next(
        r for r in app_resolvers() if isinstance(r, URLResolver) and r.namespace == "portal"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


def test_every_portal_url_is_classified():
    assert {p.name for p in portal_patterns()} == set(KINDS)


@pytest.fixture
def world(django_user_model, client):
    a, b = factories.provider("Organisatie A"), factories.provider("Organisatie B")
    draft = factories.activity("Concept van A", owner=a, status=Activity.Status.DRAFT)
    users = {}
    for role, org in [("provider_a", a), ("colleague_a", a), ("provider_b", b)]:
        users[role] = django_user_model.objects.create_user(
            f"{role}@example.org", password="x-y-z-123456"
        )
        Membership.objects.create(user=users[role], provider=org)
    users["coordinator"] = django_user_model.objects.create_user("c@example.org", is_staff=True)
    key = keys.key_create(provider=a, name="agenda", by=users["provider_a"])
    visit = factories.class_request(draft)
    return {"a": a, "b": b, "draft": draft, "users": users, "key": key, "visit": visit}


def url_for(pattern, world):
    kwargs = {}
    for name in pattern.pattern.converters:
        kwargs[name] = {
            "provider": world["a"].slug, "slug": world["draft"].slug, "pk": world["key"].key.pk,
            "ref": world["visit"].ref,
        }.get(name, "x")  # fmt: skip
    from django.urls import reverse

    return reverse(f"portal:{pattern.name}", kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
def test_only_members_reach_an_organisations_pages(client, world, role):
    for pattern in portal_patterns():
        if role != "anonymous":
            client.force_login(world["users"][role])  # again: the log-out URL is among them
        kind = KINDS[pattern.name]
        url = url_for(pattern, world)
        posts = {"invite-colleague", "activity-duplicate", "activity-submit", "logout",
                 "activity-card-preview", "still-on-confirm",
                 "apikey-revoke", "partner-feed"}  # fmt: skip
        method = client.post if pattern.name in posts else client.get
        response = method(url)
        if kind == "open":
            assert response.status_code in (200, 302, 400), (role, url, response.status_code)
            continue
        if role == "anonymous":
            assert response.status_code == 302 and "/portaal/inloggen/" in response["Location"], url
        elif kind == "mine":
            assert response.status_code == 200
            body = response.content.decode()
            assert ("Concept van A" in body) == (role in {"provider_a", "colleague_a"}), role
        elif role in {"provider_a", "colleague_a"}:
            assert response.status_code in (200, 302), (role, url, response.status_code)
        else:
            assert response.status_code == 404, (role, url, response.status_code)
    assert Activity.objects.filter(title__startswith="Kopie").count() == (
        1 if role in {"provider_a", "colleague_a"} else 0
    )


def partner_patterns():
    resolver = next(
        r for r in app_resolvers() if isinstance(r, URLResolver) and r.namespace == "partner-api"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


@pytest.mark.parametrize("role", ROLES)
def test_the_write_api_opens_only_with_a_key_and_only_on_its_own_organisation(client, world, role):
    """Every URL of the write API (read from the URL configuration): a session of any role is no
    key (401); organisation B's key never reaches A's activity (404) and changes nothing."""
    from django.urls import reverse

    world["draft"].external_ref = "A-1"
    world["draft"].save(update_fields=["external_ref"])
    b_key = keys.key_create(provider=world["b"], name="b", by=world["users"]["provider_b"])
    patterns = partner_patterns()
    assert {p.name for p in patterns} == {"activities", "activity"}
    if role != "anonymous":
        client.force_login(world["users"][role])
    for pattern in patterns:
        url = reverse(f"partner-api:{pattern.name}", kwargs={"ref": "A-1"} if "ref" in
                      pattern.pattern.converters else {})  # fmt: skip
        for method in ("get", "post", "delete"):
            body = {} if method == "get" else "{}"
            answer = getattr(client, method)(url, data=body, content_type="application/json")
            assert answer.status_code in (401, 405), (role, method, url, answer.status_code)
            foreign = getattr(client, method)(
                url, data=body, content_type="application/json",
                headers={"Authorization": f"Bearer {b_key.plaintext}"},
            )  # fmt: skip
            if pattern.name == "activity":
                assert foreign.status_code in (400, 404, 405), (method, foreign.status_code)
    world["draft"].refresh_from_db()
    assert world["draft"].status == Activity.Status.DRAFT and world["draft"].provider == world["a"]
    assert not Activity.objects.filter(provider=world["b"]).exists()


# The coordinators' pages (issue 16): the staff log-in, the coordinator's home and the moderation
# pages, read from the URL configuration. "staff": active staff only (the coordinators).
COORDINATOR_KINDS = {
    "staff-login": "open",
    "coordinator:home": "staff",
    "moderation:queue": "staff", "moderation:log": "staff", "moderation:review": "staff",
    "moderation:approve": "decision", "moderation:reject": "decision",
    "moderation:request-changes": "decision", "moderation:activity-dates": "staff",
}  # fmt: skip
COORDINATOR_ROLES = ["anonymous", "provider", "account without rights", "coordinator"]


def coordinator_patterns():
    from tests.helpers import patterns

    return [
        (route, name)
        for route, name in patterns()
        if name == "staff-login" or name.startswith(("coordinator:", "moderation:"))
    ]


def test_every_coordinator_url_is_classified():
    assert {name for _route, name in coordinator_patterns()} <= set(COORDINATOR_KINDS)
    assert {"staff-login", "coordinator:home", "moderation:queue"} <= {
        name for _route, name in coordinator_patterns()
    }


@pytest.mark.parametrize("role", COORDINATOR_ROLES)
def test_only_coordinators_reach_the_coordinators_pages(client, world, role, django_user_model):
    from tests.helpers import fill

    submitted = factories.activity(
        "Ingediend van A", owner=world["a"], status=Activity.Status.SUBMITTED
    )
    users = {
        "provider": world["users"]["provider_a"],
        "account without rights": django_user_model.objects.create_user("niemand@example.org"),
        "coordinator": world["users"]["coordinator"],
    }
    if role != "anonymous":
        client.force_login(users[role])
    for route, name in coordinator_patterns():
        url = fill(route, {"slug": submitted.slug})
        kind = COORDINATOR_KINDS[name]
        # a decision without a version never applies; it must still be refused to the others
        response = client.post(url, {"reason": "x"}) if kind == "decision" else client.get(url)
        where = (role, url, response.status_code)
        if kind == "open":
            assert response.status_code == 200, where
        elif role == "anonymous":
            assert response.status_code == 302, where
            assert response["Location"].startswith("/beheer/login/?next="), where
        elif role in {"provider", "account without rights"}:
            assert response.status_code == 403, where
        elif kind == "decision":
            assert response.status_code == 302, where  # back to the review page with a message
        else:
            assert response.status_code == 200, where
    submitted.refresh_from_db()
    assert submitted.status == Activity.Status.SUBMITTED  # nobody decided without the version
