"""The one window of dates a person may enter: forms, the admin, the import, skipped dates and the
database all use it. A date far outside it (year 1, year 9999) cannot be turned into a time in
Amsterdam and back to UTC, and broke the preview, the moderation page and the backup.

EARLIEST lies before any activity of this site; people plan at most YEARS_AHEAD ahead. The
database constraint cannot use "today", so it holds the fixed STORABLE range instead (wider, so a
date that was fine when entered stays storable)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST = dt.date(2020, 1, 1)
YEARS_AHEAD = 5
STORABLE_LATEST = dt.date(2099, 12, 31)


def latest(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def storable(day: dt.date) -> bool:
    """Within the database's fixed range (what the recurrence expands and a backup accepts)."""
    return EARLIEST <= day <= STORABLE_LATEST


def validate_entered_date(value: dt.date | dt.datetime) -> None:
    """Validator for every date a person enters: between EARLIEST and YEARS_AHEAD from today."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST <= day <= latest():
        raise ValidationError(
            _("Kies een datum tussen %(first)s en %(last)s.")
            % {"first": f"{EARLIEST:%d-%m-%Y}", "last": f"{latest():%d-%m-%Y}"},
            code="date_out_of_range",
        )
