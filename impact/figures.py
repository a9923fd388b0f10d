"""Impact figures for the Techniekpact's funders: plain functions over querysets, aggregated in the database.

This is the database side and the entry point: `dashboard()` asks `period_counts()` (a handful of GROUP BY
queries for one quarter) and hands the counts to `publish()` (impact/publication.py), which builds the tables
the dashboard and the CSV files show with small cells hidden (impact/families.py picks them; impact/
suppression.py says why this is safe). Supply figures describe the catalogue as it is now and are public.

The tests replace `periods_available`, `retention_cutoff` and `opened_in` in this module to prove that the
attack notices when a rule is loosened, so those and their callers stay here.

A quarter is only offered once its figures are final (`periods_available()`): it has ended, so no child is
added and no counter of its days grows; it lies entirely inside the quiz results' retention window, so
`manage.py delete_old_quiz_results` has removed none of its results yet; and an activity opened after the
quarter's end does not count for it. Two downloads of the same quarter, a day or a month apart, are therefore
the same, and subtracting them tells nothing (the differencing attack over time).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import number_format

from catalogue.models import Activity, DailyCount, Theme
from classroom.models import ClassSession
from impact.publication import Publication, Shown, Table, publish, supply_tables
from impact.units import AGE_BUCKETS, MONTHS, UNKNOWN, Period, age_bucket, week_label
from quiz.models import DailyStart, Result
from regions.models import region_by_municipality

# The names other modules and the tests know figures by; they live in impact/units.py and publication.py.
__all__ = [
    "AGE_BUCKETS",
    "MONTHS",
    "UNKNOWN",
    "Period",
    "PeriodCounts",
    "Publication",
    "Shown",
    "Supply",
    "Table",
    "age_bucket",
    "dashboard",
    "is_final",
    "opened_in",
    "period_counts",
    "periods_available",
    "publish",
    "results_in",
    "supply",
    "supply_only",
    "week_label",
]


# Which quarters are final ------------------------------------------------------------------------------


def retention_cutoff(now: dt.datetime) -> dt.datetime:
    """Results made before this moment may already be deleted: the rule of quiz.services.old_results, which
    `manage.py delete_old_quiz_results` applies (created < now - QUIZ_RESULT_RETENTION_DAYS, in exact days)."""
    return now - dt.timedelta(days=settings.QUIZ_RESULT_RETENTION_DAYS)


def is_final(period: Period, now: dt.datetime) -> bool:
    """True when nothing counted for the quarter can still change: it ended before today's quarter began,
    and its first moment is not before the retention cutoff (so no result of it can have been deleted)."""
    start, _end = period.bounds()
    return period < Period.containing(timezone.localdate(now)) and start >= retention_cutoff(now)


def periods_available(now: dt.datetime | None = None) -> list[Period]:
    """The quarters whose figures are final (see `is_final`), from the first result on, newest first.

    Empty on a new deployment until its first quarter has ended. A quarter drops off once the retention
    window reaches it, before it could lose a single result: its figures never change while on offer."""
    now = now or timezone.now()
    first = Result.objects.aggregate(first=Min("created"))["first"]
    if first is None:
        return []
    current = Period.containing(timezone.localdate(now))
    periods = []
    period = Period.containing(timezone.localdate(first))
    while period < current:
        if is_final(period, now):
            periods.append(period)
        period = period.next()
    return periods[::-1]


# Counting (in the database) -----------------------------------------------------------------------------


@dataclass
class PeriodCounts:
    """What the database says about one quarter: finished/opened per (municipality, theme), per age and per
    week; started and sign-up clicks per week."""

    period: Period
    by_place_theme: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    by_age: dict[str, tuple[int, int]] = field(default_factory=dict)
    by_week: dict[dt.date, tuple[int, int]] = field(default_factory=dict)
    started: dict[dt.date, int] = field(default_factory=dict)
    clicks: dict[dt.date, int] = field(default_factory=dict)


def results_in(period: Period) -> QuerySet[Result]:
    start, end = period.bounds()
    return Result.objects.filter(created__gte=start, created__lt=end)


def opened_in(period: Period) -> Q:
    """An opening counts for the quarter only when it happened before the quarter's end (`opened` is an
    hour, so the last hour of the quarter still counts): a later opening would change a published figure."""
    return Q(opened__lt=period.bounds()[1])


def period_counts(period: Period) -> PeriodCounts:
    """Five aggregate queries, whatever the number of results."""
    results = results_in(period).order_by()
    opened = opened_in(period)
    return PeriodCounts(
        period,
        by_place_theme=finished_and_opened_by_place_and_theme(results, opened),
        by_age=finished_and_opened_by_age(results, opened),
        by_week=finished_and_opened_by_week(period, results, opened),
        started=started_per_week(period),
        clicks=clicks_per_week(period),
    )


def finished_and_opened_by_place_and_theme(
    results: QuerySet[Result], opened: Q
) -> dict[tuple[str, str], tuple[int, int]]:
    rows = _finished_and_opened(results, opened, "municipality", "top_theme")
    return {(row["municipality"], row["top_theme"]): (row["f"], row["o"]) for row in rows}


def finished_and_opened_by_age(results: QuerySet[Result], opened: Q) -> dict[str, tuple[int, int]]:
    rows = _finished_and_opened(results, opened, "age")
    return _added_up((age_bucket(row["age"]), row["f"], row["o"]) for row in rows)


def finished_and_opened_by_week(
    period: Period, results: QuerySet[Result], opened: Q
) -> dict[dt.date, tuple[int, int]]:
    """Results keep only the hour they were made: grouping by that column is cheap on every database, and
    turning hours into weeks happens here (a database date function per row is slow on SQLite)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    rows = _finished_and_opened(results, opened, "created")
    return _added_up(
        (period.week_of(row["created"].astimezone(zone).date()), row["f"], row["o"]) for row in rows
    )


def _finished_and_opened(
    results: QuerySet[Result], opened: Q, *group_by: str
) -> QuerySet[Result, dict[str, Any]]:
    """Per group: f results finished the quiz, o of them opened an activity (in time, see opened_in)."""
    rows: QuerySet[Result, dict[str, Any]]
    rows = results.values(*group_by).annotate(f=Count("pk"), o=Count("opened", filter=opened))
    return rows


B = TypeVar("B", bound=Hashable)


def _added_up(rows: Iterable[tuple[B, int, int]]) -> dict[B, tuple[int, int]]:
    """(bucket, finished, opened) rows summed per bucket, in the order the buckets first come."""
    sums: dict[B, list[int]] = defaultdict(lambda: [0, 0])
    for bucket, finished, opened in rows:
        cell = sums[bucket]
        cell[0] += finished
        cell[1] += opened
    return {bucket: (finished, opened) for bucket, (finished, opened) in sums.items()}


def _days_of(period: Period) -> Q:
    return Q(date__gte=period.first_day, date__lt=period.next_first_day)


def started_per_week(period: Period) -> dict[dt.date, int]:
    """Quizzes started (counted per day, without a cookie), added up per week."""
    started: dict[dt.date, int] = {}
    for row in DailyStart.objects.filter(_days_of(period)).values("date", "count"):
        week = period.week_of(row["date"])
        started[week] = started.get(week, 0) + row["count"]
    return started


def clicks_per_week(period: Period) -> dict[dt.date, int]:
    """Sign-up link clicks on every activity page, added up per week."""
    clicks: dict[dt.date, int] = {}
    per_day = (
        DailyCount.objects.filter(_days_of(period))
        .order_by()
        .values("date")
        .annotate(k=Sum("signup_clicks"))
    )
    for row in per_day:
        week = period.week_of(row["date"])
        clicks[week] = clicks.get(week, 0) + (row["k"] or 0)
    return clicks


def classes_per_municipality(period: Period) -> dict[str, int]:
    start, end = period.bounds()
    rows = (
        ClassSession.objects.filter(created__gte=start, created__lt=end)
        .order_by()
        .values("municipality")
        .annotate(n=Count("pk"))
    )
    return {row["municipality"]: row["n"] for row in rows}


@dataclass
class Supply:
    """The public catalogue now (not per quarter)."""

    by_theme: dict[str, int]
    by_municipality: dict[str, int]
    by_kind: dict[str, int]
    activities: int
    providers: int
    confirmed_recently: int
    published: int

    @property
    def confirmed_share(self) -> str:
        if not self.published:
            return "–"
        return f"{number_format(100 * self.confirmed_recently / self.published, 0)}%"


def supply(today: dt.date | None = None) -> Supply:
    """The public catalogue now: activities per main theme, municipality (venue, else provider) and kind."""
    today = today or timezone.localdate()
    by_theme: dict[str, int] = defaultdict(int)
    by_place: dict[str, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    providers = set()
    rows = Activity.objects.public().values(
        "main_theme__slug", "kind", "venue__municipality", "provider__municipality", "provider_id"
    )
    total = 0
    for row in rows:
        total += 1
        by_theme[row["main_theme__slug"]] += 1
        by_place[row["venue__municipality"] or row["provider__municipality"] or UNKNOWN] += 1
        by_kind[row["kind"]] += 1
        providers.add(row["provider_id"])
    cutoff = today - dt.timedelta(days=settings.CONFIRM_EVERY_DAYS)
    confirmed = Activity.objects.filter(status=Activity.Status.PUBLISHED).aggregate(
        published=Count("pk"), recent=Count("pk", filter=Q(last_confirmed__gte=cutoff))
    )
    return Supply(
        by_theme=dict(by_theme),
        by_municipality=dict(by_place),
        by_kind=dict(by_kind),
        activities=total,
        providers=len(providers),
        confirmed_recently=confirmed["recent"],
        published=confirmed["published"],
    )


# Entry points -------------------------------------------------------------------------------------------


def themes_in_order() -> list[tuple[str, str]]:
    return [(t.slug, t.name) for t in Theme.objects.all()]


def dashboard(
    period: Period, offered: list[Period] | None = None, today: dt.date | None = None
) -> Publication:
    """Everything the dashboard shows for one quarter. The table beside the previous quarter only when that
    quarter is on offer too (`offered`): one beyond the retention window is no longer final."""
    regions = {m: (r.name if r else "") for m, r in region_by_municipality().items()}
    themes = themes_in_order()
    before = period.previous()
    return publish(
        period_counts(period),
        regions,
        themes,
        previous=period_counts(before) if offered is not None and before in offered else None,
        supply_=supply(today),
        classes=classes_per_municipality(period),
    )


def supply_only(today: dt.date | None = None) -> tuple[Supply, dict[str, Table]]:
    """The supply part alone, for when no quarter is on offer yet."""
    supply_ = supply(today)
    return supply_, supply_tables(supply_, themes_in_order())
