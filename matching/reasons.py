"""The Dutch "why" beside each suggestion: short, child-readable, the same words every time.

Day and month names come from a small table instead of the locale module, so the output does not depend on which
locales the server happens to have installed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from matching.catalogue import MAIN_WEIGHT, SECONDARY_WEIGHT
from matching.records import Offer

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def dutch_date(moment: dt.datetime) -> str:
    """ "zaterdag 12 december", on the Dutch calendar day (an evening UTC time can be tomorrow here)."""
    local = moment.astimezone(AMSTERDAM)
    return f"{DAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]}"


def distance_text(km: float, origin_name: str) -> str:
    """ "3,5 km van Hattem" under 10 km, "14 km van Hattem" above; a whole number never shows ",0".

    Closer than 100 m it is simply "in Hattem" (or "dichtbij" without a name)."""
    if km < 0.1:
        return f"in {origin_name}" if origin_name else "dichtbij"
    number = str(int(km + 0.5)) if km >= 10 else f"{km:.1f}".replace(".", ",").removesuffix(",0")
    where = f" van {origin_name}" if origin_name else ""
    return f"{number} km{where}"


def best_top_theme(offer: Offer, top: Sequence[str], profile: Mapping[str, float]) -> str | None:
    """The child's top theme that contributes most to this offer's match (ties: the child's order)."""
    best, best_value = None, 0.0
    for slug in top:
        if slug == offer.main_theme:
            value = profile[slug] * MAIN_WEIGHT
        elif slug in offer.themes:
            value = profile[slug] * SECONDARY_WEIGHT
        else:
            continue
        if value > best_value:
            best, best_value = slug, value
    return best


def reasons(
    offer: Offer,
    *,
    theme: str | None,
    try_new_theme: str | None,
    distance_km: float | None,
    origin_name: str,
    dated: bool,
) -> tuple[str, ...]:
    """Theme, place, date, price: in that order, the order a child asks "what, where, when, cost"."""
    out: list[str] = []
    if try_new_theme is not None:
        out.append(f"probeer eens iets nieuws: {try_new_theme}")
    elif theme is not None:
        out.append(f"past bij {theme}")
    if offer.online:
        out.append("online")
    elif distance_km is not None:
        out.append(distance_text(distance_km, origin_name))
    if dated and offer.next_start is not None:
        out.append(dutch_date(offer.next_start))
    else:
        out.append("altijd open" if offer.always_open else "op aanvraag")
    if offer.free:
        out.append("gratis")
    return tuple(out)
