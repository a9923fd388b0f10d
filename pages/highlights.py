"""What the home page puts forward: the soonest activities, one per theme so the row is varied."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from catalogue.models import Activity
from news.models import NewsItem
from news.services import latest_items
from techniekkaart import pagecache

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


@dataclass(frozen=True)
class Front:
    """What the home page reads from the database: the highlights (upcoming_picks), the number of
    public activities, the latest news; and the moment the clock could change any of them."""

    picks: list[tuple[int, dt.datetime, str]]
    count: int
    news: list[NewsItem]
    until: dt.datetime


def front(now: dt.datetime | None = None) -> Front:
    """Front's rows, kept in the process per content version (issue 17: the home page's first
    render read them each time) and only until the clock could change them:

    - the soonest date of any public activity begins (that is the first highlight's date): then
      the highlights move on, and an activity whose last date it was is no longer counted;
    - the day ends (ongoing offers count while confirmed within so many days);
    - the next scheduled news item is due.

    Every change of an activity, a date or a news item sets a new content version."""
    zone = timezone.get_current_timezone_name()
    return pagecache.per_version(
        f"home.front:{zone}", lambda: _front(now), lambda kept: timezone.now() < kept.until
    )


def _front(now: dt.datetime | None) -> Front:
    now = now or timezone.now()
    picks = upcoming_picks(now=now)
    count = Activity.objects.public(now).count()
    news = latest_items(3)
    due = (
        NewsItem.objects.filter(status=NewsItem.Status.PUBLISHED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    tomorrow = dt.datetime.combine(
        timezone.localdate(now) + dt.timedelta(days=1), dt.time(), timezone.get_current_timezone()
    )
    # The soonest date of all is the first pick's: the rows come sorted by date.
    moments = [tomorrow, *(start for _pk, start, _status in picks[:1]), *([due] if due else [])]
    return Front(picks=picks, count=count, news=news, until=min(moments))
