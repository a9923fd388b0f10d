"""The quarterly impact report for funders (/cijfers/rapport/): one printed page per final quarter.

Every number about children comes from the dashboard's own publication (impact.figures.dashboard,
which runs impact/publication.py and impact/families.py): the report picks tables from it and never
counts children itself, so a cell the dashboard hides as "< 10" is hidden here too. The lists of new
activities and providers are about organisations, not children, and are public on the site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from catalogue.models import Activity, Provider
from impact import figures
from impact.models import QuarterNote
from impact.publication import Publication, Table
from impact.units import Period

# The tables of a report page, in this order (slugs of impact/publication.py).
REPORT_TABLES = ("trechter", "gemeenten", "sto-regios", "tekort")
NEWEST = 6


@dataclass(frozen=True)
class NewActivity:
    title: str
    provider: str
    url: str


@dataclass
class QuarterReport:
    period: Period
    publication: Publication
    tables: list[Table]
    note: str
    new_activities: list[NewActivity]
    new_activity_count: int
    new_providers: list[str]
    new_provider_count: int


def quarter_report(period: Period, offered: list[Period], notes: dict[str, str]) -> QuarterReport:
    publication = figures.dashboard(period, offered)
    start, end = period.bounds()
    activities = (
        Activity.objects.published()
        .filter(created__gte=start, created__lt=end)
        .select_related("provider")
        .order_by("-created", "-pk")
    )
    providers = (
        Provider.objects.filter(created__gte=start, created__lt=end)
        .filter(activities__in=Activity.objects.published())
        .distinct()
        .order_by("-created", "-pk")
    )
    return QuarterReport(
        period=period,
        publication=publication,
        tables=[publication.tables[slug] for slug in REPORT_TABLES if slug in publication.tables],
        note=notes.get(period.slug, ""),
        new_activities=[
            NewActivity(a.title, a.provider.name, a.get_absolute_url()) for a in activities[:NEWEST]
        ],
        new_activity_count=activities.count(),
        new_providers=[p.name for p in providers[:NEWEST]],
        new_provider_count=providers.count(),
    )


def reports(periods: list[Period], offered: list[Period]) -> list[QuarterReport]:
    """One report per quarter asked for, oldest first (the order a printed report reads in)."""
    notes = dict(
        QuarterNote.objects.filter(period__in=[p.slug for p in periods]).values_list(
            "period", "text"
        )
    )
    return [quarter_report(p, offered, notes) for p in sorted(periods)]


@dataclass(frozen=True)
class Upcoming:
    """Before the first quarter is final: which quarter comes first and from which day."""

    period: Period
    from_day: dt.date


def upcoming(today: dt.date | None = None) -> Upcoming:
    """The quarter running now ends, and the day after its end its figures are final (if the
    retention window allows; with the default of a year it always does)."""
    period = Period.containing(today or timezone.localdate())
    return Upcoming(period, period.next_first_day)


def clean_note(text: str) -> str:
    """The coordinator's text as stored: plain text, line breaks kept (\\n), other control
    characters dropped, surrounding space trimmed. It is escaped wherever it is shown."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(ch for ch in text if ch == "\n" or ch == "\t" or ch >= " ")
    return "\n".join(line.rstrip() for line in kept.strip().split("\n"))


def save_note(period: Period, text: str, user: object) -> QuarterNote:
    note, _created = QuarterNote.objects.update_or_create(
        period=period.slug,
        defaults={"text": clean_note(text), "updated_by": user},
    )
    return note
