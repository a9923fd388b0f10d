from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from impact.models import NOTE_MAX


class QuarterNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Tekst bij dit kwartaal"),
        required=False,
        max_length=NOTE_MAX,
        strip=True,
        widget=forms.Textarea(
            attrs={"rows": 6, "maxlength": NOTE_MAX, "aria-describedby": "id_text_help"}
        ),
        help_text=_(
            "Een paar zinnen voor de financiers: wat viel op, wat deden jullie. Gewone tekst; "
            "een lege regel begint een nieuwe alinea. Hoogstens %(n)s tekens."
        )
        % {"n": NOTE_MAX},
        error_messages={
            "max_length": _(
                "Maak de tekst korter: hoogstens %(limit_value)d tekens (nu %(show_value)d)."
            ),
        },
    )
