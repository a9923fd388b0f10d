"""/activiteiten/ as a parent uses it on a phone: with a place, nearest first; counts that tell
nearby from online; a wider distance offered when few are nearby; quick chips; "Filters (n)"."""

import datetime as dt

import pytest
from django.utils import timezone

from catalogue.models import Activity
from tests import factories

pytestmark = pytest.mark.django_db


def listed(client, **params):
    response = client.get("/activiteiten/", params)
    assert response.status_code == 200
    return response, [hit.slug for hit in response.context["result"].hits]


def test_with_a_place_the_nearest_comes_first_when_both_start_together(client):
    """The issue's case: IJsselmuiden (12.9 km from Zwolle) above Zwolle (1.2 km) by "binnenkort"."""
    far = factories.activity("Aaa in IJsselmuiden", place="IJsselmuiden", days=(3,))
    near = factories.activity("Zzz in Zwolle", place="Zwolle", days=(3,))
    _, slugs = listed(client, plaats="Zwolle")
    assert slugs == [near.slug, far.slug]
    _, slugs = listed(client, plaats="Zwolle", sorteer="datum")  # still a choice
    assert slugs == [far.slug, near.slug]
    _, slugs = listed(client)  # no place: soonest first, then by title
    assert slugs == [far.slug, near.slug]


def test_the_sort_choice_shows_what_is_used(client):
    response, _ = listed(client, plaats="Zwolle")
    assert '<option value="afstand" selected>' in response.content.decode()
    response, _ = listed(client)
    assert '<option value="datum" selected>' in response.content.decode()


def test_the_widget_sorts_by_distance_when_it_has_a_place(client):
    far = factories.activity("Aaa in IJsselmuiden", place="IJsselmuiden", days=(3,))
    near = factories.activity("Zzz in Zwolle", place="Zwolle", days=(3,))
    body = client.get("/api/v1/widget/", {"plaats": "Zwolle"}).content.decode()
    assert body.index(near.title) < body.index(far.title)


def online(n):
    return [
        factories.activity(f"Online {i}", location_type=Activity.LocationType.ONLINE)
        for i in range(n)
    ]


def test_counts_tell_nearby_from_online(client):
    factories.activity("In Hattem", place="Hattem")
    online(6)
    response, slugs = listed(client, plaats="Hattem", afstand=5)
    assert len(slugs) == 7
    body = response.content.decode()
    assert "Binnen 5 km van Hattem: 1" in body
    assert "online: 6" in body


def test_few_nearby_offers_the_next_distance_with_more(client):
    """One nearby and six online used to read as "7 activiteiten", so the offer never came."""
    factories.activity("In Hattem", place="Hattem")
    factories.activity("In Zwolle", place="Zwolle")  # 4.7 km
    factories.activity("In Heerde", place="Heerde")  # 9.9 km
    factories.activity("In Kampen", place="Kampen")  # 13.6 km
    online(6)
    response, _ = listed(client, plaats="Hattem", afstand=5)
    result = response.context["result"]
    assert result.local_count == 2
    assert (result.wider_radius, result.wider_count) == (10, 3)
    body = response.content.decode()
    assert "Meer kiezen? Binnen 10 km van Hattem zijn er 3." in body
    assert "afstand=10" in body


def test_enough_nearby_offers_nothing_more(client):
    for _ in range(3):
        factories.activity(place="Hattem")
    factories.activity(place="Heerde")
    response, _ = listed(client, plaats="Hattem", afstand=5)
    assert response.context["result"].wider_radius is None
    assert "Meer kiezen?" not in response.content.decode()


def test_only_online_nearby_still_says_nothing_is_near(client):
    factories.activity("In Kampen", place="Kampen")
    online(6)
    response, slugs = listed(client, plaats="Hattem", afstand=10)
    assert len(slugs) == 6
    assert "Niets binnen 10 km van Hattem, wel 1 binnen 25 km" in response.content.decode()


def test_the_weekend_chip_keeps_to_this_weekend(client):
    today = timezone.localdate()
    saturday = (5 - today.weekday()) % 7
    if today.weekday() == 6:
        saturday = 0  # on Sunday "this weekend" is today
    weekend = factories.activity("In het weekend", days=(saturday,))
    factories.activity("Later", days=(saturday + 7,))
    response, slugs = listed(client, weekend="on")
    assert slugs == [weekend.slug]
    assert 'name="weekend" id="id_weekend" checked' in response.content.decode()


def test_the_filters_panel_says_how_many_of_its_filters_are_set(client):
    response, _ = listed(client, thema=["bouwen", "water"], voor="gezin", gratis="on")
    body = response.content.decode()
    assert "Filters (3)" in body  # two themes and "voor wie"; "gratis" is a quick chip
    assert '<details class="more-filters">' in body, "closed, so the results come first"
    response, _ = listed(client)
    assert "Filters (" not in response.content.decode()


def test_an_htmx_answer_updates_the_panel_count(client):
    response = client.get(
        "/activiteiten/",
        {"thema": "bouwen"},
        headers={"HX-Request": "true", "HX-Target": "resultaten"},
    )
    body = response.content.decode()
    assert 'id="filter-count" data-hx-swap-oob="true"' in body
    assert "Filters (1)" in body


def test_a_date_range_counts_once(client):
    day = timezone.localdate() + dt.timedelta(days=3)
    response, _ = listed(client, wanneer="datum", van=day.isoformat(), tot=day.isoformat())
    assert "Filters (1)" in response.content.decode()
