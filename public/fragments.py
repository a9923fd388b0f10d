"""Parts of the list and home pages kept per content version (issue 17: cheaper first renders).

The page cache (techniekkaart/pagecache.py) keeps whole pages per address, so every new filter
combination is a first render; most of that render was the twenty activity cards (each an include
with a dozen tags) and the twenty whole activities with their provider, venue and themes fetched
for them. Yet a card is the same on every page that shows that activity with the same date line,
distance and language. So each rendered card is kept in the process's fragment cache
(settings.CACHES["fragments"], as base.html's header and footer) under:

- the content version (`pagecache.version()`): every save or delete of a watched model (the
  catalogue app: activities, their themes, providers, venues, dates; PAGE_CACHE_WATCH) sets a new
  one, so a card never outlives a change of what it shows;
- the language and time zone of the page (translated labels, theme names, the date line);
- the activity, the date the card shows and the status it shows for that date ("Afgelast").

The distance (" · 3,4 km" after the place, on a list for a place) differs for every place, so a
card is kept with a marker in its slot (`distance_slot` in _activity_card.html) and each page
fills in its own distance: one card serves every place.

Only the cards that are not kept yet are rendered, and only their activities fetched. The status
a card shows is known without the activity from the called-off, moved and put-off dates, kept per
content version too (`off_dates`); when a date filter starts the search after today, the shown
date need not be the activity's next one (the card then shows no status), so such a card is
looked up only after its activity was fetched. Entries live as long as pages do at most (`seconds`).

The theme list (the form's choices, the home page's theme cards) is kept per version and
language too: catalogue.presenters.themes, which the result page shares.

The search's answer for one set of filters is kept too: catalogue.search.kept, which the
open-data API shares.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.core.cache import caches
from django.core.signals import setting_changed
from django.template import Context, engines
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from catalogue.models import Activity, DateStatus, Occurrence
from techniekkaart import pagecache, slotted

CARD = "public/_activity_card.html"
# The card's own text for a distance (its `elif distance is not None` branch); tests compare the
# two (tests/test_fragments.py).
DISTANCE = (
    '{% load i18n %} · {% blocktranslate with km=distance|floatformat:"-1" %}{{ km }} km'
    "{% endblocktranslate %}"
)


@dataclass(frozen=True)
class Shown:
    """One card on a page: the activity, the date line's date and the distance, and the status
    shown for that date ("" for none, None when unknown until the activity is fetched)."""

    pk: int
    next_start: dt.datetime | None
    distance: float | None = None
    status: str | None = ""


def off_dates(version: str | None = None) -> dict[tuple[int, dt.datetime], str]:
    """(activity, start) -> status of each coming date that does not go on as planned. A new
    version comes with any change of a date; a date that was still to come when this was read is
    in it, so it holds every date a later search can show."""
    version = version or pagecache.version()
    key = f"offdates:{version}"
    memo = caches["fragments"]
    kept: dict[tuple[int, dt.datetime], str] | None = memo.get(key)
    if kept is None:
        rows = (
            Occurrence.objects.filter(start__gte=timezone.now())
            .exclude(status=DateStatus.SCHEDULED)
            .values_list("activity_id", "start", "status")
        )
        kept = {(pk, start): status for pk, start, status in rows}
        memo.set(key, kept, pagecache.part_seconds())
    return kept


def shown_status(activity: Activity, next_start: dt.datetime | None) -> str:
    """The status _activity_card.html shows next to `next_start`: only for the activity's next
    date, and only when that date does not go on as planned."""
    status = getattr(activity, "next_status", None)
    if next_start and activity.next_start == next_start and status and status != "gepland":  # type: ignore[attr-defined]
        return str(status)
    return ""


def cards(
    shown: Iterable[Shown],
    fetch: Callable[[list[int]], dict[int, Activity]],
    version: str | None = None,
    *,
    dates_off: bool = False,
    later_start: bool = False,
) -> dict[int, SafeString]:
    """The rendered card of each shown activity, by pk: kept ones from the fragment cache, the
    others rendered from the activities `fetch` returns (with next_start and next_status, as
    ActivityQuerySet.with_next_start gives them). An activity `fetch` no longer finds has none.

    `dates_off`: each card's status is read from `off_dates` instead of Shown.status (the
    search's hits carry none); only when some card of this version is kept, as right after a
    change every card is rendered anyway. `later_start`: the shown dates are the first from a
    day after today on, so a date that does not go on need not be the activity's next one (the
    card then shows no status): such a card is looked up only once its activity is fetched."""
    shown = list(shown)
    version = version or pagecache.version()
    language, zone = get_language() or "", timezone.get_current_timezone_name()
    prefix = f"card:{version}:{language}:{zone}"
    memo = caches["fragments"]
    known = memo.get(prefix) is not None  # some card of this version is kept
    if dates_off:
        off = off_dates(version) if known else None
        shown = [replace(s, status=_status(off, s, later_start)) for s in shown]
    keys = {s.pk: _key(prefix, s, s.status) for s in shown if s.status is not None}
    found = memo.get_many(keys.values()) if keys else {}
    parts = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [s for s in shown if s.pk not in parts]
    if missing:
        activities = fetch([s.pk for s in missing])
        template = engines["django"].engine.get_template(CARD)  # type: ignore[attr-defined]
        fresh = {}
        for s in missing:
            activity = activities.get(s.pk)
            if activity is None:
                continue
            key = _key(prefix, s, shown_status(activity, s.next_start))
            kept = memo.get(key) if s.status is None and known else None
            if kept is None:
                context = {"activity": activity, "next_start": s.next_start}
                kept = fresh[key] = _card_parts(template, context)
            parts[s.pk] = kept
        if fresh:
            memo.set_many({**fresh, prefix: True}, pagecache.part_seconds())
    return {
        s.pk: SafeString(parts[s.pk][0] + _distance(language, s.distance) + parts[s.pk][1])
        for s in shown
        if s.pk in parts
    }


def _card_parts(template: Any, context: dict[str, Any]) -> tuple[str, str]:
    """The card rendered with a marker where the distance goes: the text before and after it."""
    before, after = slotted.around(
        lambda slot: template.render(Context({**context, "distance_slot": slot}))
    )
    return before, after


@functools.lru_cache(maxsize=2048)
def _distance(language: str, distance: float | None) -> str:
    """The card's distance text in the page's language (`language`: a key, it is active)."""
    if distance is None:
        return ""
    return str(engines["django"].from_string(DISTANCE).render({"distance": distance}))


def _status(
    off: dict[tuple[int, dt.datetime], str] | None, shown: Shown, later_start: bool
) -> str | None:
    if off is None:
        return None
    status = off.get((shown.pk, shown.next_start), "") if shown.next_start else ""
    return None if status and later_start else status


def _key(prefix: str, shown: Shown, status: str) -> str:
    start = shown.next_start.isoformat() if shown.next_start else "-"
    return f"{prefix}:{shown.pk}:{start}:{status}"


def _settings_changed(**kwargs: object) -> None:
    """A test changed a setting (a format, the languages): distances are written anew."""
    _distance.cache_clear()


setting_changed.connect(_settings_changed, dispatch_uid="fragments-distance")
