"""When the mail server is down nothing is lost: the sign-up is kept and its mail goes out later."""

import smtplib

import pytest
from django.core import mail
from django.core.management import call_command

from catalogue.models import Provider
from outbox.models import QueuedMail
from tests.factories import SIGNUP, link_in

pytestmark = pytest.mark.django_db


class DownBackend:
    """A mail backend whose server refuses every connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "server down")


def test_sign_up_while_the_mail_server_is_down_is_kept_and_mailed_later(client, settings):
    settings.EMAIL_BACKEND = "tests.test_outbox.DownBackend"
    response = client.post("/portaal/aanmelden/", SIGNUP)
    assert response.status_code == 200
    assert "Kijk in je mail" in response.content.decode()
    assert Provider.objects.filter(name=SIGNUP["name"]).exists()
    queued = QueuedMail.objects.get()
    assert queued.to == [SIGNUP["email"].lower()]
    assert "server down" in queued.last_error

    call_command("send_queued_mail")  # still down: kept, attempt counted
    queued.refresh_from_db()
    assert queued.attempts == 2
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_mail")
    assert QueuedMail.objects.count() == 0
    [message] = mail.outbox
    assert message.alternatives and "text/html" in message.alternatives[0][1]
    # The link in the late mail still confirms the address.
    client.get(link_in(message))
    assert client.post(link_in(message)).status_code in (200, 302)
    user = Provider.objects.get(name=SIGNUP["name"]).memberships.get().user
    assert user.is_active


def test_class_start_while_the_mail_server_is_down_still_opens_the_class(client, settings):
    settings.EMAIL_BACKEND = "tests.test_outbox.DownBackend"
    response = client.post(
        "/klas/nieuw/",
        {"school": "De Regenboog", "groep": "6", "plaats": "Kampen", "email": "juf@example.org"},
    )
    assert response.status_code == 303
    assert QueuedMail.objects.get().to == ["juf@example.org"]
