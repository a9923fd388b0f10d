"""`{{ body|clean_html }}`: sanitise again at render time, then mark safe (never `|safe` alone)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from techniekkaart.sanitise import clean_html as _clean_html

register = template.Library()


@register.filter
def clean_html(value: str) -> SafeString:
    return mark_safe(_clean_html(str(value or "")))  # noqa: S308 - sanitised on the line itself
