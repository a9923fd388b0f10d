"""Write workflows of moderation: submit, approve, reject, ask for changes, and the audit log.

Each workflow is one transaction: the status change and its AuditLog row (with before and after)
succeed together or not at all. The e-mail to the provider is sent last; when the mail server is
down it is queued in the same transaction (outbox.mail) and sent later by `send_queued_mail`, so
a decision is never lost and never unannounced."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import Activity, Provider
from moderation import emails
from moderation.models import AuditLog
from moderation.snapshots import activity_snapshot, field_value, provider_snapshot, snapshot_diff
from portal.models import Membership

S = Activity.Status
Action = AuditLog.Action
SUBMITTABLE = {S.DRAFT, S.REJECTED, S.CHANGES_REQUESTED, S.PUBLISHED}
# Set by moderation itself, so not part of "what the provider changed".
BOOKKEEPING = frozenset({"status", "moderation_note", "last_confirmed"})
PUBLICATIONS = [Action.APPROVED, Action.PUBLISHED_DIRECTLY]


class ModerationError(Exception):
    """A refused step; the message is Dutch and shown to the user as it is."""


def activity_changes(*, activity: Activity) -> list[tuple[str, str, str]] | None:
    """What the provider changed since the activity was last let through (approved or published
    directly); None when it never was, i.e. the coordinator reviews it as new."""
    published = (
        AuditLog.objects.filter(activity=activity, action__in=PUBLICATIONS)
        .order_by("-created", "-id")
        .values_list("after", flat=True)
        .first()
    )
    if published is None:
        return None
    return snapshot_diff(published, activity_snapshot(activity), skip=BOOKKEEPING)


# The audit log and the people to tell --------------------------------------------------------


def audit(
    *,
    action: str,
    by: AbstractUser | None,
    activity: Activity | None = None,
    provider: Provider | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    message: str = "",
) -> AuditLog:
    """Write one log row. Call it inside the transaction of the change it describes, so there is
    never a change without its row or a row without its change."""
    return AuditLog.objects.create(
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        activity=activity,
        provider=provider or (activity.provider if activity else None),
        before=before,
        after=after,
        message=message,
    )


def provider_recipients(provider: Provider) -> list[str]:
    """Every active account of the organisation plus its contact address, each address once.
    Accounts not yet active (an invitation not accepted) have no confirmed address yet."""
    members = (
        get_user_model()
        .objects.filter(memberships__provider=provider, is_active=True)
        .values_list("email", flat=True)
    )
    unique: dict[str, str] = {}
    for address in [provider.email, *members]:
        address = (address or "").strip()
        if address:
            unique.setdefault(address.lower(), address)
    return list(unique.values())


def _is_coordinator(user: AbstractUser) -> bool:
    return user.is_active and user.is_staff


def _may_act_for(user: AbstractUser, provider: Provider) -> bool:
    return _is_coordinator(user) or (
        user.is_active and Membership.objects.filter(user=user, provider=provider).exists()
    )


# Transitions ----------------------------------------------------------------------------------


def _lock(activity: Activity) -> None:
    """Re-read the status under a row lock: two coordinators cannot both decide one submission."""
    rows = Activity.objects.select_for_update().filter(pk=activity.pk)
    activity.status = rows.values_list("status", flat=True).get()


def _change(
    activity: Activity, *, by: AbstractUser, action: str, status: str, note: str | None = None
) -> AuditLog:
    """Set the status (and the coordinator's note), save only those fields, log before/after."""
    before = activity_snapshot(activity)
    activity.status = status
    changed = ["status"]
    if note is not None:
        activity.moderation_note, changed = note, [*changed, "moderation_note"]
    if status == S.PUBLISHED:  # just checked by its provider or the coordinator
        activity.last_confirmed, changed = timezone.localdate(), [*changed, "last_confirmed"]
    activity.save(update_fields=[*changed, "updated"])
    after = {
        **before,
        **{name: field_value(activity, Activity._meta.get_field(name)) for name in changed},
    }
    return audit(
        action=action, by=by, activity=activity, before=before, after=after, message=note or ""
    )


@transaction.atomic
def activity_submit(*, activity: Activity, by: AbstractUser) -> Activity:
    """Send an activity (new, rejected, sent back, or an edit of a published one) to the queue;
    a verified provider's activity is published at once."""
    _lock(activity)
    if not _may_act_for(by, activity.provider):
        raise ModerationError(_("Je mag deze activiteit niet indienen."))
    if activity.status not in SUBMITTABLE:
        raise ModerationError(
            _("Een activiteit met de status “%(status)s” kun je niet indienen.")
            % {"status": activity.get_status_display()}
        )
    if activity.provider.verified:
        _change(activity, by=by, action=Action.PUBLISHED_DIRECTLY, status=S.PUBLISHED, note="")
    else:
        _change(activity, by=by, action=Action.SUBMITTED, status=S.SUBMITTED)
    return activity


def _check_decision(activity: Activity, by: AbstractUser) -> None:
    _lock(activity)
    if not _is_coordinator(by):
        raise ModerationError(_("Alleen de coördinator beoordeelt activiteiten."))
    if activity.status != S.SUBMITTED:
        raise ModerationError(
            _("Deze activiteit wacht niet op controle (status: “%(status)s”).")
            % {"status": activity.get_status_display()}
        )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Geef een reden, zodat de aanbieder weet wat er anders moet."))
    return reason


@transaction.atomic
def activity_approve(*, activity: Activity, by: AbstractUser) -> Activity:
    _check_decision(activity, by)
    _change(activity, by=by, action=Action.APPROVED, status=S.PUBLISHED, note="")
    emails.activity_approved(activity=activity, to=provider_recipients(activity.provider))
    return activity


@transaction.atomic
def activity_reject(*, activity: Activity, by: AbstractUser, reason: str) -> Activity:
    reason = _reason(reason)
    _check_decision(activity, by)
    _change(activity, by=by, action=Action.REJECTED, status=S.REJECTED, note=reason)
    emails.activity_rejected(
        activity=activity, to=provider_recipients(activity.provider), reason=reason
    )
    return activity


@transaction.atomic
def activity_request_changes(*, activity: Activity, by: AbstractUser, reason: str) -> Activity:
    reason = _reason(reason)
    _check_decision(activity, by)
    _change(
        activity, by=by, action=Action.CHANGES_REQUESTED, status=S.CHANGES_REQUESTED, note=reason
    )
    emails.activity_changes_requested(
        activity=activity, to=provider_recipients(activity.provider), reason=reason
    )
    return activity


@transaction.atomic
def provider_set_verified(*, provider: Provider, verified: bool, by: AbstractUser) -> Provider:
    """The coordinator decides per organisation whether its activities skip the queue."""
    if not _is_coordinator(by):
        raise ModerationError(_("Alleen de coördinator bepaalt wie direct mag publiceren."))
    before = provider_snapshot(provider)
    provider.verified = verified
    provider.save(update_fields=["verified"])
    audit(
        action=Action.PROVIDER_CHANGED,
        by=by,
        provider=provider,
        before=before,
        after={**before, "verified": verified},
    )
    return provider
