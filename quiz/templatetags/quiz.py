"""“een Bouwer, een Maker en een Klimaatheld”: the characters of a result as one Dutch phrase."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from catalogue.models import Theme

register = template.Library()


@register.simple_tag
def characters(themes: Sequence[Theme], highlight: bool = False) -> SafeString:
    parts = [
        format_html('een <span class="character theme-{}">{}</span>', t.slug, t.character or t.name)
        if highlight
        else format_html("een {}", t.character or t.name)
        for t in themes
    ]
    if not parts:
        return SafeString("")
    if len(parts) == 1:
        return parts[0]
    first = format_html_join(", ", "{}", ((part,) for part in parts[:-1]))
    return format_html(_("{first} en {last}"), first=first, last=parts[-1])
