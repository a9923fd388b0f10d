"""Forms of the keuzevakken menu (GET filters) and of the provider's module form.

The provider form has no status, provider or partner-list fields: status follows from the button and
the organisation (see services.status_for), so posting extra fields changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Provider, Venue
from catalogue.places import lookup, municipalities
from electives.models import Level, Module, Profile
from electives.services import MenuFilters
from regions.models import MunicipalityRegion, STORegion

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

BAD_CHOICE = _("“%(value)s” kennen we niet. Kies uit de lijst.")
DUTCH_ERRORS = {
    "required": _("Dit veld is verplicht."),
    "invalid_choice": BAD_CHOICE,
    "invalid_pk_value": _("“%(pk)s” kennen we niet. Kies uit de lijst."),
    "invalid": _("Vul een geldige waarde in."),
    "min_value": _("Vul een getal in van minstens %(limit_value)s."),
    "max_value": _("Vul een getal in van hoogstens %(limit_value)s."),
    "max_length": _("Gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d)."),
    "null_characters_not_allowed": _("Deze tekst bevat een ongeldig teken."),
}


class MenuForm(forms.Form):
    q = forms.CharField(label=_("Zoek op woord"), max_length=100, required=False)
    profiel = forms.MultipleChoiceField(
        label=_("Vmbo-profiel"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": BAD_CHOICE},
    )
    niveau = forms.MultipleChoiceField(
        label=_("Leerweg"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": BAD_CHOICE},
    )
    regio = forms.ChoiceField(
        label=_("STO-regio"), required=False, error_messages={"invalid_choice": BAD_CHOICE}
    )
    gemeente = forms.ChoiceField(
        label=_("Gemeente"), required=False, error_messages={"invalid_choice": BAD_CHOICE}
    )
    aanbieder = forms.ChoiceField(
        label=_("Aanbieder"), required=False, error_messages={"invalid_choice": BAD_CHOICE}
    )

    def __init__(
        self,
        *args: Any,
        profiles: list[Profile],
        levels: list[Level],
        regions: list[STORegion],
        providers: list[Provider],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.technical_slugs = {p.slug for p in profiles if p.technical}
        everyone = [("", _("Alle"))]
        self.fields["profiel"].choices = [(p.slug, _label(p)) for p in profiles]  # type: ignore[attr-defined]
        self.fields["niveau"].choices = [(lv.slug, lv.name) for lv in levels]  # type: ignore[attr-defined]
        self.fields["regio"].choices = everyone + [(r.slug, r.name) for r in regions]  # type: ignore[attr-defined]
        self.fields["gemeente"].choices = everyone + [(m, m) for m in municipalities()]  # type: ignore[attr-defined]
        self.fields["aanbieder"].choices = everyone + [(p.slug, p.name) for p in providers]  # type: ignore[attr-defined]

    def filters(self) -> MenuFilters:
        """The valid part of the input; fields with errors are left out (and reported)."""
        data = getattr(self, "cleaned_data", {})
        places: tuple[str, ...] = ()
        if data.get("gemeente"):
            places = (data["gemeente"],)
        elif data.get("regio"):
            places = tuple(
                MunicipalityRegion.objects.filter(region__slug=data["regio"]).values_list(
                    "municipality", flat=True
                )
            )
        return MenuFilters(
            words=tuple((data.get("q") or "").split()[:8]),
            profiles=tuple(data.get("profiel") or ()),
            levels=tuple(data.get("niveau") or ()),
            municipalities=places,
            provider=data.get("aanbieder") or "",
        )

    @property
    def other_profile_chosen(self) -> bool:
        """Keeps "other profiles" open when one of them is ticked."""
        chosen = set(self.filters().profiles)
        return bool(chosen - self.technical_slugs)

    @property
    def active(self) -> bool:
        return any(self.filters().__dict__.values())


def _label(profile: Profile) -> str:
    if profile.code == profile.name:
        return profile.name
    return f"{profile.name} ({profile.code})"


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = [
            "title", "summary", "description", "profiles", "levels", "hours", "venue", "place",
            "period", "partners_text", "contact_name", "contact_email", "contact_phone",
        ]  # fmt: skip
        widgets = {
            "profiles": forms.CheckboxSelectMultiple,
            "levels": forms.CheckboxSelectMultiple,
            "description": forms.Textarea({"rows": 6}),
            "hours": forms.NumberInput({"min": 1, "max": 400, "inputmode": "numeric"}),
        }
        help_texts = {
            "title": _("Kort en duidelijk, bijvoorbeeld “Lassen en constructie”."),
            "venue": _(
                "Waar volgen de leerlingen de module? Kies een locatie of vul een plaats in."
            ),
            "place": _("Alleen nodig als je geen locatie kiest: plaatsnaam of postcode."),
            "contact_name": _("Deze gegevens staan openbaar op de site, voor decanen en docenten."),
        }

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.provider = provider
        self.fields["venue"].queryset = Venue.objects.filter(provider=provider)  # type: ignore[attr-defined]
        self.fields["venue"].empty_label = _("— geen, ik vul een plaats in —")  # type: ignore[attr-defined]
        self.fields["profiles"].label_from_instance = _label  # type: ignore[attr-defined]
        for field in self.fields.values():  # Dutch whatever language the browser asks for
            field.error_messages.update(DUTCH_ERRORS)

    def clean_place(self) -> str:
        query = (self.cleaned_data.get("place") or "").strip()
        if query and lookup(query).place is None:
            found = lookup(query)
            hint = ", ".join(p.name for p in found.suggestions)
            message: StrOrPromise = _("Deze plaats kennen we niet in Regio Zwolle.")
            if hint:
                message = _("Deze plaats kennen we niet. Bedoel je: %(hint)s?") % {"hint": hint}
            raise forms.ValidationError(message)
        return query

    def _post_clean(self) -> None:
        self.instance.provider = self.provider
        super()._post_clean()  # type: ignore[misc]  # Django's private hook, not in the stubs
        if len(self.errors.get("place", [])) > 1:  # the model adds "fill in a place" to ours
            del self.errors["place"][1:]
