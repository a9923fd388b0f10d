"""Write workflows of the catalogue. Views, admin and commands call these; nothing else writes."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.text import slugify

from catalogue import datechanges
from catalogue.models import Activity, DailyCount, Occurrence, Schedule
from catalogue.recurrence import expand


def unique_slug(model: type[Model], text: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(text)[:120] or "item"
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def activity_sync_occurrences(*, activity: Activity) -> int:
    """Recreate the stored occurrences of every schedule of the activity. Returns how many."""
    Occurrence.objects.filter(activity=activity).delete()
    rows = [
        Occurrence(activity=activity, schedule=schedule, start=start, end=end)
        for schedule in Schedule.objects.filter(activity=activity)
        for start, end in expand(
            frequency=schedule.frequency,
            start_date=schedule.start_date,
            start_time=schedule.start_time,
            end_time=schedule.end_time,
            until=schedule.until,
            skip=frozenset(_dates(schedule.skip_dates)),
        )
    ]
    Occurrence.objects.bulk_create(datechanges.with_changes(rows, datechanges.changes_of(activity)))
    return len(rows)


def _dates(values: list[object] | None) -> list[dt.date]:
    days = []
    for value in values or []:
        try:
            days.append(dt.date.fromisoformat(str(value)))
        except ValueError:
            continue
    return days


def _count(activity: Activity, field: str) -> None:
    today = timezone.localdate()
    updated = DailyCount.objects.filter(activity=activity, date=today).update(
        **{field: F(field) + 1}
    )
    if updated:
        return
    try:
        with transaction.atomic():
            DailyCount.objects.create(activity=activity, date=today, **{field: 1})
    except IntegrityError:  # another request created today's row first
        DailyCount.objects.filter(activity=activity, date=today).update(**{field: F(field) + 1})


def activity_count_view(*, activity: Activity) -> None:
    _count(activity, "views")


def activity_count_signup_click(*, activity: Activity) -> None:
    _count(activity, "signup_clicks")
