"""What the home page puts forward: the soonest activities, one per theme so the row is varied."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from catalogue.models import Activity

HIGHLIGHTS = 4
CANDIDATES = 40  # enough soon dates to find several themes without reading the whole catalogue


def upcoming_picks(
    limit: int = HIGHLIGHTS, now: dt.datetime | None = None
) -> list[tuple[int, dt.datetime, str]]:
    """(id, next date, that date's status) of the soonest public activities with a date, at
    most one per main theme; topped up with the next soonest when there are fewer themes than
    places. Sorted by date.

    Read as plain rows only (issue 17: forty whole activities with their relations were most of
    the home page's first render); the home page renders a card only for a pick it has not kept
    yet (public/fragments.py)."""
    now = now or timezone.now()
    candidates = list(
        Activity.objects.public(now)
        .filter(next_start__isnull=False)  # type: ignore[misc]  # annotated by public(), unseen by the plugin
        .order_by("next_start", "pk")
        .values_list("pk", "main_theme_id", "next_start", "next_status")[:CANDIDATES]
    )
    picked: list[int] = []
    themes: set[int] = set()
    for pk, theme, _start, _status in candidates:
        if theme not in themes and len(picked) < limit:
            themes.add(theme)
            picked.append(pk)
    for pk, _theme, _start, _status in candidates:
        if len(picked) >= limit:
            break
        if pk not in picked:
            picked.append(pk)
    chosen = set(picked)
    return [(pk, start, status) for pk, _theme, start, status in candidates if pk in chosen]
