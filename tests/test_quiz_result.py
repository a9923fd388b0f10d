"""The result page: the child's top themes as characters, bars, jobs, explained suggestions, QR, print."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Theme
from quiz.models import Result
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def builder_result():
    Theme.objects.filter(slug="bouwen").update(
        character="Bouwer", jobs="Een metselaar bouwt muren."
    )
    Theme.objects.filter(slug="maken").update(character="Maker")
    return Result.objects.create(
        profile={"bouwen": 0.6, "maken": 0.3, "water": 0.1},
        age=9,
        pc4="8261",
        municipality="Kampen",
    )


def test_it_names_the_top_themes_as_characters_with_bars_and_jobs(client, builder_result):
    body = client.get(builder_result.get_absolute_url()).content.decode()
    assert "Jij bent een" in body
    assert '<span class="character theme-bouwen">Bouwer</span>' in body
    assert '<span class="character theme-maken">Maker</span>' in body
    assert body.count("<meter") == Theme.objects.count()
    assert "Een metselaar bouwt muren." in body


def test_it_recommends_nearby_fitting_activities_with_reasons(client, builder_result):
    near = factories.activity("Bouw een brug", theme="bouwen", place="IJsselmuiden", days=(3,))
    factories.activity("Te jong", theme="bouwen", place="Kampen", min_age=4, max_age=6)
    factories.activity("Voorbij", theme="bouwen", place="Kampen", days=(-1,))
    response = client.get(builder_result.get_absolute_url())
    body = response.content.decode()
    slugs = [item.offer.slug for item, _activity in response.context["items"]]
    assert slugs == [near.slug]
    assert "past bij Bouwen &amp; Wonen · 1,9 km van Kampen" in body
    assert f'data-slug="{near.slug}"' in body
    assert not response.cookies


def test_the_parent_can_widen_the_distance_and_change_the_age(client, builder_result):
    far = factories.activity("Ver weg", theme="bouwen", place="Zwolle", min_age=11, max_age=12)
    url = builder_result.get_absolute_url()
    assert client.get(url).context["items"] == []
    assert client.get(url, {"afstand": 50}).context["items"] == []  # still too young
    items = client.get(url, {"afstand": 50, "leeftijd": 11}).context["items"]
    assert [item.offer.slug for item, _a in items] == [far.slug]


def test_an_empty_catalogue_gives_a_friendly_empty_result(client, builder_result):
    response = client.get(builder_result.get_absolute_url(), {"afstand": "niet"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "We vonden nu niets dat bij je past in de buurt." in body


def test_the_link_has_a_qr_code_and_a_print_page(client, builder_result):
    factories.activity("Bouw een brug", theme="bouwen", place="Kampen")
    body = client.get(builder_result.get_absolute_url()).content.decode()
    assert "<svg" in body
    assert f"http://testserver/quiz/uitslag/{builder_result.code}/" in body
    printed = client.get(f"/quiz/uitslag/{builder_result.code}/print/").content.decode()
    assert "Ik ben een Bouwer" in printed
    assert "Bouw een brug" in printed
    assert "<svg" in printed


def test_an_unknown_code_is_a_dutch_404(client):
    response = client.get("/quiz/uitslag/bestaatniet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer)" in response.content.decode()


def test_the_result_page_uses_a_fixed_number_of_queries(client, builder_result):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(builder_result.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    factories.activity(theme="bouwen", place="Kampen", also=("maken",))
    # result, themes, catalogue version (2), snapshot (3: activities, their themes, theme names), shown
    assert count() == 8
    assert count() == 5  # the snapshot is reused while the catalogue is unchanged
    for _ in range(8):
        factories.activity(theme="bouwen", place="Kampen", also=("maken", "water"))
    assert count() == 8
    assert count() == 5


def test_a_change_in_the_catalogue_shows_up_at_once(client, builder_result):
    url = builder_result.get_absolute_url()
    assert client.get(url).context["items"] == []
    new = factories.activity("Nieuw", theme="bouwen", place="Kampen")
    assert [item.offer.slug for item, _a in client.get(url).context["items"]] == [new.slug]
    new.occurrences.all().delete()
    assert client.get(url).context["items"] == []
