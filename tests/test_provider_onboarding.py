"""Joining as a provider (issue 16): the public "Voor aanbieders" page, sign-up that works out the
municipality from the place, the activity form in five steps with only the fields a choice needs,
the live card preview (members only) and a dashboard that puts what waits first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from catalogue.models import Activity, Provider
from electives.models import Module
from moderation.models import AuditLog
from tests import factories
from tests.factories import SIGNUP, activity_post, member

pytestmark = pytest.mark.django_db


# Voor aanbieders -------------------------------------------------------------------------------


def test_the_providers_page_is_public_and_explains_cost_moderation_and_a_good_activity(client):
    page = client.get("/portaal/voor-aanbieders/")
    assert page.status_code == 200
    body = page.content.decode()
    for text in ("Wat kost het? Niets.", "Wat betekent de controle?", "binnen drie werkdagen",
                 "Wat maakt een goede activiteit voor kinderen?", "Bouw een brug van spaghetti"):  # fmt: skip
        assert text in body, text
    assert 'href="/portaal/aanmelden/"' in body and 'href="/portaal/inloggen/"' in body
    assert 'class="card"' in body  # the example is the public card itself


def test_home_and_footer_lead_to_the_providers_page_not_to_a_bare_log_in(client):
    home = client.get("/").content.decode()
    assert home.count('href="/portaal/voor-aanbieders/"') >= 2  # the provider block and the footer
    footer = home[home.index('class="site-footer"') :]
    assert 'href="/portaal/"' not in footer


# Sign-up: the place gives the municipality ---------------------------------------------------------


def sign_up(client, **change):
    data = {k: v for k, v in SIGNUP.items() if k != "municipality"}
    return client.post("/portaal/aanmelden/", {**data, **change})


@pytest.mark.parametrize(
    ("typed", "place", "municipality"),
    [
        ("Wijhe", "Wijhe", "Olst-Wijhe"),
        ("wijhe ", "Wijhe", "Olst-Wijhe"),
        ("Wijhe (Olst-Wijhe)", "Wijhe", "Olst-Wijhe"),
        ("IJsselmuiden", "IJsselmuiden", "Kampen"),
        ("8131", "Wijhe", "Olst-Wijhe"),
        ("Alteveer (Hoogeveen)", "Alteveer", "Hoogeveen"),
    ],
)
def test_sign_up_works_out_the_municipality_from_the_place(client, typed, place, municipality):
    response = sign_up(client, place=typed)
    assert "Kijk in je mail" in response.content.decode()
    provider = Provider.objects.get(name=SIGNUP["name"])
    assert (provider.place, provider.municipality) == (place, municipality)
    assert provider.lat is not None


def test_a_municipality_posted_alongside_cannot_contradict_the_place(client):
    sign_up(client, place="Wijhe", municipality="Dalfsen")
    assert Provider.objects.get(name=SIGNUP["name"]).municipality == "Olst-Wijhe"


def test_the_sign_up_form_has_no_municipality_select_and_nothing_preselected(client):
    body = client.get("/portaal/aanmelden/").content.decode()
    assert 'name="municipality"' not in body
    assert re.findall(r'<option value="([^"]*)" selected>', body) == [""]  # only "Kies…"
    assert '<option value="Wijhe (Olst-Wijhe)">' in body  # suggestions while typing


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Deventer", "We kennen de plaats “Deventer” niet in Regio Zwolle."),
        ("Wijhee", "Bedoel je Wijhe (Olst-Wijhe)"),
        ("Alteveer", "Kies: Alteveer (De Wolden) of Alteveer (Hoogeveen)."),
        ("7411", "Postcode 7411 ligt niet in Regio Zwolle."),
        ("Amsterdam", "De Techniekkaart is voor de 22 gemeenten van Regio Zwolle."),
    ],
)
def test_a_place_outside_the_region_or_unknown_gets_a_dutch_message(client, typed, expected):
    response = sign_up(client, place=typed)
    assert expected in response.content.decode()
    assert not Provider.objects.filter(name=SIGNUP["name"]).exists()


def test_an_error_keeps_the_password_and_shows_the_municipality_found(client):
    response = sign_up(client, place="Wijhe", email="geen-adres")
    body = response.content.decode()
    assert f'value="{SIGNUP["password"]}"' in body
    assert "Gemeente: Olst-Wijhe." in body


def test_the_password_is_hidden_from_error_reports(rf):
    from django.views.debug import SafeExceptionReporterFilter

    from portal.views import signup

    request = rf.post("/portaal/aanmelden/", {**SIGNUP, "email": "geen-adres"})
    request.user = AnonymousUser()
    signup(request)  # marks the sensitive parameters on the request
    shown = SafeExceptionReporterFilter().get_post_parameters(request)
    assert shown["password"] != SIGNUP["password"] and shown["name"] == SIGNUP["name"]


# The activity form: five steps, only the fields that are needed ------------------------------------


@pytest.fixture
def provider_client(client, django_user_model):
    org = factories.provider("Repaircafé De Schroevendraaier", kind=Provider.Kind.CLUB)
    client.force_login(member(django_user_model, org, "p@example.org"))
    return client, org


def test_the_form_comes_in_five_steps_with_one_thing_called_wanneer(provider_client):
    client, org = provider_client
    body = client.get(f"/portaal/organisatie/{org.slug}/nieuw/").content.decode()
    legends = [part.split("</legend>")[0] for part in body.split('<span class="step-number">')[1:]]
    assert [legend.split("</span>")[1].strip() for legend in legends] == [
        "Wat", "Voor wie", "Waar", "Wanneer", "Aanmelden"
    ]  # fmt: skip
    form = body[body.index("<form") : body.index("</form>")]
    assert form.count("Wanneer") == 1  # the step; the choices inside are asked differently
    assert "Voor wie *" not in form  # the audience choice has its own question
    assert "Verwijderen" not in form  # an empty date row has nothing to remove
    assert 'data-show-if="signup_method:link"' in form
    assert 'data-show-if="signup_method:email"' in form
    assert 'src="/static/js/portal-activity-form.js"' in body or "portal-activity-form" in body


def test_a_saved_date_row_can_be_removed(provider_client):
    client, org = provider_client
    theme = factories.theme_named("bouwen")
    client.post(f"/portaal/organisatie/{org.slug}/nieuw/", activity_post(theme, **NEW_VENUE))
    activity = Activity.objects.get(title="Robots bouwen")
    body = client.get(f"/portaal/activiteit/{activity.slug}/").content.decode()
    assert body.count("Verwijderen") == 1  # the saved row, not the new empty one


NEW_VENUE = {"new_venue_name": "Werkplaats", "new_venue_place": "Wijhe"}


def test_only_the_chosen_sign_up_methods_field_is_checked_and_kept(provider_client):
    client, org = provider_client
    theme = factories.theme_named("bouwen")
    data = activity_post(
        theme, **NEW_VENUE, signup_method="email", signup_email="info@example.org",
        signup_url="javascript:alert(1)", signup_phone="06",
    )  # fmt: skip
    response = client.post(f"/portaal/organisatie/{org.slug}/nieuw/", data)
    assert response.status_code == 302
    activity = Activity.objects.get(title="Robots bouwen")
    assert (activity.signup_email, activity.signup_url, activity.signup_phone) == (
        "info@example.org",
        "",
        "",
    )


def test_the_chosen_sign_up_method_still_needs_its_field(provider_client):
    client, org = provider_client
    theme = factories.theme_named("bouwen")
    data = activity_post(theme, **NEW_VENUE, signup_method="link", signup_url="javascript:x()")
    response = client.post(f"/portaal/organisatie/{org.slug}/nieuw/", data)
    assert response.status_code == 200
    assert "Voer een geldige URL in." in response.content.decode()
    response = client.post(
        f"/portaal/organisatie/{org.slug}/nieuw/",
        activity_post(theme, **NEW_VENUE, signup_method="telefoon"),
    )
    assert "Vul in hoe kinderen of ouders zich aanmelden." in response.content.decode()
    assert not Activity.objects.exists()


def test_a_new_venue_needs_no_municipality_and_is_ignored_for_online(provider_client):
    client, org = provider_client
    theme = factories.theme_named("bouwen")
    client.post(f"/portaal/organisatie/{org.slug}/nieuw/", activity_post(theme, **NEW_VENUE))
    venue = Activity.objects.get(title="Robots bouwen").venue
    assert (venue.place, venue.municipality) == ("Wijhe", "Olst-Wijhe")
    client.post(
        f"/portaal/organisatie/{org.slug}/nieuw/",
        activity_post(theme, **NEW_VENUE, title="Online", location_type="online"),
    )
    assert Activity.objects.get(title="Online").venue is None


def test_saving_still_goes_through_the_lifecycle_with_its_audit_row(provider_client):
    client, org = provider_client
    theme = factories.theme_named("bouwen")
    client.post(f"/portaal/organisatie/{org.slug}/nieuw/", activity_post(theme, **NEW_VENUE))
    activity = Activity.objects.get(title="Robots bouwen")
    assert activity.status == Activity.Status.DRAFT
    assert AuditLog.objects.filter(activity=activity).count() == 1


# The live preview of the card ---------------------------------------------------------------------


def preview_url(org):
    return f"/portaal/organisatie/{org.slug}/kaartvoorbeeld/"


def test_the_preview_renders_the_public_card_for_what_is_typed(provider_client):
    client, org = provider_client
    theme = factories.theme_named("robots-code")
    start = timezone.localdate() + dt.timedelta(days=3)
    data = activity_post(theme, **NEW_VENUE, title="Robotsumo", price="2.50", min_age=9)
    data["data-0-start_date"] = start.isoformat()
    answer = client.post(preview_url(org), data)
    assert answer.status_code == 200
    card = answer.content.decode()
    assert card.strip().startswith('<article class="card"')
    assert "Robotsumo" in card and "Programmeren &amp; Robots" in card
    assert "9-12 jaar" in card and "€ 2,50" in card and "Wijhe" in card
    assert f"{start.day} " in card and "14:00" in card
    assert 'href="#kaartvoorbeeld"' in card  # the preview never leads away from the form
    assert not Activity.objects.exists()  # nothing saved


def test_the_preview_of_an_empty_form_shows_hints_not_an_error(provider_client):
    client, org = provider_client
    answer = client.post(preview_url(org), {"data-TOTAL_FORMS": "x", "min_age": "veel"})
    assert answer.status_code == 200
    assert "Titel van je activiteit" in answer.content.decode()


def test_the_preview_escapes_what_is_typed(provider_client):
    client, org = provider_client
    theme = factories.theme_named("bouwen")
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    card = client.post(
        preview_url(org), activity_post(theme, title=evil, summary=evil)
    ).content.decode()
    assert "<script>" not in card and "<img" not in card
    assert "&lt;script&gt;" in card


def test_anonymous_visitors_and_other_organisations_get_no_preview(client, django_user_model):
    org = factories.provider("Organisatie A")
    other = factories.provider("Organisatie B")
    theme = factories.theme_named("bouwen")
    data = activity_post(theme, title="Geheim plan")
    anonymous = client.post(preview_url(org), data)
    assert anonymous.status_code == 302 and "/portaal/inloggen/" in anonymous["Location"]
    assert "Geheim plan" not in anonymous.content.decode()
    client.force_login(member(django_user_model, other, "b@example.org"))
    assert client.post(preview_url(org), data).status_code == 404
    assert client.get(preview_url(other)).status_code == 405  # a preview is asked with the form


# The dashboard ---------------------------------------------------------------------------------------


def test_the_dashboard_puts_changes_requested_offers_to_confirm_and_drafts_first(
    client, django_user_model
):
    org = factories.provider("Museum De Tandwielen", kind=Provider.Kind.MUSEUM)
    factories.activity("Gewoon gepubliceerd", owner=org)
    factories.activity(
        "Graag aanpassen", owner=org, status=Activity.Status.CHANGES_REQUESTED,
        moderation_note="Zet er een leeftijd bij.",
    )  # fmt: skip
    factories.activity("Half af", owner=org, status=Activity.Status.DRAFT)
    long_ago = timezone.localdate() - dt.timedelta(days=110)
    factories.activity(
        "Altijd open museum", owner=org, availability=Activity.Availability.ALWAYS,
        last_confirmed=long_ago, days=(),
    )  # fmt: skip
    client.force_login(member(django_user_model, org, "m@example.org"))
    body = client.get("/portaal/").content.decode()
    first = body[body.index("Eerst dit") : body.index("<table")]
    assert "Graag aanpassen" in first and "Zet er een leeftijd bij." in first
    assert "Altijd open museum" in first and "Half af" in first
    assert "Gewoon gepubliceerd" not in first
    assert (
        first.index("Graag aanpassen") < first.index("Altijd open museum") < first.index("Half af")
    )


def test_confirming_from_the_dashboard_keeps_ongoing_offers_on_the_map(client, django_user_model):
    org = factories.provider("Museum De Tandwielen", kind=Provider.Kind.MUSEUM)
    offer = factories.activity(
        "Altijd open museum", owner=org, availability=Activity.Availability.ALWAYS,
        last_confirmed=timezone.localdate() - dt.timedelta(days=130), days=(),
    )  # fmt: skip
    assert not Activity.objects.published().filter(pk=offer.pk).exists()
    client.force_login(member(django_user_model, org, "m@example.org"))
    client.post(f"/portaal/organisatie/{org.slug}/nog-actueel/")
    offer.refresh_from_db()
    assert offer.last_confirmed == timezone.localdate()
    assert Activity.objects.published().filter(pk=offer.pk).exists()
    assert "Eerst dit" not in client.get("/portaal/").content.decode()


def test_a_repair_cafe_is_not_offered_keuzevakken_but_an_mbo_school_is(client, django_user_model):
    cafe = factories.provider("Repaircafé Wijhe", kind=Provider.Kind.CLUB)
    college = factories.provider("Techniekcollege", kind=Provider.Kind.MBO)
    client.force_login(member(django_user_model, cafe, "c@example.org"))
    assert "Keuzevakken voor het vmbo beheren" not in client.get("/portaal/").content.decode()
    client.force_login(member(django_user_model, college, "t@example.org"))
    assert "Keuzevakken voor het vmbo beheren" in client.get("/portaal/").content.decode()


def test_a_company_that_already_owns_a_keuzevak_keeps_the_link(client, django_user_model):
    company = factories.provider("Metaalbouw", kind=Provider.Kind.COMPANY)
    Module.objects.create(
        provider=company, title="Lassen", slug="lassen", summary="Lassen.", hours=40,
        place="Zwolle", municipality="Zwolle", contact_name="Anouk",
    )  # fmt: skip
    client.force_login(member(django_user_model, company, "m@example.org"))
    assert "Keuzevakken voor het vmbo beheren" in client.get("/portaal/").content.decode()


# Valid HTML in the states the site walk does not reach --------------------------------------------


def test_the_new_pages_are_valid_html_with_errors_and_attention_shown(
    provider_client, django_user_model, tmp_path
):
    import json
    import subprocess

    from tests.test_html_valid import JAVA, VNU

    if not (VNU.exists() and JAVA):
        pytest.skip("Java or vnu.jar missing (run make test)")
    client, org = provider_client
    theme = factories.theme_named("bouwen")
    factories.activity(
        "Graag aanpassen", owner=org, status=Activity.Status.CHANGES_REQUESTED,
        moderation_note="Zet er een leeftijd bij.",
    )  # fmt: skip
    factories.activity(
        "Altijd open", owner=org, availability=Activity.Availability.ALWAYS, days=(),
        last_confirmed=timezone.localdate() - dt.timedelta(days=200),
    )  # fmt: skip
    bad = activity_post(theme, min_age=14, max_age=9, signup_method="link", **NEW_VENUE)
    pages = {
        "form-errors": client.post(f"/portaal/organisatie/{org.slug}/nieuw/", bad),
        "dashboard": client.get("/portaal/"),
        "providers": client.get("/portaal/voor-aanbieders/"),
    }
    assert "Eerst dit" in pages["dashboard"].content.decode()
    assert 'class="error"' in pages["form-errors"].content.decode()
    for name, response in pages.items():
        (tmp_path / f"{name}.html").write_bytes(response.content)
    run = subprocess.run(  # noqa: S603 (our own jar and files)
        [JAVA, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json",
         *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    problems = [f"{m.get('url')} {m.get('lastLine')}: {m['message']}" for m in messages]
    assert problems == []
