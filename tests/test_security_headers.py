"""Every URL pattern of the site, walked from the URL configuration (a new page cannot be
forgotten), as an anonymous visitor, a provider and a coordinator: every HTML response carries a
strict Content-Security-Policy, HSTS, nosniff, a Referrer-Policy and a Permissions-Policy that
allows the location only on the quiz. Only the embeddable widget may be framed by other sites."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from tests.helpers import fill, patterns

pytestmark = pytest.mark.django_db

FRAMEABLE = {"api:widget"}
GEOLOCATION = {"quiz:quiz"}


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def check(response, name: str, url: str) -> list[str]:
    problems = []
    where = f"{url} ({name}, {response.status_code})"
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{where}: no nosniff")
    if not response.get("Content-Type", "").startswith("text/html"):
        return problems
    policy = response.get("Content-Security-Policy", "")
    found = directives(policy)
    if not policy or "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
        problems.append(f"{where}: CSP missing or unsafe: {policy!r}")
    if found.get("object-src") != ["'none'"]:
        problems.append(f"{where}: object-src is {found.get('object-src')}")
    if name not in FRAMEABLE and found.get("frame-ancestors") != ["'none'"]:
        problems.append(f"{where}: frame-ancestors is {found.get('frame-ancestors')}")
    if name not in FRAMEABLE and response.get("X-Frame-Options") != "DENY":
        problems.append(f"{where}: X-Frame-Options is {response.get('X-Frame-Options')}")
    if "max-age=31536000" not in response.get("Strict-Transport-Security", ""):
        problems.append(f"{where}: no HSTS")
    if response.get("Referrer-Policy") not in {"same-origin", "no-referrer"}:
        problems.append(f"{where}: Referrer-Policy is {response.get('Referrer-Policy')}")
    permissions = response.get("Permissions-Policy", "")
    location = "geolocation=(self)" if name in GEOLOCATION else "geolocation=()"
    if location not in permissions or "camera=()" not in permissions:
        problems.append(f"{where}: Permissions-Policy is {permissions!r}")
    return problems


def test_every_page_carries_the_security_headers(walk_world, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    problems, visited = [], set()
    routes = list(patterns())
    assert len(routes) > 60
    for user in walk_world["users"]:
        client = Client(raise_request_exception=False)
        if user:
            client.force_login(user)
        for route, name in routes:
            if name.startswith("admin:") and user is None:
                continue
            url = fill(route, walk_world["samples"])
            response = client.get(url, secure=True)
            assert response.status_code < 500, (url, response.status_code)
            problems += check(response, name, url)
            visited.add(name)
    assert problems == []
    assert {name for _, name in routes} <= visited


def test_the_error_pages_carry_them_too(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/bestaat-niet/", secure=True)
    assert response.status_code == 404
    assert check(response, "404", "/bestaat-niet/") == []


def test_an_unreachable_database_answers_503_in_dutch_and_recovers(client):
    from unittest import mock

    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    broken = mock.patch.object(
        CursorWrapper, "execute", side_effect=OperationalError("connection refused")
    )
    client.raise_request_exception = False
    with broken:
        response = client.get("/activiteiten/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "even niet bereikbaar" in response.content.decode()
    assert client.get("/activiteiten/").status_code == 200  # back by itself, no restart


def test_a_real_bug_still_gives_the_500_page(client):
    from unittest import mock

    client.raise_request_exception = False
    with mock.patch("public.views.search", side_effect=ValueError("bug")):
        response = client.get("/activiteiten/")
    assert response.status_code == 500
    assert "Oeps, er ging iets mis" in response.content.decode()


def test_production_settings_pass_the_deploy_check(tmp_path):
    import os
    import secrets
    import subprocess
    import sys

    env = {
        **os.environ,
        "PRODUCTION": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "techniekkaart.example.nl",
        "SITE_URL": "https://techniekkaart.example.nl",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests only
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout
    without_secret = {**env, "SECRET_KEY": ""}
    run = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=without_secret,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0 and "SECRET_KEY" in run.stderr


def _library_middleware():
    from csp.middleware import CSPMiddleware

    return CSPMiddleware(lambda request: HttpResponse("<p>x</p>"))


def _site_middleware():
    from techniekkaart.middleware import CSPMiddleware

    return CSPMiddleware(lambda request: HttpResponse("<p>x</p>"))


def _headers(middleware, prepare=lambda request, response: None):
    request = RequestFactory().get("/")
    middleware.process_request(request)
    response = HttpResponse("<p>x</p>")
    prepare(request, response)
    middleware.process_response(request, response)
    return request, response


@pytest.mark.parametrize(
    "prepare",
    [
        lambda request, response: None,
        lambda request, response: str(request.csp_nonce),  # a page that used its nonce
        lambda request, response: setattr(
            response, "_csp_update", {"form-action": ["https://x.nl"]}
        ),
        lambda request, response: setattr(response, "_csp_replace", {"frame-ancestors": ["*"]}),
        lambda request, response: setattr(response, "_csp_exempt", True),
    ],
    ids=["plain", "nonce", "update", "replace", "exempt"],
)
def test_the_kept_policy_is_the_header_django_csp_builds(prepare):
    """Issue 17: the site's CSP middleware keeps the policy of a plain response instead of building
    it for each one; every response gets the header django-csp's own middleware gives it."""
    # The nonce differs per request: compare with it taken out of both.
    _req_a, ours = _headers(_site_middleware(), prepare)
    _req_b, theirs = _headers(_library_middleware(), prepare)
    strip = lambda policy: " ".join(w for w in policy.split() if not w.startswith("'nonce-"))  # noqa: E731
    assert strip(ours.get("Content-Security-Policy", "")) == strip(
        theirs.get("Content-Security-Policy", "")
    )
    assert ("Content-Security-Policy" in ours) == ("Content-Security-Policy" in theirs)


def test_a_nonce_asked_for_after_the_kept_header_is_refused():
    from csp.exceptions import CSPNonceError

    request, response = _headers(_site_middleware())
    assert "'nonce-" not in response["Content-Security-Policy"]
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)  # it could not be in the header any more


def test_a_changed_policy_setting_is_not_hidden_by_the_kept_one(settings):
    before = _headers(_site_middleware())[1]["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    after = _headers(_site_middleware())[1]["Content-Security-Policy"]
    assert after == "default-src 'none'" != before
