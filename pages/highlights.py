"""What the home page puts forward: the soonest activities, one per theme so the row is varied."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from catalogue.models import Activity

HIGHLIGHTS = 4
CANDIDATES = 40  # enough soon dates to find several themes without reading the whole catalogue


def upcoming_highlights(limit: int = HIGHLIGHTS, now: dt.datetime | None = None) -> list[Activity]:
    """The soonest public activities with a date, at most one per main theme; topped up with the
    next soonest when there are fewer themes than places. Sorted by date.

    The candidates are read as (id, main theme) only and just the chosen few as whole activities
    with their provider, venue and themes (issue 17: forty whole activities with their relations
    were most of the home page's first render)."""
    now = now or timezone.now()
    candidates = list(
        Activity.objects.public(now)
        .filter(next_start__isnull=False)  # type: ignore[misc]  # annotated by public(), unseen by the plugin
        .order_by("next_start", "pk")
        .values_list("pk", "main_theme_id")[:CANDIDATES]
    )
    picked: list[int] = []
    themes: set[int] = set()
    for pk, theme in candidates:
        if theme not in themes and len(picked) < limit:
            themes.add(theme)
            picked.append(pk)
    for pk, _theme in candidates:
        if len(picked) >= limit:
            break
        if pk not in picked:
            picked.append(pk)
    chosen = (
        Activity.objects.public(now)
        .filter(pk__in=picked)
        .select_related("provider", "main_theme", "venue")
        .prefetch_related("themes")
    )
    return sorted(chosen, key=lambda a: (a.next_start, a.pk))  # type: ignore[attr-defined]
