"""The "why" beside each suggestion: short, child-readable, the same words every time.

"Je houdt van bouwen · 3 km van huis · zaterdag": the theme that really matched (the activity's own theme when
the child likes it, else the child's theme it carries), how far, when, and "gratis". A class reads "jullie" and
"van school".

matching stays free of Django, so it does not translate: it composes `Phrase`s, a Dutch message id with its
parts (a number of kilometres, a day, a theme word, another phrase), and the page translates them in the
language it is shown in (catalogue.phrases.say). `str()` of a phrase is the Dutch text, with day and month
names from a small table instead of the locale module, so the output does not depend on which locales the
server happens to have installed.

The constructors are called `_` and `ngettext` on purpose: makemessages (xgettext) collects their message ids
into the catalogue by those names, as it does Django's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
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


@dataclass(frozen=True)
class Number:
    """A number shown with `decimals` decimals, in the page's notation ("3,5" in Dutch, "3.5" in English)."""

    value: float
    decimals: int = 0

    def __str__(self) -> str:
        return render(self, DUTCH)


@dataclass(frozen=True)
class Day:
    """A day on the Dutch calendar: its name ("zaterdag"), or with the date ("zaterdag 12 december")."""

    moment: dt.datetime
    with_date: bool = True

    @property
    def local(self) -> dt.datetime:
        return self.moment.astimezone(AMSTERDAM)

    def __str__(self) -> str:
        return render(self, DUTCH)


@dataclass(frozen=True)
class Phrase:
    """A Dutch message id with %(name)s placeholders and their parts; with `plural`, the form follows `count`.

    The empty phrase is false, as "" was: a card without "ook in ..."."""

    msgid: str = ""
    params: tuple[tuple[str, Part], ...] = ()
    plural: str = ""
    count: int = 0

    def __bool__(self) -> bool:
        return bool(self.msgid)

    def __str__(self) -> str:
        return render(self, DUTCH)


Part = str | Number | Day | Phrase
NOTHING = Phrase()


class Words(Protocol):
    """How a language says things: the catalogue's words, and numbers and days in its notation."""

    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, count: int) -> str: ...
    def number(self, value: float, decimals: int) -> str: ...
    def day(self, local: dt.datetime, with_date: bool) -> str: ...


class Dutch:
    """The message ids themselves: no catalogue needed."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return singular if count == 1 else plural

    def number(self, value: float, decimals: int) -> str:
        return f"{value:.{decimals}f}".replace(".", ",")

    def day(self, local: dt.datetime, with_date: bool) -> str:
        name = DAYS[local.weekday()]
        return f"{name} {local.day} {MONTHS[local.month - 1]}" if with_date else name


DUTCH = Dutch()


def render(part: Part, words: Words) -> str:
    """The part as the language of `words` says it."""
    if isinstance(part, Number):
        return words.number(part.value, part.decimals)
    if isinstance(part, Day):
        return words.day(part.local, part.with_date)
    if not isinstance(part, Phrase):
        return str(part)  # a place or theme word (that may be a lazy translation)
    if not part.msgid:
        return ""
    if part.plural:
        text = words.ngettext(part.msgid, part.plural, part.count)
    else:
        text = words.gettext(part.msgid)
    if not part.params and not part.plural:
        return text
    values: dict[str, object] = {k: render(v, words) for k, v in part.params}
    if part.plural:
        values["count"] = part.count
    return text % values


def _(msgid: str, **params: Part) -> Phrase:
    return Phrase(msgid, tuple(params.items()))


def ngettext(singular: str, plural: str, count: int, **params: Part) -> Phrase:
    return Phrase(singular, tuple(params.items()), plural, count)


def when_text(moment: dt.datetime, now: dt.datetime) -> Part:
    """ "vandaag", "morgen", "zaterdag" within the coming week, else "zaterdag 12 december"."""
    days = (moment.astimezone(AMSTERDAM).date() - now.astimezone(AMSTERDAM).date()).days
    if days == 0:
        return _("vandaag")
    if days == 1:
        return _("morgen")
    if 1 < days < 7:
        return Day(moment, with_date=False)
    return Day(moment)


def kilometres(km: float) -> Number:
    """Whole above 10 km, else one decimal; a whole number never shows ",0"."""
    if km >= 10:
        return Number(int(km + 0.5))
    rounded = float(f"{km:.1f}")
    return Number(rounded, 0 if rounded.is_integer() else 1)


def distance_text(km: float, audience: str = "") -> Phrase:
    """ "3,5 km van huis" under 10 km, "14 km van huis" above. A class reads "van school". Closer than 100 m it
    is "vlak bij huis"."""
    if audience == CLASS:
        if km < 0.1:
            return _("vlak bij school")
        # Translators: how far an activity is from the school, "3,5 km van school"
        return _("%(km)s km van school", km=kilometres(km))
    if km < 0.1:
        return _("vlak bij huis")
    # Translators: how far an activity is from the child's home, "3,5 km van huis"
    return _("%(km)s km van huis", km=kilometres(km))


def matched_theme(offer: Offer, liked: Sequence[str]) -> tuple[str, bool] | None:
    """The theme to name: the offer's own theme if the child likes it (True), else the first of the child's
    liked themes that the offer carries (False); None when it carries none of them."""
    if offer.main_theme in liked:
        return offer.main_theme, True
    for slug in liked:
        if slug in offer.themes:
            return slug, False
    return None


def theme_text(word: str, *, main: bool, try_new: bool, audience: str) -> Phrase:
    """ "Je houdt van bouwen", "Ook leuk als je van bouwen houdt", "Probeer eens iets nieuws: proefjes".

    `word` is what a child likes, "bouwen" or "stroom en lampjes" (catalogue.recommendations.THEME_WORDS)."""
    if try_new:
        # Translators: a theme the child did not pick, "Probeer eens iets nieuws: proefjes"
        return _("Probeer eens iets nieuws: %(word)s", word=word)
    if audience == CLASS:
        if main:
            # Translators: said to a class; %(word)s is what they like, e.g. "bouwen" (building)
            return _("Jullie houden van %(word)s", word=word)
        return _("Ook leuk als jullie van %(word)s houden", word=word)
    if main:
        # Translators: said to a child; %(word)s is what the child likes, e.g. "bouwen" (building)
        return _("Je houdt van %(word)s", word=word)
    return _("Ook leuk als je van %(word)s houdt", word=word)


def reasons(
    offer: Offer,
    *,
    theme: Phrase | None,
    distance_km: float | None,
    start: dt.datetime | None,
    now: dt.datetime,
    audience: str = "",
) -> tuple[Part, ...]:
    """Theme, place, date, price: in that order, the order a child asks "what, where, when, cost"."""
    out: list[Part] = [theme] if theme else []
    if offer.online:
        out.append(_("online"))
    elif offer.visits_school and audience == CLASS:
        out.append(_("komt naar jullie school"))
    elif distance_km is not None:
        out.append(distance_text(distance_km, audience))
    if start is not None:
        out.append(when_text(start, now))
    else:
        out.append(_("altijd open") if offer.always_open else _("op aanvraag"))
    if offer.free:
        out.append(_("gratis"))
    return tuple(out)


def also_text(towns: Sequence[str], *, more_dates: bool) -> Phrase:
    """ "ook in Zwolle, Urk", "ook in Zwolle en online", "ook online"; "ook op andere dagen" when the others
    are in the same town; nothing for a series of one."""
    places = [t for t in towns if t != "online"]
    online = len(places) < len(towns)
    if places:
        if online:
            # Translators: %(places)s are place names, "Zwolle, Urk"
            return _("ook in %(places)s en online", places=", ".join(places))
        return _("ook in %(places)s", places=", ".join(places))
    if online:
        return _("ook online")
    return _("ook op andere dagen") if more_dates else NOTHING


def widening_text(
    *, asked_km: float, radius_km: float, nearby: int, origin_name: str, audience: str = ""
) -> Phrase:
    """Why the list reaches further than asked, counting only activities with a place (never online ones):
    "Binnen 10 km van Kampen vonden we maar 3 activiteiten die bij je passen. Daarom zochten we tot 25 km." """
    asked, radius = kilometres(asked_km), kilometres(radius_km)
    found = _found_class if audience == CLASS else _found_child
    where: dict[str, Part] = {"km": asked, "place": origin_name} if origin_name else {"km": asked}
    first = found(nearby, **where)
    # Translators: after the sentence that little was found within the distance asked for
    return _("%(found)s Daarom zochten we tot %(km)s km.", found=first, km=radius)


def _found_child(nearby: int, **params: Part) -> Phrase:
    if "place" in params:
        if nearby == 0:
            return _("Binnen %(km)s km van %(place)s vonden we niets dat bij je past.", **params)
        return ngettext(
            "Binnen %(km)s km van %(place)s vonden we maar %(count)s activiteit die bij je past.",
            "Binnen %(km)s km van %(place)s vonden we maar %(count)s activiteiten die bij je passen.",
            nearby,
            **params,
        )
    if nearby == 0:
        return _("Binnen %(km)s km vonden we niets dat bij je past.", **params)
    return ngettext(
        "Binnen %(km)s km vonden we maar %(count)s activiteit die bij je past.",
        "Binnen %(km)s km vonden we maar %(count)s activiteiten die bij je passen.",
        nearby,
        **params,
    )


def _found_class(nearby: int, **params: Part) -> Phrase:
    if "place" in params:
        if nearby == 0:
            return _(
                "Binnen %(km)s km van %(place)s vonden we niets dat bij jullie past.", **params
            )
        return ngettext(
            "Binnen %(km)s km van %(place)s vonden we maar %(count)s activiteit die bij jullie past.",
            "Binnen %(km)s km van %(place)s vonden we maar %(count)s activiteiten die bij jullie passen.",
            nearby,
            **params,
        )
    if nearby == 0:
        return _("Binnen %(km)s km vonden we niets dat bij jullie past.", **params)
    return ngettext(
        "Binnen %(km)s km vonden we maar %(count)s activiteit die bij jullie past.",
        "Binnen %(km)s km vonden we maar %(count)s activiteiten die bij jullie passen.",
        nearby,
        **params,
    )
