"""The result page's cards are kept per content version and language, with the button's address
(which holds the result's code) filled in per page (quiz.results.cards, issue 17): a page of kept
cards must be the same, byte for byte, as one include per card renders it, and an edit, a date
that has begun or another language must show on the next render."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.template import Context, engines
from django.utils import timezone, translation

from catalogue.models import Theme
from quiz.models import Result
from techniekkaart import pagecache
from tests import factories

pytestmark = pytest.mark.django_db

LISTS = re.compile(r'<ol class="cards[^"]*"[^>]*>(.*?)</ol>', re.DOTALL)
# The result page's card loops as they were before cards were kept: one include per card.
INCLUDED = """{% for item, activity in first %}
    <li>{% include "quiz/_result_card.html" with big=True %}</li>
    {% endfor %}|{% for item, activity in rest %}<li>{% include "quiz/_result_card.html" %}</li>{% endfor %}"""


@pytest.fixture
def catalogue():
    Theme.objects.filter(slug="bouwen").update(character="Bouwer")
    made = [
        factories.activity(f"Bouwclub {n}", theme="bouwen", place="Kampen", days=(n + 2, n + 9))
        for n in range(5)
    ]
    made += [factories.activity("Online bouwen", theme="bouwen",
                                location_type="online", days=(4,))]  # fmt: skip
    made += [factories.activity("Waterlab", theme="water", place="IJsselmuiden", days=(3,))]
    made[0].title_en, made[0].summary_en = "Building club", "Build together"
    made[0].save()
    return made


def forget_all() -> None:
    """Nothing kept: neither memos (cards, rows) nor fragments ({% cache %} blocks)."""
    pagecache._memos.clear()
    caches["fragments"].clear()


def result(**fields) -> Result:
    defaults = {"profile": {"bouwen": 0.6, "maken": 0.3, "water": 0.1}, "age": 9,
                "pc4": "8261", "municipality": "Kampen"}  # fmt: skip
    return Result.objects.create(**{**defaults, **fields})


def path(saved: Result) -> str:
    """The Dutch address (a request to /en/ leaves English active in the test's thread)."""
    with translation.override("nl"):
        return saved.get_absolute_url()


def cards_of(html: str) -> list[str]:
    return LISTS.findall(html)


def included(response, language: str) -> list[str]:
    """The two card lists of the response as one include per card renders them."""
    context = response.context
    values = {"first": context["first"], "rest": context["rest"], "result": context["result"]}
    template = engines["django"].from_string(INCLUDED).template
    with translation.override(language):
        rendered = template.render(Context(values))
    return rendered.split("|")


@pytest.mark.parametrize(("prefix", "language"), [("", "nl"), ("/en", "en")])
@pytest.mark.parametrize("query", ["", "?plaats=Zwolle&afstand=50", "?leeftijd=12"])
def test_kept_cards_are_the_same_as_one_include_each(client, catalogue, prefix, language, query):
    saved = result()
    url = prefix + path(saved) + query
    forget_all()
    fresh = client.get(url)
    kept = client.get(url)  # every card kept
    assert kept.content == fresh.content
    forget_all()
    assert client.get(url).content == fresh.content
    html = fresh.content.decode()
    first, rest = cards_of(html)
    want_first, want_rest = included(fresh, language)
    assert first.strip() == want_first.strip() and rest.strip() == want_rest.strip()
    assert html.count('<article class="card') == len(fresh.context["items"]) >= 4


def test_each_result_posts_to_its_own_address(client, catalogue):
    one, two = result(), result()
    first = client.get(path(one)).content.decode()
    second = client.get(path(two)).content.decode()  # the same cards, kept
    assert [c.replace(one.code, two.code) for c in cards_of(first)] == cards_of(second)
    assert f'action="/quiz/uitslag/{two.code}/open/{catalogue[0].slug}/"' in second
    assert one.code not in second


def test_an_english_page_has_english_cards_after_a_dutch_one(client, catalogue):
    saved = result()
    dutch = client.get(path(saved)).content.decode()
    english = client.get("/en" + path(saved)).content.decode()
    assert "Bouwclub 0" in dutch and "Building club" not in dutch
    assert "Building club" in english and "Bouwclub 0</button>" not in english
    assert f'action="/en/quiz/uitslag/{saved.code}/open/' in english


def test_an_edit_shows_on_the_next_render(client, catalogue):
    saved = result()
    assert "Bouwclub 1" in client.get(path(saved)).content.decode()
    catalogue[1].title = "Timmerclub"
    catalogue[1].save()
    html = client.get(path(saved)).content.decode()
    assert "Timmerclub" in html and "Bouwclub 1" not in html


def test_a_date_that_has_begun_is_no_longer_on_the_card(client, catalogue, monkeypatch):
    from catalogue import recommendations

    saved = result()
    water, bouw = catalogue[-1], catalogue[0]
    start = water.occurrences.get().start
    monkeypatch.setattr(timezone, "now", lambda: start - dt.timedelta(hours=1))
    assert f'data-slug="{water.slug}"' in client.get(path(saved)).content.decode()
    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(seconds=1))
    assert f'data-slug="{water.slug}"' not in client.get(path(saved)).content.decode()

    first = bouw.occurrences.order_by("start").first()
    for moment in (first.start - dt.timedelta(hours=1), first.start + dt.timedelta(seconds=1)):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        kept = client.get(path(saved)).content
        pagecache._memos.clear()
        recommendations._cached.clear()
        assert client.get(path(saved)).content == kept  # as a fresh render


def test_the_way_on_and_the_jobs_are_kept_per_version_and_language(client, catalogue):
    Theme.objects.filter(slug="bouwen").update(jobs="Een metselaar bouwt muren.")
    pagecache.bump()  # a bulk update, as the tests make it: a new version by hand
    company = factories.provider("Bouwbedrijf Kamper", place="Kampen", kind="bedrijf")
    for title in ("Open bouwplaats", "Bouwdag"):  # its own first among the companies
        factories.activity(title, theme="bouwen", place="Kampen", owner=company)
    one, two = result(), result(profile={"bouwen": 0.7, "water": 0.3})
    first = client.get(path(one)).content.decode()
    assert "Bouwbedrijf Kamper" in first and "Een metselaar bouwt muren." in first
    second = client.get(path(two)).content.decode()  # the same hero: kept
    assert "Bouwbedrijf Kamper" in second
    english = client.get("/en" + path(one)).content.decode()
    with translation.override("en"):
        address = company.get_absolute_url()
    assert f'<a href="{address}">Bouwbedrijf Kamper</a>' in english
    assert "Bouwbedrijf Kamper" in english and "How you can go on later" in english

    translation.activate("nl")  # the edits in Dutch (the English request left English active)
    company.name = "Bouwbedrijf Kampen"
    company.save()
    theme = Theme.objects.get(slug="bouwen")
    theme.jobs = "Een timmerman maakt daken."
    theme.save()
    again = client.get(path(one)).content.decode()
    assert "Bouwbedrijf Kampen" in again and "Bouwbedrijf Kamper" not in again
    assert "Een timmerman maakt daken." in again and "metselaar" not in again


def test_the_options_show_what_each_page_asked_for(client, catalogue):
    saved = result()
    for prefix in ("", "/en"):
        for age, radius in ((12, 25), (9, 10), (12, 50), (None, 25)):
            query = f"?afstand={radius}" + (f"&leeftijd={age}" if age else "")
            response = client.get(prefix + path(saved) + query)
            html = response.content.decode()
            ages = html.split('<select id="r-leeftijd"')[1].split("</select>")[0]
            radii = html.split('<select id="r-afstand"')[1].split("</select>")[0]
            assert ages.count(" selected") == 1 and f'value="{age or 9}" selected' in ages
            shown = response.context["shown_radius"]  # the radius asked for, or widened
            assert radii.count(" selected") == 1 and f'value="{shown}" selected' in radii
            assert ("All ages" if prefix else "Alle leeftijden") in ages


def test_the_hero_shows_an_edit_of_its_theme(client, catalogue):
    saved = result()
    assert "Bouwer</span>!" in client.get(path(saved)).content.decode()
    theme = Theme.objects.get(slug="bouwen")
    theme.character = "Timmeraar"
    theme.save()
    html = client.get(path(saved)).content.decode()
    assert "Timmeraar</span>!" in html and "Bouwer</span>" not in html
    english = client.get("/en" + path(saved)).content
    forget_all()
    assert client.get("/en" + path(saved)).content == english
