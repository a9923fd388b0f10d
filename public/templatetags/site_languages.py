"""base.html's hreflang alternates and language menu, the same bytes as the template loops that
wrote them (tests/test_site_languages.py compares them), at a fraction of their cost (issue 17:
with six languages on the children's pages the two loops were a tenth of a first render).

- `{% language_alternates %}`: written out here (a line per language).
- `{% language_menu %}`: _language_menu.html, rendered once per process for each language, set of
  languages and current one, with a marker where each link's path goes (the same for every
  language but its prefix); each page fills in its own path and query string.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.template import Context
from django.template.loader import get_template
from django.utils.encoding import escape_uri_path
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from techniekkaart import slotted
from techniekkaart.languages import DEFAULT, Offered, path_in

register = template.Library()

MENU = "_language_menu.html"
_menus: dict[tuple, tuple[str, ...]] = {}


def _languages(context: Context) -> Sequence[Offered]:
    """page_languages as `{% with languages=page_languages %}` reads it ("" when absent)."""
    found = context.get("page_languages")
    if callable(found):  # the context processor's memo, as the template engine calls it
        found = found()
    return found or ()


@register.simple_tag(takes_context=True)
def language_alternates(context: Context) -> SafeString:
    """The hreflang links of base.html's `alternates` block."""
    languages = _languages(context)
    if not languages:
        return SafeString("")
    request = context.get("request")
    scheme = escape(request.scheme) if request is not None else ""
    host = escape(request.get_host()) if request is not None else ""
    origin = f"{scheme}://{host}"
    lines = [
        f'<link rel="alternate" hreflang="{escape(language.code)}" href="{origin}'
        f'{escape(language.path)}">\n  '
        for language in languages
    ]
    lines.append(
        f'<link rel="alternate" hreflang="x-default" href="{origin}{escape(languages[0].path)}">'
    )
    return mark_safe("".join(lines))  # noqa: S308  # every value escaped above


@register.simple_tag(takes_context=True)
def language_menu(context: Context) -> SafeString:
    """`{% include "_language_menu.html" %}` for a page (not the error pages' home links)."""
    languages = _languages(context)
    request = context.get("request")
    if request is None or len(languages) <= 1:
        return _render(languages, request)
    rest = path_in(request.path, DEFAULT)
    escaped = escape_uri_path(rest)
    prefixes = [("" if language.code == DEFAULT else f"/{language.code}") for language in languages]
    if any(
        language.path != prefix + escaped
        for language, prefix in zip(languages, prefixes, strict=True)
    ):
        return _render(languages, request)  # not a path of the usual form: as the template does
    key = (get_language(), tuple(languages_key(languages)))
    parts = _menus.get(key)
    if parts is None:

        def marked(slot: SafeString) -> SafeString:
            return _render(
                [
                    Offered(
                        code=language.code,
                        name=language.name,
                        path=SafeString(escape(prefix) + slot),
                        home=language.home,
                        current=language.current,
                        bidi=language.bidi,
                    )
                    for language, prefix in zip(languages, prefixes, strict=True)
                ],
                None,
            )

        parts = slotted.around(marked)
        _menus[key] = parts
    query = f"?{escape(request.GET.urlencode())}" if request.GET else ""
    return mark_safe(f"{escape(escaped)}{query}".join(parts))  # noqa: S308  # escaped


def languages_key(languages: Sequence[Offered]) -> list[tuple[Any, ...]]:
    return [(o.code, o.name, o.home, o.current, o.bidi) for o in languages]


def _render(languages: Sequence[Offered], request: HttpRequest | None) -> SafeString:
    values = {"page_languages": languages, "request": request}
    return SafeString(get_template(MENU).template.render(Context(values)))  # type: ignore[attr-defined]


def _settings_changed(**kwargs: object) -> None:
    """A test changed a setting (static files, languages): the menus are rendered anew."""
    _menus.clear()


setting_changed.connect(_settings_changed, dispatch_uid="site-languages-menus")
