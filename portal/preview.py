"""The card children will see, before anything is saved: for the live preview beside the activity
form and for the example on the "Voor aanbieders" page.

Both render templates/public/_activity_card.html, the public card itself, with an unsaved activity.
Nothing here writes to the database.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import Activity, Provider, Theme, Venue
from catalogue.recurrence import expand
from portal.forms import ActivityForm, ScheduleForm

MAX_ROWS = 20  # ScheduleFormSet's max_num
PREVIEW_ANCHOR = "#kaartvoorbeeld"


class CardPreview:
    """An unsaved activity dressed for the public card: its themes come from the form (an unsaved
    activity has no many-to-many rows) and its link stays on the page."""

    def __init__(self, activity: Activity, themes: list[Theme]) -> None:
        self._activity = activity
        self._themes = themes

    def __getattr__(self, name: str) -> Any:
        return getattr(self._activity, name)

    def theme_list(self) -> list[Theme]:
        return self._themes

    def get_absolute_url(self) -> str:
        return PREVIEW_ANCHOR


def card_from_post(data: QueryDict, provider: Provider) -> tuple[CardPreview, dt.datetime | None]:
    """The card for what the form holds now, valid or not: missing parts show as a hint."""
    activity = Activity(provider=provider)
    form = ActivityForm(data, instance=activity, provider=provider)
    form.is_valid()  # fills the instance with every valid value; errors are the form's business
    cleaned = form.cleaned_data
    activity.title = activity.title or _("Titel van je activiteit")
    activity.summary = activity.summary or _("Hier komt je korte uitleg voor kinderen.")
    if activity.min_age is None or activity.max_age is None:
        activity.min_age, activity.max_age = "?", "?"  # shown, not saved
    if activity.price is None:
        activity.price = Decimal("0")
    if activity.location_type == Activity.LocationType.VENUE and activity.venue is None:
        activity.venue = _new_venue(form) or Venue(
            provider=provider, place=_("Plaats van de locatie")
        )
    return CardPreview(activity, _themes(cleaned)), _first_start(data)


def card_of(activity: Activity) -> tuple[CardPreview, dt.datetime | None]:
    """The card for the activity as saved (or an empty one for a new activity)."""
    if activity.pk is None:
        return card_from_post(QueryDict(), activity.provider)
    upcoming = activity.occurrences.filter(start__gte=timezone.now()).order_by("start").first()
    return CardPreview(activity, activity.theme_list()), upcoming.start if upcoming else None


def _themes(cleaned: dict[str, Any]) -> list[Theme]:
    main = cleaned.get("main_theme")
    others = [t for t in cleaned.get("themes") or [] if t != main][:2]
    if main is None:
        return others
    return [main, *others]


def _new_venue(form: ActivityForm) -> Venue | None:
    if "new_venue_place" not in form.cleaned_data:
        return None
    try:
        return form.new_venue()
    except KeyError:  # a field of the new venue did not validate
        return None


def _first_start(data: QueryDict, now: dt.datetime | None = None) -> dt.datetime | None:
    """The first coming start among the date rows that are filled in correctly."""
    now = now or timezone.now()
    try:
        rows = min(int(data.get("data-TOTAL_FORMS", "0")), MAX_ROWS)
    except ValueError:
        return None
    starts = []
    for index in range(max(rows, 0)):
        if data.get(f"data-{index}-DELETE"):
            continue
        row = ScheduleForm(data, prefix=f"data-{index}")
        if not row.is_valid():
            continue
        when = row.cleaned_data
        skip = frozenset(dt.date.fromisoformat(d) for d in when.get("skip") or [])
        moments = expand(
            frequency=when["frequency"],
            start_date=when["start_date"],
            start_time=when["start_time"],
            end_time=when["end_time"],
            until=when.get("until"),
            skip=skip,
        )
        starts += [start for start, _end in moments if start >= now][:1]
    return min(starts, default=None)


def example_card() -> tuple[CardPreview, dt.datetime]:
    """A made-up activity that shows what a good card looks like (the "Voor aanbieders" page)."""
    theme = Theme.objects.filter(slug="bouwen").first() or Theme(
        slug="bouwen", name="Bouwen & Wonen"
    )
    provider = Provider(name="Bouwbedrijf De Steiger", place="Kampen", municipality="Kampen")
    activity = Activity(
        provider=provider,
        slug="voorbeeld",
        title=_("Bouw een brug van spaghetti"),
        summary=_(
            "Hoe sterk is een brug van spaghetti? Je bouwt er zelf een en test hem met gewichtjes."
        ),
        min_age=8,
        max_age=12,
        price=Decimal("0"),
        location_type=Activity.LocationType.VENUE,
        availability=Activity.Availability.DATES,
    )
    activity.venue = Venue(provider=provider, name="Werkplaats", place="Kampen")
    today = timezone.localdate()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    start = timezone.make_aware(dt.datetime.combine(saturday, dt.time(10, 0)))
    return CardPreview(activity, [theme]), start
