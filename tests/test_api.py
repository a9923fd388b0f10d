"""GET /api/v1/recommendations: the recommender's ranking as JSON; bad parameters are a clear 400."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_it_answers_the_ranking_with_reasons(client):
    build = factories.activity(
        "Bouw een brug", theme="bouwen", also=("water",), place="Kampen", days=(3,)
    )
    factories.activity("Dijk", theme="water", place="Kampen", days=(4,))
    response = client.get(
        "/api/v1/recommendations",
        {"profile": "bouwen:0.6,energie:0.4", "leeftijd": 9, "plaats": "Kampen"},
    )
    assert response.status_code == 200
    data = response.json()
    first = data["items"][0]
    assert first["slug"] == build.slug
    assert first["url"] == f"http://testserver/activiteiten/{build.slug}/"
    assert first["themes"] == ["bouwen", "water"]
    assert first["distance_km"] == 0.0
    assert first["next_start"].startswith(
        build.occurrences.first().start.astimezone().date().isoformat()[:4]
    )
    assert first["reasons"][0] == "Je houdt van bouwen"
    assert first["town"] == "Kampen"
    assert first["also_in"] == []
    assert isinstance(first["score"], float)
    assert set(first) == {
        "slug",
        "title",
        "url",
        "themes",
        "distance_km",
        "next_start",
        "score",
        "reasons",
        "try_new",
        "town",
        "also_in",
    }


def test_a_child_never_gets_a_class_only_offer_and_a_class_asks_with_voor_klas(client):
    family = factories.activity("Bouwdag", theme="bouwen", place="Kampen", audience="gezin")
    lesson = factories.activity(
        "Gastles bouwen", theme="bouwen", place="Kampen", audience="beide",
        kind="gastles", location_type="school", days=(), availability="aanvraag",
    )  # fmt: skip
    child = client.get("/api/v1/recommendations", {"profile": "bouwen", "plaats": "Kampen"})
    assert [item["slug"] for item in child.json()["items"]] == [family.slug]
    klas = client.get(
        "/api/v1/recommendations", {"profile": "bouwen", "plaats": "Kampen", "voor": "klas"}
    ).json()
    assert [item["slug"] for item in klas["items"]] == [lesson.slug]
    assert klas["items"][0]["reasons"][:2] == [
        "Jullie houden van bouwen",
        "komt naar jullie school",
    ]


def test_one_item_per_series_with_the_other_towns(client):
    near = factories.activity("Robotsumo", theme="robots-code", place="Kampen")
    factories.activity("Robotsumo", theme="robots-code", place="Zwolle")
    factories.activity("Robotsumo", theme="robots-code", location_type="online")
    data = client.get(
        "/api/v1/recommendations", {"profile": "robots-code", "plaats": "Kampen"}
    ).json()
    assert [(i["slug"], i["town"], i["also_in"]) for i in data["items"]] == [
        (near.slug, "Kampen", ["Zwolle", "online"])
    ]


def test_limit_is_respected(client):
    for i in range(5):
        factories.activity(f"Bouw {i}", theme="bouwen")
    data = client.get("/api/v1/recommendations", {"profile": "bouwen", "limit": 2}).json()
    assert data["count"] == 2


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({}, "profile", "Geef een profiel"),
        ({"profile": "vliegen:1"}, "profile", "Onbekend thema “vliegen”"),
        ({"profile": "bouwen:veel"}, "profile", "is geen getal"),
        ({"profile": "bouwen:-1"}, "profile", "tussen 0 en 100"),
        ({"profile": "bouwen", "leeftijd": "100"}, "leeftijd", "leeftijd moet een heel getal"),
        ({"profile": "bouwen", "limit": "0"}, "limit", "limit moet een heel getal"),
        ({"profile": "bouwen", "plaats": "Amsterdam"}, "plaats", "We kennen de plaats"),
        ({"profile": "bouwen", "voor": "juf"}, "voor", "voor moet “kind” of “klas” zijn"),
    ],
)
def test_bad_parameters_give_a_400_with_a_clear_message(client, params, parameter, message):
    response = client.get("/api/v1/recommendations", params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert message in response.json()["error"]
