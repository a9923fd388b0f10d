"""The provider portal: sign-up with e-mail confirmation, colleagues, entering activities."""

import datetime as dt
import time

import pytest
from django.core import mail
from django.utils import timezone

from catalogue.models import Activity, Occurrence, Provider, Theme, Venue
from portal.models import Membership
from tests import factories
from tests.factories import SIGNUP, activity_post, link_in, member

pytestmark = pytest.mark.django_db


def test_signing_up_needs_a_confirmed_email_address(client, django_user_model):
    response = client.post("/portaal/aanmelden/", SIGNUP)
    assert "Kijk in je mail" in response.content.decode()
    provider = Provider.objects.get(name="Bouwbedrijf De Steiger")
    assert (provider.municipality, provider.place, provider.verified) == (
        "Kampen",
        "IJsselmuiden",
        False,
    )
    assert provider.lat is not None
    assert not django_user_model.objects.get(username="sam@example.org").is_active
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Bevestig je e-mailadres voor de Techniekkaart"
    link = link_in(mail.outbox[0])
    assert "Bevestig je e-mailadres" in client.get(link).content.decode()  # a page with a button
    confirmed = client.post(link)  # confirms; not a log-in (tests/test_security_auth.py)
    assert confirmed["Location"] == "/portaal/inloggen/"
    client.post(
        "/portaal/inloggen/", {"username": "sam@example.org", "password": SIGNUP["password"]}
    )
    assert "Bouwbedrijf De Steiger" in client.get("/portaal/").content.decode()


def test_a_bad_confirmation_link_gets_a_dutch_message(client):
    response = client.get("/portaal/bevestig/nep-token/")
    assert response.status_code == 400
    assert "Deze link werkt niet (meer)" in response.content.decode()


def test_signing_up_again_does_not_reveal_the_address_and_mails_the_owner(client):
    client.post("/portaal/aanmelden/", SIGNUP)
    response = client.post("/portaal/aanmelden/", {**SIGNUP, "name": "Ander bedrijf"})
    assert "Kijk in je mail" in response.content.decode()
    assert Provider.objects.filter(name="Ander bedrijf").count() == 0
    assert mail.outbox[-1].subject == "Je hebt al een account bij de Techniekkaart"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password": "password123"}, "Dit wachtwoord is te algemeen."),
        ({"place": "Deventer"}, "We kennen de plaats “Deventer” niet in Regio Zwolle."),
        ({"email": "geen-adres"}, "Voer een geldig e-mailadres in."),
        ({"name": ""}, "Dit veld is verplicht."),
    ],
)
def test_bad_sign_ups_get_a_dutch_message(client, change, message):
    response = client.post("/portaal/aanmelden/", {**SIGNUP, **change})
    assert message in response.content.decode()
    assert not Provider.objects.filter(name=SIGNUP["name"]).exists() or "name" in change


def test_a_colleague_is_invited_and_chooses_a_password(client, django_user_model):
    owner_org = factories.provider("Museum De Tandwielen")
    client.force_login(member(django_user_model, owner_org, "a@example.org"))
    client.post(f"/portaal/organisatie/{owner_org.slug}/collega/", {"email": "collega@example.org"})
    invite = mail.outbox[-1]
    # the name is in the text, not in the subject: an invitation can go to any address (issue 13)
    assert invite.subject == "Je bent uitgenodigd voor de Techniekkaart Regio Zwolle"
    assert "Museum De Tandwielen" in invite.body
    client.logout()
    page = client.post(
        link_in(invite),
        {"new_password1": "nieuw-sterk-wachtwoord-7", "new_password2": "nieuw-sterk-wachtwoord-7"},
    )
    assert page["Location"] == "/portaal/"
    assert Membership.objects.filter(
        user__username="collega@example.org", provider=owner_org
    ).exists()


def test_repeated_failed_log_ins_slow_down_and_then_lock(
    client, django_user_model, settings, monkeypatch
):
    member(django_user_model, factories.provider(), "p@example.org")
    now = [time.time()]
    monkeypatch.setattr("portal.login.time.time", lambda: now[0])
    wrong = {"username": "p@example.org", "password": "fout"}
    statuses, waits = [], []
    while True:
        response = client.post("/portaal/inloggen/", wrong)
        body = response.content.decode()
        if "Even wachten" in body:  # django-axes: locked for this address
            break
        statuses.append(response.status_code)
        if response.status_code == 429:  # too soon: refused without checking the password
            assert "Te vaak een verkeerd wachtwoord. Wacht " in body
            waits.append(int(response["Retry-After"]))
            now[0] += waits[-1]
        else:
            assert "horen niet bij elkaar" in body
    assert statuses.count(200) == settings.AXES_FAILURE_LIMIT - 1
    assert waits == [2, 4, 8]
    now[0] += 60  # past the slow-down: the lock itself still holds, even for the right password
    locked = client.post(
        "/portaal/inloggen/", {"username": "p@example.org", "password": "wachtwoord-voor-test-123"}
    )
    assert locked.status_code == 429
    assert "Even wachten" in locked.content.decode()
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()


def test_the_address_logs_in_in_any_case(client, django_user_model):
    member(django_user_model, factories.provider(), "p@example.org")
    response = client.post(
        "/portaal/inloggen/", {"username": " P@Example.org", "password": "wachtwoord-voor-test-123"}
    )
    assert response.status_code == 302


def test_password_reset_mails_a_dutch_link_that_works(client, django_user_model):
    member(django_user_model, factories.provider(), "p@example.org")
    client.post("/portaal/wachtwoord/", {"email": "p@example.org"})
    message = mail.outbox[-1]
    assert message.subject == "Nieuw wachtwoord voor de Techniekkaart"
    form = client.get(link_in(message), follow=True)
    assert "Kies een nieuw wachtwoord" in form.content.decode()


def test_a_provider_enters_an_activity_with_a_weekly_series_and_a_new_venue(
    client, django_user_model
):
    org = factories.provider("TechLab Test", place="Kampen")
    client.force_login(member(django_user_model, org, "p@example.org"))
    theme = Theme.objects.get(slug="robots-code")
    response = client.post(
        f"/portaal/organisatie/{org.slug}/nieuw/",
        activity_post(theme, new_venue_name="Werkplaats", new_venue_place="Kampen",
                      new_venue_municipality="Kampen", status="gepubliceerd", provider=999),
    )  # fmt: skip
    activity = Activity.objects.get(title="Robots bouwen")
    assert response["Location"] == f"/portaal/activiteit/{activity.slug}/voorbeeld/"
    assert activity.status == Activity.Status.DRAFT  # posting a status does nothing
    assert activity.provider == org
    assert activity.venue.name == "Werkplaats" and activity.venue.provider == org
    assert Occurrence.objects.filter(activity=activity).count() == 3
    preview = client.get(response["Location"]).content.decode()
    assert "Voorbeeld" in preview and "Robots bouwen" in preview


def test_another_organisations_venue_cannot_be_chosen(client, django_user_model):
    org, other = factories.provider(place="Kampen"), factories.provider(place="Zwolle")
    foreign = factories.venue(other)
    client.force_login(member(django_user_model, org, "p@example.org"))
    response = client.post(
        f"/portaal/organisatie/{org.slug}/nieuw/", activity_post(Theme.objects.first(), foreign)
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Activity.objects.filter(title="Robots bouwen").exists()


def test_the_age_range_must_be_the_right_way_round(client, django_user_model):
    org = factories.provider(place="Kampen")
    client.force_login(member(django_user_model, org, "p@example.org"))
    venue = factories.venue(org)
    response = client.post(
        f"/portaal/organisatie/{org.slug}/nieuw/",
        activity_post(Theme.objects.first(), venue, min_age=12, max_age=8),
    )
    assert "“Leeftijd tot” is kleiner dan “leeftijd vanaf”." in response.content.decode()


def test_duplicating_makes_a_draft_copy_with_the_same_dates(client, django_user_model):
    act = factories.activity("Origineel", days=(3, 10))
    client.force_login(member(django_user_model, act.provider, "p@example.org"))
    response = client.post(f"/portaal/activiteit/{act.slug}/kopie/")
    copy = Activity.objects.get(title="Kopie van Origineel")
    assert response["Location"] == f"/portaal/activiteit/{copy.slug}/"
    assert copy.status == Activity.Status.DRAFT
    assert copy.occurrences.count() == 2


def test_the_dashboard_shows_views_and_clicks_of_the_last_30_days(client, django_user_model):
    act = factories.activity("Geteld")
    act.daily_counts.create(date=timezone.localdate(), views=7, signup_clicks=2)
    act.daily_counts.create(
        date=timezone.localdate() - dt.timedelta(days=40), views=100, signup_clicks=50
    )
    client.force_login(member(django_user_model, act.provider, "p@example.org"))
    row = client.get("/portaal/").context["rows"][0]["activities"][0]
    assert (row.views_30, row.clicks_30) == (7, 2)


def test_editing_a_published_activity_keeps_it_public_and_makes_a_pending_change(
    client, django_user_model
):
    act = factories.activity("Gepubliceerd", theme="bouwen")
    client.force_login(member(django_user_model, act.provider, "p@example.org"))
    data = activity_post(act.main_theme, act.venue, title="Nieuwe titel")
    data.update({"data-0-frequency": "eenmalig", "data-0-until": ""})
    response = client.post(f"/portaal/activiteit/{act.slug}/", data)
    act.refresh_from_db()
    assert (act.title, act.status) == ("Gepubliceerd", Activity.Status.PUBLISHED)
    change = Activity.objects.get(revision_of=act)
    assert (change.title, change.status) == ("Nieuwe titel", Activity.Status.DRAFT)
    assert response["Location"] == f"/portaal/activiteit/{change.slug}/voorbeeld/"
    # Opening the published one again continues with its pending change.
    again = client.get(f"/portaal/activiteit/{act.slug}/")
    assert again["Location"] == f"/portaal/activiteit/{change.slug}/"
    assert Venue.objects.filter(provider=act.provider).count() == 1


def test_an_uploaded_photo_is_stored_re_encoded_without_metadata_under_a_random_name(
    client, django_user_model, settings, tmp_path
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    org = factories.provider(place="Kampen")
    client.force_login(member(django_user_model, org, "p@example.org"))
    exif = Image.Exif()
    exif[0x8825] = {2: (52.0, 33.0, 18.0)}  # GPS latitude
    raw = io.BytesIO()
    Image.new("RGB", (3000, 2000), "orange").save(raw, "JPEG", exif=exif)
    photo = SimpleUploadedFile("thuis-bij-sam.jpg", raw.getvalue(), content_type="image/jpeg")
    data = activity_post(
        Theme.objects.first(), factories.venue(org), image=photo, image_alt="Een oranje vlak"
    )
    client.post(f"/portaal/organisatie/{org.slug}/nieuw/", data)
    activity = Activity.objects.get(title="Robots bouwen")
    assert "thuis-bij-sam" not in activity.image.name
    assert activity.image.name.endswith(".webp")
    stored = Image.open(activity.image.path)
    assert max(stored.size) == 1600
    assert not stored.getexif()


def test_a_disguised_html_file_is_refused_in_dutch(client, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    org = factories.provider(place="Kampen")
    client.force_login(member(django_user_model, org, "p@example.org"))
    fake = SimpleUploadedFile(
        "foto.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
    )
    response = client.post(
        f"/portaal/organisatie/{org.slug}/nieuw/",
        activity_post(Theme.objects.first(), factories.venue(org), image=fake),
    )
    assert "Dit bestand is geen JPEG-, PNG- of WebP-plaatje." in response.content.decode()
    assert not Activity.objects.filter(title="Robots bouwen").exists()


def test_a_weekly_series_can_skip_dates(client, django_user_model):
    org = factories.provider(place="Kampen")
    client.force_login(member(django_user_model, org, "p@example.org"))
    start = timezone.localdate() + dt.timedelta(days=3)
    skip = start + dt.timedelta(days=7)
    data = activity_post(
        Theme.objects.first(), factories.venue(org), **{"data-0-skip": f"{skip:%d-%m-%Y}"}
    )
    client.post(f"/portaal/organisatie/{org.slug}/nieuw/", data)
    activity = Activity.objects.get(title="Robots bouwen")
    days = [timezone.localtime(o.start).date() for o in activity.occurrences.order_by("start")]
    assert days == [start, start + dt.timedelta(days=14)]
    bad = client.post(
        f"/portaal/organisatie/{org.slug}/nieuw/", {**data, "data-0-skip": "volgende week"}
    )
    assert "“volgende week” is geen datum." in bad.content.decode()


def test_sign_ups_from_one_address_are_limited_with_retry_after(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "2/3600"}
    for n in range(2):
        response = client.post(
            "/portaal/aanmelden/", {**SIGNUP, "name": f"Bedrijf {n}", "email": f"a{n}@example.org"}
        )
        assert "Kijk in je mail" in response.content.decode()
    response = client.post(
        "/portaal/aanmelden/", {**SIGNUP, "name": "Bedrijf 3", "email": "a3@example.org"}
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Even wachten" in response.content.decode()
    assert not Provider.objects.filter(name="Bedrijf 3").exists()
    other = client.post(
        "/portaal/aanmelden/",
        {**SIGNUP, "name": "Bedrijf 4", "email": "a4@example.org"},
        REMOTE_ADDR="10.1.1.1",
    )
    assert "Kijk in je mail" in other.content.decode()
