"""Generated bad input on every portal form gives a page with a message, never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import Membership
from tests import factories

junk = st.one_of(
    st.text(max_size=80),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "0", "-1", "99", "2026-02-30", "31-12-9999", "ja", "on", "\x00", "<script>",
                     "wekelijks", "maandelijks", "locatie", "online", "aanvraag", "1e9", "NaN"]),
)  # fmt: skip
SIGNUP_FIELDS = [
    "name",
    "kind",
    "municipality",
    "place",
    "website",
    "contact_name",
    "email",
    "phone",
    "password",
]
ACTIVITY_FIELDS = [
    "title", "summary", "description", "main_theme", "themes", "kind", "min_age", "max_age", "audience",
    "price", "signup_method", "signup_url", "signup_email", "signup_phone", "location_type", "venue",
    "availability", "availability_text", "new_venue_name", "new_venue_place", "new_venue_municipality",
    "data-TOTAL_FORMS", "data-INITIAL_FORMS", "data-0-frequency", "data-0-start_date", "data-0-start_time",
    "data-0-end_time", "data-0-until", "data-0-skip", "status", "provider",
]  # fmt: skip
SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def provider_client(client, django_user_model):
    org = factories.provider(place="Kampen")
    user = django_user_model.objects.create_user("p@example.org", "p@example.org", "x-y-z-123456")
    Membership.objects.create(user=user, provider=org)
    client.force_login(user)
    return client, org


@SETTINGS
@given(data=st.dictionaries(st.sampled_from(SIGNUP_FIELDS), junk, max_size=9))
def test_signup_never_breaks(client, db, data):
    assert client.post("/portaal/aanmelden/", data).status_code == 200


@SETTINGS
@given(data=st.dictionaries(st.sampled_from(ACTIVITY_FIELDS), junk, max_size=20))
def test_the_activity_form_never_breaks(provider_client, data):
    client, org = provider_client
    response = client.post(f"/portaal/organisatie/{org.slug}/nieuw/", data)
    assert response.status_code in (200, 302)


@SETTINGS
@given(email=junk)
def test_inviting_never_breaks(provider_client, email):
    client, org = provider_client
    assert (
        client.post(f"/portaal/organisatie/{org.slug}/collega/", {"email": email}).status_code
        == 302
    )
