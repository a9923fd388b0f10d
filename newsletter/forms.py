from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from newsletter.models import Subscriber


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Vul je e-mailadres in."),
            "invalid": _(
                "Dit lijkt geen e-mailadres. Kijk het even na, bijvoorbeeld naam@voorbeeld.nl."
            ),
        },
    )
    name = forms.CharField(
        label=_("Naam"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Organisatie of school"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    role = forms.ChoiceField(
        label=_("Ik ben"),
        choices=[("", _("Zeg ik liever niet")), *Subscriber.Role.choices],
        required=False,
    )
    # Honeypot: hidden from people (CSS display:none, so also from screen readers and the keyboard);
    # form-filling bots fill it in.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_name(self) -> str:
        return _no_control_characters(self.cleaned_data["name"])

    def clean_organisation(self) -> str:
        return _no_control_characters(self.cleaned_data["organisation"])

    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())


def _no_control_characters(value: str) -> str:
    return "".join(ch for ch in value if ch.isprintable()).strip()
