"""Who may reach what under /keuzevakken/: every URL of the electives namespace (read from the URL
configuration, so a new one cannot be forgotten) for every role. Nobody sees or changes another
organisation's modules; the coordinator works in the admin, not here."""

import pytest
from django.urls import URLPattern, URLResolver, reverse

from electives.models import Module
from portal.models import Membership
from tests import factories
from tests.factories import module
from tests.helpers import app_resolvers

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "provider_a", "colleague_a", "provider_b", "coordinator"]
# "open": anyone; "mine": a logged-in user's own list; "own": members of the module's organisation.
KINDS = {
    "menu": "open",
    "detail": "open",
    "manage": "mine",
    "module-new": "own",
    "module-edit": "own",
    "module-remove": "own",
}
POSTS = {"module-remove"}


def electives_patterns():
    resolver = next(
        r for r in app_resolvers() if isinstance(r, URLResolver) and r.namespace == "electives"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


def test_every_electives_url_is_classified():
    assert {p.name for p in electives_patterns()} == set(KINDS)


@pytest.fixture
def world(django_user_model):
    a = factories.provider("College A", kind="mbo")
    b = factories.provider("College B", kind="mbo")
    draft = module("Concept van A", owner=a, status=Module.Status.DRAFT)
    live = module("Menu van A", owner=a)
    users = {}
    for role, org in [("provider_a", a), ("colleague_a", a), ("provider_b", b)]:
        users[role] = django_user_model.objects.create_user(f"{role}@example.org")
        Membership.objects.create(user=users[role], provider=org)
    users["coordinator"] = django_user_model.objects.create_user("c@example.org", is_staff=True)
    return {"a": a, "b": b, "draft": draft, "live": live, "users": users}


def url_for(pattern, world):
    slug = world["live"].slug if pattern.name == "detail" else world["draft"].slug
    values = {"provider": world["a"].slug, "slug": slug}
    return reverse(
        f"electives:{pattern.name}", kwargs={n: values[n] for n in pattern.pattern.converters}
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_members_reach_an_organisations_modules(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    members = role in {"provider_a", "colleague_a"}
    for pattern in electives_patterns():
        url = url_for(pattern, world)
        response = (client.post if pattern.name in POSTS else client.get)(url)
        kind = KINDS[pattern.name]
        if kind == "open":
            assert response.status_code == 200, (role, url, response.status_code)
        elif role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith("/portaal/inloggen/?next="), url
        elif kind == "mine":
            assert response.status_code == 200
            assert ("Concept van A" in response.content.decode()) == members, role
        elif members:
            assert response.status_code in (200, 302), (role, url, response.status_code)
        else:
            assert response.status_code == 404, (role, url, response.status_code)
    # the draft was removed only by a member of A (a draft is deleted, not archived)
    assert Module.objects.filter(pk=world["draft"].pk).exists() == (not members)
    assert Module.objects.get(pk=world["live"].pk).status == Module.Status.PUBLISHED


@pytest.mark.parametrize("role", ["provider_b", "coordinator"])
def test_nobody_else_can_post_changes_to_a_module(client, world, role):
    client.force_login(world["users"][role])
    live = world["live"]
    response = client.post(reverse("electives:module-edit", args=[live.slug]), {"title": "Gekaapt"})
    assert response.status_code == 404
    response = client.post(reverse("electives:module-new", args=[world["a"].slug]), {})
    assert response.status_code == 404
    live.refresh_from_db()
    assert live.title == "Menu van A"
