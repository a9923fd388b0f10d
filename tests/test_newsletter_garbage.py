"""Generated garbage on the newsletter pages never gives a server error and never saves junk."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter.models import Subscriber

junk = st.one_of(
    st.text(max_size=400),
    st.sampled_from(["", " ", "a@b", "a@b.c", "@", "x@example.org", "X@EXAMPLE.ORG\x00",
                     "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "ouder", "leraar",
                     "' OR 1=1 --", "\u202e", "a" * 300 + "@example.org", "é@example.org"]),
)  # fmt: skip
forms = st.dictionaries(
    st.sampled_from(["email", "name", "organisation", "role", "website", "csrfmiddlewaretoken"]),
    st.one_of(junk, st.lists(junk, max_size=3)),
    max_size=6,
)


@pytest.fixture
def roomy_limits(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter-ip": "100000/60",
                            "newsletter-email": "100000/60"}  # fmt: skip
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=forms)
def test_garbage_on_the_sign_up_form_never_breaks_it(client, db, roomy_limits, data):
    response = client.post("/nieuwsbrief/", data)
    assert response.status_code == 200
    page = response.content.decode()
    if response.context and "form" in response.context and response.context["form"].errors:
        assert 'role="alert"' in page
    for subscriber in Subscriber.objects.all():
        assert subscriber.email == subscriber.email.strip().lower()
        assert subscriber.role in {"", *Subscriber.Role.values}
        assert all(ch.isprintable() for ch in subscriber.name + subscriber.organisation)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(token=st.text(max_size=120))
def test_any_token_gives_a_page_not_an_error(client, db, token):
    token = quote(token, safe="")
    for url in (f"/nieuwsbrief/bevestig/{token}/", f"/nieuwsbrief/afmelden/{token}/"):
        assert client.get(url).status_code in {200, 400, 404}
        assert client.post(url).status_code in {200, 400, 403, 404}
