"""The activity's life has one owner (moderation.services): every transition, from every place it
can start (the portal through the test client, the spreadsheet import, the admin through the
admin, the "still on" link, the moderation pages), writes exactly one audit row with an action from
the closed set, the person who did it, and before and after.

Personas: provider A (a member of organisation A), the coordinator (staff) and nobody (the
reminder link needs no log-in)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Activity
from moderation import services
from moderation.models import AuditLog
from portal import freshness, importer
from portal.models import Membership
from tests import factories
from tests.factories import activity_post, csv_file, edit_post, good_row

pytestmark = pytest.mark.django_db

S = Activity.Status
Action = AuditLog.Action


@pytest.fixture
def world(client, django_user_model):
    org = factories.provider("Organisatie A", email="info@a.example")
    provider_a = django_user_model.objects.create_user("anna@a.example", "anna@a.example", "x-1")
    Membership.objects.create(user=provider_a, provider=org)
    coordinator = django_user_model.objects.create_superuser("coordinator", "c@example.org", "x")
    return SimpleNamespace(org=org, provider_a=provider_a, coordinator=coordinator, client=client)


def as_provider(world):
    world.client.force_login(world.provider_a)
    return world.client


def as_coordinator(world):
    world.client.force_login(world.coordinator)
    return world.client


def draft(world, **fields):
    return factories.activity("Bruggen bouwen", owner=world.org, **{"status": S.DRAFT, **fields})


def admin_post(activity, **change):
    schedule = activity.schedules.get()
    data = {
        "title": activity.title, "slug": activity.slug, "summary": activity.summary,
        "description": "", "provider": activity.provider_id, "main_theme": activity.main_theme_id,
        "kind": activity.kind, "min_age": activity.min_age, "max_age": activity.max_age,
        "audience": activity.audience, "price": "0", "signup_method": "geen",
        "location_type": "locatie", "venue": activity.venue_id, "availability": "data",
        "schedules-TOTAL_FORMS": 1, "schedules-INITIAL_FORMS": 1,
        "schedules-0-id": schedule.pk, "schedules-0-activity": activity.pk,
        "schedules-0-frequency": "eenmalig", "schedules-0-start_date": schedule.start_date.isoformat(),
        "schedules-0-start_time": "10:00", "schedules-0-end_time": "12:00",
    }  # fmt: skip
    return {**data, **change}


def submitted(world, **fields):
    activity = draft(world, **fields)
    return services.activity_submit(activity=activity, by=world.provider_a)


def decide(world, name, activity, **data):
    url = reverse(f"moderation:{name}", args=[activity.slug])
    activity.refresh_from_db()
    return as_coordinator(world).post(url, {"version": activity.version, **data})


def still_on_link(world):
    activity = draft(world, status=S.PUBLISHED, availability="aanvraag", days=(),
                     last_confirmed=timezone.localdate() - dt.timedelta(days=110))  # fmt: skip
    freshness.reminders_send()
    link = re.search(r"http://\S+(/portaal/nog-actueel/\S+/)", mail.outbox[-1].body).group(1)
    return activity, link


@dataclass
class Step:
    """One transition from one entry point: `run(world)` does it and returns the activity the
    audit row is about; the row must carry `action`, the actor and before/after."""

    action: str
    run: Callable[[SimpleNamespace], Activity]
    actor: str | None  # "provider_a", "coordinator" or None
    before: bool  # whether the row has a "before" (a new activity has none)


def portal_create(world):
    client = as_provider(world)
    data = activity_post(factories.theme_named("bouwen"), factories.venue(world.org))
    client.post(reverse("portal:activity-new", args=[world.org.slug]), data)
    return Activity.objects.get(title="Robots bouwen")


def portal_edit_draft(world):
    activity = draft(world)
    as_provider(world).post(reverse("portal:activity-edit", args=[activity.slug]),
                            edit_post(activity, title="Bruggen en torens"))  # fmt: skip
    activity.refresh_from_db()
    assert activity.title == "Bruggen en torens"
    return activity


def portal_edit_published(world):
    activity = draft(world, status=S.PUBLISHED)
    as_provider(world).post(reverse("portal:activity-edit", args=[activity.slug]),
                            edit_post(activity, title="Bruggen en torens"))  # fmt: skip
    return Activity.objects.get(revision_of=activity)


def portal_duplicate(world):
    activity = draft(world)
    as_provider(world).post(reverse("portal:activity-duplicate", args=[activity.slug]))
    return Activity.objects.get(title="Kopie van Bruggen bouwen")


def portal_submit(world):
    activity = draft(world)
    as_provider(world).post(reverse("portal:activity-submit", args=[activity.slug]))
    return activity


def portal_submit_verified(world):
    world.org.verified = True
    world.org.save(update_fields=["verified"])
    return portal_submit(world)


def portal_submit_change_verified(world):
    world.org.verified = True
    world.org.save(update_fields=["verified"])
    public = draft(world, status=S.PUBLISHED)
    revision = portal_edit_published_of(world, public)
    as_provider(world).post(reverse("portal:activity-submit", args=[revision.slug]))
    return public


def portal_edit_published_of(world, public):
    as_provider(world).post(reverse("portal:activity-edit", args=[public.slug]),
                            edit_post(public, title="Bruggen en torens"))  # fmt: skip
    return Activity.objects.get(revision_of=public)


def moderation_approve(world):
    activity = submitted(world)
    assert decide(world, "approve", activity).status_code == 302
    return activity


def moderation_approve_change(world):
    public = draft(world, status=S.PUBLISHED)
    revision = portal_edit_published_of(world, public)
    services.activity_submit(activity=revision, by=world.provider_a)
    decide(world, "approve", revision)
    return public


def pending_change(world):
    public = draft(world, status=S.PUBLISHED)
    revision = portal_edit_published_of(world, public)
    return services.activity_submit(activity=revision, by=world.provider_a)


def portal_submit_change(world):
    public = draft(world, status=S.PUBLISHED)
    revision = portal_edit_published_of(world, public)
    as_provider(world).post(reverse("portal:activity-submit", args=[revision.slug]))
    return revision


def moderation_reject_change(world):
    revision = pending_change(world)
    decide(world, "reject", revision, reason="Geen techniek.")
    assert Activity.objects.get(pk=revision.revision_of_id).status == S.PUBLISHED
    return revision


def moderation_request_changes_of_a_change(world):
    revision = pending_change(world)
    decide(world, "request-changes", revision, reason="Vul de leeftijd aan.")
    assert Activity.objects.get(pk=revision.revision_of_id).status == S.PUBLISHED
    return revision


def moderation_reject(world):
    activity = submitted(world)
    decide(world, "reject", activity, reason="Geen techniek.")
    return activity


def moderation_request_changes(world):
    activity = submitted(world)
    decide(world, "request-changes", activity, reason="Vul de leeftijd aan.")
    return activity


def import_create(world):
    data = csv_file([good_row("WS-1")])
    importer.import_activities(provider=world.org, data=data, by=world.provider_a)
    return Activity.objects.get(external_ref="WS-1")


def import_change(world):
    activity = import_create(world)
    data = csv_file([good_row("WS-1", titel="Bouw een toren")])
    importer.import_activities(provider=world.org, data=data, by=world.provider_a)
    return activity


def import_change_published(world):
    activity = import_create(world)
    Activity.objects.filter(pk=activity.pk).update(status=S.PUBLISHED)
    data = csv_file([good_row("WS-1", titel="Bouw een toren")])
    importer.import_activities(provider=world.org, data=data, by=world.provider_a)
    return Activity.objects.get(revision_of=activity)


def import_through_the_page(world):
    client = as_provider(world)
    file = SimpleUploadedFile("a.csv", csv_file([good_row("WS-9")]), "text/csv")
    client.post(reverse("portal:activity-import", args=[world.org.slug]), {"bestand": file})
    return Activity.objects.get(external_ref="WS-9")


def admin_add(world):
    template = draft(world)
    data = admin_post(template, title="Zeepkisten", slug="zeepkisten",
                      **{"schedules-INITIAL_FORMS": 0, "schedules-0-id": "",
                         "schedules-0-activity": ""})  # fmt: skip
    response = as_coordinator(world).post("/beheer/catalogue/activity/add/", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    return Activity.objects.get(slug="zeepkisten")


def admin_change(world):
    activity = draft(world, status=S.PUBLISHED)
    url = f"/beheer/catalogue/activity/{activity.pk}/change/"
    response = as_coordinator(world).post(url, admin_post(activity, title="Bruggen en torens"))
    assert response.status_code == 302, response.context["adminform"].errors
    return activity


def admin_action(name, status):
    def run(world):
        activity = draft(world, status=status)
        as_coordinator(world).post("/beheer/catalogue/activity/",
                                   {"action": name, "_selected_action": [activity.pk]})  # fmt: skip
        return activity

    return run


def admin_publish_change(world):
    public = draft(world, status=S.PUBLISHED)
    revision = portal_edit_published_of(world, public)
    as_coordinator(world).post("/beheer/catalogue/activity/",
                               {"action": "publish", "_selected_action": [revision.pk]})  # fmt: skip
    return public


def still_on(world):
    activity, link = still_on_link(world)
    world.client.logout()
    world.client.post(link)
    return activity


def partner_withdraw(world):
    """The partner's system withdraws its activity through the write API, with a key made by a
    member of the organisation (issue 21): the row names that member."""
    from portal import keys

    activity = draft(world, status=S.PUBLISHED, external_ref="BIB-1")
    made = keys.key_create(provider=world.org, name="agenda", by=world.provider_a)
    world.client.logout()
    answer = world.client.delete("/api/v1/partner/activities/BIB-1",
                                 headers={"Authorization": f"Bearer {made.plaintext}"})  # fmt: skip
    assert answer.status_code == 200, answer.content
    return activity


def dates_page(role, action, **extra):
    """A date called off, put off, moved or restored through the portal's or the coordinator's
    page (issue 21)."""

    def run(world):
        activity = draft(world, status=S.PUBLISHED)
        code = activity.occurrences.get().code
        if role == "coordinator":
            client, url = as_coordinator(world), f"/moderatie/{activity.slug}/data/"
        else:
            client, url = as_provider(world), f"/portaal/activiteit/{activity.slug}/data/"
        if action == "doorgaan":
            client.post(url, {"wat": f"datum:{code}", "actie": "afgelast", "reden": "Ziek"})
        data = {"wat": f"datum:{code}", "actie": action, "reden": "Ziek", **extra}
        assert client.post(url, data).status_code == 302
        return activity

    return run


MOVE = {"datum": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
        "begintijd": "13:00", "eindtijd": "14:00"}  # fmt: skip

STEPS = {
    "portal: call off a date": Step(
        Action.DATE_CANCELLED, dates_page("provider_a", "afgelast"), "provider_a", True
    ),
    "portal: put off a date": Step(
        Action.DATE_POSTPONED, dates_page("provider_a", "uitgesteld"), "provider_a", True
    ),
    "moderation: move a date": Step(
        Action.DATE_MOVED, dates_page("coordinator", "verplaatst", **MOVE), "coordinator", True
    ),
    "portal: a date goes on after all": Step(
        Action.DATE_RESTORED, dates_page("provider_a", "doorgaan"), "provider_a", True
    ),
    "portal: create": Step(Action.CREATED, portal_create, "provider_a", False),
    "portal: edit a draft": Step(Action.CHANGED, portal_edit_draft, "provider_a", True),
    "portal: edit a published one": Step(Action.CHANGED, portal_edit_published, "provider_a", True),
    "portal: duplicate": Step(Action.DUPLICATED, portal_duplicate, "provider_a", False),
    "portal: submit": Step(Action.SUBMITTED, portal_submit, "provider_a", True),
    "portal: submit, verified": Step(
        Action.PUBLISHED_DIRECTLY, portal_submit_verified, "provider_a", True
    ),
    "portal: submit a change, verified": Step(
        Action.PUBLISHED_DIRECTLY, portal_submit_change_verified, "provider_a", True
    ),
    "moderation: approve": Step(Action.APPROVED, moderation_approve, "coordinator", True),
    "moderation: approve a change": Step(
        Action.APPROVED, moderation_approve_change, "coordinator", True
    ),
    "portal: submit a change": Step(Action.SUBMITTED, portal_submit_change, "provider_a", True),
    "moderation: reject": Step(Action.REJECTED, moderation_reject, "coordinator", True),
    "moderation: reject a change": Step(
        Action.REJECTED, moderation_reject_change, "coordinator", True
    ),
    "moderation: ask for changes to a change": Step(
        Action.CHANGES_REQUESTED, moderation_request_changes_of_a_change, "coordinator", True
    ),
    "moderation: ask for changes": Step(
        Action.CHANGES_REQUESTED, moderation_request_changes, "coordinator", True
    ),
    "import: new row": Step(Action.CREATED, import_create, "provider_a", False),
    "import: changed row": Step(Action.CHANGED, import_change, "provider_a", True),
    "import: changed published row": Step(
        Action.CHANGED, import_change_published, "provider_a", True
    ),
    "import: through the page": Step(Action.CREATED, import_through_the_page, "provider_a", False),
    "admin: add": Step(Action.CREATED, admin_add, "coordinator", False),
    "admin: change": Step(Action.CHANGED_BY_COORDINATOR, admin_change, "coordinator", True),
    "admin: publish": Step(
        Action.PUBLISHED_BY_COORDINATOR, admin_action("publish", S.SUBMITTED), "coordinator", True
    ),
    "admin: publish a change": Step(
        Action.PUBLISHED_BY_COORDINATOR, admin_publish_change, "coordinator", True
    ),
    "admin: archive": Step(
        Action.ARCHIVED, admin_action("archive", S.PUBLISHED), "coordinator", True
    ),
    "still on: the reminder's button": Step(Action.CONFIRMED, still_on, None, True),
    "write API: withdraw": Step(Action.WITHDRAWN, partner_withdraw, "provider_a", True),
}


@pytest.mark.parametrize("name", list(STEPS))
def test_every_transition_from_every_entry_point_writes_its_audit_row(world, name):
    step = STEPS[name]
    start = AuditLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    activity = step.run(world)
    row = AuditLog.objects.filter(id__gt=start, activity=activity).order_by("-id").first()
    assert row is not None, f"{name}: no audit row"
    assert row.action == step.action and row.action in Action.values
    assert row.actor == (getattr(world, step.actor) if step.actor else None)
    assert row.provider == world.org
    assert row.after, name
    assert (row.before is not None) == step.before, name
    if row.before is not None:
        assert row.before != row.after, f"{name}: before and after are the same"
    assert not AuditLog.objects.exclude(action__in=Action.values).exists()


def test_every_activity_action_has_a_way_in():
    """The closed set and the walk above agree: no transition without an entry point."""
    walked = {step.action for step in STEPS.values()}
    assert walked == {a for a in Action.values if a.startswith("activity.")}


def test_an_unknown_action_cannot_be_written(world):
    with pytest.raises(ValueError):
        services.audit(action="activity.gepubliceerd_by_coordinator", by=world.coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditLog.objects.create(action="activity.gepubliceerd_by_coordinator")


def test_an_admin_publish_counts_as_the_last_public_version(world):
    """Before: the admin wrote an action outside the set, so the next review showed it as new."""
    activity = admin_action("publish", S.SUBMITTED)(world)
    activity.refresh_from_db()
    assert services.activity_changes(activity=activity) == []


def test_the_new_activities_feed_includes_an_admin_publish(world, client):
    """Before: the feed counted only approvals and direct publications, so an activity the
    coordinator published in the admin kept the date it was created on."""
    activity = draft(world, status=S.SUBMITTED)
    older = factories.activity("Ouder")
    Activity.objects.filter(pk=older.pk).update(created=timezone.now() - dt.timedelta(days=30))
    Activity.objects.filter(pk=activity.pk).update(created=timezone.now() - dt.timedelta(days=60))
    as_coordinator(world).post("/beheer/catalogue/activity/",
                               {"action": "publish", "_selected_action": [activity.pk]})  # fmt: skip
    client.logout()
    text = client.get(reverse("api:feed-new")).content.decode()
    assert text.index("Bruggen bouwen") < text.index("Ouder")


def version_of(activity):
    return Activity.objects.values_list("version", flat=True).get(pk=activity.pk)


def test_every_change_of_content_counts_a_version_and_nothing_else_does(world):
    activity = import_create(world)
    assert version_of(activity) == 1
    data = csv_file([good_row("WS-1", titel="Bouw een toren")])
    importer.import_activities(provider=world.org, data=data, by=world.provider_a)
    assert version_of(activity) == 2
    as_provider(world).post(reverse("portal:activity-edit", args=[activity.slug]),
                            edit_post(Activity.objects.get(pk=activity.pk), title="Bouw een brug"))  # fmt: skip
    assert version_of(activity) == 3
    importer.import_activities(provider=world.org, data=data, by=world.provider_a)
    assert version_of(activity) == 4
    services.activity_submit(activity=activity, by=world.provider_a)  # status only
    assert version_of(activity) == 4
    url = f"/beheer/catalogue/activity/{activity.pk}/change/"
    as_coordinator(world).post(url, admin_post(Activity.objects.get(pk=activity.pk), title="X"))
    assert version_of(activity) == 5
    importer.import_activities(provider=world.org, data=data, by=world.provider_a)
    assert version_of(activity) == 6  # back to "Bouw een toren"; unchanged rows are left alone
    importer.import_activities(provider=world.org, data=data, by=world.provider_a)
    assert version_of(activity) == 6


def test_a_published_activity_has_at_most_one_pending_change_from_any_way_in(world):
    public = import_create(world)
    Activity.objects.filter(pk=public.pk).update(status=S.PUBLISHED)
    for title in ("Bouw een toren", "Bouw een dam"):
        data = csv_file([good_row("WS-1", titel=title)])
        importer.import_activities(provider=world.org, data=data, by=world.provider_a)
    change = Activity.objects.get(revision_of=public)
    assert change.title == "Bouw een dam"
    as_provider(world).post(reverse("portal:activity-edit", args=[public.slug]),
                            edit_post(public, title="Bouw een sluis"))  # fmt: skip
    change = Activity.objects.get(revision_of=public)  # the form continued the same change
    public.refresh_from_db()
    assert (public.title, public.status) == ("Bouw een brug", S.PUBLISHED)
    assert Activity.objects.count() == 2


def test_the_database_refuses_a_published_pending_change(world):
    public = draft(world, status=S.PUBLISHED)
    change = portal_edit_published_of(world, public)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=change.pk).update(status=S.PUBLISHED)
    assert change.slug not in {a.slug for a in Activity.objects.published()}
