"""Moderation: submitting, the coordinator's decisions, the e-mails, the audit log and its pages.

Personas: provider A, a colleague of A, provider B, the coordinator (staff) and anonymous."""

import datetime as dt
import json
import re
from smtplib import SMTPException
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, reverse

from catalogue.models import Activity
from moderation import services
from moderation.models import AuditLog
from outbox.models import QueuedMail
from portal.models import Membership
from tests import factories
from tests.helpers import app_resolvers

pytestmark = pytest.mark.django_db

S = Activity.Status
Action = AuditLog.Action
PAGES = {"queue", "log", "review", "activity-dates"}
DECISIONS = {"approve", "reject", "request-changes"}


def member(django_user_model, provider, email, **fields):
    user = django_user_model.objects.create_user(email, email, "wachtwoord-voor-test-123", **fields)
    Membership.objects.create(user=user, provider=provider)
    return user


@pytest.fixture
def world(django_user_model):
    a = factories.provider("Organisatie A", email="Info@A.example")
    b = factories.provider("Organisatie B", email="info@b.example")
    return SimpleNamespace(
        a=a,
        b=b,
        provider_a=member(django_user_model, a, "anna@a.example"),
        colleague_a=member(django_user_model, a, "info@a.example"),  # also A's contact address
        provider_b=member(django_user_model, b, "bram@b.example"),
        coordinator=django_user_model.objects.create_user(
            "coordinator@techniekpact.example", "coordinator@techniekpact.example", is_staff=True
        ),
    )


def draft(owner, **fields):
    return factories.activity(owner=owner, **{"status": S.DRAFT, **fields})


def waiting(world, **fields):
    activity = draft(world.a, **fields)
    return services.activity_submit(activity=activity, by=world.provider_a)


def status_of(activity):
    return Activity.objects.values_list("status", flat=True).get(pk=activity.pk)


# Transitions ---------------------------------------------------------------------------------


def test_a_draft_is_submitted_and_the_log_holds_before_and_after(world):
    activity = waiting(world)
    assert status_of(activity) == S.SUBMITTED
    row = AuditLog.objects.get(activity=activity)
    assert (row.action, row.actor, row.provider) == (Action.SUBMITTED, world.provider_a, world.a)
    assert (row.before["status"], row.after["status"]) == (S.DRAFT, S.SUBMITTED)
    assert row.before["title"] == row.after["title"] == activity.title


@pytest.mark.parametrize("status", [S.REJECTED, S.CHANGES_REQUESTED])
def test_rejected_and_sent_back_activities_can_be_submitted(world, status):
    activity = draft(world.a, status=status)
    services.activity_submit(activity=activity, by=world.colleague_a)
    assert status_of(activity) == S.SUBMITTED


@pytest.mark.parametrize(
    ("status", "label"),
    [(S.SUBMITTED, "Ingediend"), (S.ARCHIVED, "Gearchiveerd"), (S.PUBLISHED, "Gepubliceerd")],
)
def test_it_refuses_to_submit_what_waits_already_is_archived_or_public(world, status, label):
    """A published activity is not sent back to the queue (and off the site): its change is."""
    activity = draft(world.a, status=status)
    with pytest.raises(services.ModerationError, match=f"status “{label}” kun je niet indienen"):
        services.activity_submit(activity=activity, by=world.provider_a)
    assert status_of(activity) == status
    assert not AuditLog.objects.exists()


def test_another_organisation_cannot_submit_an_activity(world):
    activity = draft(world.a)
    with pytest.raises(services.ModerationError, match="niet indienen"):
        services.activity_submit(activity=activity, by=world.provider_b)
    assert status_of(activity) == S.DRAFT


def test_a_verified_provider_publishes_directly(world):
    world.a.verified = True
    world.a.save(update_fields=["verified"])
    activity = draft(world.a, moderation_note="Oude opmerking", last_confirmed=None)
    services.activity_submit(activity=activity, by=world.provider_a)
    activity.refresh_from_db()
    assert (activity.status, activity.moderation_note) == (S.PUBLISHED, "")
    assert activity.last_confirmed is not None  # an ongoing offer is fresh when just published
    assert AuditLog.objects.get(activity=activity).action == Action.PUBLISHED_DIRECTLY
    assert mail.outbox == []


def test_the_coordinator_approves_and_the_whole_organisation_hears_it(world, settings):
    settings.SITE_URL = "https://techniekkaart.example"
    activity = waiting(world, title="Bruggen bouwen")
    services.activity_approve(activity=activity, by=world.coordinator)
    assert status_of(activity) == S.PUBLISHED
    row = AuditLog.objects.get(action=Action.APPROVED)
    assert (row.actor, row.before["status"], row.after["status"]) == (
        world.coordinator,
        S.SUBMITTED,
        S.PUBLISHED,
    )
    [message] = mail.outbox
    assert sorted(message.to) == ["Info@A.example", "anna@a.example"]  # each address once
    assert message.subject == "“Bruggen bouwen” staat op de Techniekkaart"
    assert f"https://techniekkaart.example/activiteiten/{activity.slug}/" in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_a_rejection_carries_the_reason_to_the_provider(world):
    activity = waiting(world, title="Robots & raketten")
    services.activity_reject(
        activity=activity, by=world.coordinator, reason="  Geen techniek & 0 uitleg "
    )
    activity.refresh_from_db()
    assert (activity.status, activity.moderation_note) == (S.REJECTED, "Geen techniek & 0 uitleg")
    assert AuditLog.objects.get(action=Action.REJECTED).message == "Geen techniek & 0 uitleg"
    [message] = mail.outbox
    assert message.subject == "“Robots & raketten” is niet geplaatst op de Techniekkaart"
    assert "Geen techniek & 0 uitleg" in message.body  # plain text is not HTML-escaped
    assert "Geen techniek &amp; 0 uitleg" in message.alternatives[0].content
    assert f"/portaal/activiteit/{activity.slug}/" in message.body


def test_asking_for_changes_sends_the_provider_back_to_work(world):
    activity = waiting(world, title="Zeepkisten")
    services.activity_request_changes(
        activity=activity, by=world.coordinator, reason="Vul de leeftijd aan."
    )
    activity.refresh_from_db()
    assert (activity.status, activity.moderation_note) == (
        S.CHANGES_REQUESTED,
        "Vul de leeftijd aan.",
    )
    assert mail.outbox[0].subject == "Wil je “Zeepkisten” nog aanpassen?"
    services.activity_submit(activity=activity, by=world.provider_a)
    assert status_of(activity) == S.SUBMITTED


@pytest.mark.parametrize("decide", [services.activity_reject, services.activity_request_changes])
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_decision_against_needs_a_reason(world, decide, reason):
    activity = waiting(world)
    with pytest.raises(services.ModerationError, match="Geef een reden"):
        decide(activity=activity, by=world.coordinator, reason=reason)
    assert status_of(activity) == S.SUBMITTED
    assert AuditLog.objects.filter(activity=activity).count() == 1  # only the submission
    assert mail.outbox == []


def test_only_a_waiting_activity_can_be_decided(world):
    activity = draft(world.a)
    with pytest.raises(services.ModerationError, match="wacht niet op controle"):
        services.activity_approve(activity=activity, by=world.coordinator)
    assert status_of(activity) == S.DRAFT


def test_a_provider_cannot_decide_even_through_the_service(world):
    activity = waiting(world)
    with pytest.raises(services.ModerationError, match="Alleen de coördinator"):
        services.activity_approve(activity=activity, by=world.provider_a)
    assert status_of(activity) == S.SUBMITTED


def test_a_failing_mail_server_keeps_the_decision_and_queues_the_mail(world):
    activity = waiting(world)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPException):
        services.activity_approve(activity=activity, by=world.coordinator)
    assert status_of(activity) == S.PUBLISHED
    assert AuditLog.objects.filter(action=Action.APPROVED).exists()
    queued = QueuedMail.objects.get()
    assert activity.title in queued.subject
    assert set(queued.to) == set(services.provider_recipients(world.a))


def test_a_failing_log_write_undoes_the_status_change(world):
    activity = draft(world.a)
    with (
        mock.patch("moderation.services.audit", side_effect=RuntimeError("schijf vol")),
        pytest.raises(RuntimeError),
    ):
        services.activity_submit(activity=activity, by=world.provider_a)
    assert status_of(activity) == S.DRAFT


def test_members_who_never_accepted_their_invitation_get_no_mail(world, django_user_model):
    member(django_user_model, world.a, "nog-niet@a.example", is_active=False)
    assert "nog-niet@a.example" not in services.provider_recipients(world.a)


def test_the_coordinator_decides_who_publishes_directly_and_it_is_logged(world):
    services.provider_set_verified(provider=world.a, verified=True, by=world.coordinator)
    row = AuditLog.objects.get(action=Action.PROVIDER_CHANGED)
    assert (row.provider, row.before["verified"], row.after["verified"]) == (world.a, False, True)
    with pytest.raises(services.ModerationError):
        services.provider_set_verified(provider=world.b, verified=True, by=world.provider_b)


# Snapshots and what changed ------------------------------------------------------------------


def test_the_snapshot_is_plain_json_with_themes_schedules_and_venue(world):
    activity = draft(world.a, also=("water", "energie"), days=(3, 10))
    snapshot = services.activity_snapshot(activity)
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["themes"] == ["energie", "water"]
    assert snapshot["main_theme"] == "bouwen"
    assert snapshot["venue"] == {"id": activity.venue.pk, "name": activity.venue.name}
    assert [s["start_time"] for s in snapshot["schedules"]] == ["10:00:00", "10:00:00"]
    assert snapshot["price"] == "0.00"


def test_the_difference_reads_as_dutch_labels_and_values(world):
    activity = draft(world.a, wheelchair_accessible=True, kind=Activity.Kind.CAMP, days=())
    factories.schedule_on(
        activity, dt.date(2027, 3, 1), frequency="wekelijks", until=dt.date(2027, 3, 29)
    )
    after = services.activity_snapshot(activity)
    rows = {label: new for label, _old, new in services.snapshot_diff(None, after)}
    assert rows["Toegankelijk met rolstoel"] == "ja"
    assert rows["Soort"] == "Kamp"
    assert rows["Locatie"] == activity.venue.name
    assert rows["Data en reeksen"] == "Elke week van 01-03-2027 t/m 29-03-2027, 10:00-12:00"
    assert services.snapshot_diff(after, after) == []


def published_and_edited(world):
    """Approved once, then the provider changed the title, a theme, a date and the price."""
    activity = waiting(world, title="Bruggen bouwen")
    services.activity_approve(activity=activity, by=world.coordinator)
    activity.title, activity.price, activity.status = "Bruggen en torens bouwen", 2, S.DRAFT
    activity.save()
    activity.themes.add(factories.theme_named("water"))
    factories.schedule_on(activity, activity.schedules.get().start_date.replace(day=1))
    return services.activity_submit(activity=activity, by=world.provider_a)


def test_an_edit_shows_what_changed_since_the_last_approval(world):
    activity = published_and_edited(world)
    changes = {
        label: (old, new) for label, old, new in services.activity_changes(activity=activity)
    }
    assert set(changes) == {"Titel", "Prijs in euro", "Andere thema's", "Data en reeksen"}
    assert changes["Titel"] == ("Bruggen bouwen", "Bruggen en torens bouwen")
    assert changes["Prijs in euro"] == ("0.00", "2.00")
    assert changes["Andere thema's"] == ("—", "water")
    assert changes["Data en reeksen"][1].startswith("01-")


def test_a_new_activity_has_no_earlier_version(world):
    assert services.activity_changes(activity=waiting(world)) is None


# Pages ---------------------------------------------------------------------------------------


def moderation_patterns():
    resolver = next(
        r for r in app_resolvers() if isinstance(r, URLResolver) and r.namespace == "moderation"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


def test_every_moderation_url_is_covered_by_the_access_tests():
    assert {p.name for p in moderation_patterns()} == PAGES | DECISIONS


def visit(client, name, activity):
    kwargs = {"slug": activity.slug} if name not in {"queue", "log"} else {}
    url = reverse(f"moderation:{name}", kwargs=kwargs)
    if name in DECISIONS:
        return url, client.post(url, {"reason": "Omdat het kan."})
    return url, client.get(url)


@pytest.mark.parametrize("role", ["anonymous", "provider_a", "colleague_a", "provider_b"])
def test_only_the_coordinator_reaches_moderation(client, world, role):
    activity = waiting(world)
    if role != "anonymous":
        client.force_login(getattr(world, role))
    for pattern in moderation_patterns():
        url, response = visit(client, pattern.name, activity)
        if role == "anonymous":
            assert response.status_code == 302, url
            # the admin's log-in URL, which leads to the staff log-in page
            assert response["Location"].startswith("/beheer/login/?next="), url
            login = client.get(response["Location"])
            assert login["Location"].startswith("/techniekpact/inloggen/?next="), url
        else:
            assert response.status_code == 403, (role, url)
    assert status_of(activity) == S.SUBMITTED
    assert mail.outbox == []


def test_the_coordinator_reaches_every_page(client, world):
    activity = waiting(world)
    client.force_login(world.coordinator)
    for name in sorted(PAGES):
        url, response = visit(client, name, activity)
        assert response.status_code == 200, url


def test_the_review_page_shows_the_public_page_and_the_three_decisions(client, world):
    activity = waiting(world, title="Bruggen bouwen", summary="Bouw een brug van spaghetti.")
    client.force_login(world.coordinator)
    body = client.get(reverse("moderation:review", args=[activity.slug])).content.decode()
    assert "Bouw een brug van spaghetti." in body and "Goed om te weten" in body
    assert "Dit is een nieuwe activiteit" in body
    for name in DECISIONS:
        assert f'action="{reverse(f"moderation:{name}", args=[activity.slug])}"' in body
    assert "csrfmiddlewaretoken" in body


def test_the_review_page_of_an_edit_shows_old_and_new_values(client, world):
    activity = published_and_edited(world)
    client.force_login(world.coordinator)
    body = client.get(reverse("moderation:review", args=[activity.slug])).content.decode()
    assert (
        '<th scope="row">Titel</th><td>Bruggen bouwen</td><td>Bruggen en torens bouwen</td>' in body
    )
    assert "Wijziging" in client.get(reverse("moderation:queue")).content.decode()


def test_the_coordinator_approves_from_the_review_page(client, world):
    activity = waiting(world, title="Bruggen bouwen")
    client.force_login(world.coordinator)
    url = reverse("moderation:approve", args=[activity.slug])
    response = client.post(url, {"version": activity.version}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("moderation:queue")
    assert "“Bruggen bouwen” is goedgekeurd" in response.content.decode()
    assert status_of(activity) == S.PUBLISHED


@pytest.mark.parametrize("name", ["reject", "request-changes"])
def test_deciding_against_without_a_reason_shows_a_dutch_error_and_changes_nothing(
    client, world, name
):
    activity = waiting(world)
    client.force_login(world.coordinator)
    url = reverse(f"moderation:{name}", args=[activity.slug])
    response = client.post(url, {"reason": " "}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("moderation:review", args=[activity.slug])
    assert (
        "Geef een reden, zodat de aanbieder weet wat er anders moet." in response.content.decode()
    )
    assert status_of(activity) == S.SUBMITTED
    assert mail.outbox == []


def test_decisions_need_a_post_with_a_csrf_token(world):
    activity = waiting(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    url = reverse("moderation:approve", args=[activity.slug])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert status_of(activity) == S.SUBMITTED


def test_the_queue_shows_the_oldest_submission_first_or_says_it_is_empty(client, world):
    client.force_login(world.coordinator)
    assert "Er wacht niets op controle" in client.get(reverse("moderation:queue")).content.decode()
    first, second = waiting(world, title="Eerste"), waiting(world, title="Tweede")
    AuditLog.objects.filter(activity=second).update(
        created=AuditLog.objects.get(activity=first).created.replace(year=2020)
    )
    body = client.get(reverse("moderation:queue")).content.decode()
    assert body.index("Tweede") < body.index("Eerste")
    assert "Organisatie A" in body


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_and_the_log_use_a_fixed_number_of_queries(client, world, django_user_model):
    client.force_login(world.coordinator)
    waiting(world)
    few = {name: queries(client, reverse(f"moderation:{name}")) for name in ("queue", "log")}
    for _ in range(6):
        owner = factories.provider()
        user = member(django_user_model, owner, f"{owner.slug}@example.org")
        services.activity_submit(activity=draft(owner), by=user)
    many = {name: queries(client, reverse(f"moderation:{name}")) for name in ("queue", "log")}
    # session, user, two-factor device check, rows (+ count for the pages)
    assert few == many == {"queue": 4, "log": 5}


def test_the_log_is_paginated_newest_first(client, world):
    for n in range(55):
        services.audit(
            action=Action.PROVIDER_CHANGED,
            by=world.coordinator,
            provider=world.a,
            message=f"wijziging {n}",
        )
    client.force_login(world.coordinator)
    first = client.get(reverse("moderation:log")).content.decode()
    assert "wijziging 54" in first and "wijziging 4<" not in first
    assert "Pagina 1 van 2" in first
    second = client.get(reverse("moderation:log"), {"pagina": 2}).content.decode()
    assert "wijziging 4<" in second


def test_the_log_shows_who_did_what_with_the_changed_fields(client, world):
    services.provider_set_verified(provider=world.a, verified=True, by=world.coordinator)
    client.force_login(world.coordinator)
    body = client.get(reverse("moderation:log")).content.decode()
    assert "coordinator@techniekpact.example" in body
    assert f"De coördinator wijzigde de gegevens van {world.a.name}" in body
    assert "provider.changed" not in body
    assert '<th scope="row">Mag direct publiceren</th><td>nee</td><td>ja</td>' in body


def test_the_admin_shows_the_log_but_never_lets_anyone_change_it(client, world, django_user_model):
    waiting(world)
    client.force_login(django_user_model.objects.create_superuser("beheer", "b@example.org", "x"))
    row = AuditLog.objects.get()
    assert client.get("/beheer/moderation/auditlog/").status_code == 200
    assert client.get(f"/beheer/moderation/auditlog/{row.pk}/change/").status_code == 200
    assert client.get("/beheer/moderation/auditlog/add/").status_code == 403
    assert client.post(f"/beheer/moderation/auditlog/{row.pk}/delete/").status_code == 403


def test_a_provider_on_a_moderation_page_gets_a_dutch_refusal(client, django_user_model):
    user = django_user_model.objects.create_user("p@example.org", password="x-y-z-123456")
    client.force_login(user)
    response = client.get("/moderatie/")
    assert response.status_code == 403
    assert "Hier mag je niet komen" in response.content.decode()


# A decision applies to exactly the version on the review page ---------------------------------

STALE = "Deze activiteit is veranderd sinds je hem opende. Bekijk de nieuwe versie."
PHISHING = "https://phishing.example/inloggen"


def portal_edit(client, activity, **change):
    """The provider changes the activity through the portal's form, as a person would."""
    from tests.factories import edit_post

    response = client.post(
        reverse("portal:activity-edit", args=[activity.slug]), edit_post(activity, **change)
    )
    assert response.status_code == 302, response.context["form"].errors
    return response


def shown_version(client, activity):
    """The version the coordinator's review page puts in its decision forms."""
    body = client.get(reverse("moderation:review", args=[activity.slug])).content.decode()
    versions = set(re.findall(r'name="version" value="(\d+)"', body))
    assert len(versions) == 1, versions
    return versions.pop()


def public_pages(client, *slugs):
    """Everything a visitor or a re-user can read about activities, as one text."""
    urls = ["/activiteiten/", "/api/v1/activities", "/api/v1/activities.geojson",
            "/api/v1/feeds/new.rss", "/sitemap.xml", "/activiteiten.geojson",
            "/api/v1/activities.ics"]  # fmt: skip
    urls += [f"/activiteiten/{s}/" for s in slugs] + [f"/api/v1/activities/{s}" for s in slugs]
    return "\n".join(client.get(url).content.decode() for url in urls)


@pytest.fixture
def two_clients(world):
    provider, coordinator = Client(), Client()
    provider.force_login(world.provider_a)
    coordinator.force_login(world.coordinator)
    return SimpleNamespace(provider=provider, coordinator=coordinator, public=Client())


def test_edit_during_review_makes_stale_approval_fail(world, two_clients):
    activity = waiting(world, title="Bruggen bouwen", days=(5,))
    version = shown_version(two_clients.coordinator, activity)
    portal_edit(two_clients.provider, activity, title="Iets heel anders")
    response = two_clients.coordinator.post(
        reverse("moderation:approve", args=[activity.slug]), {"version": version}, follow=True
    )
    assert STALE in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("moderation:review", args=[activity.slug])
    activity.refresh_from_db()
    assert (activity.status, activity.title) == (S.DRAFT, "Iets heel anders")  # left the queue
    assert not AuditLog.objects.filter(action=Action.APPROVED).exists()
    assert mail.outbox == []
    # Without a version the decision is not taken either.
    services.activity_submit(activity=activity, by=world.provider_a)
    url = reverse("moderation:approve", args=[activity.slug])
    assert STALE in two_clients.coordinator.post(url, follow=True).content.decode()
    assert status_of(activity) == S.SUBMITTED


def test_phishing_link_edited_during_review_is_never_published(world, two_clients):
    """The provider's change of a published activity waits; while the coordinator reads it, the
    provider swaps in a phishing link and submits again. The old decision must not publish it."""
    public = factories.activity("Bruggen bouwen", owner=world.a, days=(5,), signup_method="link",
                                signup_url="https://aanbieder.example/aanmelden")  # fmt: skip
    portal_edit(two_clients.provider, public, title="Bruggen en torens bouwen",
                signup_method="link", signup_url="https://aanbieder.example/aanmelden")  # fmt: skip
    change = Activity.objects.get(revision_of=public)
    services.activity_submit(activity=change, by=world.provider_a)
    seen = shown_version(two_clients.coordinator, change)

    portal_edit(two_clients.provider, change, signup_method="link", signup_url=PHISHING,
                title="Bruggen en torens bouwen")  # fmt: skip
    services.activity_submit(activity=Activity.objects.get(pk=change.pk), by=world.provider_a)
    for name in sorted(DECISIONS):
        url = reverse(f"moderation:{name}", args=[change.slug])
        body = two_clients.coordinator.post(url, {"version": seen, "reason": "Prima."}, follow=True)
        assert STALE in body.content.decode(), name

    assert status_of(change) == S.SUBMITTED  # still waiting, now with the version to look at
    assert (
        PHISHING
        in two_clients.coordinator.get(
            reverse("moderation:review", args=[change.slug])
        ).content.decode()
    )
    public.refresh_from_db()
    assert public.signup_url == "https://aanbieder.example/aanmelden"
    assert PHISHING not in public_pages(two_clients.public, public.slug, change.slug)
    assert not AuditLog.objects.filter(action=Action.APPROVED).exists()


def test_published_version_stays_public_while_change_waits(world, two_clients):
    public = factories.activity("Bruggen bouwen", owner=world.a, days=(5,), also=("water",))
    counted = Activity.objects.public().count()
    portal_edit(two_clients.provider, public, title="Torens bouwen", price="3")
    change = Activity.objects.get(revision_of=public)
    services.activity_submit(activity=change, by=world.provider_a)

    page = two_clients.public.get(public.get_absolute_url())
    assert page.status_code == 200 and "Bruggen bouwen" in page.content.decode()
    everything = public_pages(two_clients.public, public.slug, change.slug)
    assert "Torens bouwen" not in everything and change.slug not in everything
    assert two_clients.public.get(f"/activiteiten/{change.slug}/").status_code == 404
    assert (
        two_clients.public.get(f"/aanbieders/{world.a.slug}/")
        .content.decode()
        .count("Torens bouwen")
        == 0
    )
    assert Activity.objects.public().count() == counted

    # Sent back: the public version stays.
    services.activity_request_changes(activity=change, by=world.coordinator, reason="Prijs?")
    assert two_clients.public.get(public.get_absolute_url()).status_code == 200

    # Approved: the change goes onto the same row and address, with its themes and dates.
    services.activity_submit(activity=Activity.objects.get(pk=change.pk), by=world.provider_a)
    change.refresh_from_db()
    decide = reverse("moderation:approve", args=[change.slug])
    two_clients.coordinator.post(decide, {"version": change.version})
    public.refresh_from_db()
    assert (public.title, public.status, str(public.price)) == (
        "Torens bouwen",
        S.PUBLISHED,
        "3.00",
    )
    assert not Activity.objects.filter(pk=change.pk).exists()
    assert sorted(public.themes.values_list("slug", flat=True)) == ["water"]
    assert public.occurrences.count() == 1
    assert "Torens bouwen" in two_clients.public.get(public.get_absolute_url()).content.decode()
    history = list(AuditLog.objects.filter(activity=public).values_list("action", flat=True))
    assert Action.CHANGED in history and Action.SUBMITTED in history  # the change's log moved
    assert history[0] == Action.APPROVED


def test_review_page_shows_difference(world, two_clients):
    public = factories.activity("Bruggen bouwen", owner=world.a, days=(5,))
    portal_edit(two_clients.provider, public, title="Torens bouwen")
    change = Activity.objects.get(revision_of=public)
    services.activity_submit(activity=change, by=world.provider_a)
    body = two_clients.coordinator.get(
        reverse("moderation:review", args=[change.slug])
    ).content.decode()
    assert '<th scope="row">Titel</th><td>Bruggen bouwen</td><td>Torens bouwen</td>' in body
    assert f'href="{public.get_absolute_url()}"' in body
    assert "Verschil tussen de gepubliceerde versie en de wijziging" in body
    assert "Korte naam" not in body  # the change's own address is no difference
    queue = two_clients.coordinator.get(reverse("moderation:queue")).content.decode()
    assert "Wijziging" in queue
