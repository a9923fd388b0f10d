"""The coordinator writes a newsletter without HTML: plain text with simple marks becomes the
sanitised mail HTML, a preview shows the mail as it goes out, a test mail goes to the coordinator
(rate limited, through the outbox), and only the chosen roles receive the issue."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from newsletter import services
from newsletter.consent import FORM_VERSION
from newsletter.models import NO_ROLE, Issue, Subscriber
from outbox.models import QueuedMail
from tests.helpers import unsafe_parts
from tests.xss_payloads import payloads

pytestmark = pytest.mark.django_db

ADD = "/beheer/newsletter/issue/add/"


@pytest.fixture(autouse=True)
def _mail(settings):
    cache.clear()
    settings.SITE_URL = "https://techniekkaart.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def subscriber(email: str, role: str = "", status: str = Subscriber.Status.CONFIRMED) -> Subscriber:
    now = timezone.now()
    return Subscriber.objects.create(
        email=email, role=role, status=status, signed_up_at=now, form_version=FORM_VERSION,
        confirmed_at=now if status == Subscriber.Status.CONFIRMED else None,
    )  # fmt: skip


def preview_url(issue: Issue) -> str:
    return f"/beheer/newsletter/issue/{issue.pk}/voorbeeld/"


def write(client, body: str, roles=("ouder", "leraar", "aanbieder"), **extra) -> Issue:
    data = {"subject": "Herfstnieuws", "body_text": body, "roles": list(roles), **extra}
    response = client.post(ADD, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Issue.objects.latest("pk")


# --- the text format ---------------------------------------------------------------------------


def test_simple_marks_become_the_mails_html():
    html = services.render_text(
        "# Nieuws\n\nHoi **allemaal**, dit is *nieuw*.\nTweede regel.\n\n"
        "## Wat komt er\n\n- Robots\n- Bruggen\n\n1. een\n2. twee\n\n"
        "Kijk op [de Techniekkaart](https://techniekkaart.example/activiteiten/)."
    )
    assert "<h2>Nieuws</h2>" in html and "<h2>Wat komt er</h2>" in html  # h1 is the subject
    assert "<strong>allemaal</strong>" in html and "<em>nieuw</em>" in html
    assert "<br>" in html  # one line break stays one
    assert "<ul>\n<li>Robots</li>" in html and "<ol>" in html
    assert (
        '<a href="https://techniekkaart.example/activiteiten/" rel="noopener noreferrer">' in html
    )


def test_typed_html_stays_text_and_nothing_outside_the_mail_tags_gets_through():
    html = services.render_text(
        'Hoi <b onclick="x()">vet</b> ![plaatje](https://e.nl/a.png)\n\n    code'
    )
    assert "&lt;b onclick" in html  # shown as typed, not a tag
    assert "<img" not in html and "<pre" not in html and "<code" not in html
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= services.ALLOWED_TAGS


def test_xss_through_the_editor_never_reaches_the_mail():
    corpus = payloads()
    assert len(corpus) > 200
    for payload in corpus:
        for text in (payload, f"**{payload}**", f"[klik]({payload})", f"[{payload}](https://e.nl)",
                     f"- {payload}\n- ok", f"## {payload}", f"<{payload}>"):  # fmt: skip
            html = services.render_text(text)
            assert unsafe_parts(html) == [], (text, html)
            # what was typed may be shown as text; no tag carries a script URL or an event
            for tag in re.findall(r"<[a-z][^>]*>", html):  # typed "<" is escaped: real tags only
                assert not re.search(r'=\s*"\s*(javascript|vbscript|data):', tag, re.I), text
                assert not re.search(r"\son[a-z]+=", tag), (text, html)
            assert set(re.findall(r"<([a-z0-9]+)", html)) <= services.ALLOWED_TAGS, (text, html)


def test_xss_typed_in_the_admin_is_not_in_the_saved_issue_nor_in_the_preview(admin_client):
    evil = "<script>alert(1)</script> [klik](javascript:alert(1)) <img src=x onerror=alert(1)>"
    issue = write(admin_client, evil)
    assert unsafe_parts(issue.body_html) == [] and "<a" not in issue.body_html
    page = admin_client.get(preview_url(issue)).content.decode()
    mail_part = page.split('id="mail-html">')[1].split("</div>")[0]
    assert unsafe_parts(mail_part) == [] and 'href="javascript' not in mail_part
    assert "&lt;script&gt;" in mail_part  # what was typed is shown as text


def test_html_written_straight_to_the_database_is_cleaned_again_when_mailed():
    issue = Issue.objects.create(subject="Oud", body_text="Tekst")
    Issue.objects.filter(pk=issue.pk).update(
        body_html='<p onclick="x()">Hoi<script>x()</script></p>'
    )
    issue.refresh_from_db()
    message = services.test_message(issue, "coordinator@example.org")
    html = message.alternatives[0][0]
    assert "<script" not in html and "onclick" not in html and "Hoi" in html


# --- writing and previewing in the admin -------------------------------------------------------


def test_the_form_asks_for_text_and_recipients_never_for_html(admin_client):
    page = admin_client.get(ADD).content.decode()
    assert 'name="body_text"' in page and 'name="body_html"' not in page
    assert page.count('name="roles"') == 6  # five roles and "geen rol ingevuld", all ticked
    assert page.count("checked") >= 6
    assert "**vet**" in page  # the help says how to mark text
    assert 'name="_preview"' in page


def test_saving_with_preview_opens_the_mail_as_subscribers_get_it(admin_client):
    response = admin_client.post(ADD, {"subject": "Herfst", "body_text": "## Kop\n\nHoi **jij**",
                                       "roles": ["leraar"], "_preview": "1"})  # fmt: skip
    issue = Issue.objects.get()
    assert response.status_code == 302 and response["Location"] == preview_url(issue)
    subscriber("juf@example.org", role="leraar")
    subscriber("ouder@example.org", role="ouder")
    page = admin_client.get(preview_url(issue)).content.decode()
    assert "<h2>Kop</h2>" in page and "<strong>jij</strong>" in page
    assert "Afmelden" in page  # the mail's own footer: it is the real mail
    assert "Leraar (1 bevestigde abonnee nu)" in page
    assert "Hoi **jij**" in page  # the text part


def test_a_recipient_group_must_be_chosen(admin_client):
    response = admin_client.post(ADD, {"subject": "Herfst", "body_text": "Hoi", "roles": []})
    assert response.status_code == 200
    assert "Kies minstens één groep" in response.content.decode()
    assert not Issue.objects.exists()
    response = admin_client.post(ADD, {"subject": "Herfst", "body_text": "Hoi", "roles": ["baas"]})
    assert response.status_code == 200 and not Issue.objects.exists()


# --- the test mail -----------------------------------------------------------------------------


def test_a_test_mail_goes_to_the_coordinator_only(admin_client, admin_user):
    subscriber("juf@example.org", role="leraar")
    issue = write(admin_client, "Hoi **allemaal**")
    response = admin_client.post(preview_url(issue))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [admin_user.email]
    assert sent.subject == "[TEST] Herfstnieuws"
    assert "<strong>allemaal</strong>" in sent.alternatives[0][0]
    assert not issue.deliveries.exists()  # nobody counts as having had it
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert "Testmail verstuurd" in admin_client.get(response["Location"]).content.decode()


def test_a_test_mail_waits_in_the_outbox_when_the_mail_server_is_down(admin_client, settings):
    issue = write(admin_client, "Hoi")
    settings.EMAIL_BACKEND = "tests.test_newsletter_sending.FailsAfter"
    response = admin_client.post(preview_url(issue), follow=True)
    assert response.status_code == 200
    queued = QueuedMail.objects.get()
    assert queued.subject == "[TEST] Herfstnieuws" and queued.to == ["admin@example.com"]
    assert "staat klaar" in response.content.decode()


def test_a_flood_of_test_mails_is_stopped(admin_client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter-test": "5/3600"}
    issue = write(admin_client, "Hoi")
    statuses = [admin_client.post(preview_url(issue)).status_code for _ in range(8)]
    assert statuses == [302] * 5 + [429] * 3
    assert len(mail.outbox) == 5
    response = admin_client.post(preview_url(issue))
    assert "Probeer het over" in response.content.decode()
    # another issue does not reset the count: the limit is per coordinator
    other = write(admin_client, "Nog een")
    assert admin_client.post(preview_url(other)).status_code == 429
    assert len(mail.outbox) == 5


def test_only_coordinators_who_may_change_issues_send_tests(client, django_user_model):
    issue = Issue.objects.create(subject="Herfst", body_text="Hoi")
    url = preview_url(issue)
    assert client.get(url).status_code == 302  # to the log-in
    assert client.post(url).status_code == 302
    viewer = django_user_model.objects.create_user(
        "kijker", "kijker@example.org", "x", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_issue"))
    client.force_login(viewer)
    assert client.get(url).status_code == 200
    assert "Stuur een testmail" not in client.get(url).content.decode()
    assert client.post(url).status_code == 403
    outsider = django_user_model.objects.create_user(
        "ander", "ander@example.org", "x", is_staff=True
    )
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    assert mail.outbox == []


# --- who receives it ---------------------------------------------------------------------------


def test_only_the_chosen_roles_receive_the_issue():
    juf = subscriber("juf@example.org", role="leraar")
    subscriber("ouder@example.org", role="ouder")
    subscriber("bedrijf@example.org", role="aanbieder")
    onbekend = subscriber("onbekend@example.org", role="")
    subscriber("wacht@example.org", role="leraar", status=Subscriber.Status.PENDING)
    issue = Issue.objects.create(subject="Voor scholen", body_text="Hoi", roles=["leraar", NO_ROLE])
    assert services.queue(issue)
    result = services.send_issue(issue)
    assert result.finished and result.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([juf.email, onbekend.email])


def test_an_issue_without_chosen_roles_goes_to_every_confirmed_subscriber():
    for i, role in enumerate(["leraar", "ouder", ""]):
        subscriber(f"s{i}@example.org", role=role)
    issue = Issue.objects.create(subject="Voor iedereen", body_text="Hoi")
    assert services.queue(issue)
    assert services.send_issue(issue).sent == 3


def test_the_list_shows_who_receives_each_issue(admin_client):
    write(admin_client, "Hoi", roles=["leraar", "aanbieder"])
    page = admin_client.get("/beheer/newsletter/issue/").content.decode()
    assert "Leraar, Aanbieder of bedrijf" in page
