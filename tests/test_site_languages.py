"""base.html's hreflang alternates and language menu come from public/templatetags/site_languages.py
(issue 17: cheaper first renders): the same bytes as the template loops that wrote them before, for
every kind of address, language and query string."""

from __future__ import annotations

import pytest
from django.template import Context, engines
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from techniekkaart import languages

pytestmark = pytest.mark.django_db

# base.html's alternates block and its menu include as they were before the tags.
BEFORE = """{% load i18n static %}{% with languages=page_languages %}{% for language in languages %}<link rel="alternate" hreflang="{{ language.code }}" href="{{ request.scheme }}://{{ request.get_host }}{{ language.path }}">
  {% endfor %}{% if languages %}<link rel="alternate" hreflang="x-default" href="{{ request.scheme }}://{{ request.get_host }}{{ languages.0.path }}">{% endif %}{% endwith %}|{% include "_language_menu.html" %}"""
AFTER = "{% load site_languages %}{% language_alternates %}|{% language_menu %}"


def both(path: str, query: dict | None = None, **extra) -> tuple[str, str]:
    request = RequestFactory().get(path, query or {}, **extra)
    code = languages.from_path(request.path_info) or languages.DEFAULT
    with translation.override(code):
        request.resolver_match = resolve(request.path_info)
        context = {"request": request, **languages.context(request)}
        engine = engines["django"]
        before = engine.from_string(BEFORE).template.render(Context(context))
        context = {"request": request, **languages.context(request)}
        after = engine.from_string(AFTER).template.render(Context(context))
    return before, after


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/", None),
        ("/en/", None),
        ("/activiteiten/", {"plaats": "Kampen", "q": "<b>\"ü'&"}),
        ("/pl/activiteiten/", {"thema": ["bouwen", "water"]}),
        ("/ar/quiz/", None),
        ("/quiz/uitslag/abcdefghjk/", None),
        ("/en/quiz/uitslag/abcdefghjk/", {"afstand": "25", "leeftijd": "9"}),
        ("/nieuws/", None),
        ("/en/nieuws/", {"pagina": "2"}),
        ("/keuzevakken/", {"profiel": "bwi"}),
    ],
)
def test_the_tags_write_what_the_loops_wrote(path, query):
    before, after = both(path, query)
    assert after == before
    assert 'hreflang="x-default"' in after and "language-menu" in after


def test_kept_menus_fill_in_each_page_s_own_path(client):
    """The menu is kept per language and set of languages: a second page gets its own links."""
    for path in ("/activiteiten/", "/quiz/", "/activiteiten/", "/uk/quiz/"):
        before, after = both(path, {"x": path})
        assert after == before
        assert f"x={path.replace('/', '%2F')}" in after


def test_on_another_host_and_scheme(settings):
    settings.ALLOWED_HOSTS = ["techniekkaart.example"]
    before, after = both("/tr/activiteiten/", None, HTTP_HOST="techniekkaart.example", secure=True)
    assert after == before
    assert 'href="https://techniekkaart.example/tr/activiteiten/"' in after


def test_without_a_request_nothing_is_written():
    engine = engines["django"]
    before = engine.from_string(BEFORE).template.render(Context({}))
    after = engine.from_string(AFTER).template.render(Context({}))
    assert after == before == "|\n"  # the menu template's own last line


def test_the_pages_themselves_show_the_menu(client):
    html = client.get("/en/quiz/", {"a": "1"}).content.decode()
    assert 'href="/pl/quiz/?a=1" hreflang="pl"' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/quiz/">' in html
