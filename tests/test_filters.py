"""Every filter of /activiteiten/, alone and combined. The list and the GeoJSON must agree."""

import datetime as dt

import pytest
from django.utils import timezone

from catalogue.filters import when_range
from catalogue.models import Activity
from tests import factories

pytestmark = pytest.mark.django_db


def found(client, **params):
    response = client.get("/activiteiten/", params)
    assert response.status_code == 200
    listed = [hit.slug for hit in response.context["result"].hits]
    geo = client.get("/activiteiten.geojson", params).json()
    mapped = {f["properties"]["slug"] for f in geo["features"]}
    online = {
        slug
        for slug in listed
        if Activity.objects.get(slug=slug).location_type == Activity.LocationType.ONLINE
    }
    assert mapped == set(listed) - online, "list and map are out of step"
    return listed


def test_without_filters_it_lists_every_public_activity_soonest_first(client):
    later = factories.activity("Later", days=(20,))
    sooner = factories.activity("Eerder", days=(2,))
    factories.activity("Concept", status=Activity.Status.DRAFT)
    assert found(client) == [sooner.slug, later.slug]


def test_words_match_title_summary_and_provider_ignoring_case_and_accents(client):
    bridge = factories.activity("Bruggen bouwen met spaghetti")
    robot = factories.activity("Robots", summary="Programmeer een robotje dat danst.")
    cafe = factories.activity("Proefjes", owner=factories.provider("Café Scheikunde"))
    assert found(client, q="BRUGGEN") == [bridge.slug]
    assert found(client, q="robotje danst") == [robot.slug]
    assert found(client, q="cafe") == [cafe.slug]
    assert found(client, q="spaghetti robot") == []


def test_theme_matches_main_and_secondary_themes(client):
    main = factories.activity("Hoofd", theme="energie")
    secondary = factories.activity("Bij", theme="bouwen", also=("energie",))
    other = factories.activity("Anders", theme="water")
    assert set(found(client, thema="energie")) == {main.slug, secondary.slug}
    assert set(found(client, thema=["energie", "water"])) == {main.slug, secondary.slug, other.slug}


def test_age_keeps_activities_whose_range_includes_it(client):
    young = factories.activity("Jong", min_age=6, max_age=9)
    old = factories.activity("Oud", min_age=10, max_age=14)
    assert found(client, leeftijd=8) == [young.slug]
    assert found(client, leeftijd=10) == [old.slug]
    assert found(client, leeftijd=15) == []


def test_free_only(client):
    free = factories.activity("Gratis")
    factories.activity("Betaald", price="7.50")
    assert found(client, gratis="1") == [free.slug]


def test_kind_audience_and_wheelchair(client):
    lesson = factories.activity(
        "Gastles", kind=Activity.Kind.GUEST_LESSON, audience=Activity.Audience.SCHOOLS,
        location_type=Activity.LocationType.SCHOOL,
    )  # fmt: skip
    both = factories.activity("Open dag", kind=Activity.Kind.OPEN_DAY, audience="beide")
    family = factories.activity("Gezinsdag", audience="gezin", wheelchair_accessible=True)
    assert found(client, soort="gastles") == [lesson.slug]
    assert set(found(client, soort=["gastles", "open-dag"])) == {lesson.slug, both.slug}
    assert set(found(client, voor="school")) == {lesson.slug, both.slug}
    assert set(found(client, voor="gezin")) == {both.slug, family.slug}
    assert found(client, rolstoel="1") == [family.slug]


def test_when_this_week_weekend_month_and_a_date_range(client):
    today = timezone.localdate()
    _, week_to = when_range("week", today)
    weekend_from, _ = when_range("weekend", today)
    _, month_to = when_range("maand", today)
    in_week = factories.activity("Deze week", days=((week_to - today).days,))
    in_weekend = factories.activity("Weekend", days=((weekend_from - today).days,))
    far = factories.activity("Ver weg", days=(70,))
    always = factories.activity(
        "Museum", days=(), availability=Activity.Availability.ALWAYS, availability_text="Elke dag"
    )
    factories.activity("Op aanvraag", days=(), availability=Activity.Availability.ON_REQUEST)
    assert {in_week.slug, always.slug} <= set(found(client, wanneer="week"))
    assert far.slug not in found(client, wanneer="week")
    assert set(found(client, wanneer="weekend")) == {in_weekend.slug, always.slug} | (
        {in_week.slug} if weekend_from <= week_to else set()
    )
    end_of_month = factories.activity("Eind van de maand", days=((month_to - today).days,))
    assert end_of_month.slug in found(client, wanneer="maand")
    assert far.slug not in found(client, wanneer="maand")
    day = today + dt.timedelta(days=70)
    assert set(found(client, wanneer="datum", van=day.isoformat(), tot=day.isoformat())) == {
        far.slug,
        always.slug,
    }
    assert set(found(client, van=day.isoformat())) == {far.slug, always.slug}


def test_a_date_range_shows_the_first_date_inside_the_range(client):
    act = factories.activity("Reeks", days=(3, 40))
    day = timezone.localdate() + dt.timedelta(days=40)
    response = client.get("/activiteiten/", {"van": day.isoformat()})
    hit = response.context["result"].hits[0]
    assert hit.slug == act.slug
    assert timezone.localtime(hit.next_start).date() == day


def test_place_and_distance_keep_what_is_within_reach(client):
    hattem = factories.activity("In Hattem", place="Hattem")
    heerde = factories.activity("In Heerde", place="Heerde")  # 9.9 km from Hattem
    kampen = factories.activity("In Kampen", place="Kampen")  # 13.6 km
    assert found(client, plaats="hattem", afstand=5) == [hattem.slug]
    assert set(found(client, plaats="Hattem", afstand=10)) == {hattem.slug, heerde.slug}
    assert set(found(client, plaats="8051 AB", afstand=25)) == {
        hattem.slug,
        heerde.slug,
        kampen.slug,
    }


def test_sort_by_distance_puts_the_nearest_first_and_reports_distances(client):
    zwolle = factories.activity("In Zwolle", place="Zwolle", days=(1,))
    hattem = factories.activity("In Hattem", place="Hattem", days=(9,))
    assert found(client, plaats="Hattem", sorteer="afstand") == [hattem.slug, zwolle.slug]
    assert found(client, plaats="Hattem", sorteer="datum") == [zwolle.slug, hattem.slug]
    geo = client.get("/activiteiten.geojson", {"plaats": "Hattem"}).json()
    distances = {f["properties"]["slug"]: f["properties"]["distance_km"] for f in geo["features"]}
    assert distances == {hattem.slug: 0, zwolle.slug: 4.7}


def test_nothing_nearby_offers_the_next_step_not_a_jump_across_the_country(client):
    factories.activity("In Kampen", place="Kampen")
    response = client.get("/activiteiten/", {"plaats": "Hattem", "afstand": 10})
    body = response.content.decode()
    assert response.context["result"].hits == []
    assert "Niets binnen 10 km van Hattem, wel 1 binnen 25 km" in body
    assert "afstand=25" in body


def test_nothing_within_50_km_says_so(client):
    factories.activity("In Urk", place="Urk")  # 57.5 km from Ommen
    response = client.get("/activiteiten/", {"plaats": "Ommen", "afstand": 50})
    assert "Niets gevonden binnen 50 km van Ommen" in response.content.decode()


def test_online_activities_are_listed_for_every_place_but_not_mapped(client):
    online = factories.activity("Online les", location_type=Activity.LocationType.ONLINE)
    assert found(client, plaats="Dalfsen", afstand=5) == [online.slug]


def test_combined_filters_all_apply(client):
    match = factories.activity(
        "Zonnepanelen", theme="energie", place="Kampen", min_age=8, max_age=12
    )
    factories.activity("Te ver", theme="energie", place="Dronten", min_age=8, max_age=12)
    factories.activity("Te oud", theme="energie", place="Kampen", min_age=12, max_age=14)
    factories.activity("Betaald", theme="energie", place="Kampen", price="5.00")
    factories.activity("Ander thema", theme="water", place="Kampen")
    params = {"thema": "energie", "plaats": "IJsselmuiden", "afstand": 10, "leeftijd": 9}
    assert found(client, gratis="on", **params) == [match.slug]
    assert found(client, gratis="on", q="zon", **params) == [match.slug]
    assert found(client, gratis="on", q="wind", **params) == []


def test_an_unknown_place_gets_a_message_and_suggestions_and_no_place_filter(client):
    factories.activity("Overal")
    response = client.get("/activiteiten/", {"plaats": "Zwole"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "We kennen de plaats" in body
    assert "Bedoel je misschien" in body
    assert "Zwolle" in body
    assert len(response.context["result"].hits) == 1


def test_bad_values_are_reported_in_dutch_and_the_rest_still_filters(client):
    act = factories.activity("Jong", min_age=6, max_age=9)
    response = client.get("/activiteiten/", {"leeftijd": "negen", "thema": "onbekend"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geheel getal in" in body
    assert [h.slug for h in response.context["result"].hits] == [act.slug]


def test_htmx_requests_get_only_the_results_partial(client):
    factories.activity("Bruggen")
    response = client.get(
        "/activiteiten/", {"q": "brug"}, headers={"HX-Request": "true", "HX-Target": "resultaten"}
    )
    body = response.content.decode()
    assert "Bruggen" in body
    assert "<html" not in body
    assert 'id="kaart-data"' in body


def test_pages_of_results_are_linked(client, settings):
    settings.CATALOGUE_PAGE_SIZE = 2
    for n in range(5):
        factories.activity(f"Act {n}", days=(n + 1,))
    response = client.get("/activiteiten/", {"gratis": "1", "pagina": 2})
    assert [hit.title for _card, hit in response.context["items"]] == ["Act 2", "Act 3"]
    assert "gratis=1&amp;pagina=3" in response.content.decode()
    assert client.get("/activiteiten/", {"pagina": "999"}).status_code == 200
