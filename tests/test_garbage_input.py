"""Generated garbage in every filter parameter gives a page with a message, never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories

PARAMS = [
    "q", "thema", "leeftijd", "wanneer", "van", "tot", "plaats", "afstand",
    "gratis", "soort", "voor", "rolstoel", "sorteer", "pagina",
]  # fmt: skip

junk = st.one_of(
    st.text(max_size=300),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "9999-12-31", "0001-01-01", "2026-02-30",
                     "8051 AB", "1012", "../../etc/passwd", "<script>", "' OR 1=1 --", "\x00",
                     "week", "weekend", "maand", "datum", "afstand", "energie", "50", "5"]),
)  # fmt: skip
queries = st.dictionaries(
    st.sampled_from(PARAMS), st.one_of(junk, st.lists(junk, max_size=3)), max_size=8
)


@pytest.fixture
def catalogue(db):
    factories.activity("Bruggen bouwen", place="Hattem", also=("water",))
    factories.activity("Online code", location_type="online", theme="robots-code")


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=queries)
def test_garbage_never_breaks_the_list_or_the_map(client, catalogue, params):
    response = client.get("/activiteiten/", params)
    assert response.status_code == 200
    form = response.context["form"]
    if form.errors or form.place_lookup.message:
        assert 'role="alert"' in response.content.decode()
    geo = client.get("/activiteiten.geojson", params)
    assert geo.status_code == 200
    assert geo.json()["type"] == "FeatureCollection"


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(slug=st.text(max_size=80))
def test_any_slug_gives_a_page_or_a_404(client, catalogue, slug):
    for url in (f"/activiteiten/{slug}/", f"/activiteiten/{slug}/agenda.ics"):
        assert client.get(url).status_code in {200, 301, 404}
