"""Forms of the provider portal, with help text a busy volunteer understands. Only fields a provider
may change are on them: status, organisation and "verified" can never be set by posting a form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from catalogue.dates import validate_entered_date
from catalogue.images import SafeImageField
from catalogue.models import Activity, Provider, Schedule, Venue
from catalogue.places import (
    Place,
    all_places,
    find_place,
    lookup,
    municipality_choices,
    normalise,
)
from catalogue.weburl import validate_web_url


class SignupForm(forms.Form):
    """Signing up an organisation: the place is typed once and the municipality is worked out from
    the region's places (catalogue/data/gazetteer.csv), so the two can never disagree."""

    name = forms.CharField(label=_("Naam van de organisatie"), max_length=120)
    kind = forms.ChoiceField(
        label=_("Soort organisatie"), choices=[("", _("Kies…")), *Provider.Kind.choices]
    )
    place = forms.CharField(
        label=_("Plaats"),
        max_length=80,
        help_text=_("Waar zit je organisatie? De gemeente zoeken wij erbij. Een postcode mag ook."),
        widget=forms.TextInput(attrs={"list": "plaatsen", "autocomplete": "off"}),
    )
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", validators=[validate_web_url]
    )
    contact_name = forms.CharField(label=_("Jouw naam (contactpersoon)"), max_length=120)
    email = forms.EmailField(label=_("Jouw e-mailadres"), help_text=_("Hiermee log je in."))
    phone = forms.CharField(label=_("Telefoon"), max_length=20, required=False)
    password = forms.CharField(
        label=_("Kies een wachtwoord"),
        # Shown again after an error so nobody types it twice; the page is never cached or logged.
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        help_text=_("Minstens 8 tekens, en geen wachtwoord dat veel mensen gebruiken."),
    )

    def clean_place(self) -> Place:
        found = place_in_region(self.cleaned_data["place"])
        if isinstance(found, str):
            raise forms.ValidationError(found)
        self["place"].help_text = _("Gemeente: %(municipality)s.") % {
            "municipality": found.municipality
        }
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password"):
            try:
                password_validation.validate_password(data["password"])
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data

    def organisation(self) -> dict[str, str]:
        place: Place = self.cleaned_data["place"]
        fields = ("name", "kind", "website", "phone")
        return {
            **{name: self.cleaned_data[name] for name in fields},
            "place": place.name,
            "municipality": place.municipality,
        }


def place_in_region(text: str) -> Place | str:
    """The place of Regio Zwolle meant by a name, "name (municipality)" or a postcode; otherwise a
    Dutch message that names the places that come closest."""
    text = text.strip()
    same_name = [p for p in all_places() if normalise(p.name) == normalise(text)]
    if len(same_name) > 1:
        return _("%(place)s ligt in meer dan één gemeente. Kies: %(options)s.") % {
            "place": same_name[0].name,
            "options": _(" of ").join(p.label for p in same_name),
        }
    found = lookup(text)
    if found.place is not None:
        return found.place
    message = found.message or _("Vul een plaats in.")
    if found.suggestions:
        return _("%(message)s Bedoel je %(options)s?") % {
            "message": message,
            "options": _(" of ").join(p.label for p in found.suggestions),
        }
    return _(
        "%(message)s De Techniekkaart is voor de 22 gemeenten van Regio Zwolle. "
        "Zit je organisatie net buiten de regio? Neem dan contact op met het Techniekpact."
    ) % {"message": message}


def place_options() -> list[str]:
    """Every place of the region as "Wijhe (Olst-Wijhe)", for the sign-up form's suggestion list."""
    return sorted({p.label for p in all_places()})


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres van je collega"))


class ActivityForm(forms.ModelForm):
    new_venue_name = forms.CharField(label=_("Naam van de nieuwe locatie"), required=False)
    new_venue_address = forms.CharField(label=_("Adres"), required=False)
    new_venue_postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    new_venue_place = forms.CharField(
        label=_("Plaats"),
        required=False,
        widget=forms.TextInput(attrs={"list": "plaatsen", "autocomplete": "off"}),
    )
    new_venue_municipality = forms.ChoiceField(
        label=_("Gemeente"),
        required=False,
        choices=[("", "—"), *municipality_choices()],
        help_text=_("Mag leeg blijven: we zoeken de gemeente bij de plaats."),
    )

    class Meta:
        model = Activity
        fields = [
            "title", "summary", "description", "title_en", "summary_en", "description_en", "main_theme", "themes", "kind", "min_age",
            "max_age", "audience", "price", "wheelchair_accessible", "signup_method", "signup_url",
            "signup_email", "signup_phone", "location_type", "venue", "availability",
            "availability_text", "image", "image_alt",
        ]  # fmt: skip
        field_classes = {"image": SafeImageField}
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea({"rows": 5}),
            "description_en": forms.Textarea({"rows": 5, "lang": "en"}),
            "title_en": forms.TextInput({"lang": "en"}),
            "summary_en": forms.TextInput({"lang": "en"}),
            "audience": forms.RadioSelect,
            "location_type": forms.RadioSelect,
            "availability": forms.RadioSelect,
            "signup_method": forms.RadioSelect,
        }
        labels = {
            # The form's part is called "Wanneer"; this is the choice inside it.
            "availability": _("Op vaste data of doorlopend?"),
            "signup_method": _("Hoe meld je je aan?"),
            "location_type": _("Waar is het?"),
            "audience": _("Voor gezinnen of voor scholen?"),
            "availability_text": _("Dagen en tijden"),
        }
        help_texts = {
            "title": _("Kort en duidelijk, bijvoorbeeld “Bouw een brug van spaghetti”."),
            "venue": _("Kies een van jullie locaties, of vul hieronder een nieuwe in."),
            "themes": _("Past de activiteit ook bij andere thema's? Kies er hoogstens twee."),
            "image": _(
                "Eén foto: JPEG, PNG of WebP, hoogstens 5 MB. We maken hem kleiner en halen "
                "verborgen gegevens (zoals de plek waar hij is gemaakt) eruit."
            ),
            "image_alt": _("Wat staat er op de foto? Voor wie hem niet kan zien."),
            "availability": _(
                "Vaste data vul je hieronder in. Op aanvraag of altijd open: zeg in één zin wanneer."
            ),
        }

    # Which field each sign-up method needs; the others are not shown and not kept.
    SIGNUP_FIELDS = {
        Activity.SignupMethod.LINK: "signup_url",
        Activity.SignupMethod.EMAIL: "signup_email",
        Activity.SignupMethod.PHONE: "signup_phone",
    }

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.provider = provider
        self.fields["venue"].queryset = Venue.objects.filter(provider=provider)  # type: ignore[attr-defined]
        self.fields["venue"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._drop_unused_signup_fields(data)
        if data.get("location_type") in (
            Activity.LocationType.SCHOOL,
            Activity.LocationType.ONLINE,
        ):
            data["venue"] = None  # the venue's fields are hidden for these
        if data.get("location_type") == Activity.LocationType.VENUE and not data.get("venue"):
            if not data.get("new_venue_name") or not data.get("new_venue_place"):
                self.add_error(
                    "venue", _("Kies een locatie, of vul naam en plaats van een nieuwe in.")
                )
            elif not find_place(data["new_venue_place"], data.get("new_venue_municipality") or ""):
                self.add_error("new_venue_place", _("Deze plaats kennen we niet in Regio Zwolle."))
        if len(data.get("themes") or []) > 2:
            self.add_error("themes", _("Kies hoogstens twee andere thema's."))
        if not data.get("venue") and not self.errors:
            data["venue"] = self.new_venue()  # unsaved; the view saves it with the activity
        return data

    def _drop_unused_signup_fields(self, data: dict[str, Any]) -> None:
        """Only the chosen method's field counts: a web address typed before switching to "per
        e-mail" is hidden on the form, so it is neither checked nor stored."""
        method = data.get("signup_method")
        if method is None:
            return
        for choice, name in self.SIGNUP_FIELDS.items():
            if choice != method:
                data[name] = ""
                self.errors.pop(name, None)

    def _post_clean(self) -> None:
        self.instance.provider = self.provider
        super()._post_clean()  # type: ignore[misc]  # Django's private hook, not in the stubs

    def new_venue(self) -> Venue | None:
        data = self.cleaned_data
        if data.get("location_type") != Activity.LocationType.VENUE:
            return None  # the new venue's fields are hidden for "op jouw school" and "online"
        if data.get("venue") or not data.get("new_venue_name"):
            return None
        place = find_place(data["new_venue_place"], data.get("new_venue_municipality") or "")
        if place is None:
            return None
        return Venue(
            provider=self.provider, name=data["new_venue_name"], address=data["new_venue_address"],
            postcode=data["new_venue_postcode"], place=place.name, municipality=place.municipality,
            lat=place.lat, lon=place.lon,
        )  # fmt: skip


class ScheduleForm(forms.ModelForm):
    skip = forms.CharField(
        label=_("Niet op (mag leeg)"),
        required=False,
        max_length=500,
        help_text=_("Data waarop een reeks niet doorgaat, met komma's: 26-12-2026, 2-1-2027."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.skip_dates:
            days = [dt.date.fromisoformat(d) for d in self.instance.skip_dates]
            self.initial["skip"] = ", ".join(f"{d:%d-%m-%Y}" for d in days)

    def clean_skip(self) -> list[str]:
        days = []
        for part in filter(None, (p.strip() for p in self.cleaned_data["skip"].split(","))):
            day = _parse_day(part)
            if day is None:
                raise forms.ValidationError(
                    _("“%(value)s” is geen datum. Schrijf bijvoorbeeld 26-12-2026.")
                    % {"value": part}
                )
            validate_entered_date(day)
            days.append(day.isoformat())
        return sorted(set(days))

    def _post_clean(self) -> None:
        self.instance.skip_dates = self.cleaned_data.get("skip") or []
        super()._post_clean()  # type: ignore[misc]  # Django's private hook, not in the stubs

    class Meta:
        model = Schedule
        fields = ["frequency", "start_date", "start_time", "end_time", "until"]
        widgets = {
            "start_date": forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
            "until": forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput({"type": "time"}),
            "end_time": forms.TimeInput({"type": "time"}),
        }


def _parse_day(text: str) -> dt.date | None:
    for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    return None


ScheduleFormSet = forms.inlineformset_factory(
    Activity, Schedule, form=ScheduleForm, extra=1, can_delete=True, max_num=20, validate_max=True
)
