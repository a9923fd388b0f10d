"""What the impact figures are counted by: calendar quarters and their weeks, age buckets, the municipality.

Pure values, no database: the queries (impact/figures.py), the suppression families (impact/families.py) and
the tables (impact/publication.py) all speak in these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

UNKNOWN = ""  # the municipality of a result whose place is not known
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
AGE_BUCKETS = (
    ("t/m 8", _("8 jaar of jonger (groep 5)")),
    ("9", _("9 jaar (groep 6)")),
    ("10", _("10 jaar (groep 7)")),
    ("11", _("11 jaar (groep 8)")),
    ("12+", _("12 jaar of ouder")),
    ("?", _("Leeftijd onbekend")),
)


def age_bucket(age: int | None) -> str:
    if age is None:
        return "?"
    if age <= 8:
        return "t/m 8"
    if age >= 12:
        return "12+"
    return str(age)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar quarter, the only period offered (see impact/suppression.py)."""

    year: int
    quarter: int

    @classmethod
    def containing(cls, day: dt.date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_slug(cls, slug: str) -> Period | None:
        year, _sep, q = (slug or "").partition("-K")
        if not (year.isascii() and year.isdigit() and len(year) == 4 and q in {"1", "2", "3", "4"}):
            return None
        return cls(int(year), int(q))

    @property
    def slug(self) -> str:
        return f"{self.year}-K{self.quarter}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def next_first_day(self) -> dt.date:
        return self.next().first_day

    @property
    def label(self) -> str:
        first = MONTHS[3 * self.quarter - 3]
        last = MONTHS[3 * self.quarter - 1]
        return _("%(q)se kwartaal %(year)s (%(first)s–%(last)s)") % {
            "q": self.quarter,
            "year": self.year,
            "first": first,
            "last": last,
        }

    def next(self) -> Period:
        return Period(self.year + self.quarter // 4, self.quarter % 4 + 1)

    def previous(self) -> Period:
        return Period(self.year - (self.quarter == 1), (self.quarter - 2) % 4 + 1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = ZoneInfo(settings.TIME_ZONE)
        start = dt.datetime.combine(self.first_day, dt.time(), zone)
        return start, dt.datetime.combine(self.next_first_day, dt.time(), zone)

    def weeks(self) -> list[dt.date]:
        """The first day of each week inside the quarter: the quarter's first day, then every Monday."""
        days = [self.first_day]
        monday = self.first_day + dt.timedelta(days=(7 - self.first_day.weekday()) % 7 or 7)
        while monday < self.next_first_day:
            days.append(monday)
            monday += dt.timedelta(days=7)
        return days

    def week_of(self, day: dt.date) -> dt.date:
        return max(self.first_day, day - dt.timedelta(days=day.weekday()))


def week_label(period: Period, first: dt.date) -> str:
    last = min(
        first + dt.timedelta(days=6 - first.weekday()), period.next_first_day - dt.timedelta(1)
    )
    return _("week %(week)s (%(first)s–%(last)s)") % {
        "week": first.isocalendar()[1],
        "first": f"{first.day} {MONTHS[first.month - 1]}",
        "last": f"{last.day} {MONTHS[last.month - 1]}",
    }
