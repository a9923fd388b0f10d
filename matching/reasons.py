"""The Dutch "why" beside each suggestion: short, child-readable, the same words every time.

"Je houdt van bouwen · 3 km van huis · zaterdag": the theme that really matched (the activity's own theme when
the child likes it, else the child's theme it carries), how far, when, and "gratis". A class reads "jullie" and
"van school". Day and month names come from a small table instead of the locale module, so the output does not
depend on which locales the server happens to have installed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from matching.records import Offer

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
CLASS = "school"  # matching.records.CLASS (not imported: records needs nothing from here, and so it stays)


def dutch_date(moment: dt.datetime) -> str:
    """ "zaterdag 12 december", on the Dutch calendar day (an evening UTC time can be tomorrow here)."""
    local = moment.astimezone(AMSTERDAM)
    return f"{DAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]}"


def when_text(moment: dt.datetime, now: dt.datetime) -> str:
    """ "vandaag", "morgen", "zaterdag" within the coming week, else "zaterdag 12 december"."""
    days = (moment.astimezone(AMSTERDAM).date() - now.astimezone(AMSTERDAM).date()).days
    if days == 0:
        return "vandaag"
    if days == 1:
        return "morgen"
    if 1 < days < 7:
        return DAYS[moment.astimezone(AMSTERDAM).weekday()]
    return dutch_date(moment)


def distance_text(km: float, audience: str = "") -> str:
    """ "3,5 km van huis" under 10 km, "14 km van huis" above; a whole number never shows ",0".

    A class reads "van school". Closer than 100 m it is "vlak bij huis"."""
    home = "school" if audience == CLASS else "huis"
    if km < 0.1:
        return f"vlak bij {home}"
    number = str(int(km + 0.5)) if km >= 10 else f"{km:.1f}".replace(".", ",").removesuffix(",0")
    return f"{number} km van {home}"


def matched_theme(offer: Offer, liked: Sequence[str]) -> tuple[str, bool] | None:
    """The theme to name: the offer's own theme if the child likes it (True), else the first of the child's
    liked themes that the offer carries (False); None when it carries none of them."""
    if offer.main_theme in liked:
        return offer.main_theme, True
    for slug in liked:
        if slug in offer.themes:
            return slug, False
    return None


def theme_text(word: str, *, main: bool, try_new: bool, audience: str) -> str:
    """ "Je houdt van bouwen", "Ook leuk als je van bouwen houdt", "Probeer eens iets nieuws: proefjes"."""
    if try_new:
        return f"Probeer eens iets nieuws: {word}"
    if audience == CLASS:
        return f"Jullie houden van {word}" if main else f"Ook leuk als jullie van {word} houden"
    return f"Je houdt van {word}" if main else f"Ook leuk als je van {word} houdt"


def reasons(
    offer: Offer,
    *,
    theme: str | None,
    distance_km: float | None,
    start: dt.datetime | None,
    now: dt.datetime,
    audience: str = "",
) -> tuple[str, ...]:
    """Theme, place, date, price: in that order, the order a child asks "what, where, when, cost"."""
    out: list[str] = [theme] if theme else []
    if offer.online:
        out.append("online")
    elif offer.visits_school and audience == CLASS:
        out.append("komt naar jullie school")
    elif distance_km is not None:
        out.append(distance_text(distance_km, audience))
    if start is not None:
        out.append(when_text(start, now))
    else:
        out.append("altijd open" if offer.always_open else "op aanvraag")
    if offer.free:
        out.append("gratis")
    return tuple(out)


def also_text(towns: Sequence[str], *, more_dates: bool) -> str:
    """ "ook in Zwolle, Urk", "ook in Zwolle en online", "ook online"; "ook op andere dagen" when the others
    are in the same town; "" for a series of one."""
    places = [t for t in towns if t != "online"]
    online = len(places) < len(towns)
    if places:
        return "ook in " + ", ".join(places) + (" en online" if online else "")
    if online:
        return "ook online"
    return "ook op andere dagen" if more_dates else ""


def widening_text(
    *, asked_km: float, radius_km: float, nearby: int, origin_name: str, audience: str = ""
) -> str:
    """Why the list reaches further than asked, counting only activities with a place (never online ones)."""
    where = f"Binnen {asked_km:g} km" + (f" van {origin_name}" if origin_name else "")
    you = "jullie" if audience == CLASS else "je"
    if nearby == 0:
        found = f"vonden we niets dat bij {you} past"
    elif nearby == 1:
        found = f"vonden we maar 1 activiteit die bij {you} past"
    else:
        found = f"vonden we maar {nearby} activiteiten die bij {you} passen"
    return f"{where} {found}. Daarom zochten we tot {radius_km:g} km."
