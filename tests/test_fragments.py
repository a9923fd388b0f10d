"""Activity cards, the theme list and the home page's theme and news cards are kept per content
version (public/fragments.py, issue 17): a page built from kept cards must be the same, byte for
byte, as a render of its own, and a change of an activity, a date or a theme must show on the
next render."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.template import Context, engines
from django.utils import timezone, translation

from catalogue.models import Activity, DateStatus, Occurrence
from tests import factories

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "resultaten"}
CARDS = re.compile(r'<ol class="cards" start="\d+">(.*?)</ol>', re.DOTALL)
# The list's card loop as it was before cards were kept: one include per card.
INCLUDED = """
      {% for activity, hit in items %}
        <li>{% include "public/_activity_card.html" with activity=activity next_start=hit.next_start distance=hit.distance_km %}</li>
      {% endfor %}
    """


@pytest.fixture
def catalogue():
    robots = factories.activity("Robots bouwen", theme="robots-code", also=("maken",), days=(2, 9))
    bridge = factories.activity("Bruggen van spaghetti", place="Kampen", days=(3,), price=5)
    english = factories.activity("Zonne-auto", theme="energie", days=(4,), place="Hattem")
    english.title_en, english.summary_en = "Solar car", "Build a car that runs on sunlight"
    english.save()
    called_off = factories.activity("Lassen voor kids", theme="maken", days=(5, 12))
    first = called_off.occurrences.order_by("start").first()
    first.status = DateStatus.CANCELLED
    first.save()
    factories.activity("Altijd open lab", days=(), availability=Activity.Availability.ALWAYS,
                       last_confirmed=timezone.localdate())  # fmt: skip
    return {"robots": robots, "bridge": bridge, "english": english, "called_off": called_off}


def page(client, url, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode()


def included_cards(client, url, language) -> str:
    """The list's cards for `url` as one include each renders them from whole activities (the
    hits as the whole page has them: the htmx answer, a partial, sends no context to tests)."""
    context = client.get(url).context
    hits = {hit.pk: hit for hit in context["page"].object_list}
    activities = (
        Activity.objects.filter(pk__in=hits)
        .with_next_start()
        .select_related("provider", "main_theme", "venue")
        .prefetch_related("themes")
    )
    by_pk = {a.pk: a for a in activities}
    items = [(by_pk[pk], hit) for pk, hit in hits.items() if pk in by_pk]
    with translation.override(language):
        return engines["django"].from_string(INCLUDED).template.render(Context({"items": items}))


@pytest.mark.parametrize(
    ("url", "headers", "language", "shows"),
    [
        ("/activiteiten/", {}, "nl", "Afgelast"),
        ("/activiteiten/?plaats=Zwolle&afstand=50", {}, "nl", " km</dd>"),  # distances
        ("/activiteiten/?thema=maken&plaats=8051", {}, "nl", "Afgelast"),
        ("/en/activiteiten/", {}, "en", "Solar car"),
        ("/en/activiteiten/?plaats=Kampen&afstand=50", {}, "en", "Cancelled"),
        ("/activiteiten/?leeftijd=9&plaats=Zwolle", HTMX, "nl", "Afgelast"),  # the results alone
        ("/activiteiten/?wanneer=datum&van={soon}", {}, "nl", "Afgelast"),  # from tomorrow on
        ("/activiteiten/?wanneer=datum&van={later}", {}, "nl", "Lassen voor kids"),  # after it
    ],
)
def test_a_page_of_kept_cards_is_the_same_as_a_fresh_render(client, catalogue, url, headers,
                                                             language, shows):  # fmt: skip
    today, later = timezone.localdate(), "{later}" in url
    url = url.format(
        later=(today + dt.timedelta(days=6)).isoformat(),
        soon=(today + dt.timedelta(days=1)).isoformat(),
    )
    caches["fragments"].clear()
    fresh = page(client, url, **headers)  # every card rendered
    page(client, "/activiteiten/?sorteer=afstand")  # other pages keep their cards too
    page(client, "/en/activiteiten/?gratis=on")
    kept = page(client, url, **headers)  # every card kept
    assert kept == fresh
    assert CARDS.search(kept).group(1) == included_cards(client, url, language)
    assert shows in kept
    if later:
        assert "Afgelast" not in kept


def test_a_later_start_shows_no_status_for_a_date_that_is_not_the_next(client, catalogue):
    """From day 10 on, the called-off activity's first date is day 12: its card shows that date
    without a status, as the card only tells the status of the activity's next date (day 5,
    called off); also once day 12 is called off as well, with the cards kept or not."""
    called_off = catalogue["called_off"]
    later = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    url = f"/activiteiten/?van={later}&thema=maken"
    page(client, "/activiteiten/?thema=maken")
    first = page(client, url)
    assert page(client, url) == first
    assert called_off.title in first and "Afgelast" not in first
    last = Occurrence.objects.filter(activity=called_off).order_by("start").last()
    last.status = DateStatus.CANCELLED
    last.save()
    page(client, "/activiteiten/?thema=maken")
    kept = page(client, url)
    caches["fragments"].clear()
    assert kept == page(client, url)
    assert "Afgelast" not in kept
    soon = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert "Afgelast" in page(client, f"/activiteiten/?van={soon}&thema=maken")


def test_a_change_shows_on_the_next_render(client, catalogue):
    robots, bridge = catalogue["robots"], catalogue["bridge"]
    for _ in range(2):
        before = page(client, "/activiteiten/")
        home = page(client, "/")
    assert "Robots bouwen" in before and "Robots bouwen" in home

    robots.title = "Robots programmeren"
    robots.save()
    assert "Robots programmeren" in page(client, "/activiteiten/")
    assert "Robots programmeren" in page(client, "/")
    assert "Robots bouwen" not in page(client, "/")

    date = bridge.occurrences.get()
    date.status = DateStatus.CANCELLED
    date.save()
    card = (
        page(client, "/activiteiten/").split(f'data-slug="{bridge.slug}"')[1].split("</article>")[0]
    )
    assert "Afgelast" in card

    theme = robots.main_theme
    theme.name = "Robots en code"
    theme.save()
    listed = page(client, "/activiteiten/")
    assert f'<span class="tag theme-{theme.slug}">Robots en code</span>' in listed
    assert "Robots en code</label>" in listed  # the filter's chip
    assert "<strong>Robots en code</strong>" in page(client, "/")

    venue = bridge.venue
    venue.place = "IJsselmuiden"
    venue.save()
    assert "IJsselmuiden" in page(client, "/activiteiten/")


def test_the_home_page_of_kept_cards_is_the_same_as_a_fresh_render(client, catalogue):
    from news.models import NewsItem

    NewsItem.objects.create(title="Nieuws", slug="nieuws", summary="s",
                            status=NewsItem.Status.PUBLISHED,
                            publish_at=timezone.now() - dt.timedelta(days=1))  # fmt: skip
    for url, called_off in (("/", "Afgelast"), ("/en/", "Cancelled")):
        caches["fragments"].clear()
        fresh = page(client, url)
        assert page(client, url) == fresh
        assert called_off in fresh and "Nieuws" in fresh


def test_a_kept_search_is_read_anew_once_its_first_date_has_begun(client, catalogue, monkeypatch):
    """The search's answer is kept per content version only until the first date it found has
    begun (or the day ends): then the activity shows its next date, or is gone."""
    robots = catalogue["robots"]
    first, second = robots.occurrences.order_by("start")
    url = "/activiteiten/?thema=robots-code"

    def card(html):
        return html.split(f'data-slug="{robots.slug}"')[1].split("</article>")[0]

    def day(date):
        return f" {timezone.localtime(date.start).day} "

    monkeypatch.setattr(timezone, "now", lambda: first.start - dt.timedelta(seconds=20))
    assert day(first) in card(page(client, url))
    monkeypatch.setattr(timezone, "now", lambda: first.start + dt.timedelta(seconds=1))
    shown = card(page(client, url + "&pagina=1"))  # a new address, within the minute
    assert day(second) in shown and day(first) not in shown
