from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.places import Lookup, Place, lookup
from techniekkaart.vocab import CLASS_GROEPEN


class SchoolPlace:
    """The school's name and place as a teacher types them (class mode, class visits): no control
    characters, and a place of the region with suggestions when it is not known."""

    cleaned_data: dict[str, Any]
    lookup: Lookup

    def clean_school(self) -> str:
        return no_control_characters(self.cleaned_data["school"])

    def clean_plaats(self) -> str:
        query = no_control_characters(self.cleaned_data["plaats"])
        self.lookup = lookup(query)
        if self.lookup.place is None:
            hint = ", ".join(p.name for p in self.lookup.suggestions)
            message = self.lookup.message or _("Vul de plaats van de school in.")
            raise forms.ValidationError(
                message + (" " + _("Bedoel je: %(hint)s?") % {"hint": hint} if hint else "")
            )
        return query

    @property
    def place(self) -> Place:
        """Only after is_valid(): clean_plaats refuses a form without a known place."""
        if self.lookup.place is None:
            raise RuntimeError(f"{type(self).__name__}.place read before a successful is_valid()")
        return self.lookup.place


class StartForm(SchoolPlace, forms.Form):
    school = forms.CharField(label=gettext_lazy("Naam van de school"), max_length=120)
    groep = forms.TypedChoiceField(
        label=gettext_lazy("Groep"), choices=[(str(g), str(g)) for g in CLASS_GROEPEN], coerce=int
    )
    plaats = forms.CharField(
        label=gettext_lazy("Plaats van de school"),
        max_length=100,
        help_text=gettext_lazy(
            "Een plaats of postcode in Regio Zwolle, bijvoorbeeld Dalfsen of 7721."
        ),
    )
    email = forms.EmailField(
        label=gettext_lazy("Jouw e-mailadres (mag leeg)"),
        required=False,
        help_text=gettext_lazy("Dan sturen we je de leraarlink. We bewaren het adres niet."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lookup = Lookup(query="")


def no_control_characters(text: str) -> str:
    """A line break or an invisible control character is a form error: such text could otherwise
    reach a mail header (Django refuses those with an error after the session was saved)."""
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in text):
        raise forms.ValidationError(_("Gebruik één regel, zonder onzichtbare tekens."))
    return text


class JoinForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Klascode"), max_length=20, strip=True)
