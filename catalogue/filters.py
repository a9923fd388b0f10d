"""The catalogue's filters as a form: reads the URL, answers bad values with Dutch messages.

The list and map (public) and the open-data API (api) read the same filters."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Activity, Theme
from catalogue.places import Lookup, lookup
from catalogue.search import Filters
from techniekkaart import widgets
from techniekkaart.vocab import LIST_RADIUS_KM, MAX_AGE, MIN_AGE, RADIUS_STEPS

WHEN_CHOICES = [
    ("", _("Altijd")),
    ("week", _("Deze week")),
    ("weekend", _("Dit weekend")),
    ("maand", _("Deze maand")),
    ("datum", _("Kies een datum")),
]
AUDIENCE_CHOICES = [("", _("Iedereen")), ("gezin", _("Gezinnen")), ("school", _("Schoolklassen"))]
SORT_CHOICES = [
    ("datum", _("Binnenkort eerst")),
    ("afstand", _("Dichtbij eerst")),
    ("relevantie", _("Past het best bij je zoekwoorden")),
]


class FilterForm(forms.Form):
    # The widgets the list page draws write their HTML in Python (techniekkaart/widgets.py).
    q = forms.CharField(label=_("Zoek"), max_length=100, required=False)
    thema = forms.MultipleChoiceField(
        label=_("Thema"), required=False, widget=widgets.CheckboxSelectMultiple
    )
    leeftijd = forms.IntegerField(
        label=_("Leeftijd"), min_value=MIN_AGE, max_value=MAX_AGE, required=False
    )
    wanneer = forms.ChoiceField(label=_("Wanneer"), choices=WHEN_CHOICES, required=False)
    van = forms.DateField(
        label=_("Vanaf"), required=False, widget=widgets.DateInput({"type": "date"})
    )
    tot = forms.DateField(
        label=_("Tot en met"), required=False, widget=widgets.DateInput({"type": "date"})
    )
    plaats = forms.CharField(label=_("Plaats of postcode"), max_length=100, required=False)
    afstand = forms.TypedChoiceField(
        label=_("Afstand"),
        choices=[(str(km), _("%(km)s km") % {"km": km}) for km in RADIUS_STEPS],
        coerce=int,
        required=False,
        empty_value=LIST_RADIUS_KM,  # type: ignore[arg-type]  # any value is allowed; the stubs say str
        widget=widgets.Select,
    )
    gratis = forms.BooleanField(label=_("Gratis"), required=False, widget=widgets.CheckboxInput)
    weekend = forms.BooleanField(label=_("Dit weekend"), required=False)  # a quick chip
    soort = forms.MultipleChoiceField(
        label=_("Soort"), choices=Activity.Kind.choices, required=False,
        widget=widgets.CheckboxSelectMultiple,
    )  # fmt: skip
    voor = forms.ChoiceField(
        label=_("Voor wie"), choices=AUDIENCE_CHOICES, required=False, widget=widgets.Select
    )
    rolstoel = forms.BooleanField(
        label=_("Met rolstoel te doen"), required=False, widget=widgets.CheckboxInput
    )
    sorteer = forms.ChoiceField(label=_("Sorteer"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args: object, themes: list[Theme], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["thema"].choices = [(t.slug, t.name) for t in themes]  # type: ignore[attr-defined]
        self.place_lookup = Lookup(query="")

    def clean_plaats(self) -> str:
        query = self.cleaned_data.get("plaats", "")
        self.place_lookup = lookup(query)
        return query

    def clean(self) -> dict:
        data = super().clean() or {}
        today = timezone.localdate()
        earliest, latest = today - dt.timedelta(days=366), today + dt.timedelta(days=3 * 366)
        for name in ("van", "tot"):
            day = data.get(name)
            if day and not earliest <= day <= latest:
                self.add_error(name, _("Kies een datum tussen vorig jaar en over drie jaar."))
        van, tot = data.get("van"), data.get("tot")
        if van and tot and tot < van:
            self.add_error("tot", _("De einddatum ligt voor de begindatum."))
        return data

    def filters(self, today: dt.date | None = None) -> Filters:
        """The valid part of the input as Filters; fields with errors are left out."""
        data = self.cleaned_data
        today = today or timezone.localdate()
        when = "weekend" if data.get("weekend") else data.get("wanneer") or ""
        date_from, date_to = when_range(when, today)
        words = tuple((data.get("q") or "").split()[:8])
        if when == "datum" or (not when and (data.get("van") or data.get("tot"))):
            date_from, date_to = data.get("van"), data.get("tot")
        return Filters(
            words=words,
            themes=tuple(data.get("thema") or ()),
            age=data.get("leeftijd"),
            date_from=date_from,
            date_to=date_to,
            place=self.place_lookup.place,
            radius_km=data.get("afstand") or LIST_RADIUS_KM,
            free=bool(data.get("gratis")),
            kinds=tuple(data.get("soort") or ()),
            audience=data.get("voor") or "",
            wheelchair=bool(data.get("rolstoel")),
            # With words, the best matches first; with a place, what is near first; the other
            # orders stay a choice.
            sort=data.get("sorteer")
            or ("relevantie" if words else "afstand" if self.place_lookup.place else "datum"),
        )

    def panel_count(self) -> int:
        """How many filters are set in the "Filters" panel (the quick chips are counted apart)."""
        data = self.cleaned_data
        when = data.get("wanneer") not in ("", None, "weekend")
        return (
            len(data.get("thema") or ())
            + len(data.get("soort") or ())
            + bool(when or data.get("van") or data.get("tot"))
            + bool(data.get("voor"))
            + bool(data.get("rolstoel"))
        )


def when_range(when: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """ "this week" runs to Sunday, "this weekend" is the coming Saturday and Sunday."""
    if when == "week":
        return today, today + dt.timedelta(days=6 - today.weekday())
    if when == "weekend":
        saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:
            return today, today
        return max(today, saturday), saturday + dt.timedelta(days=1)
    if when == "maand":
        next_month = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return today, next_month - dt.timedelta(days=1)
    return None, None
