"""The site in other languages (issue 18): the language is in the address only, so children's pages
set no cookie; every page names its other languages; the quiz's own texts (questions, answers,
themes) come in each language, with Dutch marked lang="nl" where a translation is missing; the
open data answers in the language asked for; a cached page is one language."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.html import escape

from catalogue.models import Theme
from quiz.models import Question, Result
from techniekkaart import languages

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_unprefixed_pages_are_dutch_whatever_the_browser_asks(client):
    page = client.get("/quiz/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    text = html(page)
    assert '<html lang="nl" dir="ltr">' in text
    assert "Start de quiz" in text
    assert page["Content-Language"] == "nl"
    assert "Accept-Language" not in page.get("Vary", "")
    assert not page.cookies


@pytest.mark.parametrize(
    ("code", "start", "direction"),
    [("en", "Start the quiz", "ltr"), ("ar", "ابدأ", "rtl"), ("pl", "Zacznij", "ltr")],
)
def test_a_language_prefix_gives_the_page_in_that_language_without_a_cookie(
    client, code, start, direction
):
    page = client.get(f"/{code}/quiz/")
    text = html(page)
    assert f'<html lang="{code}" dir="{direction}">' in text
    assert start in text
    assert "Start de quiz" not in text
    assert page["Content-Language"] == code
    assert not page.cookies


def test_an_unknown_language_prefix_is_not_found(client):
    assert client.get("/de/quiz/").status_code == 404
    assert client.get("/xx/").status_code == 404


def test_the_language_menu_names_each_language_in_itself_and_keeps_the_address(client):
    text = html(client.get("/en/activiteiten/?plaats=Zwolle"))
    menu = text[text.index('class="language-menu"') :]
    menu = menu[: menu.index("</details>")]
    for code, name in [
        ("nl", "Nederlands"), ("en", "English"), ("pl", "Polski"),
        ("tr", "Türkçe"), ("ar", "العربيّة"), ("uk", "Українська"),
    ]:  # fmt: skip
        path = "/activiteiten/" if code == "nl" else f"/{code}/activiteiten/"
        assert f'href="{path}?plaats=Zwolle" hreflang="{code}" lang="{code}"' in menu
        assert name in menu
    assert 'aria-current="true">English<' in menu


def test_family_pages_list_every_language_and_grown_ups_pages_dutch_and_english(client):
    family = html(client.get("/en/"))
    assert set(re.findall(r'hreflang="([a-z-]+)"', family)) >= {
        "nl", "en", "pl", "tr", "ar", "uk", "x-default"
    }  # fmt: skip
    assert '<link rel="alternate" hreflang="ar" href="http://testserver/ar/">' in family
    grown_ups = html(client.get("/en/portaal/voor-aanbieders/"))
    offered = set(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)"', grown_ups))
    assert offered == {"nl", "en", "x-default"}


def test_path_in_swaps_only_the_prefix():
    assert languages.path_in("/quiz/", "en") == "/en/quiz/"
    assert languages.path_in("/en/quiz/", "nl") == "/quiz/"
    assert languages.path_in("/en/quiz/", "ar") == "/ar/quiz/"
    assert languages.path_in("/", "uk") == "/uk/"
    # a first word that only looks like a language stays part of the path
    assert languages.path_in("/english/", "pl") == "/pl/english/"


def start_quiz(client: Client, code: str):
    page = client.post(languages.path_in("/quiz/", code), {"stap": "start"})
    assert page.status_code == 200
    assert not page.cookies
    return html(page)


def test_the_shipped_quiz_questions_and_answers_come_in_each_language(client):
    first = Question.objects.filter(active=True).order_by("order", "pk").first()
    assert first is not None
    dutch = start_quiz(client, "nl")
    assert first.text_nl in dutch
    for code in ("en", "pl", "tr", "ar", "uk"):
        translated = getattr(first, f"text_{code}")
        assert translated, f"question without {code}"
        page = start_quiz(client, code)
        assert translated in page
        assert first.text_nl not in page
        answer = first.answers.first()
        assert getattr(answer, f"text_{code}") in page
        main = page[page.index("<main") :]
        assert 'lang="nl"' not in main  # nothing fell back to Dutch


def test_a_missing_translation_shows_the_dutch_marked_as_dutch(client):
    question = Question.objects.filter(active=True).order_by("order", "pk").first()
    Question.objects.filter(pk=question.pk).update(text_en=None)
    cache.clear()  # the prepared quiz (quiz.services) sees the change
    from quiz.services import questions_changed

    questions_changed()
    page = start_quiz(client, "en")
    assert f'<h1 class="question-text" lang="nl">{question.text_nl}</h1>' in page


def test_the_result_is_in_the_language_of_the_address_and_redirects_stay_in_it(client):
    start_quiz(client, "en")
    result = Result.objects.create(profile={"bouwen": 1.0}, answers=[], top_theme="bouwen")
    page = html(client.get(f"/en/quiz/uitslag/{result.code}/"))
    theme = Theme.objects.get(slug="bouwen")
    assert escape(theme.name_en) in page
    assert escape(theme.character_en) in page
    assert "Jij bent" not in page
    dutch = html(client.get(f"/quiz/uitslag/{result.code}/"))
    assert escape(theme.name_nl) in dutch


def test_activity_texts_stay_dutch_and_are_marked_so(client):
    from tests import factories

    act = factories.activity(title="Robotsumo in de bieb")
    address = act.get_absolute_url()
    page = html(client.get(f"/en{address}"))
    assert '<h1 lang="nl">Robotsumo in de bieb</h1>' in page
    dutch = html(client.get(address))
    assert "<h1>Robotsumo in de bieb</h1>" in dutch


def test_the_api_answers_in_the_language_asked_for(client):
    dutch = client.get("/api/v1/activities?leeftijd=abc")
    english = client.get("/api/v1/activities?leeftijd=abc&lang=en")
    by_header = client.get("/api/v1/activities?leeftijd=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert dutch.status_code == english.status_code == by_header.status_code == 400
    assert dutch.json() != english.json()
    assert english.json() == by_header.json()
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in by_header["Vary"]
    assert dutch["Content-Language"] == "nl"
    assert "Accept-Language" in dutch["Vary"]  # a shared cache keeps one copy per language
    assert "Accept-Language" not in english.get("Vary", "")


def test_api_language_choice():
    from django.test import RequestFactory

    rf = RequestFactory()
    assert languages.for_api(rf.get("/api/v1/", {"lang": "EN-gb"})) == ("en", False)
    assert languages.for_api(rf.get("/api/v1/", {"lang": "de"})) == ("nl", False)
    assert languages.for_api(rf.get("/api/v1/", HTTP_ACCEPT_LANGUAGE="de,ar;q=0.8")) == (
        "ar",
        True,
    )
    assert languages.for_api(rf.get("/api/v1/")) == ("nl", True)


@pytest.mark.usefixtures("page_cache")
def test_a_cached_page_is_kept_per_language(client):
    first_nl = html(client.get("/quiz/"))
    first_en = html(client.get("/en/quiz/"))
    assert html(client.get("/quiz/")) == first_nl
    assert html(client.get("/en/quiz/")) == first_en
    assert first_nl != first_en
    assert 'lang="en"' in first_en


def test_the_sitemap_lists_every_language_of_a_family_page(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/ar/</loc>" in xml
    assert 'hreflang="uk" href="http://testserver/uk/activiteiten/"' in xml
    assert 'hreflang="x-default" href="http://testserver/"' in xml
    # grown-ups' pages: Dutch and English
    assert re.search(r"<loc>http://testserver/en/sto-regios/[a-z-]+/</loc>", xml)
    assert not re.search(r"<loc>http://testserver/pl/sto-regios/", xml)


def test_a_kept_quiz_step_never_carries_another_visitors_address(client):
    """Quiz steps are rendered once per question (techniekkaart/slotted.py); the language menu
    repeats the address's query, so a query one visitor sends must not reach the next visitor."""
    first = client.post("/en/quiz/?lure=elsewhere", {"stap": "start"})
    assert "lure=elsewhere" in first.content.decode()
    second = client.post("/en/quiz/", {"stap": "start"})
    assert second.status_code == 200
    assert "lure" not in second.content.decode()
