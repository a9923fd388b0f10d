"""Free places: how many classes (and pupils) an activity still takes on a date or in a period.

A place is taken by an agreed visit (also once it happened or not): open requests hold no place, so a
teacher can always ask, but a full date or period cannot be asked for, and agreeing to a date re-checks
under a row lock on the activity (`locked_activity`), so two colleagues agreeing at the same moment
cannot overfill it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Sum

from catalogue.models import Activity
from visits.models import DateCapacity, PeriodCapacity, VisitRequest

TAKING = (
    VisitRequest.State.AGREED,
    VisitRequest.State.HAPPENED,
    VisitRequest.State.NOT_HAPPENED,
)


@dataclass(frozen=True)
class Free:
    date: dt.date
    classes: int  # free classes on the date
    pupils: int | None  # free pupils, None when the provider set no pupil limit
    pk: int = 0  # the DateCapacity row

    @property
    def full(self) -> bool:
        return self.classes <= 0 or (self.pupils is not None and self.pupils <= 0)


def _taken(
    activity: Activity, first: dt.date, following: dt.date
) -> dict[dt.date, tuple[int, int]]:
    rows = (
        VisitRequest.objects.filter(
            activity=activity, state__in=TAKING, date__gte=first, date__lt=following
        )
        .order_by()
        .values("date")
        .annotate(n=Count("pk"), p=Sum("pupils"))
    )
    return {row["date"]: (row["n"], row["p"] or 0) for row in rows}


def free_on(activity: Activity, capacity: DateCapacity) -> Free:
    classes, pupils = _taken(activity, capacity.date, capacity.date + dt.timedelta(days=1)).get(
        capacity.date, (0, 0)
    )
    return Free(
        capacity.date,
        capacity.classes - classes,
        None if capacity.pupils is None else capacity.pupils - pupils,
    )


def free_places(activity: Activity, today: dt.date, days: int = 365) -> list[Free]:
    """Every date the provider set places for, from today on, with what is still free."""
    following = today + dt.timedelta(days=days)
    capacities = list(
        DateCapacity.objects.filter(activity=activity, date__gte=today, date__lt=following)
    )
    taken = _taken(activity, today, following)
    return [
        Free(
            c.date,
            c.classes - taken.get(c.date, (0, 0))[0],
            None if c.pupils is None else c.pupils - taken.get(c.date, (0, 0))[1],
            c.pk,
        )
        for c in capacities
    ]


def period_free(activity: Activity, day: dt.date) -> int | None:
    """Free classes in the year or month of `day` for an offer on request; None when unlimited."""
    period = PeriodCapacity.objects.filter(activity=activity).first()
    if period is None:
        return None
    first, following = period.bounds(day)
    taken = sum(n for n, _p in _taken(activity, first, following).values())
    return period.classes - taken


def refusal(activity: Activity, day: dt.date, pupils: int) -> str:
    """Why `pupils` pupils cannot come on `day` (empty when they can)."""
    capacity = DateCapacity.objects.filter(activity=activity, date=day).first()
    if capacity is not None:
        free = free_on(activity, capacity)
        if free.classes <= 0:
            return "vol"
        if free.pupils is not None and free.pupils < pupils:
            return "te-veel-leerlingen"
    elif activity.visit_dates.exists() and activity.availability == Activity.Availability.DATES:
        return "geen-datum"
    left = period_free(activity, day)
    if left is not None and left <= 0:
        return "periode-vol"
    return ""


def locked_activity(activity: Activity) -> Activity:
    """The activity's row, locked until the transaction ends: capacity decisions for one activity
    happen one at a time (PostgreSQL; SQLite writes one transaction at a time anyway)."""
    return Activity.objects.select_for_update().get(pk=activity.pk)
