"""Ongoing offers stay public only while their provider confirms them; reminders and the one-button link."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from catalogue.models import Activity
from portal.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


def ongoing(days_ago, **fields):
    return factories.activity(
        "Techles op aanvraag", days=(), availability="aanvraag",
        last_confirmed=timezone.localdate() - dt.timedelta(days=days_ago), **fields,
    )  # fmt: skip


def test_unconfirmed_ongoing_offers_leave_the_public_pages(client, settings):
    settings.CONFIRM_EVERY_DAYS = 120
    fresh, stale = ongoing(10), ongoing(121)
    public = set(Activity.objects.public().values_list("slug", flat=True))
    assert fresh.slug in public and stale.slug not in public
    assert client.get(stale.get_absolute_url()).status_code == 404
    assert [h.slug for h in client.get("/activiteiten/").context["result"].hits] == [fresh.slug]
    body = client.get(fresh.get_absolute_url()).content.decode()
    assert "Laatst bevestigd door de aanbieder" in body


def test_a_reminder_goes_out_once_and_the_button_confirms(client, django_user_model, settings):
    settings.CONFIRM_EVERY_DAYS, settings.CONFIRM_REMIND_DAYS = 120, 14
    due = ongoing(110)
    ongoing(10, owner=due.provider)  # not due yet, but confirmed along with it
    user = django_user_model.objects.create_user("p@example.org", "p@example.org", "x-y-z-123456")
    Membership.objects.create(user=user, provider=due.provider)
    call_command("send_confirmation_reminders")
    call_command("send_confirmation_reminders")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["p@example.org"]
    assert "nog actueel" in message.subject
    link = re.search(r"http://\S+(/portaal/nog-actueel/\S+/)", message.body).group(1)
    page = client.get(link)
    assert "Ja, dit klopt nog" in page.content.decode()
    due.refresh_from_db()
    assert due.last_confirmed < timezone.localdate()  # opening the link changes nothing
    client.post(link)
    due.refresh_from_db()
    assert due.last_confirmed == timezone.localdate()


def test_a_forged_link_does_nothing(client):
    assert client.post("/portaal/nog-actueel/nep/").status_code == 400
