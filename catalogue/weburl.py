"""The one check of a web address a person enters (website, sign-up link): on the portal's forms,
the import, the admin and the sign-up, and again before the API serves a stored value.

Django's URLValidator accepts quotes and angle brackets in the path
(``https://evil.example/"><script>``), which are not valid in a URI (RFC 3986) and break out of
attributes where a consumer forgets to escape. Only http and https: no javascript:, data: or ftp."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

SCHEMES = ["http", "https"]
MESSAGE = _(
    "Dit is geen goed webadres. Schrijf het zo: https://www.voorbeeld.nl/pagina "
    "(zonder spaties, aanhalingstekens of < >)."
)
FORBIDDEN = re.compile(r"[\s\"'<>\\`{}|^\x00-\x1f\x7f]")

_any_url = URLValidator()  # what every URLField (model and form) already runs itself


def validate_web_url(value: str) -> None:
    """For a URLField's validators: what Django's own check lets through. A value that check
    refuses is left to it, so a person sees one message, not two."""
    try:
        _any_url(value)
    except ValidationError:
        return
    if FORBIDDEN.search(value) or value.partition(":")[0].lower() not in SCHEMES:
        raise ValidationError(MESSAGE, code="not_a_web_url")  # not "invalid": forms swap that


def is_web_url(value: object) -> bool:
    """For a stored value: Django's check and ours."""
    if not isinstance(value, str):
        return False
    try:
        _any_url(value)
        validate_web_url(value)
    except ValidationError:
        return False
    return True
