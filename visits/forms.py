from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.models import Activity
from catalogue.places import Lookup
from classroom.forms import SchoolPlace
from techniekkaart.vocab import GROEPEN
from visits import capacity
from visits.models import MAX_PUPILS, PeriodCapacity
from visits.services import REFUSALS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A text field with a number keyboard: typed junk comes back as typed, and stays valid HTML.
NUMBER = forms.TextInput(attrs={"inputmode": "numeric"})
MAX_AHEAD_DAYS = 400


class RequestForm(SchoolPlace, forms.Form):
    """A teacher's request. With a class session, school, groep and place come from it."""

    school = forms.CharField(label=gettext_lazy("Naam van de school"), max_length=120)
    groep = forms.TypedChoiceField(
        label=gettext_lazy("Groep"), choices=[(str(g), str(g)) for g in GROEPEN], coerce=int
    )
    plaats = forms.CharField(
        label=gettext_lazy("Plaats van de school"),
        max_length=100,
        help_text=gettext_lazy(
            "Een plaats of postcode in Regio Zwolle, bijvoorbeeld Dalfsen of 7721."
        ),
    )
    pupils = forms.IntegerField(
        widget=NUMBER, label=gettext_lazy("Aantal leerlingen"), min_value=1, max_value=MAX_PUPILS
    )
    date1 = forms.DateField(label=gettext_lazy("Eerste voorkeursdatum"), widget=DATE)
    date2 = forms.DateField(label=gettext_lazy("Tweede voorkeursdatum"), widget=DATE)
    date3 = forms.DateField(
        label=gettext_lazy("Derde voorkeursdatum (mag leeg)"), widget=DATE, required=False
    )
    whole_week = forms.BooleanField(
        label=gettext_lazy("Een andere dag in dezelfde week is ook goed"), required=False
    )
    message = forms.CharField(
        label=gettext_lazy("Bericht aan de aanbieder (mag leeg)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Bijvoorbeeld wat de klas al weet, of wat je graag wilt. Geen namen van leerlingen."
        ),
    )
    email = forms.EmailField(
        label=gettext_lazy("Jouw e-mailadres"),
        max_length=254,
        help_text=gettext_lazy(
            "We sturen je een link om het adres te bevestigen. We bewaren het zolang de aanvraag loopt, "
            "en daarna nog kort (zie de privacyverklaring)."
        ),
    )

    def __init__(
        self, *args: object, activity: Activity, fixed_class: bool, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.activity = activity
        self.lookup = Lookup(query="")
        if fixed_class:
            for name in ("school", "groep", "plaats"):
                del self.fields[name]
        # An activity with fewer than two free dates can be asked for on one.
        today = timezone.localdate()
        free = [f for f in capacity.free_places(activity, today) if not f.full and f.date > today]
        if activity.visit_dates.exists() and len(free) < 2:
            self.fields["date2"].required = False
            self.fields["date2"].label = _("Tweede voorkeursdatum (mag leeg)")

    def clean_message(self) -> str:
        return self.cleaned_data["message"].replace("\x00", "")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        today = timezone.localdate()
        pupils = data.get("pupils") or 1
        seen: set[dt.date] = set()
        for name in ("date1", "date2", "date3"):
            day = data.get(name)
            if not isinstance(day, dt.date):
                continue
            if day <= today:
                self.add_error(name, _("Kies een datum na vandaag."))
            elif day > today + dt.timedelta(days=MAX_AHEAD_DAYS):
                self.add_error(name, _("Kies een datum binnen een jaar."))
            elif day in seen:
                self.add_error(name, _("Deze datum heb je al gekozen."))
            else:
                why = capacity.refusal(self.activity, day, int(pupils))
                if why:
                    self.add_error(name, REFUSALS[why])
            seen.add(day)
        return data

    def dates(self) -> list[dt.date]:
        return [
            self.cleaned_data[n] for n in ("date1", "date2", "date3") if self.cleaned_data.get(n)
        ]


class AnswerForm(forms.Form):
    """The provider's answer: agree a date, propose another, keep it waiting or decline."""

    ACTIONS = [
        ("afspreken", gettext_lazy("Afspreken op een datum")),
        ("voorstel", gettext_lazy("Een andere datum voorstellen")),
        ("wachten", gettext_lazy("Later antwoorden (in behandeling)")),
        ("afwijzen", gettext_lazy("Afwijzen")),
    ]
    action = forms.ChoiceField(
        label=gettext_lazy("Wat wil je doen?"), choices=ACTIONS, widget=forms.RadioSelect
    )
    date = forms.DateField(
        label=gettext_lazy("Datum (bij afspreken of een voorstel)"), widget=DATE, required=False
    )
    message = forms.CharField(
        label=gettext_lazy("Bericht aan de leraar (bij afwijzen: de reden)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        action = data.get("action")
        if action in ("afspreken", "voorstel") and not data.get("date"):
            self.add_error("date", _("Kies een datum."))
        if action == "afwijzen" and not str(data.get("message") or "").strip():
            self.add_error("message", _("Schrijf waarom het niet kan."))
        return data


class DateCapacityForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Datum"), widget=DATE)
    classes = forms.IntegerField(
        widget=NUMBER, label=gettext_lazy("Aantal klassen"), min_value=1, max_value=50
    )
    pupils = forms.IntegerField(
        widget=NUMBER,
        label=gettext_lazy("Aantal leerlingen (mag leeg)"),
        min_value=1,
        max_value=2000,
        required=False,
    )

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Kies een datum na vandaag."))
        return day


class PeriodCapacityForm(forms.Form):
    classes = forms.IntegerField(
        widget=NUMBER,
        label=gettext_lazy("Aantal klassen (leeg: geen grens)"),
        min_value=1,
        max_value=500,
        required=False,
    )
    per = forms.ChoiceField(label=gettext_lazy("Per"), choices=PeriodCapacity.Per.choices)
