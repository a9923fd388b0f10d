"""The number of queries of the busy pages is pinned and does not grow with the catalogue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
        ("/activiteiten/", {}, 4),
        # + 2 for the words: the catalogue's state and, once per state, its vocabulary
        ("/activiteiten/", {"plaats": "Zwolle", "thema": "energie", "q": "act"}, 6),
        # 1 for the catalogue version (the cache key) + 3 to build the answer
        ("/activiteiten.geojson", {}, 4),
        ("/activiteiten.geojson", {"plaats": "Zwolle", "wanneer": "maand"}, 4),
    ],
)
def test_list_and_map_use_a_fixed_number_of_queries(client, url, params, expected):
    grow(3)
    assert queries(client, url, params) == expected
    grow(12)
    assert queries(client, url, params) == expected


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
    # activity, themes, occurrences (this visitor's view is counted once a day: no update now),
    # rendered anew: the page cache's version set aside
    pagecache.bump()
    assert queries(client, few.get_absolute_url()) == 3
    assert queries(client, many.get_absolute_url()) == 3
    assert queries(client, many.get_absolute_url()) == 0  # from the page cache


def test_the_provider_page_uses_a_fixed_number_of_queries(client):
    owner = factories.provider()
    factories.activity(owner=owner)
    assert queries(client, owner.get_absolute_url()) == 3
    for _ in range(5):
        factories.activity(owner=owner, also=("water",))
    assert queries(client, owner.get_absolute_url()) == 3
