"""What the home page puts forward: the soonest activities, one per theme so the row is varied."""

from __future__ import annotations

import datetime as dt

from catalogue.models import Activity

HIGHLIGHTS = 4
CANDIDATES = 40  # enough soon dates to find several themes without reading the whole catalogue


def upcoming_highlights(limit: int = HIGHLIGHTS, now: dt.datetime | None = None) -> list[Activity]:
    """The soonest public activities with a date, at most one per main theme; topped up with the
    next soonest when there are fewer themes than places. Sorted by date."""
    candidates = list(
        Activity.objects.public(now)
        .filter(next_start__isnull=False)  # type: ignore[misc]  # annotated by public(), unseen by the plugin
        .select_related("provider", "main_theme", "venue")
        .prefetch_related("themes")
        .order_by("next_start", "pk")[:CANDIDATES]
    )
    picked: list[Activity] = []
    themes: set[int] = set()
    for activity in candidates:
        if activity.main_theme_id not in themes and len(picked) < limit:
            themes.add(activity.main_theme_id)
            picked.append(activity)
    for activity in candidates:
        if len(picked) >= limit:
            break
        if activity not in picked:
            picked.append(activity)
    return sorted(picked, key=lambda a: (a.next_start, a.pk))  # type: ignore[attr-defined]
