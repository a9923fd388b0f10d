"""Reading the API's query parameters. The catalogue filters go through the catalogue's own FilterForm,
so a parameter means exactly what it means in /activiteiten/?... and is refused with the same
(translated) message; the API only adds paging and `updated_since`."""

from __future__ import annotations

import datetime as dt

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from catalogue.filters import FilterForm
from catalogue.models import Theme
from catalogue.places import Place, lookup
from catalogue.search import Filters
from techniekkaart.vocab import LIST_RADIUS_KM

FILTER_PARAMETERS = (
    "q", "thema", "leeftijd", "wanneer", "van", "tot", "plaats", "afstand", "gratis", "soort",
    "voor", "rolstoel", "sorteer",
)  # fmt: skip


class BadRequest(ValueError):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


def catalogue_filters(params: QueryDict) -> Filters:
    """The catalogue's filters from the query string; the first bad one raises BadRequest."""
    data = params.copy()
    data.setdefault("afstand", str(LIST_RADIUS_KM))
    form = FilterForm(data, themes=list(Theme.objects.all()))
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        raise BadRequest("" if name == "__all__" else name, str(errors[0]))
    place = data.get("plaats", "")
    if place.strip():
        place_or_400(place)
    return form.filters()


def place_or_400(raw: str | None) -> Place | None:
    if not raw:
        return None
    found = lookup(raw)
    if found.place is None:
        hint = ", ".join(p.name for p in found.suggestions)
        suggestion = " " + _("Bedoel je: %(places)s?") % {"places": hint} if hint else ""
        raise BadRequest("plaats", found.message + suggestion)
    return found.place


def integer(raw: str | None, name: str, low: int, high: int, default: int | None) -> int | None:
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise BadRequest(
            name,
            # Translators: %(name)s is a parameter of the API, e.g. "leeftijd"
            _("%(name)s moet een heel getal van %(low)s tot en met %(high)s zijn.")
            % {"name": name, "low": low, "high": high},
        )
    return int(raw)


def moment(raw: str | None, name: str = "updated_since") -> dt.datetime | None:
    """A date (midnight, Amsterdam time) or a date and time; without offset it is Amsterdam time."""
    if not raw:
        return None
    text = raw.strip()
    if "T" in text and " " in text:  # an unencoded "+01:00" arrives as " 01:00"
        text = text.replace(" ", "+")
    message = _(
        "%(name)s moet een datum of tijdstip zijn, bijvoorbeeld 2025-09-01 of 2025-09-01T12:00:00+02:00."
    ) % {"name": name}
    try:
        value = parse_datetime(text)
        if value is None:
            day = parse_date(text)
            value = dt.datetime.combine(day, dt.time()) if day else None
    except ValueError:
        value = None
    if value is None or not 1900 <= value.year <= 9999:
        raise BadRequest(name, message)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def parse_profile(raw: str, known: set[str]) -> dict[str, float]:
    """ "bouwen:0.6,energie:0.4" -> {"bouwen": 0.6, "energie": 0.4}."""
    profile: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in raw.split(",")[:50])):
        slug, sep, value = part.partition(":")
        if slug not in known:
            raise BadRequest(
                "profile",
                _("Onbekend thema “%(slug)s”. Kies uit: %(known)s.")
                % {"slug": slug[:40], "known": ", ".join(sorted(known))},
            )
        try:
            weight = float(value) if sep else 1.0
        except ValueError:
            raise BadRequest(
                "profile", _("Het gewicht van “%(slug)s” is geen getal.") % {"slug": slug}
            ) from None
        if not 0 <= weight <= 100:
            raise BadRequest(
                "profile",
                _("Het gewicht van “%(slug)s” moet tussen 0 en 100 liggen.") % {"slug": slug},
            )
        profile[slug] = weight
    if not any(profile.values()):
        raise BadRequest(
            "profile", _("Geef een profiel, bijvoorbeeld profile=bouwen:0.6,energie:0.4.")
        )
    return profile
