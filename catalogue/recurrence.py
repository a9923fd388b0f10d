"""Expanding a date or a recurring series into concrete start and end times. Plain Python."""

from __future__ import annotations

import datetime as dt
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

from catalogue.dates import storable

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_OCCURRENCES = 400


def nth_weekday(day: dt.date) -> weekday:
    """The weekday of `day` with its place in the month: 2nd Saturday, or last when it is the 5th."""
    n = (day.day - 1) // 7 + 1
    return weekday(day.weekday(), -1 if n == 5 else n)


def expand(
    *,
    frequency: str,
    start_date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    until: dt.date | None,
    skip: frozenset[dt.date] = frozenset(),
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Every (start, end) of a schedule, as aware datetimes in Amsterdam time.

    frequency is "eenmalig", "wekelijks" or "maandelijks" (same weekday of the month as the first date);
    dates in `skip` are left out (a holiday, a closed week). Days outside the storable range of
    catalogue.dates give nothing: year 1 in Amsterdam time has no UTC equivalent.
    """
    if not storable(start_date) or (until is not None and not storable(until)):
        return []
    if frequency == "eenmalig" or until is None:
        days = [start_date]
    else:
        first = dt.datetime.combine(start_date, dt.time())
        last = dt.datetime.combine(until, dt.time())
        if frequency == "wekelijks":
            rule = rrule(WEEKLY, dtstart=first, until=last, count=None)
        elif frequency == "maandelijks":
            rule = rrule(MONTHLY, dtstart=first, until=last, byweekday=nth_weekday(start_date))
        else:
            raise ValueError(f"unknown frequency {frequency!r}")
        days = [moment.date() for moment in islice(rule, MAX_OCCURRENCES)]
    return [
        (
            dt.datetime.combine(day, start_time, tzinfo=AMSTERDAM),
            dt.datetime.combine(day, end_time, tzinfo=AMSTERDAM),
        )
        for day in days
        if day not in skip
    ]
