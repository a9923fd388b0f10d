"""Called-off and moved dates: which dates a change applies to, and how the stored occurrences take
the change over. The decisions and their audit rows live in moderation.services (date_cancel,
date_move, date_restore); the occurrences are remade from the schedules on every edit and take
their DateChange of the same day each time (catalogue.services.activity_sync_occurrences).

A moved date keeps its first time in `previous_start`, so its public code, its page address and its
calendar UID stay the same, and calendar apps replace the old time by the new one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from catalogue.models import Activity, DateChange, DateStatus, Occurrence

REASON_MAX = 300  # DateChange.reason and Occurrence.change_reason
# schema.org eventStatus of each status (https://schema.org/EventStatusType)
EVENT_STATUS: dict[str, str] = {
    DateStatus.SCHEDULED: "https://schema.org/EventScheduled",
    DateStatus.CANCELLED: "https://schema.org/EventCancelled",
    DateStatus.MOVED: "https://schema.org/EventRescheduled",
    DateStatus.POSTPONED: "https://schema.org/EventPostponed",
}


def day_of(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def with_changes(rows: list[Occurrence], changes: Iterable[DateChange]) -> list[Occurrence]:
    """The freshly expanded (unsaved) occurrences with each DateChange of their schedule and day."""
    by_key = {(c.schedule_id, c.day): c for c in changes}
    if not by_key:
        return rows
    for row in rows:
        change = by_key.get((row.schedule_id, day_of(row.start)))
        if change is None:
            continue
        row.status, row.change_reason = change.status, change.reason
        if change.status == DateStatus.MOVED and change.new_start and change.new_end:
            row.previous_start = row.start
            row.start, row.end = change.new_start, change.new_end
    return rows


def changes_of(activity: Activity) -> list[DateChange]:
    return list(DateChange.objects.filter(schedule__activity=activity))


def coming(activity: Activity, now: dt.datetime | None = None) -> list[Occurrence]:
    """The dates that can still be called off or moved: not begun yet (at their first time, and
    at their new time for a moved one)."""
    now = now or timezone.now()
    return [
        o
        for o in Occurrence.objects.filter(activity=activity).select_related("schedule")
        if (o.previous_start or o.start) >= now or o.start >= now
    ]


def targets(
    activity: Activity, *, code: str = "", schedule_id: int | None = None
) -> list[Occurrence]:
    """The coming dates one change is about: the date with this code, or every coming date of one
    series. Empty when there is no such date (passed, or not of this activity)."""
    found = coming(activity)
    if code:
        return [o for o in found if o.code == code][:1]
    if schedule_id is not None:
        return [o for o in found if o.schedule_id == schedule_id]
    return []


def summary(occurrences: Iterable[Occurrence]) -> list[dict[str, str | None]]:
    """What the audit log keeps of the dates before and after a change."""
    return [
        {
            "code": o.code,
            "start": timezone.localtime(o.start).isoformat(),
            "status": o.status,
            "reason": o.change_reason or None,
        }
        for o in occurrences
    ]
