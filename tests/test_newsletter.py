"""The newsletter life cycle: sign up, confirm (single use, 48 hours), unsubscribe (one click),
clean-up after 14 days, rate limits and honeypot, and the coordinator's export and counts."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from newsletter import services
from newsletter.consent import FORM_TEXT, FORM_TEXTS, FORM_VERSION
from newsletter.models import Subscriber, token_hash

pytestmark = pytest.mark.django_db

SIGN_UP = "/nieuwsbrief/"
SAME_ANSWER = "Als dit adres nog niet is aangemeld, krijg je een mail"


class BrokenMailBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")

    def open(self):
        raise ConnectionRefusedError("mail server down")

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture(autouse=True)
def _fresh(settings):
    cache.clear()  # rate-limit counters
    settings.SITE_URL = "https://techniekkaart.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def sign_up(client, email="ouder@example.org", **extra):
    return client.post(SIGN_UP, {"email": email, **extra})


def link_in(message, name):
    match = re.search(
        rf"https://techniekkaart\.example(/nieuwsbrief/{name}/[^/\s]+/)", message.body
    )
    assert match, message.body
    return match.group(1)


def test_the_form_marks_required_fields_and_shows_the_versioned_text(client):
    page = client.get(SIGN_UP).content.decode()
    assert "Velden met * zijn verplicht." in page
    email_label = re.search(r'<label for="id_email">(.*?)</label>', page, re.S).group(1)
    assert "*" in email_label
    name_label = re.search(r'<label for="id_name">(.*?)</label>', page, re.S).group(1)
    assert "*" not in name_label
    assert FORM_TEXT in page
    assert FORM_TEXTS[FORM_VERSION] == FORM_TEXT


def test_sign_up_saves_a_pending_consent_record_and_mails_a_single_link(client):
    before = timezone.now()
    response = sign_up(
        client, "  Ouder@Example.ORG ", name="Sam", organisation="OBS De Tol", role="ouder"
    )
    assert response.status_code == 200
    assert SAME_ANSWER in response.content.decode()

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ouder@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert (subscriber.name, subscriber.organisation, subscriber.role) == (
        "Sam",
        "OBS De Tol",
        "ouder",
    )
    assert subscriber.signed_up_at >= before
    assert subscriber.form_version == FORM_VERSION
    assert subscriber.confirmed_at is None
    assert subscriber.confirmation_sent_at is not None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ouder@example.org"]
    assert "List-Unsubscribe" not in message.extra_headers  # nothing is subscribed yet
    assert "niet zelf aangemeld" in message.body
    link = link_in(message, "bevestig")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert subscriber.token_hash == token_hash(token)
    assert token not in str(Subscriber.objects.values().get())  # only the hash is stored
    html = message.alternatives[0][0]
    assert link in html


def test_confirm_page_needs_a_button_press_and_the_link_works_once(client):
    sign_up(client)
    link = link_in(mail.outbox[0], "bevestig")

    page = client.get(link)  # what a mail scanner does
    assert page.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert '<form method="post">' in page.content.decode()

    done = client.post(link)
    assert done.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert subscriber.token_hash == ""
    assert subscriber.signed_up_at <= subscriber.confirmed_at

    for again in (client.get(link), client.post(link)):
        assert again.status_code == 400
        assert "Opnieuw aanmelden" in again.content.decode()
    assert len(mail.outbox) == 1  # nothing else is sent on confirming


def test_the_confirmation_link_expires_after_48_hours(client):
    sign_up(client)
    link = link_in(mail.outbox[0], "bevestig")
    subscriber = Subscriber.objects.get()
    Subscriber.objects.update(token_created_at=timezone.now() - dt.timedelta(hours=47))
    assert client.get(link).status_code == 200
    Subscriber.objects.update(token_created_at=timezone.now() - dt.timedelta(hours=48, minutes=1))
    expired = client.post(link)
    assert expired.status_code == 400
    assert "ouder dan 48 uur" in expired.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.parametrize("token", ["", "x", "a" * 43, "a" * 500, "../../etc", "%00"])
def test_wrong_confirmation_links_get_the_friendly_page(client, token):
    sign_up(client)
    response = client.get(f"/nieuwsbrief/bevestig/{token}/")
    assert response.status_code in {400, 404}
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_same_answer_for_new_pending_and_confirmed_addresses(client):
    first = sign_up(client, "a@example.org").content.decode()
    old_link = link_in(mail.outbox[-1], "bevestig")
    again = sign_up(client, "A@EXAMPLE.org", name="Nieuw").content.decode()
    assert Subscriber.objects.count() == 1
    new_link = link_in(mail.outbox[-1], "bevestig")
    assert new_link != old_link
    assert client.get(old_link).status_code == 400  # only the newest link counts
    client.post(new_link)
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    outbox_before = len(mail.outbox)
    confirmed = sign_up(client, "a@example.org", name="Indringer", role="anders").content.decode()
    assert first == again == confirmed
    subscriber = Subscriber.objects.get()
    assert subscriber.name == "Nieuw"  # a confirmed subscription is not changed by a stranger
    assert subscriber.role == ""
    assert subscriber.status == Subscriber.Status.CONFIRMED
    note = mail.outbox[outbox_before]
    assert "al aangemeld" in note.subject
    assert "List-Unsubscribe" in note.extra_headers
    assert "bevestig" not in note.body


def test_honeypot_pretends_success_and_saves_nothing(client):
    response = sign_up(client, website="http://spam.example")
    assert response.status_code == 200
    assert SAME_ANSWER in response.content.decode()
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


def test_invalid_email_answers_in_dutch_and_keeps_the_input(client):
    response = sign_up(client, "geen-adres", name="Sam")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit lijkt geen e-mailadres" in page
    assert 'value="Sam"' in page
    assert Subscriber.objects.count() == 0


def test_rate_limit_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter-email": "2/3600"}
    for n in range(2):
        assert sign_up(Client(REMOTE_ADDR=f"10.0.0.{n}"), "x@example.org").status_code == 200
    blocked = sign_up(Client(REMOTE_ADDR="10.0.0.9"), "X@example.org")
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert len(mail.outbox) == 2
    assert sign_up(Client(REMOTE_ADDR="10.0.0.9"), "y@example.org").status_code == 200


def test_rate_limit_per_ip_also_counts_bots(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter-ip": "3/3600"}
    for n in range(3):
        sign_up(client, f"p{n}@example.org", website="bot" if n == 0 else "")
    response = sign_up(client, "p9@example.org")
    assert response.status_code == 429
    assert not Subscriber.objects.filter(email="p9@example.org").exists()
    assert (
        Client(REMOTE_ADDR="10.9.9.9").post(SIGN_UP, {"email": "p9@example.org"}).status_code == 200
    )


def confirmed(email="lid@example.org", **fields):
    now = timezone.now()
    return Subscriber.objects.create(
        email=email,
        status=Subscriber.Status.CONFIRMED,
        signed_up_at=now,
        confirmed_at=now,
        form_version=FORM_VERSION,
        **fields,
    )


def test_unsubscribe_page_needs_a_press_and_one_click_post_works_without_csrf():
    subscriber = confirmed(name="Sam", organisation="School", role="leraar")
    path = urlsplit(services.unsubscribe_link(subscriber)).path
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(path)
    assert page.status_code == 200
    assert "Afmelden" in page.content.decode()
    assert "Set-Cookie" not in page.headers
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    response = browser.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert (subscriber.name, subscriber.organisation, subscriber.role) == ("", "", "")
    assert "al afgemeld" in browser.get(path).content.decode()
    assert browser.post(path).status_code == 200  # twice is fine


@pytest.mark.parametrize("mangle", ["wrong-mac", "other-id", "not-a-number", "empty"])
def test_a_forged_unsubscribe_link_does_nothing(client, mangle):
    victim = confirmed("slachtoffer@example.org")
    other = confirmed("ander@example.org")
    token = services.unsubscribe_token(victim)
    pk, mac = token.split("-")
    forged = {
        "wrong-mac": f"{pk}-{'0' * len(mac)}",
        "other-id": f"{other.pk}-{mac}",
        "not-a-number": f"x{pk}-{mac}",
        "empty": "-",
    }[mangle]
    response = client.post(f"/nieuwsbrief/afmelden/{forged}/")
    assert response.status_code == 404
    assert Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count() == 2


def test_signing_up_after_unsubscribing_needs_a_new_confirmation(client):
    subscriber = confirmed("terug@example.org")
    services.unsubscribe(subscriber)
    sign_up(client, "terug@example.org", role="gemeente")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.unsubscribed_at is None
    assert subscriber.confirmed_at is None
    assert "bevestig" in mail.outbox[-1].body


def test_unconfirmed_sign_ups_are_deleted_after_14_days(client):
    now = timezone.now()
    sign_up(client, "oud@example.org")
    sign_up(client, "jong@example.org")
    Subscriber.objects.filter(email="oud@example.org").update(
        signed_up_at=now - dt.timedelta(days=14, minutes=1)
    )
    Subscriber.objects.filter(email="jong@example.org").update(
        signed_up_at=now - dt.timedelta(days=13, hours=23)
    )
    old_member = confirmed("trouw@example.org")
    Subscriber.objects.filter(pk=old_member.pk).update(signed_up_at=now - dt.timedelta(days=400))

    call_command("delete_unconfirmed_subscribers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "jong@example.org",
        "trouw@example.org",
    }


def test_a_sign_up_survives_a_mail_server_that_is_down(client, settings):
    settings.EMAIL_BACKEND = "tests.test_newsletter.BrokenMailBackend"
    response = sign_up(client, "geduld@example.org", name="Geduld")
    assert response.status_code == 200
    assert SAME_ANSWER in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmation_sent_at is None

    call_command("send_newsletter", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))  # noqa: SIM115
    assert Subscriber.objects.get().confirmation_sent_at is None  # still down: still waiting

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_newsletter", stdout=open("/dev/null", "w"))  # noqa: SIM115
    subscriber.refresh_from_db()
    assert subscriber.confirmation_sent_at is not None
    assert len(mail.outbox) == 1
    client.post(link_in(mail.outbox[0], "bevestig"))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    call_command("send_newsletter", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1  # not mailed again


def test_email_is_unique_whatever_the_case():
    from django.db import IntegrityError, transaction

    confirmed("Hoofd@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        confirmed("hoofd@example.ORG")


def test_csv_safe_defuses_formulas():
    assert services.csv_safe("=1+1") == "'=1+1"
    assert services.csv_safe("+31") == "'+31"
    assert services.csv_safe("-2") == "'-2"
    assert services.csv_safe("@SUM(A1)") == "'@SUM(A1)"
    assert services.csv_safe("Sam") == "Sam"
    assert services.csv_safe(None) == ""
