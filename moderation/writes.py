"""How an activity's rows are written: its themes, its schedules and occurrences, copies, and the
pending revision of a published activity. No decisions and no audit rows: those belong to
moderation.services, the one module that calls these inside its transitions."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import F
from django.utils import timezone

from catalogue.models import Activity, Occurrence, Schedule, Theme, Venue
from catalogue.recurrence import expand
from catalogue.services import activity_sync_occurrences, unique_slug
from moderation.models import AuditLog

S = Activity.Status
# Not content: set by the workflow itself, or the identity of the public row. Everything else a
# provider or coordinator can edit travels from a revision onto the published activity.
NOT_CONTENT = frozenset(
    {"slug", "status", "moderation_note", "last_confirmed", "reminded", "provider", "created"}
)
SCHEDULE_FIELDS = ("frequency", "start_date", "start_time", "end_time", "until", "skip_dates")


def content_fields() -> list[str]:
    return [
        f.name
        for f in Activity._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in NOT_CONTENT
    ]


def save_new_venue(activity: Activity) -> None:
    """A venue typed in the form is saved together with the activity that uses it."""
    if activity.venue is not None and activity.venue.pk is None:
        activity.venue.save()


def set_schedules(activity: Activity, schedules: Iterable[Schedule]) -> None:
    """Make these the activity's schedules and store their occurrences. Schedules that already
    belong to it keep their id (a calendar that subscribed to a series keeps it); others are
    copied onto it, and the activity's schedules not in the list are removed."""
    kept: list[int] = []
    for schedule in schedules:
        if schedule.pk is None or schedule.activity_id != activity.pk:
            schedule = copy.copy(schedule)
            schedule.pk, schedule.activity = None, activity
        schedule.save()
        kept.append(schedule.pk)
    Schedule.objects.filter(activity=activity).exclude(pk__in=kept).delete()
    activity_sync_occurrences(activity=activity)


def copy_schedules_onto(source: Activity, target: Activity) -> None:
    """The source's schedules become the target's, reusing the target's ids in date order."""
    ids = list(
        target.schedules.order_by("start_date", "start_time", "pk").values_list("pk", flat=True)
    )
    schedules = []
    for n, schedule in enumerate(source.schedules.order_by("start_date", "start_time", "pk")):
        schedules.append(copy.copy(schedule))
        schedules[-1].pk = ids[n] if n < len(ids) else None
        schedules[-1].activity = target
    set_schedules(target, schedules)


def duplicate(original: Activity, *, title: str) -> Activity:
    """A draft copy with the same content, themes and dates, under a new title and slug."""
    copied = Activity.objects.get(pk=original.pk)
    copied.pk, copied.title, copied.revision_of = None, title, None
    copied.slug = unique_slug(Activity, title)
    copied.status, copied.moderation_note, copied.version = S.DRAFT, "", 1
    copied.save()
    copied.themes.set(original.themes.all())
    copy_schedules_onto(original, copied)
    return copied


def content_onto(content: Activity, target: Activity) -> Activity:
    """The target row (in memory) with the content of `content`: another row's new values."""
    for name in content_fields():
        setattr(target, name, getattr(content, name))
    return target


def start_revision(
    published: Activity, content: Activity, themes: Sequence[Theme], schedules: Sequence[Schedule]
) -> Activity:
    """A new draft row holding the change of a published activity, which stays as it is."""
    revision = copy.copy(content)
    revision.pk, revision.revision_of = None, published
    revision.slug = unique_slug(Activity, f"{published.slug} wijziging")
    revision.status, revision.moderation_note, revision.version = S.DRAFT, "", 1
    revision.last_confirmed, revision.reminded = published.last_confirmed, None
    revision.created = timezone.now()
    revision.save()
    revision.themes.set(themes)
    set_schedules(revision, schedules)
    return revision


def apply_revision(revision: Activity) -> Activity:
    """Put the revision's content onto the published activity (same id, slug and address, its
    themes, dates and image too), move the revision's log onto it and remove the revision."""
    if revision.revision_of_id is None:
        raise Activity.DoesNotExist("not a pending change")
    published = Activity.objects.select_for_update().get(pk=revision.revision_of_id)
    for name in content_fields():
        setattr(published, name, getattr(revision, name))
    published.version += 1
    published.save()
    published.themes.set(revision.themes.all())
    copy_schedules_onto(revision, published)
    AuditLog.objects.filter(activity=revision).update(activity=published)  # its history moves
    revision.delete()
    return published


def bump(activities: Iterable[Activity]) -> None:
    """One more version for rows changed without Activity.save (bulk writes)."""
    Activity.objects.filter(pk__in=[a.pk for a in activities]).update(version=F("version") + 1)


# The spreadsheet import writes a whole batch in a few queries ----------------------------------


def save_new_venues(activities: Iterable[Activity]) -> None:
    venues = {id(a.venue): a.venue for a in activities if a.venue is not None}
    Venue.objects.bulk_create([v for v in venues.values() if v.pk is None])


def replace_themes(rows: Sequence[Any]) -> None:
    through = Activity.themes.through
    through.objects.filter(activity__in=[row.activity.pk for row in rows if row.original]).delete()
    through.objects.bulk_create(
        through(activity_id=row.activity.pk, theme_id=theme.pk)
        for row in rows
        for theme in row.themes
    )


def replace_schedules(rows: Sequence[Any]) -> None:
    """Schedules and their occurrences in bulk: activity_sync_occurrences' expansion for a whole
    batch at once (imported schedules skip no dates)."""
    Schedule.objects.filter(activity__in=[row.activity.pk for row in rows if row.original]).delete()
    schedules = []
    for row in rows:
        if row.schedule is not None:
            row.schedule.activity = row.activity
            schedules.append(row.schedule)
    Schedule.objects.bulk_create(schedules)
    fields = ("frequency", "start_date", "start_time", "end_time", "until")
    Occurrence.objects.bulk_create(
        Occurrence(activity_id=s.activity_id, schedule=s, start=start, end=end)
        for s in schedules
        for start, end in expand(**{name: getattr(s, name) for name in fields})
    )
