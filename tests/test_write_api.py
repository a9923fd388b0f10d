"""The partner test of issue 21: a partner's system creates, updates and withdraws an activity
through the write API with its organisation's key; it goes through moderation and the audit log
like one typed into the portal, never reaches another organisation's activity, and the key is
stored hashed, refused once revoked and never written to a log."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.views.debug import ExceptionReporter

from catalogue.models import Activity, Venue
from moderation import services as lifecycle
from moderation.models import AuditLog
from portal import keys
from portal.partner_models import ApiKey
from tests import factories

URL = "/api/v1/partner/activities"
pytestmark = pytest.mark.django_db


def body(**change: Any) -> dict[str, Any]:
    day = timezone.localdate() + dt.timedelta(days=10)
    data: dict[str, Any] = {
        "externalRef": "BIB-2026-001",
        "name": "Robots bouwen in de bieb",
        "summary": "Bouw en programmeer je eigen robot.",
        "description": "Met LEGO en een laptop.",
        "mainTheme": "robots-code",
        "themes": ["maken"],
        "kind": "workshop",
        "minAge": 8,
        "maxAge": 12,
        "price": "2.50",
        "signupMethod": "link",
        "signupUrl": "https://bieb.example.nl/robots",
        "locationType": "locatie",
        "venue": {
            "name": "Bibliotheek Zwolle",
            "address": "Diezerstraat 80",
            "postcode": "8011 RJ",
            "place": "Zwolle",
            "municipality": "Zwolle",
        },
        "availability": "data",
        "schedules": [{"startDate": day.isoformat(), "startTime": "14:00", "endTime": "16:00"}],
    }
    return {**data, **change}


@pytest.fixture
def org(django_user_model):
    provider = factories.provider("Bibliotheek Zwolle")
    user = factories.member(django_user_model, provider, "ict@bieb.example.nl")
    made = keys.key_create(provider=provider, name="agenda", by=user)
    return provider, user, made


def call(client: Client, method: str, url: str, key: str | None, data: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return getattr(client, method)(url, data=data, content_type="application/json", headers=headers)


def test_create_update_withdraw_through_moderation_and_the_audit_log(
    client, org, django_user_model
):
    provider, user, made = org
    created = call(client, "post", URL, made.plaintext, body())
    assert created.status_code == 201, created.content
    data = created.json()["activity"]
    assert (data["externalRef"], data["status"]) == ("BIB-2026-001", "ingediend")
    activity = Activity.objects.get(provider=provider, external_ref="BIB-2026-001")
    assert activity.status == Activity.Status.SUBMITTED and activity.price == 2.5
    assert activity.venue.name == "Bibliotheek Zwolle" and activity.schedules.count() == 1

    # The coordinator sees it in the moderation queue and lets it through.
    coordinator = django_user_model.objects.create_user("coord", "c@example.nl", "x", is_staff=True)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    staff = Client()
    staff.force_login(coordinator)
    session = staff.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=coordinator).persistent_id
    session.save()
    queue = staff.get("/moderatie/")
    assert queue.status_code == 200 and "Robots bouwen in de bieb" in queue.content.decode()
    lifecycle.activity_approve(activity=activity, by=coordinator)

    # Sending the same again changes nothing (idempotent by the partner's own id).
    again = call(client, "post", URL, made.plaintext, body())
    assert again.status_code == 200 and again.json()["changed"] is False
    assert Activity.objects.filter(provider=provider).count() == 1
    assert Venue.objects.filter(provider=provider).count() == 1

    # An update of the published activity becomes its pending change; the public one stays.
    changed = call(client, "post", f"{URL}/BIB-2026-001", made.plaintext,
                   body(name="Robots bouwen en racen"))  # fmt: skip
    assert changed.status_code == 200, changed.content
    out = changed.json()["activity"]
    assert out["status"] == "gepubliceerd" and out["name"] == "Robots bouwen in de bieb"
    assert out["pendingChange"]["status"] == "ingediend"
    pending = Activity.objects.get(revision_of=activity)
    assert pending.title == "Robots bouwen en racen"
    assert "Robots bouwen en racen" in staff.get("/moderatie/").content.decode()

    # Withdrawing takes it off the site and out of the queue.
    gone = call(client, "delete", f"{URL}/BIB-2026-001", made.plaintext)
    assert gone.status_code == 200, gone.content
    activity.refresh_from_db()
    pending.refresh_from_db()
    assert (activity.status, pending.status) == ("gearchiveerd", "gearchiveerd")
    assert client.get(f"/activiteiten/{activity.slug}/").status_code in (404, 410)

    actions = list(
        AuditLog.objects.filter(activity__in=[activity, pending])
        .order_by("id")
        .values_list("action", "actor", "message")
    )
    assert [a for a, _, _ in actions] == [
        "activity.created",
        "activity.submitted",
        "activity.approved",
        "activity.changed",
        "activity.submitted",
        "activity.withdrawn",
        "activity.withdrawn",
    ]  # fmt: skip  (the pending change is withdrawn with its activity)
    assert all(actor in (user.pk, coordinator.pk) for _, actor, _ in actions)
    assert "API-sleutel “agenda”" in actions[0][2]
    key = ApiKey.objects.get(pk=made.key.pk)
    assert key.last_used is not None


def test_the_same_validation_as_the_portal_in_dutch(client, org):
    _, _, made = org
    bad = call(client, "post", URL, made.plaintext,
               body(minAge=12, maxAge=8, themes=["maken", "water", "energie"], signupUrl=""))  # fmt: skip
    assert bad.status_code == 400
    answer = bad.json()
    assert answer["code"] == "invalid"
    assert "maxAge" in answer["fields"] and "themes" in answer["fields"]
    assert "signupUrl" in answer["fields"]
    assert "thema" in " ".join(answer["fields"]["themes"])
    unknown = call(client, "post", URL, made.plaintext, body(status="gepubliceerd"))
    assert unknown.status_code == 400 and "status" in unknown.json()["fields"]
    far = timezone.localdate() + dt.timedelta(days=40)
    series = call(client, "post", URL, made.plaintext, body(schedules=[
        {"frequency": "wekelijks", "startDate": far.isoformat(), "startTime": "10:00",
         "endTime": "09:00"}]))  # fmt: skip
    assert series.status_code == 400
    assert {"schedules[0].endTime", "schedules[0].until"} <= set(series.json()["fields"])
    not_json = client.post(URL, "title=x", content_type="application/x-www-form-urlencoded",
                           headers={"Authorization": f"Bearer {made.plaintext}"})  # fmt: skip
    assert not_json.status_code == 400 and not_json.json()["code"] == "invalid"
    broken = client.post(URL, "{", content_type="application/json",
                         headers={"Authorization": f"Bearer {made.plaintext}"})  # fmt: skip
    assert broken.status_code == 400
    assert not Activity.objects.exists()


def test_another_organisations_activity_cannot_be_touched(client, org):
    provider, _, made = org
    other = factories.activity("Van een ander", external_ref="BIB-2026-001")
    before = (other.title, other.status, other.version)
    assert call(client, "get", f"{URL}/BIB-2026-001", made.plaintext).status_code == 404
    assert call(client, "delete", f"{URL}/BIB-2026-001", made.plaintext).status_code == 404
    ours = call(client, "post", f"{URL}/BIB-2026-001", made.plaintext, body())
    assert ours.status_code == 201  # a new activity of our own, with the same id
    other.refresh_from_db()
    assert (other.title, other.status, other.version) == before
    assert other.provider != provider
    listed = call(client, "get", URL, made.plaintext).json()["activities"]
    assert [a["name"] for a in listed] == ["Robots bouwen in de bieb"]
    # A venue id of another organisation is refused by the portal's own rule.
    foreign = Venue.objects.exclude(provider=provider).first()
    refused = call(client, "post", URL, made.plaintext,
                   body(externalRef="X-2", venue=None, venueId=foreign.pk))  # fmt: skip
    assert refused.status_code == 400 and "venue" in refused.json()["fields"]


def test_no_key_a_wrong_key_and_a_revoked_key_are_refused(client, org):
    provider, user, made = org
    assert client.get(URL).status_code == 401
    assert client.get(URL).headers["WWW-Authenticate"].startswith("Bearer")
    wrong = made.plaintext[:-4] + ("AAAA" if not made.plaintext.endswith("AAAA") else "BBBB")
    assert call(client, "get", URL, wrong).status_code == 401
    assert call(client, "get", URL, made.plaintext).status_code == 200
    keys.key_revoke(key=made.key, by=user)
    refused = call(client, "post", URL, made.plaintext, body())
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
    assert not Activity.objects.exists()
    assert AuditLog.objects.filter(action="provider.api_key_revoked", provider=provider).exists()


def test_a_session_is_not_a_key_and_csrf_still_guards_the_portal(client, org, django_user_model):
    provider, user, _ = org
    client.force_login(user)
    assert client.get(URL).status_code == 401
    assert call(client, "post", URL, None, body()).status_code == 401
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(user)
    page = f"/portaal/organisatie/{provider.slug}/koppelingen/"
    assert guarded.post(page, {"name": "x"}).status_code == 403


def test_a_key_stops_when_its_maker_leaves_the_organisation(client, org):
    _, user, made = org
    user.memberships.all().delete()
    answer = call(client, "get", URL, made.plaintext)
    assert answer.status_code == 403 and answer.json()["code"] == "key_maker_left"


def test_the_key_is_stored_hashed(org):
    _, _, made = org
    # The key's own pattern: its secret is base64url and may hold "_" itself (an rsplit on "_"
    # once took just "o" for the secret, which any dump contains: a rare failure).
    secret = keys.KEY_RE.match(made.plaintext).group(2)
    assert len(secret) == 43
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM portal_apikey")
        rows = cursor.fetchall()
        cursor.execute("SELECT before, after, message FROM moderation_auditlog")
        rows += cursor.fetchall()
    dump = repr(rows)
    assert made.key.prefix in dump  # the row is there, findable by its public part
    assert secret not in dump and made.plaintext not in dump


def test_keys_are_rate_limited_per_key(client, org, settings):
    _, _, made = org
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api-write": "3/60"}
    answers = [call(client, "get", URL, made.plaintext).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_guessing_keys_is_slowed_per_address(client, org, settings):
    _, _, made = org
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api-key-failures": "3/600"}
    for _ in range(3):
        assert call(client, "get", URL, "tk_000000000000_" + "A" * 43).status_code == 401
    assert call(client, "get", URL, made.plaintext).status_code == 429


def test_a_key_in_the_address_is_refused_without_echo(client, org):
    _, _, made = org
    answer = client.get(URL, {"key": made.plaintext})
    assert answer.status_code == 400 and made.plaintext not in answer.content.decode()


def test_the_key_never_appears_in_logs_or_error_reports(client, org, caplog, rf):
    _, _, made = org
    caplog.set_level(logging.DEBUG)
    call(client, "post", URL, made.plaintext, body())  # 201
    call(client, "post", URL, made.plaintext, body(minAge="x"))  # 400
    call(client, "get", f"{URL}/onbekend", made.plaintext)  # 404
    call(client, "get", URL, made.plaintext[:-1] + "x")  # 401
    logged = caplog.text + repr([r.__dict__ for r in caplog.records])
    assert any(r.name == "django.request" for r in caplog.records)  # the 4xx were logged
    assert made.plaintext not in logged and made.key.prefix + "_" not in logged
    # And a crash report (the mail to the admins) hides the Authorization header.
    request = rf.post(URL, data="{}", content_type="application/json",
                      HTTP_AUTHORIZATION=f"Bearer {made.plaintext}")  # fmt: skip
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert "HTTP_AUTHORIZATION" in report and made.plaintext not in report
