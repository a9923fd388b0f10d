import pytest

from tests import factories


@pytest.mark.django_db
def test_list_detail_and_geojson_answer(client):
    act = factories.activity("Bruggen bouwen", place="Hattem")
    assert client.get("/").status_code == 200
    response = client.get("/activiteiten/")
    assert response.status_code == 200
    assert "Bruggen bouwen" in response.content.decode()
    assert client.get(act.get_absolute_url()).status_code == 200
    data = client.get("/activiteiten.geojson").json()
    assert [f["properties"]["slug"] for f in data["features"]] == [act.slug]
