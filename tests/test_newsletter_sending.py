"""Sending an issue: only to confirmed subscribers, one-click unsubscribe on every mail, and a
send that stops halfway (limit, mail server down, process killed mid-mail) resumes without
sending anyone the issue twice or skipping anyone. Plus the coordinator's admin."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from newsletter import services
from newsletter.consent import FORM_VERSION
from newsletter.models import Delivery, Issue, Subscriber

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """The process dies (SIGKILL, power cut): no except Exception gets to run."""


class FailsAfter(EmailBackend):
    """Takes `allowed` mails, then the server goes away."""

    allowed = 0

    def send_messages(self, messages):
        if len(mail.outbox) >= FailsAfter.allowed:
            raise ConnectionResetError("mail server gone")
        return super().send_messages(messages)


class DiesAfterSending(EmailBackend):
    """Hands mail number `nth` to the server, then the sending process dies."""

    nth = 0

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if len(mail.outbox) == DiesAfterSending.nth:
            raise Killed
        return sent


class UnsubscribesWhileSending(EmailBackend):
    """While the first mail goes out, another subscriber clicks "afmelden"."""

    victim = ""

    def send_messages(self, messages):
        if not mail.outbox:
            services.unsubscribe(Subscriber.objects.get(email=self.victim))
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _mail(settings):
    cache.clear()
    settings.SITE_URL = "https://techniekkaart.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def subscriber(email, status=Subscriber.Status.CONFIRMED, **fields):
    now = timezone.now()
    return Subscriber.objects.create(
        email=email,
        status=status,
        signed_up_at=now,
        confirmed_at=now if status == Subscriber.Status.CONFIRMED else None,
        confirmation_sent_at=now,
        form_version=FORM_VERSION,
        **fields,
    )


def members(n):
    return [subscriber(f"lid{i}@example.org") for i in range(n)]


def queued_issue(**fields):
    issue = Issue.objects.create(
        subject=fields.pop("subject", "Nieuws uit de werkplaats"),
        body_text=fields.pop("body_text", "Hallo allemaal,\nEr zijn nieuwe activiteiten."),
        **fields,
    )
    assert services.queue(issue)
    return issue


def run(**options):
    out, err = io.StringIO(), io.StringIO()
    call_command("send_newsletter", stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def received():
    return Counter(message.to[0] for message in mail.outbox)


def test_an_issue_goes_to_confirmed_subscribers_only_with_one_click_unsubscribe():
    wanted = members(3)
    subscriber("wacht@example.org", status=Subscriber.Status.PENDING)
    subscriber("weg@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    issue = queued_issue(
        body_html='<h2>Nieuw</h2><p onclick="x()">Kijk <a href="https://x.example">hier</a>'
        "<script>alert(1)</script></p>"
    )
    run()

    assert received() == Counter({s.email: 1 for s in wanted})
    for message in mail.outbox:
        link = services.unsubscribe_link(Subscriber.objects.get(email=message.to[0]))
        assert message.subject == "Nieuws uit de werkplaats"
        assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in message.body
        html = message.alternatives[0][0]
        assert link in html
        assert "<script" not in html and "onclick" not in html and "<h2>Nieuw</h2>" in html
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert issue.sent_at is not None
    run()
    assert len(mail.outbox) == 3  # a second run sends nothing


def test_drafts_are_not_sent_and_nothing_goes_before_confirmation(client):
    Issue.objects.create(subject="Concept", body_text="Nog niet af")
    client.post("/nieuwsbrief/", {"email": "nieuw@example.org"})
    queued_issue()
    mail.outbox.clear()
    run()
    assert mail.outbox == []


def test_the_one_click_link_in_a_mail_stops_the_next_issue(client):
    members(2)
    queued_issue()
    run()
    leaving = mail.outbox[0]
    path = urlsplit(leaving.extra_headers["List-Unsubscribe"].strip("<>")).path
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    mail.outbox.clear()
    queued_issue(subject="Tweede")
    run()
    assert list(received()) == [
        e for e in ("lid0@example.org", "lid1@example.org") if e != leaving.to[0]
    ]


def test_a_bounded_run_stops_halfway_and_the_next_run_finishes():
    everyone = members(5)
    issue = queued_issue()
    run(limit=2, batch_size=2)
    assert len(mail.outbox) == 2
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING
    run(batch_size=2)
    assert received() == Counter({s.email: 1 for s in everyone})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_a_mail_server_that_goes_away_halfway(settings):
    everyone = members(5)
    issue = queued_issue()
    settings.EMAIL_BACKEND = "tests.test_newsletter_sending.FailsAfter"
    FailsAfter.allowed = 2
    assert "weigerde" in run(batch_size=3)
    assert len(mail.outbox) == 2
    assert issue.deliveries.count() == 2  # the refused mail is not claimed any more
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING

    FailsAfter.allowed = 4
    run(batch_size=3)
    assert len(mail.outbox) == 4
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run(batch_size=3)
    assert received() == Counter({s.email: 1 for s in everyone})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_killed_between_sending_and_marking_never_sends_twice(settings, admin_client):
    everyone = members(4)
    issue = queued_issue()
    settings.EMAIL_BACKEND = "tests.test_newsletter_sending.DiesAfterSending"
    DiesAfterSending.nth = 2
    with pytest.raises(Killed):
        run()
    assert len(mail.outbox) == 2
    in_limbo = issue.deliveries.get(sent_at__isnull=True)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run()  # right away: the claim may belong to a sender that is still busy, so leave it
    assert received() == Counter({s.email: 1 for s in everyone})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING

    later = timezone.now() + services.STALE_CLAIM + dt.timedelta(seconds=1)
    result = services.send_issue(issue, now=later)
    assert result.finished
    assert result.sent == 0
    in_limbo.refresh_from_db()
    assert in_limbo.uncertain
    assert received() == Counter({s.email: 1 for s in everyone})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert "1 onzeker" in admin_client.get("/beheer/newsletter/issue/").content.decode()


def test_an_unsubscribe_during_the_send_is_respected(settings):
    members(4)
    queued_issue()
    settings.EMAIL_BACKEND = "tests.test_newsletter_sending.UnsubscribesWhileSending"
    UnsubscribesWhileSending.victim = "lid3@example.org"
    run(batch_size=10)
    assert "lid3@example.org" not in received()
    assert len(mail.outbox) == 3


def test_a_mail_claimed_by_a_parallel_sender_is_left_to_it():
    a, b = members(2)
    issue = queued_issue()
    Delivery.objects.create(issue=issue, subscriber=b, claimed_at=timezone.now())
    result = services.send_issue(issue)
    assert received() == Counter({a.email: 1})
    assert not result.finished  # b's mail is still being sent by the other one
    assert services._claim(issue, b.pk) is None


def test_subject_line_breaks_cannot_inject_headers():
    members(1)
    queued_issue(subject="Nieuws\r\nBcc: iedereen@example.org")
    run()
    assert mail.outbox[0].subject == "Nieuws Bcc: iedereen@example.org"
    assert mail.outbox[0].bcc == []


# --- the coordinator's admin ---------------------------------------------------------------------


def test_admin_shows_counts_per_role(admin_client):
    subscriber("a@example.org", role="leraar")
    subscriber("b@example.org", role="leraar")
    subscriber("c@example.org", role="ouder")
    subscriber("d@example.org")
    subscriber("e@example.org", role="leraar", status=Subscriber.Status.PENDING)
    page = admin_client.get("/beheer/newsletter/subscriber/")
    assert page.status_code == 200
    assert page.context["role_counts"] == [
        ("Ouder of verzorger", 1),
        ("Leraar", 2),
        ("Aanbieder of bedrijf", 0),
        ("Gemeente of overheid", 0),
        ("Anders", 0),
        ("Niet ingevuld", 1),
    ]
    assert "Bevestigde abonnees per rol" in page.content.decode()


def test_csv_export_is_for_staff_holds_confirmed_only_and_defuses_formulas(
    client, admin_client, django_user_model
):
    subscriber(
        "a@example.org", name='=HYPERLINK("http://evil")', organisation="+31 school", role="leraar"
    )
    subscriber("b@example.org", status=Subscriber.Status.PENDING, name="Wacht")
    url = "/beheer/newsletter/subscriber/export.csv"

    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(django_user_model.objects.create_user("gewoon@example.org"))
    assert client.get(url).status_code == 302

    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("e-mailadres,naam,organisatie,rol")
    assert len(lines) == 2
    assert 'a@example.org,"\'=HYPERLINK(""http://evil"")",\'+31 school,Leraar' in lines[1]
    assert "Wacht" not in text


def test_queue_action_only_queues_drafts(admin_client):
    draft = Issue.objects.create(subject="Concept", body_text="Tekst")
    done = Issue.objects.create(subject="Oud", body_text="Tekst", status=Issue.Status.SENT)
    response = admin_client.post(
        "/beheer/newsletter/issue/",
        {"action": "queue_selected", "_selected_action": [draft.pk, done.pk]},
        follow=True,
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    done.refresh_from_db()
    assert draft.status == Issue.Status.QUEUED
    assert draft.queued_at is not None
    assert done.status == Issue.Status.SENT
    assert "overgeslagen" in response.content.decode()


def test_a_queued_issue_cannot_be_edited_in_the_admin(admin_client):
    issue = queued_issue(subject="Vast")
    admin_client.post(
        f"/beheer/newsletter/issue/{issue.pk}/change/",
        {"subject": "Anders", "body_text": "Anders"},
    )
    issue.refresh_from_db()
    assert issue.subject == "Vast"


def test_the_coordinator_writes_an_issue_in_the_admin_and_html_is_sanitised(admin_client):
    assert admin_client.get("/beheer/newsletter/issue/add/").status_code == 200
    response = admin_client.post(
        "/beheer/newsletter/issue/add/",
        {
            "subject": "Herfst",
            "body_text": "Hoi [klik](javascript:alert(1)) <img src=x onerror=alert(1)>",
            "body_html": "<script>alert(1)</script>",  # not a field any more: ignored
            "roles": ["ouder", "leraar"],
        },
    )
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.status == Issue.Status.DRAFT
    assert 'href="javascript' not in issue.body_html and "<script" not in issue.body_html
    assert "<img" not in issue.body_html
    assert "Hoi" in issue.body_html
    assert admin_client.get(f"/beheer/newsletter/issue/{issue.pk}/change/").status_code == 200
    assert admin_client.get("/beheer/newsletter/issue/").status_code == 200
    assert admin_client.get("/beheer/newsletter/subscriber/").status_code == 200
