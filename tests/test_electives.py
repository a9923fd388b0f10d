"""The Menukaart Technische Keuzevakken: what a vmbo decaan finds, and what a provider may enter."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from electives.demo import MODULES
from electives.models import Level, Module, Profile
from portal.models import Membership
from tests import factories
from tests.factories import module

pytestmark = pytest.mark.django_db

Status = Module.Status


def titles(response) -> list[str]:
    return re.findall(r'<h3><a href="/keuzevakken/[^"]+/">([^<]+)</a>', response.content.decode())


# --- the public menu -------------------------------------------------------------------------------


def test_the_menu_shows_only_published_modules(client):
    module("Gepubliceerd vak")
    for status in (Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED):
        module(f"Verborgen {status}", status=status)
    response = client.get("/keuzevakken/")
    assert response.status_code == 200
    assert titles(response) == ["Gepubliceerd vak"]


def test_technical_profiles_come_first_and_all_ten_are_there(client):
    body = client.get("/keuzevakken/").content.decode()
    codes = re.findall(r'name="profiel" value="([a-z]+)"', body)
    assert len(codes) == 10
    technical = set(Profile.objects.filter(technical=True).values_list("slug", flat=True))
    assert set(codes[: len(technical)]) == technical == {"bwi", "pie", "mt", "mvi", "mat"}


def test_filters_by_profile_level_municipality_region_and_provider(client):
    college = factories.provider("Techniekcollege Kampen", kind="mbo", place="Kampen")
    werf = factories.provider("Werf De Kogge", place="Kampen")
    module("Scheepsbouw", owner=college, profiles="mat", levels="kader", place="Kampen",
           partners=[werf])  # fmt: skip
    module("Apps bouwen", profiles="mvi", levels="gt", place="Zwolle")
    module("Houtbouw", profiles="bwi", levels="basis kader", place="Nunspeet")

    def get(query: str) -> list[str]:
        return sorted(titles(client.get(f"/keuzevakken/?{query}")))

    assert get("profiel=mat") == ["Scheepsbouw"]
    assert get("profiel=mat&profiel=mvi") == ["Apps bouwen", "Scheepsbouw"]
    assert get("niveau=kader") == ["Houtbouw", "Scheepsbouw"]
    assert get("niveau=kader&profiel=bwi") == ["Houtbouw"]
    assert get("gemeente=Nunspeet") == ["Houtbouw"]
    assert get("regio=noordwest-veluwe") == ["Houtbouw"]
    assert get("regio=kampen") == ["Scheepsbouw"]
    assert get(f"aanbieder={college.slug}") == ["Scheepsbouw"]
    assert get(f"aanbieder={werf.slug}") == ["Scheepsbouw"]  # partners count too


def test_words_match_title_place_and_provider_forgiving_case_and_accents(client):
    module("Techniek in de zorg", place="Heerde")
    module("Drones op de akker", place="Dronten")
    assert titles(client.get("/keuzevakken/?q=ZÓRG")) == ["Techniek in de zorg"]
    assert titles(client.get("/keuzevakken/?q=dronten")) == ["Drones op de akker"]
    assert titles(client.get("/keuzevakken/?q=drones+heerde")) == []


def test_bad_filter_values_get_a_dutch_message_and_the_rest_still_filters(client):
    module("Apps bouwen", profiles="mvi")
    module("Houtbouw", profiles="bwi")
    response = client.get("/keuzevakken/?profiel=mvi&niveau=onzin&gemeente=Atlantis&regio=x")
    body = response.content.decode()
    assert response.status_code == 200
    assert "“onzin” kennen we niet" in body and "Atlantis" in body
    assert titles(response) == ["Apps bouwen"]


def test_an_empty_result_says_so_and_offers_a_way_back(client):
    module("Apps bouwen", profiles="mvi")
    body = client.get("/keuzevakken/?profiel=groen").content.decode()
    assert "Geen keuzevakken die bij al je keuzes passen" in body
    assert 'href="/keuzevakken/"' in body
    Module.objects.all().delete()
    assert "nog geen keuzevakken op de menukaart" in client.get("/keuzevakken/").content.decode()


def test_the_menu_pages_by_twelve_and_keeps_the_filters(client):
    for n in range(13):
        module(f"Vak {n:02d}", profiles="pie")
    first = client.get("/keuzevakken/?profiel=pie")
    assert len(titles(first)) == 12
    assert "profiel=pie&amp;pagina=2" in first.content.decode()
    assert titles(client.get("/keuzevakken/?profiel=pie&pagina=2")) == ["Vak 12"]
    assert len(titles(client.get("/keuzevakken/?pagina=zeven"))) == 12


def test_the_menu_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(10):
        module(f"Vak {n}", profiles="pie mvi", levels="basis kader")
    with django_assert_max_num_queries(12):
        assert len(titles(client.get("/keuzevakken/?niveau=basis"))) == 10


# --- one module ------------------------------------------------------------------------------------


def test_the_detail_page_shows_everything_a_school_needs(client):
    partner = factories.provider("Metaalbouw Van der Vonk", place="Hoogeveen")
    made = module(
        "Lassen en constructie",
        profiles="pie bwi",
        levels="basis kader",
        place="Hoogeveen",
        partners=[partner],
        partners_text="Havenbedrijf Test",
        description="Eerste alinea.\nNog een regel.\n\nTweede alinea.",
        contact_phone="038 123 4567",
    )
    body = client.get(made.get_absolute_url()).content.decode()
    for text in ("Produceren, installeren en energie (PIE)", "Basis (bb)", "Kader (kb)", "40 uur",
                 "Hoogeveen", "schooljaar 2026-2027, blok 3", "Metaalbouw Van der Vonk, Havenbedrijf Test",
                 "mailto:anouk@example.org", "tel:0381234567", "<p>Eerste alinea.<br>Nog een regel.</p>",
                 "<p>Tweede alinea.</p>"):  # fmt: skip
        assert text in body, text


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED])
def test_unpublished_modules_have_no_public_page(client, status):
    made = module("Nog niet klaar", status=status)
    assert client.get(made.get_absolute_url()).status_code == 404


def test_descriptions_are_escaped(client):
    made = module("Veilig", description="<script>alert(1)</script>")
    body = client.get(made.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body


# --- providers enter modules -----------------------------------------------------------------------


@pytest.fixture
def member(client, django_user_model):
    org = factories.provider("Techniekcollege Kampen", kind="mbo", place="Kampen")
    user = django_user_model.objects.create_user("p@example.org", "p@example.org", "x-y-z-123456")
    Membership.objects.create(user=user, provider=org)
    client.force_login(user)
    return client, org


def form_data(**changes: Any) -> dict[str, Any]:
    data = {
        "title": "Scheepsbouw",
        "summary": "Leerlingen bouwen mee aan een sloep.",
        "description": "",
        "profiles": [str(Profile.objects.get(slug="mat").pk)],
        "levels": [str(Level.objects.get(slug="kader").pk)],
        "hours": "60",
        "venue": "",
        "place": "IJsselmuiden",
        "period": "blok 3",
        "partners_text": "Werf De Kogge",
        "contact_name": "Sanne",
        "contact_email": "sanne@example.org",
        "contact_phone": "",
        "actie": "publiceren",
    }
    return {**data, **changes}


def test_an_unverified_provider_submits_for_review(member):
    client, org = member
    response = client.post(f"/keuzevakken/beheer/{org.slug}/nieuw/", form_data())
    assert response.status_code == 302
    made = Module.objects.get(title="Scheepsbouw")
    assert (made.status, made.provider, made.municipality) == (Status.SUBMITTED, org, "Kampen")
    assert client.get(made.get_absolute_url()).status_code == 404


def test_a_verified_provider_publishes_straight_away(member):
    client, org = member
    org.verified = True
    org.save()
    client.post(f"/keuzevakken/beheer/{org.slug}/nieuw/", form_data())
    made = Module.objects.get(title="Scheepsbouw")
    assert made.status == Status.PUBLISHED
    assert client.get(made.get_absolute_url()).status_code == 200


def test_saving_as_concept_keeps_it_a_draft(member):
    client, org = member
    client.post(f"/keuzevakken/beheer/{org.slug}/nieuw/", form_data(actie="concept"))
    assert Module.objects.get(title="Scheepsbouw").status == Status.DRAFT


def test_posted_status_and_provider_are_ignored(member):
    client, org = member
    other = factories.provider("Ander college", kind="mbo")
    client.post(
        f"/keuzevakken/beheer/{org.slug}/nieuw/",
        form_data(status="gepubliceerd", provider=str(other.pk), actie="concept"),
    )
    made = Module.objects.get(title="Scheepsbouw")
    assert (made.status, made.provider) == (Status.DRAFT, org)


def test_the_form_answers_in_dutch(member):
    client, org = member
    other_venue = factories.venue(factories.provider("Ander", place="Zwolle"))
    response = client.post(
        f"/keuzevakken/beheer/{org.slug}/nieuw/",
        form_data(place="Atlantis", hours="0", contact_email="", venue=str(other_venue.pk)),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f"“{other_venue.pk}” kennen we niet" in body  # the other provider's venue
    errors = re.findall(r'class="error"[^>]*>([^<]*)<', body)
    assert "Vul een getal in van minstens 1." in errors
    assert "Deze plaats kennen we niet in Regio Zwolle." in errors  # once, without a contradiction
    assert not Module.objects.exists()


def test_errors_are_dutch_even_for_an_english_browser(member):
    client, org = member
    response = client.post(
        f"/keuzevakken/beheer/{org.slug}/nieuw/", {}, headers={"accept-language": "en"}
    )
    body = response.content.decode()
    assert "This field is required" not in body and "Dit veld is verplicht." in body


def test_a_place_or_a_venue_and_a_contact_are_needed(member):
    client, org = member
    response = client.post(
        f"/keuzevakken/beheer/{org.slug}/nieuw/", form_data(place="", contact_email="")
    )
    body = response.content.decode()
    assert "Kies een locatie of vul een plaats in." in body
    assert "Vul een e-mailadres of telefoonnummer in voor scholen." in body


def test_an_own_venue_sets_the_place(member):
    client, org = member
    hall = factories.venue(org, "Kampen", name="Werkhal")
    client.post(f"/keuzevakken/beheer/{org.slug}/nieuw/", form_data(venue=str(hall.pk), place=""))
    made = Module.objects.get(title="Scheepsbouw")
    assert (made.venue, made.place, made.municipality) == (hall, "Kampen", "Kampen")


def test_editing_a_published_module_sends_it_back_for_review(member):
    client, org = member
    made = module("Scheepsbouw", owner=org, place="Kampen")
    client.post(f"/keuzevakken/beheer/module/{made.slug}/", form_data(title="Scheepsbouw 2"))
    made.refresh_from_db()
    assert (made.title, made.status) == ("Scheepsbouw 2", Status.SUBMITTED)


def test_removing_deletes_drafts_and_archives_the_rest(member):
    client, org = member
    draft = module("Concept", owner=org, status=Status.DRAFT)
    live = module("Live", owner=org)
    client.post(f"/keuzevakken/beheer/module/{draft.slug}/weghalen/")
    client.post(f"/keuzevakken/beheer/module/{live.slug}/weghalen/")
    assert not Module.objects.filter(pk=draft.pk).exists()
    live.refresh_from_db()
    assert live.status == Status.ARCHIVED
    assert client.get(f"/keuzevakken/beheer/module/{live.slug}/").status_code == 404
    listing = client.get("/keuzevakken/beheer/").content.decode()
    assert "/keuzevakken/beheer/module/live/" not in listing


def test_the_management_list_shows_own_modules_with_their_status(member):
    client, org = member
    module("Eigen concept", owner=org, status=Status.SUBMITTED)
    module("Van een ander")
    body = client.get("/keuzevakken/beheer/").content.decode()
    assert "Eigen concept" in body and "Ter beoordeling" in body
    assert "Van een ander" not in body


# --- the coordinator's admin -----------------------------------------------------------------------


def test_the_coordinator_enters_and_publishes_in_the_admin(admin_client):
    owner = factories.provider("Techniekcollege Test", kind="mbo")
    assert admin_client.get("/beheer/electives/module/add/").status_code == 200
    response = admin_client.post(
        "/beheer/electives/module/add/",
        {**form_data(), "slug": "scheepsbouw", "provider": owner.pk, "status": "ingediend",
         "partners": []},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    made = Module.objects.get(slug="scheepsbouw")
    assert made.municipality == "Kampen"
    admin_client.post(
        "/beheer/electives/module/",
        {"action": "publish", "_selected_action": [made.pk]},
    )
    made.refresh_from_db()
    assert made.status == Status.PUBLISHED
    listing = admin_client.get("/beheer/electives/module/?status__exact=gepubliceerd")
    assert "Scheepsbouw" in listing.content.decode()


# --- demo data -------------------------------------------------------------------------------------


def test_the_demo_modules_load_twice_without_changes():
    for spec in MODULES:
        for slug in [spec.owner, *spec.partners.split()]:
            if not factories.Provider.objects.filter(slug=slug).exists():
                factories.provider(slug, slug=slug, kind="mbo" if "college" in slug else "bedrijf")
    call_command("load_demo_electives")
    first = sorted(Module.objects.values_list("slug", "status", "municipality"))
    call_command("load_demo_electives")
    assert sorted(Module.objects.values_list("slug", "status", "municipality")) == first
    assert 10 <= len(first) <= 15
    assert len({m for _s, _st, m in first}) >= 8
    assert all("(demo)" in title for title in Module.objects.values_list("title", flat=True))
    assert Profile.objects.filter(modules__isnull=False).distinct().count() >= 7
    assert Level.objects.filter(modules__isnull=False).distinct().count() == 3


def test_the_demo_needs_the_demo_catalogue_first():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_demo_electives")


# --- garbage never breaks a page -------------------------------------------------------------------

junk = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "0", "-1", "401", "pie", "basis", "Zwolle", "kampen", "\x00", "<script>",
                     "publiceren", "concept", "gepubliceerd", "1e9", "NaN", "999999999999"]),
)  # fmt: skip
SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MENU_FIELDS = ["q", "profiel", "niveau", "regio", "gemeente", "aanbieder", "pagina"]
MODULE_FIELDS = [
    "title", "summary", "description", "profiles", "levels", "hours", "venue", "place", "period",
    "partners_text", "contact_name", "contact_email", "contact_phone", "actie", "status", "provider",
]  # fmt: skip


@SETTINGS
@given(query=st.lists(st.tuples(st.sampled_from(MENU_FIELDS), junk), max_size=10))
def test_garbage_on_the_menu_never_breaks_it(client, query):
    response = client.get("/keuzevakken/", {k: [v for f, v in query if f == k] for k, _ in query})
    assert response.status_code == 200


@SETTINGS
@given(data=st.dictionaries(st.sampled_from(MODULE_FIELDS), junk, max_size=16))
def test_garbage_on_the_module_form_never_breaks_it(member, data):
    client, org = member
    response = client.post(f"/keuzevakken/beheer/{org.slug}/nieuw/", data)
    assert response.status_code in (200, 302)
    assert not Module.objects.exclude(provider=org).exists()
    assert not Module.objects.filter(status=Status.PUBLISHED).exists()


def test_the_sitemaps_list_published_modules_and_every_region():
    from electives.sitemaps import ElectivesSitemap
    from regions.sitemaps import RegionSitemap

    live = module("Live")
    module("Concept", status=Status.DRAFT)
    urls = [ElectivesSitemap().location(item) for item in ElectivesSitemap().items()]
    assert urls == ["/keuzevakken/", live.get_absolute_url()]
    regions = [RegionSitemap().location(item) for item in RegionSitemap().items()]
    assert regions[0] == "/sto-regios/" and "/sto-regios/regio-zwolle/" in regions
    assert len(regions) == 9
