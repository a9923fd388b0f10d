"""The activity's life, in one place: every write of an activity is one function here, and each
writes its audit row (an action from the closed set AuditLog.Action, with before and after) in the
same transaction as the change. The portal, the spreadsheet import, the admin, the "still on" link
and the moderation pages all call these; nothing else changes an activity's content or status.

    activity_create           portal form              activity.created
    activity_edit             portal form              activity.changed
    activity_duplicate        portal                   activity.duplicated
    activities_import         spreadsheet import       activity.created / activity.changed
    activity_submit           portal                   activity.submitted / published_directly
    activity_approve          moderation               activity.approved
    activity_reject           moderation               activity.rejected
    activity_request_changes  moderation               activity.changes_requested
    activity_admin_saved      admin form               activity.created / changed_by_coordinator
    activity_publish          admin action             activity.published_by_coordinator
    activity_archive          admin action             activity.archived
    ongoing_confirm           "still on" link          activity.confirmed
    date_cancel               portal, moderation       activity.date_cancelled / date_postponed
    date_move                 portal, moderation       activity.date_moved
    date_restore              portal, moderation       activity.date_restored
    activity_withdraw         write API (partners)     activity.withdrawn
    api_key_created/_revoked  portal (API keys)        provider.api_key_created / _revoked

Every change of content adds one to Activity.version; a coordinator's decision names the version
it was taken on, so it never applies to a version nobody reviewed. A published activity stays
public as it is while a change to it waits: the change is a pending revision (a draft row with
`revision_of`), applied onto the published row when it is let through (moderation.writes).

E-mails are sent last; when the mail server is down they are queued in the same transaction
(outbox.mail) and sent later by `send_queued_mail`, so a decision is never lost or unannounced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol, cast

from django.contrib.auth import get_user_model
from django.contrib.auth import models as auth
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import access, datechanges
from catalogue.models import Activity, DateChange, DateStatus, Occurrence, Provider, Schedule, Theme
from catalogue.recurrence import AMSTERDAM
from catalogue.services import activity_sync_occurrences, unique_slug
from moderation import emails, writes
from moderation.models import PUBLICATIONS, AuditLog
from moderation.snapshots import (
    activity_snapshot,
    content_snapshot,
    field_value,
    provider_snapshot,
    snapshot_diff,
)

S = Activity.Status
Action = AuditLog.Action
User = auth.User | auth.AnonymousUser
SUBMITTABLE = {S.DRAFT, S.REJECTED, S.CHANGES_REQUESTED}
# Set by the workflow itself, so not part of "what the provider changed".
BOOKKEEPING = frozenset({"status", "moderation_note", "last_confirmed", "slug"})
__all__ = ["PUBLICATIONS", "snapshot_diff"]  # the log page reads differences through this module


class ModerationError(Exception):
    """A refused step; the message is Dutch and shown to the user as it is."""


def activity_changes(*, activity: Activity) -> list[tuple[str, str, str]] | None:
    """What differs from the version the public sees: for a pending revision, the published
    activity as it is now; otherwise the version last let through (approved, published directly or
    by the coordinator). None when it never was public: the coordinator reviews it as new."""
    if activity.revision_of is not None:
        public = activity_snapshot(activity.revision_of)
        return snapshot_diff(public, activity_snapshot(activity), skip=BOOKKEEPING)
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
    by: User | None,
    activity: Activity | None = None,
    provider: Provider | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    message: str = "",
) -> AuditLog:
    """Write one log row. Call it inside the transaction of the change it describes, so there is
    never a change without its row or a row without its change. An action outside the closed set
    is a programming error: refused here, and by the database's constraint."""
    return AuditLog.objects.create(
        actor=by if by is not None and by.is_authenticated else None,
        action=Action(action),
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


def _is_coordinator(user: User) -> bool:
    return bool(user.is_active and getattr(user, "is_staff", False))


def _may_act_for(user: User, provider: Provider) -> bool:
    return _is_coordinator(user) or (access.is_member(user, provider))


def _require_member(user: User, provider: Provider) -> None:
    if not _may_act_for(user, provider):
        raise ModerationError(_("Je mag deze activiteit niet veranderen."))


# Writing content: create, edit, duplicate, import ----------------------------------------------


def _lock(activity: Activity) -> Activity:
    """The stored row under a row lock: two people cannot change or decide one activity at once.
    The caller's copy gets the stored status and version. A pending change is locked after its
    published activity, always in that order, so an edit and a decision never wait on each other."""
    if activity.revision_of_id is not None:
        list(Activity.objects.select_for_update().filter(pk=activity.revision_of_id).values("pk"))
    stored = Activity.objects.select_for_update().get(pk=activity.pk)
    activity.status, activity.version = stored.status, stored.version
    return stored


@transaction.atomic
def activity_create(
    *,
    activity: Activity,
    themes: Sequence[Theme],
    schedules: Sequence[Schedule],
    by: User,
    message: str = "",
) -> Activity:
    """A new draft of the provider's (never submitted or published by creating it)."""
    _require_member(by, activity.provider)
    writes.save_new_venue(activity)
    if not activity.slug:
        activity.slug = unique_slug(Activity, f"{activity.title} {activity.provider.place}")
    activity.status, activity.version, activity.revision_of = S.DRAFT, 1, None
    activity.save()
    activity.themes.set(themes)
    writes.set_schedules(activity, schedules)
    audit(action=Action.CREATED, by=by, activity=activity, after=activity_snapshot(activity),
          message=message)  # fmt: skip
    return activity


def _same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return not snapshot_diff(a, b, skip=BOOKKEEPING)


@transaction.atomic
def activity_edit(
    *,
    activity: Activity,
    themes: Sequence[Theme],
    schedules: Sequence[Schedule],
    by: User | None,
    message: str = "",
) -> Activity:
    """Save a change (`activity` holds the new values). Returns the row that holds the change:
    - nothing changed: nothing is written;
    - a published activity stays public as it is; the change goes into its pending revision;
    - a submitted activity leaves the queue (back to draft): it was not reviewed like this;
    - otherwise the row itself changes. Every change adds one to the version.
    `by` None is the system (an import without a person); people must belong to the provider."""
    stored = _lock(activity)
    if by is not None:
        _require_member(by, stored.provider)
    if stored.status == S.PUBLISHED:
        pending = Activity.objects.select_for_update().filter(revision_of=stored).first()
        if pending is None:
            return _start_revision(stored, activity, themes, schedules, by=by, message=message)
        before = activity_snapshot(pending)  # before the new values are put onto it
        activity, stored = writes.content_onto(activity, pending), pending
    else:
        before = activity_snapshot(stored)
    if _same_content(before, content_snapshot(activity, themes, schedules)):
        return stored
    writes.save_new_venue(activity)
    if stored.status == S.SUBMITTED:
        activity.status = S.DRAFT
    activity.version = stored.version + 1
    activity.save()
    activity.themes.set(themes)
    writes.set_schedules(activity, schedules)
    audit(action=Action.CHANGED, by=by, activity=activity, before=before,
          after=activity_snapshot(activity), message=message)  # fmt: skip
    return activity


def _start_revision(
    published: Activity,
    activity: Activity,
    themes: Sequence[Theme],
    schedules: Sequence[Schedule],
    *,
    by: User | None,
    message: str,
) -> Activity:
    before = activity_snapshot(published)
    if _same_content(before, content_snapshot(activity, themes, schedules)):
        return published
    writes.save_new_venue(activity)
    revision = writes.start_revision(published, activity, themes, schedules)
    message = message or _("wijziging van de gepubliceerde versie")
    audit(action=Action.CHANGED, by=by, activity=revision, before=before,
          after=activity_snapshot(revision), message=message)  # fmt: skip
    return revision


@transaction.atomic
def activity_duplicate(*, original: Activity, by: User) -> Activity:
    """A draft copy under "Kopie van ...", with the same themes and dates."""
    _require_member(by, original.provider)
    title = _("Kopie van %(title)s") % {"title": original.title}
    copied = writes.duplicate(original, title=title)
    audit(action=Action.DUPLICATED, by=by, activity=copied, after=activity_snapshot(copied),
          message=f"kopie van {original.slug}")  # fmt: skip
    return copied


class ImportRow(Protocol):
    """A checked row of portal.importer: the activity with the new values (`original` is the stored
    one it updates, None for a new one), its themes and its one schedule; `before` as logged."""

    activity: Activity
    original: Activity | None
    themes: list[Theme]
    schedule: Schedule | None
    before: dict[str, Any] | None


@transaction.atomic
def activities_import(*, provider: Provider, rows: Sequence[ImportRow], by: User | None) -> None:
    """Save the changed rows of one import batch in a few queries, each audited with before and
    after. New rows become drafts, changed drafts stay drafts,
    a submitted one leaves the queue; a change to a published activity becomes its pending revision,
    exactly as in the form, and the published version stays public."""
    published = [r for r in rows if r.original is not None and r.original.status == S.PUBLISHED]
    for row in published:
        schedules = [row.schedule] if row.schedule else []
        activity_edit(
            activity=row.activity, themes=row.themes, schedules=schedules, by=by, message="import"
        )
    rows = [r for r in rows if not any(r is p for p in published)]
    new = [r for r in rows if r.original is None]
    old = [r for r in rows if r.original is not None]
    writes.save_new_venues(r.activity for r in rows)
    for row in new:
        row.activity.status, row.activity.version = S.DRAFT, 1
    Activity.objects.bulk_create([r.activity for r in new])
    now = timezone.now()
    for row in old:
        row.activity.status, row.activity.updated = S.DRAFT, now
        row.activity.version = row.original.version + 1  # type: ignore[union-attr]  # `old`: rows with one
    fields = [*writes.content_fields(), "status", "updated", "version"]
    Activity.objects.bulk_update([r.activity for r in old], fields)
    writes.replace_themes(rows)
    writes.replace_schedules(rows)
    AuditLog.objects.bulk_create(
        AuditLog(
            actor=by if by is not None and by.is_authenticated else None,
            action=Action.CHANGED if row.original else Action.CREATED,
            activity=row.activity,
            provider=provider,
            before=row.before,
            after=content_snapshot(
                row.activity, row.themes, [row.schedule] if row.schedule else []
            ),
            message="import",
        )
        for row in rows
    )


# Submitting and deciding ---------------------------------------------------------------------


def _change(
    activity: Activity, *, by: User, action: str, status: str, note: str | None = None
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
        # the changed names are plain columns; get_field is typed for relations too
        **{
            name: field_value(activity, cast("Field[Any, Any]", Activity._meta.get_field(name)))
            for name in changed
        },
    }
    return audit(
        action=action, by=by, activity=activity, before=before, after=after, message=note or ""
    )


def _publish_revision(revision: Activity, *, by: User, action: str) -> Activity:
    """The pending change goes live on the published row; returns the published row."""
    if revision.revision_of_id is None:
        raise Activity.DoesNotExist("not a pending change")
    public = Activity.objects.get(pk=revision.revision_of_id)
    before = activity_snapshot(public)
    public = writes.apply_revision(revision)
    public.moderation_note, public.last_confirmed = "", timezone.localdate()
    public.save(update_fields=["moderation_note", "last_confirmed", "updated"])
    audit(action=action, by=by, activity=public, before=before, after=activity_snapshot(public))
    return public


@transaction.atomic
def activity_submit(*, activity: Activity, by: User) -> Activity:
    """Send a draft (new, rejected, sent back, or the pending change of a published activity) to
    the queue; a verified provider's is published at once. Returns the activity as it now is on
    the site or in the queue (for a published change: the public row)."""
    _lock(activity)
    if not _may_act_for(by, activity.provider):
        raise ModerationError(_("Je mag deze activiteit niet indienen."))
    if activity.status not in SUBMITTABLE:
        raise ModerationError(
            _("Een activiteit met de status “%(status)s” kun je niet indienen.")
            % {"status": activity.get_status_display()}
        )
    if not activity.provider.verified:
        _change(activity, by=by, action=Action.SUBMITTED, status=S.SUBMITTED)
        return activity
    if activity.revision_of_id is not None:
        return _publish_revision(activity, by=by, action=Action.PUBLISHED_DIRECTLY)
    _change(activity, by=by, action=Action.PUBLISHED_DIRECTLY, status=S.PUBLISHED, note="")
    return activity


def _check_decision(activity: Activity, by: User, version: int | None) -> None:
    """Only a coordinator decides, only on a waiting activity, and only on the version that was on
    the review page (None: a caller without a page, e.g. a script, decides on what is stored)."""
    _lock(activity)
    if not _is_coordinator(by):
        raise ModerationError(_("Alleen de coördinator beoordeelt activiteiten."))
    if version is not None and version != activity.version:
        raise ModerationError(
            _("Deze activiteit is veranderd sinds je hem opende. Bekijk de nieuwe versie.")
        )
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
def activity_approve(*, activity: Activity, by: User, version: int | None = None) -> Activity:
    """Publish exactly the reviewed version; a pending change goes onto the published row."""
    _check_decision(activity, by, version)
    if activity.revision_of_id is not None:
        activity = _publish_revision(activity, by=by, action=Action.APPROVED)
    else:
        _change(activity, by=by, action=Action.APPROVED, status=S.PUBLISHED, note="")
    emails.activity_approved(activity=activity, to=provider_recipients(activity.provider))
    return activity


@transaction.atomic
def activity_reject(
    *, activity: Activity, by: User, reason: str, version: int | None = None
) -> Activity:
    """Refuse it; for a pending change, the published version stays as it is."""
    reason = _reason(reason)
    _check_decision(activity, by, version)
    _change(activity, by=by, action=Action.REJECTED, status=S.REJECTED, note=reason)
    emails.activity_rejected(
        activity=activity, to=provider_recipients(activity.provider), reason=reason
    )
    return activity


@transaction.atomic
def activity_request_changes(
    *, activity: Activity, by: User, reason: str, version: int | None = None
) -> Activity:
    reason = _reason(reason)
    _check_decision(activity, by, version)
    _change(
        activity, by=by, action=Action.CHANGES_REQUESTED, status=S.CHANGES_REQUESTED, note=reason
    )
    emails.activity_changes_requested(
        activity=activity, to=provider_recipients(activity.provider), reason=reason
    )
    return activity


# The coordinator's admin ---------------------------------------------------------------------


def _require_coordinator(by: User) -> None:
    if not _is_coordinator(by):
        raise ModerationError(_("Alleen de coördinator mag dit."))


@transaction.atomic
def activity_admin_saved(
    *, activity: Activity, before: dict[str, Any] | None, by: User
) -> Activity:
    """The admin's form has saved the activity, its themes and dates (inside the admin's own
    transaction): store the occurrences, count the version and log it."""
    _require_coordinator(by)
    activity_sync_occurrences(activity=activity)
    after = activity_snapshot(activity)
    if before == after:
        return activity
    if before is not None:
        writes.bump([activity])
        activity.refresh_from_db(fields=["version"])
    action = Action.CHANGED_BY_COORDINATOR if before is not None else Action.CREATED
    audit(action=action, by=by, activity=activity, before=before, after=after)
    return activity


@transaction.atomic
def activity_publish(*, activity: Activity, by: User) -> Activity:
    """The coordinator publishes without the queue (a pending change: onto its published row)."""
    _require_coordinator(by)
    _lock(activity)
    if activity.revision_of_id is not None:
        return _publish_revision(activity, by=by, action=Action.PUBLISHED_BY_COORDINATOR)
    if activity.status != S.PUBLISHED:
        _change(
            activity, by=by, action=Action.PUBLISHED_BY_COORDINATOR, status=S.PUBLISHED, note=""
        )
    return activity


@transaction.atomic
def activity_archive(*, activity: Activity, by: User) -> Activity:
    _require_coordinator(by)
    _lock(activity)
    if activity.status != S.ARCHIVED:
        _change(activity, by=by, action=Action.ARCHIVED, status=S.ARCHIVED)
    return activity


@transaction.atomic
def activity_withdraw(*, activity: Activity, by: User, message: str = "") -> Activity:
    """The provider takes its activity off the site (and out of the queue): archived, with its
    pending change if it has one. Withdrawing twice changes nothing the second time."""
    _lock(activity)
    _require_member(by, activity.provider)
    pending = Activity.objects.select_for_update().filter(revision_of=activity).first()
    for row in [r for r in (pending, activity) if r is not None]:
        if row.status != S.ARCHIVED:
            log = _change(row, by=by, action=Action.WITHDRAWN, status=S.ARCHIVED)
            if message:
                log.message = message
                log.save(update_fields=["message"])
    return activity


# Calling off and moving dates ---------------------------------------------------------------


def _dates_target(
    activity: Activity, by: User, code: str, schedule_id: int | None
) -> list[Occurrence]:
    """Who may (the organisation's members and the coordinator), on what (a published activity,
    not a pending change) and which coming dates: one date by its code, or one series."""
    _lock(activity)
    if not _may_act_for(by, activity.provider):
        raise ModerationError(_("Je mag de data van deze activiteit niet veranderen."))
    if activity.status != S.PUBLISHED or activity.revision_of_id is not None:
        raise ModerationError(
            _("Alleen van een activiteit die op de Techniekkaart staat kun je data afgelasten.")
        )
    found = datechanges.targets(activity, code=code, schedule_id=schedule_id)
    if not found:
        raise ModerationError(_("Deze datum is al voorbij of hoort niet bij deze activiteit."))
    return found


def _dates_changed(
    activity: Activity, *, by: User, action: str, before: list[Occurrence], reason: str
) -> AuditLog:
    """Remake the occurrences with the changes, count a new version (calendars read it as the
    SEQUENCE, so they replace what they have) and log the dates before and after."""
    activity_sync_occurrences(activity=activity)
    writes.bump([activity])
    activity.save(update_fields=["updated"])
    activity.refresh_from_db(fields=["version", "updated"])
    codes = {o.code for o in before}
    after = [o for o in Occurrence.objects.filter(activity=activity) if o.code in codes]
    return audit(action=action, by=by, activity=activity,
                 before={"dates": datechanges.summary(before)},
                 after={"dates": datechanges.summary(after)}, message=reason)  # fmt: skip


def _date_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ModerationError(_("Schrijf kort waarom, zodat ouders en kinderen het snappen."))
    return reason[: datechanges.REASON_MAX]


@transaction.atomic
def date_cancel(
    *,
    activity: Activity,
    by: User,
    reason: str,
    code: str = "",
    schedule_id: int | None = None,
    postpone: bool = False,
) -> int:
    """Call off one coming date (`code`) or every coming date of a series (`schedule_id`);
    `postpone`: it will come back at a time not known yet. Returns how many dates."""
    reason = _date_reason(reason)
    found = _dates_target(activity, by, code, schedule_id)
    status = DateStatus.POSTPONED if postpone else DateStatus.CANCELLED
    for o in found:
        DateChange.objects.update_or_create(
            schedule_id=o.schedule_id,
            day=datechanges.day_of(o.previous_start or o.start),
            defaults={"status": status, "reason": reason, "new_start": None, "new_end": None},
        )
    action = Action.DATE_POSTPONED if postpone else Action.DATE_CANCELLED
    _dates_changed(activity, by=by, action=action, before=found, reason=reason)
    return len(found)


@transaction.atomic
def date_move(
    *,
    activity: Activity,
    by: User,
    reason: str,
    day: dt.date,
    start: dt.time,
    end: dt.time,
    code: str = "",
    schedule_id: int | None = None,
) -> int:
    """Move one coming date to `day` from `start` to `end`; for a series, the first coming date
    moves to `day` and every later one moves as many days, all to the new clock times."""
    reason = _date_reason(reason)
    if end <= start:
        raise ModerationError(_("De eindtijd moet na de begintijd liggen."))
    found = _dates_target(activity, by, code, schedule_id)
    first = datechanges.day_of(found[0].previous_start or found[0].start)
    shift = day - first
    for o in found:
        original = datechanges.day_of(o.previous_start or o.start)
        new_day = original + shift
        new_start = dt.datetime.combine(new_day, start, tzinfo=AMSTERDAM)
        if new_start < timezone.now():
            raise ModerationError(_("De nieuwe datum en tijd liggen in het verleden."))
        DateChange.objects.update_or_create(
            schedule_id=o.schedule_id,
            day=original,
            defaults={
                "status": DateStatus.MOVED,
                "reason": reason,
                "new_start": new_start,
                "new_end": dt.datetime.combine(new_day, end, tzinfo=AMSTERDAM),
            },
        )
    _dates_changed(activity, by=by, action=Action.DATE_MOVED, before=found, reason=reason)
    return len(found)


@transaction.atomic
def date_restore(
    *, activity: Activity, by: User, code: str = "", schedule_id: int | None = None
) -> int:
    """The date (or series) goes on after all, at its first time. Returns how many dates."""
    found = [o for o in _dates_target(activity, by, code, schedule_id) if o.status != "gepland"]
    if not found:
        raise ModerationError(_("Deze datum gaat al door."))
    for o in found:
        DateChange.objects.filter(
            schedule_id=o.schedule_id, day=datechanges.day_of(o.previous_start or o.start)
        ).delete()
    _dates_changed(activity, by=by, action=Action.DATE_RESTORED, before=found, reason="")
    return len(found)


# The provider's "still on" -------------------------------------------------------------------


@transaction.atomic
def ongoing_confirm(*, provider: Provider, today: dt.date | None = None) -> int:
    """The provider says its ongoing offers are still on (from the link in the reminder, so
    without an account): they return to, or stay on, the public pages. Returns how many."""
    today = today or timezone.localdate()
    activities = list(
        Activity.objects.select_for_update()
        .filter(provider=provider, revision_of__isnull=True)
        .exclude(availability=Activity.Availability.DATES)
        .exclude(status__in=[S.ARCHIVED, S.REJECTED])
        .only("pk", "last_confirmed", "provider_id")
    )
    rows = [
        AuditLog(
            action=Action.CONFIRMED,
            activity=a,
            provider=provider,
            before={"last_confirmed": a.last_confirmed.isoformat() if a.last_confirmed else None},
            after={"last_confirmed": today.isoformat()},
            message=_("via de herinnering"),
        )
        for a in activities
    ]
    Activity.objects.filter(pk__in=[a.pk for a in activities]).update(
        last_confirmed=today, updated=timezone.now()
    )
    AuditLog.objects.bulk_create(rows)
    return len(activities)


# Providers -----------------------------------------------------------------------------------


@transaction.atomic
def provider_set_verified(*, provider: Provider, verified: bool, by: User) -> Provider:
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


def api_key_created(*, provider: Provider, by: User, name: str, prefix: str) -> AuditLog:
    """Logged with the key's name and public prefix; the key itself is never written anywhere."""
    _require_member(by, provider)
    return audit(action=Action.API_KEY_CREATED, by=by, provider=provider,
                 after={"name": name, "prefix": prefix})  # fmt: skip


def api_key_revoked(*, provider: Provider, by: User, name: str, prefix: str) -> AuditLog:
    _require_member(by, provider)
    return audit(action=Action.API_KEY_REVOKED, by=by, provider=provider,
                 before={"name": name, "prefix": prefix})  # fmt: skip
