"""The number of queries of the busy pages is pinned and does not grow with the catalogue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Activity
from techniekkaart import pagecache
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def grow(n):
    for i in range(n):
        factories.activity(f"Act {i}", also=("energie", "water"), days=(i % 5 + 1, 30))


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        # without words the search reads its snapshot of the catalogue (3 queries, once per
        # content version: catalogue.search._offers)
        ("/activiteiten/", {}, 6),
        # words are searched by the database: the search, the catalogue's state and, once per
        # state, its vocabulary
        ("/activiteiten/", {"plaats": "Zwolle", "thema": "energie", "q": "act"}, 6),
        # the themes (for the filter form) and the search's snapshot, which also gives each
        # marker's themes (the key of the map's answer holds the page cache's content version:
        # no query)
        ("/activiteiten.geojson", {}, 4),
        ("/activiteiten.geojson", {"plaats": "Zwolle", "wanneer": "maand"}, 4),
    ],
)
def test_list_and_map_use_a_fixed_number_of_queries(client, url, params, expected):
    grow(3)
    assert queries(client, url, params) == expected
    grow(12)
    assert queries(client, url, params) == expected


def test_a_new_address_reads_only_what_changes_with_the_clock(client):
    """The cards, the theme list, the search's answer (public/fragments.py) and the home page's
    theme and news cards are kept per content version: a new address of the list reads nothing
    (the search's snapshot is kept as well); the home page's highlights' rows, count and news
    are kept too until the clock could change them (pages.highlights.front)."""
    grow(3)
    # the highlights' rows, the count, the news and the next scheduled one, the cards' activities
    # and their themes, the themes; then on a new address nothing
    assert queries(client, "/") == 7
    assert queries(client, "/", {"bron": "nieuwsbrief"}) == 0
    # once per content version the search's snapshot of the catalogue (3) and the dates that do
    # not go on: the cards (the same as on the home page) and the themes are kept
    assert queries(client, "/activiteiten/") == 4
    assert queries(client, "/activiteiten/", {"pagina": 1}) == 0  # the same search: kept
    # other filters: searched in the kept snapshot
    assert queries(client, "/activiteiten/", {"leeftijd": 9}) == 0
    assert queries(client, "/activiteiten/", {"thema": "water", "gratis": "1"}) == 0
    grow(1)  # a change: the snapshot and every card anew
    assert queries(client, "/activiteiten/", {"pagina": 1}) == 6


def test_the_map_answer_comes_from_the_cache_until_the_catalogue_changes(client):
    grow(3)
    first = client.get("/activiteiten.geojson", {"plaats": "Zwolle"}).json()
    # the whole answer from the page cache (techniekkaart/pagecache.py): no query at all
    assert queries(client, "/activiteiten.geojson", {"plaats": "Zwolle"}) == 0
    factories.activity("Nieuw in Zwolle", days=(2,))
    again = client.get("/activiteiten.geojson", {"plaats": "Zwolle"}).json()
    assert len(again["features"]) == len(first["features"]) + 1


def test_the_activity_page_uses_a_fixed_number_of_queries(client):
    few = factories.activity(also=("energie",), days=(1,))
    many = factories.activity(also=("energie", "water", "maken"), days=tuple(range(1, 30)))
    client.get(few.get_absolute_url())  # today's count row exists from now on
    client.get(many.get_absolute_url())
    # activity, occurrences (this visitor's view is counted once a day: no update now),
    # rendered anew: the page cache's version set aside; whether it is public and which themes
    # it has come from the search's snapshot (3 queries), the themes from the theme list (1),
    # both read once per content version
    pagecache.bump()
    assert queries(client, few.get_absolute_url()) == 2 + 3 + 1
    assert queries(client, many.get_absolute_url()) == 2
    assert queries(client, many.get_absolute_url()) == 0  # from the page cache


def test_an_offer_without_dates_costs_one_query(client):
    """On request or always open: the snapshot knows it has no dates, so none are read."""
    ongoing = factories.activity(days=(), availability=Activity.Availability.ON_REQUEST)
    client.get(ongoing.get_absolute_url())  # the snapshot, the themes, today's count row
    pagecache.bump()
    client.get("/activiteiten/")  # the snapshot and the themes of the new version
    assert queries(client, ongoing.get_absolute_url()) == 1


def test_the_provider_page_uses_a_fixed_number_of_queries(client):
    owner = factories.provider()
    factories.activity(owner=owner)
    assert queries(client, owner.get_absolute_url()) == 3
    for _ in range(5):
        factories.activity(owner=owner, also=("water",))
    assert queries(client, owner.get_absolute_url()) == 3
