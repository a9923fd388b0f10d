"""Attacks on log-in, two-factor and account mails (issue 13, items 1, 4, 7, 9, 10 and 17), each
written as the attack: it succeeded before the fix and must fail now.

Personas: a coordinator (staff) with an authenticator app, a provider, an attacker who knows a
password (or only a user name) and sits behind the same proxy as everyone else.
"""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import middleware
from portal.models import Membership
from techniekkaart import ratelimit
from tests import factories
from tests.helpers import fill, patterns

pytestmark = pytest.mark.django_db

PASSWORD = "wachtwoord-voor-test-123"
ATTACKER, OWNER, PROXY = "198.51.100.66", "203.0.113.7", "10.0.0.1"


def code(device: TOTPDevice) -> str:
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(6)


def unthrottle(device) -> None:
    """django-otp makes the next try wait after a failure; tests skip the wait."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


@pytest.fixture
def coordinator(django_user_model, settings):
    settings.TWO_FACTOR_FOR_STAFF = True
    user = django_user_model.objects.create_superuser("c@example.org", "c@example.org", PASSWORD)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def provider_user(django_user_model, email="p@example.org"):
    user = django_user_model.objects.create_user(email, email, PASSWORD)
    Membership.objects.create(user=user, provider=factories.provider())
    return user


def log_in(client, username, password=PASSWORD, address=None, **extra):
    if address:
        extra.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
    return client.post("/portaal/inloggen/", {"username": username, "password": password}, **extra)


def second_step(client, device) -> None:
    response = client.post("/portaal/tweestaps/", {"code": code(device), "next": "/portaal/"})
    assert response.status_code == 302 and response["Location"] == "/portaal/", response


COORDINATOR_PAGES = ("/beheer/", "/beheer/auth/user/", "/moderatie/", "/cijfers/", "/techniekpact/",
                     "/cijfers/rapport/", "/beheer/newsletter/issue/add/")  # fmt: skip


# --- 1. two-factor cannot be skipped with the password alone ----------------------------------


def test_second_device_enrolment_cannot_skip_two_factor(client, coordinator):
    """The attack: password only, then enrol a new app at /portaal/tweestaps/instellen/ with a
    secret the attacker reads from the page; that used to mark the session verified."""
    assert log_in(client, "c@example.org").status_code == 302
    page = client.get("/portaal/tweestaps/instellen/?next=/beheer/")
    if page.status_code == 200:  # before the fix: the page offered a new secret
        new = TOTPDevice.objects.get(user=coordinator, confirmed=False)
        client.post("/portaal/tweestaps/instellen/", {"code": code(new), "next": "/beheer/"})
    else:
        assert page.status_code == 302
        assert page["Location"].startswith("/portaal/tweestaps/?next=")
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1
    for url in COORDINATOR_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/portaal/tweestaps/?next="), url


def test_a_second_enrolment_post_without_the_page_adds_no_app(client, coordinator):
    log_in(client, "c@example.org")
    response = client.post("/portaal/tweestaps/instellen/", {"code": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1
    assert client.get("/beheer/").status_code == 302


def test_recovery_codes_are_shown_once_and_each_works_once(client, django_user_model, settings):
    settings.TWO_FACTOR_FOR_STAFF = True
    user = django_user_model.objects.create_user("c2@example.org", password=PASSWORD, is_staff=True)
    log_in(client, "c2@example.org")
    assert client.get("/moderatie/")["Location"].startswith("/portaal/tweestaps/instellen/")
    client.get("/portaal/tweestaps/instellen/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    shown = client.post(
        "/portaal/tweestaps/instellen/", {"code": code(device), "next": "/moderatie/"}
    )
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown.content.decode())
    assert len(codes) == 10
    assert "no-store" in shown["Cache-Control"]
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    # shown once: the set-up page of a verified session offers a new app, never the codes again
    again = client.get("/portaal/tweestaps/instellen/").content.decode()
    assert not any(c in again for c in codes)
    # lost phone: a recovery code passes, once
    for attempt in range(2):
        client.post("/portaal/uitloggen/")
        log_in(client, "c2@example.org")
        response = client.post(
            "/portaal/tweestaps/", {"code": codes[0].upper(), "next": "/moderatie/"}
        )
        if attempt == 0:
            assert response["Location"] == "/moderatie/"
            assert client.get("/moderatie/").status_code == 200
        else:
            assert response.status_code == 200
            assert "Deze code klopt niet" in response.content.decode()
            assert client.get("/moderatie/").status_code == 302
        unthrottle(StaticDevice.objects.get(user=user))
    assert StaticToken.objects.count() == 9


def test_only_a_verified_session_replaces_the_app(client, coordinator):
    old = TOTPDevice.objects.get(user=coordinator)
    log_in(client, "c@example.org")
    second_step(client, old)
    client.get("/portaal/tweestaps/instellen/")
    new = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    response = client.post("/portaal/tweestaps/instellen/", {"code": code(new), "next": "/beheer/"})
    assert response.status_code == 200  # the recovery codes
    assert list(TOTPDevice.objects.filter(user=coordinator)) == [new]  # the old app stops working
    assert client.get("/beheer/").status_code == 200


def test_a_coordinator_wipes_a_providers_app_in_the_admin_and_it_is_logged(
    client, coordinator, django_user_model
):
    provider = provider_user(django_user_model)
    TOTPDevice.objects.create(user=provider, name="app", confirmed=True)
    StaticDevice.objects.create(user=provider, name="herstelcodes", confirmed=True)
    log_in(client, "c@example.org")
    second_step(client, TOTPDevice.objects.get(user=coordinator))
    response = client.post(
        "/beheer/auth/user/", {"action": "reset_two_factor", "_selected_action": [provider.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=provider).exists()
    assert not StaticDevice.objects.filter(user=provider).exists()
    entry = LogEntry.objects.get(object_id=str(provider.pk))
    assert entry.user == coordinator
    assert "Tweestapsverificatie gewist" in entry.get_change_message()
    # the provider logs in with the password alone again and may set up a new app
    other = Client()
    log_in(other, "p@example.org")
    assert other.get("/portaal/").status_code == 200


def test_recovery_codes_are_not_listed_in_the_admin(client, coordinator):
    from django.contrib import admin

    assert not admin.site.is_registered(StaticDevice)


# --- 4. every logged-in page needs the second step --------------------------------------------


def test_the_allow_list_is_short_and_exists():
    assert {
        "portal:two-factor-verify",
        "portal:two-factor-setup",
        "portal:logout",
    } == middleware.ALLOWED
    for name in middleware.ALLOWED:
        reverse(name)


def _is_log_in_redirect(response) -> bool:
    location = response.get("Location", "") if response.status_code == 302 else ""
    return location.startswith(("/portaal/inloggen/", "/beheer/login/"))


def test_every_logged_in_page_needs_the_second_step(coordinator, django_user_model):
    """Walks every URL pattern of the site. Whatever answers an anonymous visitor with "log in
    first" must answer a password-only session of an account with an app with "enter your code",
    and every other URL must answer that session exactly as it answers an anonymous visitor."""
    provider = factories.provider()
    activity = factories.activity(owner=provider)
    Membership.objects.create(user=coordinator, provider=provider)
    samples = {"slug": activity.slug, "provider": provider.slug, "token": "onbekend",
               "uidb64": "MQ", "app_label": "catalogue", "code": "ABCDEFGHJK"}  # fmt: skip
    anonymous = Client(raise_request_exception=False)
    half = Client(raise_request_exception=False)
    half.force_login(coordinator)  # the password was right; the code was never entered
    protected, routes = [], list(patterns())
    assert len(routes) > 60
    for route, name in routes:
        if name in middleware.ALLOWED:
            continue
        url = fill(route, samples)
        for method in ("get", "post"):
            expected = getattr(anonymous, method)(url)
            answer = getattr(half, method)(url)
            where = (method, url, name, expected.status_code, answer.status_code)
            if _is_log_in_redirect(expected):
                protected.append(name)
                assert answer.status_code == 302, where
                assert answer["Location"].startswith("/portaal/tweestaps/?"), where
            else:
                assert answer.status_code == expected.status_code, where
                assert answer.get("Location") == expected.get("Location"), where
    assert {
        "electives:manage", "portal:dashboard", "moderation:queue", "admin:index", "coordinator:home",
    } <= set(protected)  # fmt: skip
    assert len(set(protected)) > 40  # the walk saw the admin, portal, moderation and figures


def test_the_keuzevakken_management_needs_the_second_step(client, coordinator):
    log_in(client, "c@example.org")
    response = client.get("/keuzevakken/beheer/")
    assert response.status_code == 302
    assert response["Location"] == "/portaal/tweestaps/?next=%2Fkeuzevakken%2Fbeheer%2F"
    second_step(client, TOTPDevice.objects.get(user=coordinator))
    assert client.get("/keuzevakken/beheer/").status_code == 200


# --- 7. lock-outs key on the account and the real client address ------------------------------


@pytest.fixture
def behind_proxy(settings, monkeypatch):
    settings.TRUSTED_PROXIES = 1
    now = [time.time()]
    monkeypatch.setattr("portal.login.time.time", lambda: now[0])
    return now


def fail_until_locked(client, names, address, now) -> int:
    """Wrong passwords (waiting out each slow-down) until django-axes locks; the failures it took."""
    failures = 0
    for _attempt in range(50):
        response = log_in(client, names[failures % len(names)], "fout", address=address)
        if "Even wachten" in response.content.decode():
            return failures
        if response.status_code == 429:  # the slow-down: refused without checking the password
            now[0] += int(response["Retry-After"])
        else:
            failures += 1
    raise AssertionError("never locked after 50 attempts")


def test_an_attacker_behind_the_proxy_cannot_lock_out_the_owner(
    client, django_user_model, settings, behind_proxy
):
    from axes.models import AccessAttempt

    provider_user(django_user_model)
    failures = fail_until_locked(client, ["p@example.org"], ATTACKER, behind_proxy)
    assert failures == settings.AXES_FAILURE_LIMIT - 1
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    owner = Client()
    response = log_in(owner, "p@example.org", address=OWNER)
    assert response.status_code == 302, response.status_code
    assert owner.get("/portaal/").status_code == 200


def test_the_slow_down_slows_only_the_guesser(client, django_user_model, behind_proxy):
    provider_user(django_user_model)
    for _attempt in range(2):
        log_in(client, "p@example.org", "fout", address=ATTACKER)
    assert log_in(client, "p@example.org", "fout", address=ATTACKER).status_code == 429
    assert log_in(Client(), "p@example.org", address=OWNER).status_code == 302


def test_the_slow_down_does_not_restart_at_a_quarter_hour(client, django_user_model, behind_proxy):
    provider_user(django_user_model)
    behind_proxy[0] = (int(time.time()) // 900 + 1) * 900 - 3  # 3 s before a quarter hour
    waits = []
    while len(waits) < 3:
        response = log_in(client, "p@example.org", "fout", address=ATTACKER)
        if response.status_code == 429:
            waits.append(int(response["Retry-After"]))
            behind_proxy[0] += waits[-1]
    assert waits == [2, 4, 8]


def test_a_visitor_cannot_choose_the_address_they_are_counted_under(settings):
    settings.TRUSTED_PROXIES = 1
    factory = RequestFactory()
    for sent in (OWNER, f"{OWNER}, ", f'{OWNER}, "x', "unknown", f"{OWNER}, {OWNER}"):
        # our proxy appends the address it saw: the attacker's
        request = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{sent}, {ATTACKER}")
        assert ratelimit.client_address(request) == ATTACKER, sent
    settings.TRUSTED_PROXIES = 0
    request = factory.get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=OWNER)
    assert ratelimit.client_address(request) == ATTACKER


def test_axes_and_the_rate_limits_use_the_one_address_function(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXIES = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{OWNER}, {ATTACKER}, 10.0.0.2"
    )
    assert get_client_ip_address(request) == ratelimit.client_address(request) == ATTACKER


# --- 9. no flooding a mailbox with reset or newsletter mails ----------------------------------


def test_password_reset_mails_cannot_flood_one_mailbox(client, django_user_model):
    provider_user(django_user_model)
    statuses = [
        client.post("/portaal/wachtwoord/", {"email": address}).status_code
        for address in ["p@example.org"] * 3 + ["P+1@Example.org", "p@example.org"] * 5
    ]
    assert len(mail.outbox) == 3
    assert statuses[:3] == [302] * 3 and set(statuses[3:]) == {429}


def test_password_resets_from_one_address_are_limited(client, django_user_model, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password-reset-ip": "5/3600"}
    statuses = [
        client.post("/portaal/wachtwoord/", {"email": f"x{n}@example.org"}).status_code
        for n in range(7)
    ]
    assert statuses == [302] * 5 + [429] * 2


def test_plus_addresses_do_not_bypass_the_newsletter_limit(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter-ip": "1000/3600"}
    for n in range(10):
        client.post("/nieuwsbrief/", {"email": f"Ouder+{n}@example.org"})
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("address", "box"),
    [
        ("A+news@Example.org", "a@example.org"),
        (" a@example.org ", "a@example.org"),
        ("j.a.n+1@googlemail.com", "jan@gmail.com"),
        ("j.a.n@example.org", "j.a.n@example.org"),
        ("geen-adres", "geen-adres"),
    ],
)
def test_one_mailbox_has_one_counter(address, box):
    assert ratelimit.mailbox(address) == box


# --- 10. the confirmation link confirms once and logs nobody in -------------------------------

SIGNUP = {
    "name": "Bouwbedrijf De Steiger", "kind": "bedrijf", "municipality": "Kampen", "place": "IJsselmuiden",
    "website": "example.org", "contact_name": "Sam de Vries", "email": "sam@example.org",
    "phone": "", "password": "een-lang-en-eigen-wachtwoord-42",
}  # fmt: skip


def test_email_confirmation_link_is_single_use_and_not_a_log_in(client, django_user_model):
    client.post("/portaal/aanmelden/", SIGNUP)
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    scanner = Client()
    for _visit in range(3):  # a mail scanner opens the link: nothing is confirmed, nobody logged in
        page = scanner.get(link)
        assert page.status_code == 200
        assert "_auth_user_id" not in scanner.session
    user = django_user_model.objects.get(username="sam@example.org")
    assert not user.is_active
    pressed = client.post(link)
    assert pressed.status_code == 302 and pressed["Location"] == "/portaal/inloggen/"
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.is_active
    assert client.get("/portaal/")["Location"].startswith("/portaal/inloggen/")
    for again in (client.get(link), client.post(link), scanner.get(link)):  # spent
        assert again.status_code == 400
        assert "_auth_user_id" not in client.session
    assert log_in(client, "sam@example.org", SIGNUP["password"]).status_code == 302


def test_a_confirmation_link_cannot_reopen_an_account_once_used(client, django_user_model):
    client.post("/portaal/aanmelden/", SIGNUP)
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    client.post(link)
    log_in(client, "sam@example.org", SIGNUP["password"])
    django_user_model.objects.filter(username="sam@example.org").update(is_active=False)
    assert Client().post(link).status_code == 400  # switched off by a coordinator: stays off
    assert not django_user_model.objects.get(username="sam@example.org").is_active


# --- 17. a mixed-case staff user name logs in --------------------------------------------------


def test_a_mixed_case_staff_user_name_can_log_in_on_the_portal(client, django_user_model):
    django_user_model.objects.create_user("Coordinator", password=PASSWORD, is_staff=True)
    for typed in ("Coordinator", "coordinator", " COORDINATOR"):
        client.post("/portaal/uitloggen/")
        response = log_in(client, typed)
        assert response.status_code == 302, typed
        assert client.get("/moderatie/").status_code == 200


def test_the_case_of_a_user_name_gives_no_fresh_lock_out_counter(
    client, django_user_model, settings, behind_proxy
):
    provider_user(django_user_model)
    spellings = [
        "P@EXAMPLE.ORG",
        "p@example.org",
        "P@example.org",
        "p@Example.org",
        "p@exAmple.org",
    ]
    failures = fail_until_locked(client, spellings, ATTACKER, behind_proxy)
    assert failures == settings.AXES_FAILURE_LIMIT - 1
