import pytest

from catalogue import places


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("hattem", "Hattem"),
        ("HATTEM ", "Hattem"),
        ("De Krim", "De Krim"),
        ("dekrim", "De Krim"),
        ("de  krim", "De Krim"),
        ("IJsselmuiden", "IJsselmuiden"),
        ("ijsselmuiden", "IJsselmuiden"),
        ("Mariënberg", "Mariënberg"),
        ("marienberg", "Mariënberg"),
        ("'s-Heerenbroek", "'s-Heerenbroek"),
        ("s heerenbroek", "'s-Heerenbroek"),
    ],
)
def test_it_finds_places_whatever_the_case_accents_or_spaces(query, name):
    result = places.lookup(query)
    assert result.place is not None
    assert result.place.name == name
    assert result.message == ""


@pytest.mark.parametrize("query", ["8051", "8051 AB", "8051ab", " 8051  ab "])
def test_it_finds_a_postcode_with_or_without_letters(query):
    result = places.lookup(query)
    assert result.place is not None
    assert result.place.name == "Hattem"
    assert result.label.startswith("8051")


def test_a_postcode_outside_the_region_gets_a_dutch_message_with_suggestions():
    result = places.lookup("1012")
    assert result.place is None
    assert "ligt niet in Regio Zwolle" in result.message
    assert result.suggestions


def test_an_unknown_place_gets_a_message_and_close_suggestions():
    result = places.lookup("Hatem")
    assert result.place is None
    assert "We kennen de plaats" in result.message
    assert "Hattem" in [p.name for p in result.suggestions]


def test_empty_input_is_no_place_and_no_message():
    result = places.lookup("   ")
    assert result.place is None
    assert result.message == ""


def test_places_with_the_same_name_are_told_apart_by_municipality():
    alteveer = [p for p in places.all_places() if p.name == "Alteveer"]
    assert len(alteveer) == 2
    for place in alteveer:
        assert places.find_place("Alteveer", place.municipality) == place


def test_the_gazetteer_covers_the_22_municipalities():
    assert len(places.municipalities()) == 22
    assert len(places.all_places()) == 191


def test_distance_between_zwolle_and_kampen_is_about_13_km():
    zwolle, kampen = places.find_place("Zwolle"), places.find_place("Kampen")
    assert zwolle and kampen
    assert 11 < places.distance_km(zwolle.lat, zwolle.lon, kampen.lat, kampen.lon) < 16
