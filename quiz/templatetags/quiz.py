"""“een Bouwer, een Maker en een Klimaatheld”: the characters of a result as one Dutch phrase."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from catalogue.models import Theme
from quiz import results

register = template.Library()


@register.simple_tag
def characters(themes: Sequence[Theme], highlight: bool = False) -> SafeString:
    parts = [
        # Translators: one of the quiz characters, "een bouwer" (a builder)
        format_html(
            pgettext("a character", "een {character}"),
            character=format_html(
                '<span class="character theme-{}">{}</span>', t.slug, t.character or t.name
            )
            if highlight
            else t.character or t.name,
        )
        for t in themes
    ]
    if not parts:
        return SafeString("")
    if len(parts) == 1:
        return parts[0]
    first = format_html_join(", ", "{}", ((part,) for part in parts[:-1]))
    return format_html(_("{first} en {last}"), first=first, last=parts[-1])


CHARACTER_DIR = Path(settings.BASE_DIR) / "static" / "img" / "characters"


@functools.cache
def _pictures() -> frozenset[str]:
    return frozenset(p.stem for p in CHARACTER_DIR.glob("*.svg"))


@register.simple_tag
def character_picture(theme: Theme | None) -> str:
    """The static path of the theme's own character picture, '' for a theme without one."""
    if theme is None or theme.slug not in _pictures():
        return ""
    return static(f"img/characters/{theme.slug}.svg")


@register.simple_tag
def back_to_result(code: str) -> str:
    """For "← terug naar jouw uitslag" on an activity opened from a result (?van=<code>)."""
    return results.back_to_result(code or "")
