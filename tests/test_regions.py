"""The STO region pages: which municipality belongs where (guesses marked), a map, and what is on."""

from __future__ import annotations

import re

import pytest

from catalogue.models import Activity
from catalogue.places import find_place
from regions.models import MunicipalityRegion, STORegion
from tests import factories
from tests.factories import module

pytestmark = pytest.mark.django_db


def test_the_list_shows_every_region_and_the_municipalities_without_one(client):
    body = client.get("/sto-regios/").content.decode()
    for region in STORegion.objects.all():
        assert f'href="/sto-regios/{region.slug}/"' in body
    assert STORegion.objects.count() == 8
    without = body.split('id="zonder-regio"')[1].split("</ul>")[0]
    assert re.findall(r"<li>([^<]+)</li>", without) == ["Olst-Wijhe", "Raalte"]


def test_unconfirmed_placements_are_listed_without_internal_doubts(client):
    """Whether the coordinator has checked a placement is for the admin, not the public page."""
    assert not MunicipalityRegion.objects.get(municipality="Hattem").confirmed
    body = client.get("/sto-regios/regio-zwolle/").content.decode()
    items = dict(re.findall(r"<strong>([^<]+)</strong>(.*?)</li>", body, re.S))
    assert set(items) == {"Dalfsen", "Hattem", "Heerde", "Zwartewaterland", "Zwolle"}
    assert "bevestigd" not in body
    assert "bevestigd" not in client.get("/sto-regios/").content.decode()


def test_the_coordinators_changes_show_at_once(client):
    row = MunicipalityRegion.objects.get(municipality="Zwartewaterland")
    row.region, row.confirmed = STORegion.objects.get(slug="kampen"), True
    row.save()
    assert "Zwartewaterland" not in client.get("/sto-regios/regio-zwolle/").content.decode()
    kampen = client.get("/sto-regios/kampen/").content.decode()
    assert re.search(r"<strong>Zwartewaterland</strong>", kampen)


def test_the_map_marks_each_municipalitys_main_town(client):
    body = client.get("/sto-regios/meppel-steenwijkerland/").content.decode()
    assert 'id="regio-kaart"' in body and 'data-list="gemeente-lijst"' in body
    steenwijk = find_place("Steenwijk")
    assert f'data-lat="{steenwijk.lat:f}" data-lon="{steenwijk.lon:f}"' in body
    names = ["De Wolden", "Meppel", "Staphorst", "Steenwijkerland", "Westerveld"]
    assert body.count("data-lat=") == len(names)


def test_the_region_shows_its_coming_activities_only(client):
    inside = factories.activity("Bruggen in Hattem", place="Hattem")
    at_school = factories.activity(
        "Gastles uit Dalfsen",
        owner=factories.provider(place="Dalfsen"),
        location_type=Activity.LocationType.SCHOOL,
    )
    factories.activity("Robots in Kampen", place="Kampen")
    factories.activity("Concept in Zwolle", place="Zwolle", status=Activity.Status.DRAFT)
    factories.activity("Voorbij in Zwolle", place="Zwolle", days=(-3,))
    factories.activity(
        "Online vanuit Zwolle", place="Zwolle", location_type=Activity.LocationType.ONLINE
    )
    body = client.get("/sto-regios/regio-zwolle/").content.decode()
    shown = re.findall(r'<h3><a href="/activiteiten/[^"]+/">([^<]+)</a>', body)
    assert sorted(shown) == sorted([inside.title, at_school.title])


def test_a_region_lists_its_published_keuzevakken(client):
    module("Scheepsbouw", place="Kampen")
    module("Concept in Kampen", place="Kampen", status="concept")
    module("Apps in Zwolle", place="Zwolle")
    body = client.get("/sto-regios/kampen/").content.decode()
    assert "Scheepsbouw" in body and "Apps in Zwolle" not in body and "Concept" not in body
    assert "/keuzevakken/?regio=kampen" in body


def test_an_empty_region_says_so(client):
    STORegion.objects.create(name="STO Nieuw", slug="nieuw")
    body = client.get("/sto-regios/nieuw/").content.decode()
    assert "nog geen gemeenten aan deze regio gekoppeld" in body
    assert "geen activiteiten in deze regio" in body


def test_unknown_regions_are_404(client):
    assert client.get("/sto-regios/bestaat-niet/").status_code == 404


def test_region_pages_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(8):
        factories.activity(f"Activiteit {n}", place="Zwolle", also=("energie",))
    with django_assert_max_num_queries(10):
        assert client.get("/sto-regios/regio-zwolle/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/sto-regios/").status_code == 200
