"""Two-factor log-in: required for coordinators, available to providers."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


def code(device):
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(6)


@pytest.fixture
def coordinator(client, django_user_model, settings):
    settings.TWO_FACTOR_FOR_STAFF = True
    user = django_user_model.objects.create_user("c@example.org", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_a_coordinator_without_an_app_must_set_one_up_first(client, coordinator):
    for url in ("/moderatie/", "/beheer/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/portaal/tweestaps/instellen/")
    page = client.get("/portaal/tweestaps/instellen/?next=/moderatie/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    wrong = client.post("/portaal/tweestaps/instellen/", {"code": "000000", "next": "/moderatie/"})
    assert "Deze code klopt niet" in wrong.content.decode()
    # django-otp makes the next try wait after a failure (brute-force protection); skip the wait here
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    done = client.post(
        "/portaal/tweestaps/instellen/", {"code": code(device), "next": "/moderatie/"}
    )
    assert done.status_code == 200  # the recovery codes, shown once, then on to /moderatie/
    assert 'href="/moderatie/"' in done.content.decode()
    assert client.get("/moderatie/").status_code == 200


def test_with_an_app_the_code_is_asked_after_every_log_in(client, coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    assert client.get("/moderatie/")["Location"].startswith("/portaal/tweestaps/?next=")
    response = client.post(
        "/portaal/tweestaps/", {"code": code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/portaal/"  # never an outside redirect
    assert client.get("/moderatie/").status_code == 200


def test_a_provider_may_switch_it_on_and_is_then_asked(client, django_user_model):
    user = django_user_model.objects.create_user("p@example.org", "p@example.org", "x-y-z-123456")
    Membership.objects.create(user=user, provider=factories.provider())
    client.force_login(user)
    assert client.get("/portaal/").status_code == 200  # not required for providers
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.logout()
    client.force_login(user)
    assert client.get("/portaal/")["Location"].startswith("/portaal/tweestaps/")
