"""The recommender's reasons (matching.reasons) in the language of the page.

matching composes them from Dutch message ids and parts without Django; here they are translated with the
active language's catalogue, numbers get its notation (number_format: "3,5" or "3.5") and days its names
(Django's date format: "zaterdag 12 december", "Saturday 12 December"). Translate when the page is rendered,
never in a cached snapshot: one process serves every language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.template.defaultfilters import date as format_date
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext

from matching.reasons import Part, render


class Active:
    """matching.reasons.Words for the active language."""

    def gettext(self, message: str) -> str:
        return gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return ngettext(singular, plural, count)

    def number(self, value: float, decimals: int) -> str:
        return number_format(value, decimal_pos=decimals)

    def day(self, local: dt.datetime, with_date: bool) -> str:
        if not with_date:
            return format_date(local, "l")
        # Translators: a Django date format for a day with its date, "zaterdag 12 december"; "l j E" gives
        # the genitive month name where a language has one (Polish "12 grudnia")
        return format_date(local, pgettext("weekday and date", "l j F"))


ACTIVE = Active()


def say(part: Part) -> str:
    """One reason, "" for nothing, in the active language."""
    return render(part, ACTIVE)


def say_all(parts: Iterable[Part]) -> list[str]:
    return [say(part) for part in parts]
