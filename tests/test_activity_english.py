"""Providers may add English (issue 18): optional English title, summary and description, entered in
the portal, reviewed with every other change, shown on the English pages only."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.models import Activity, Theme
from tests import factories
from tests.factories import activity_post, edit_post, member

pytestmark = pytest.mark.django_db

S = Activity.Status
ENGLISH = {
    "title_en": "  Build a robot  ",
    "summary_en": "Build and program your own robot.",
    "description_en": "First you build.\n\nThen you program.",
}


def _paths(act: Activity) -> tuple[str, str]:
    """The Dutch addresses of the activity and the list (a request leaves its language active in
    the test's thread, and reverse() follows it)."""
    with translation.override("nl"):
        return act.get_absolute_url(), reverse("public:activities")


def _h1(body: str) -> str:
    return re.search(r"<h1[^>]*>.*?</h1>", body, re.S).group(0)


def test_a_provider_saves_english_texts_through_the_portal_form(client, django_user_model):
    org = factories.provider(place="Kampen")
    client.force_login(member(django_user_model, org, "p@example.org"))
    form = client.get(f"/portaal/organisatie/{org.slug}/nieuw/").content.decode()
    assert "In het Engels (mag leeg)" in form
    assert 'name="title_en"' in form and 'name="description_en"' in form
    data = activity_post(Theme.objects.first(), factories.venue(org), **ENGLISH)
    client.post(f"/portaal/organisatie/{org.slug}/nieuw/", data)
    act = Activity.objects.get(provider=org)
    assert (act.title, act.title_en) == ("Robots bouwen", "Build a robot")  # stripped like Dutch
    assert act.summary_en == ENGLISH["summary_en"]
    assert act.description_en == ENGLISH["description_en"]


def test_an_english_title_too_long_is_refused_like_the_dutch_one(client, django_user_model):
    org = factories.provider(place="Kampen")
    client.force_login(member(django_user_model, org, "p@example.org"))
    data = activity_post(Theme.objects.first(), factories.venue(org), title_en="x" * 121)
    response = client.post(f"/portaal/organisatie/{org.slug}/nieuw/", data)
    assert response.status_code == 200
    assert "title_en" in response.context["form"].errors
    assert not Activity.objects.filter(provider=org).exists()


def test_new_english_text_on_a_published_activity_is_reviewed_then_public(
    client, django_user_model
):
    act = factories.activity("Robots bouwen", theme="bouwen")
    client.force_login(member(django_user_model, act.provider, "p@example.org"))
    client.post(f"/portaal/activiteit/{act.slug}/", edit_post(act, **ENGLISH))
    act.refresh_from_db()
    assert act.title_en == ""  # the public row waits for the coordinator
    change = Activity.objects.get(revision_of=act)
    assert change.title_en == "Build a robot"
    client.post(f"/portaal/activiteit/{change.slug}/indienen/")
    change.refresh_from_db()
    assert change.status == S.SUBMITTED

    coordinator = django_user_model.objects.create_user(
        "c@example.org", "c@example.org", "wachtwoord-voor-test-123", is_staff=True
    )
    client.force_login(coordinator)
    review = client.get(reverse("moderation:review", args=[change.slug])).content.decode()
    assert "Titel in het Engels" in review  # the diff names the field
    assert "Build a robot" in review
    client.post(reverse("moderation:approve", args=[change.slug]), {"version": change.version})
    act.refresh_from_db()
    assert (act.title_en, act.summary_en) == ("Build a robot", ENGLISH["summary_en"])
    assert act.description_en == ENGLISH["description_en"]
    assert not Activity.objects.filter(revision_of=act).exists()


def test_the_english_page_shows_the_english_texts_and_the_dutch_page_the_dutch(client):
    act = factories.activity(
        "Robots bouwen", title_en="Build a robot", summary_en="Build and program a robot.",
        description_en="First line.\n\nSecond part.",
    )  # fmt: skip
    page, listing_page = _paths(act)
    english = client.get(f"/en{page}").content.decode()
    assert _h1(english) == "<h1>Build a robot</h1>"
    assert "<title>Build a robot ·" in english
    assert 'content="Build and program a robot."' in english
    assert '<p class="lead">Build and program a robot.</p>' in english
    assert '<div class="description"><p>First line.</p>\n\n<p>Second part.</p></div>' in english
    assert "Robots bouwen" not in english.split("<main", 1)[1].split("</article>", 1)[0]
    dutch = client.get(page).content.decode()
    assert _h1(dutch) == "<h1>Robots bouwen</h1>"
    assert "Build a robot" not in dutch
    polish = client.get(f"/pl{page}").content.decode()
    assert _h1(polish) == '<h1 lang="nl">Robots bouwen</h1>'
    listing = client.get(f"/en{listing_page}").content.decode()
    assert ">Build a robot</a></h3>" in listing
    assert '<h3 lang="nl"><a' not in listing


def test_without_english_the_english_page_shows_the_dutch_marked_as_dutch(client):
    act = factories.activity("Robots bouwen", summary="Bouw een robot.")
    english = client.get(f"/en{_paths(act)[0]}").content.decode()
    assert _h1(english) == '<h1 lang="nl">Robots bouwen</h1>'
    assert '<p class="lead" lang="nl">Bouw een robot.</p>' in english


def test_an_english_title_with_html_is_escaped(client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    act = factories.activity("Robots bouwen", title_en=payload, summary_en=payload)
    page, listing_page = _paths(act)
    english = client.get(f"/en{page}").content.decode()
    assert payload not in english
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in english
    listing = client.get(f"/en{listing_page}").content.decode()
    assert payload not in listing


def test_text_in_picks_english_only_for_english_pages():
    act = Activity(title="Robots bouwen", title_en="Build a robot", summary="Bouw.", summary_en="")
    assert act.text_in("title", "en") == ("Build a robot", "en")
    assert act.text_in("title", "nl") == ("Robots bouwen", "nl")
    assert act.text_in("title", "uk") == ("Robots bouwen", "nl")
    assert act.text_in("summary", "en") == ("Bouw.", "nl")
    with pytest.raises(ValueError, match="kind"):
        act.text_in("kind", "en")


def test_the_open_data_api_gives_the_english_texts(client):
    act = factories.activity("Robots bouwen", title_en="Build a robot")
    data = client.get(f"/api/v1/activities/{act.slug}").json()
    assert (data["nameEn"], data["summaryEn"], data["descriptionEn"]) == ("Build a robot", "", "")


def test_a_partner_system_may_send_the_english_texts_too(client, django_user_model):
    from portal import keys
    from tests.test_write_api import body, call

    org = factories.provider("Bibliotheek Zwolle")
    user = member(django_user_model, org, "ict@bieb.example.nl")
    key = keys.key_create(provider=org, name="agenda", by=user).plaintext
    english = {"nameEn": "Build robots", "summaryEn": "Build a robot.", "descriptionEn": "LEGO."}
    created = call(client, "post", "/api/v1/partner/activities", key, body(**english))
    assert created.status_code == 201, created.content
    act = Activity.objects.get(provider=org)
    assert (act.title_en, act.summary_en, act.description_en) == (
        "Build robots",
        "Build a robot.",
        "LEGO.",
    )
    refused = call(client, "post", "/api/v1/partner/activities", key, body(nameEn="x" * 121))
    assert refused.status_code == 400
    assert "nameEn" in refused.json()["fields"]


def test_a_partner_update_without_english_keeps_what_the_provider_typed(client, django_user_model):
    """Most partner systems know only the Dutch texts: leaving the English ones out of an update
    keeps them (no lost data); sending "" clears them."""
    from portal import keys
    from tests.test_write_api import body, call

    org = factories.provider("Bibliotheek Zwolle")
    user = member(django_user_model, org, "ict@bieb.example.nl")
    key = keys.key_create(provider=org, name="agenda", by=user).plaintext
    english = {"nameEn": "Build robots", "summaryEn": "Build a robot.", "descriptionEn": "LEGO."}
    assert (
        call(client, "post", "/api/v1/partner/activities", key, body(**english)).status_code == 201
    )
    url = "/api/v1/partner/activities/BIB-2026-001"
    kept = call(client, "post", url, key, body(name="Robots bouwen in de bibliotheek"))
    assert kept.status_code == 200, kept.content
    act = Activity.objects.filter(provider=org).order_by("-pk").first()
    assert act.title == "Robots bouwen in de bibliotheek"
    assert (act.title_en, act.summary_en, act.description_en) == (
        "Build robots",
        "Build a robot.",
        "LEGO.",
    )
    cleared = call(client, "post", url, key, body(nameEn="", summaryEn="", descriptionEn=""))
    assert cleared.status_code == 200, cleared.content
    act = Activity.objects.filter(provider=org).order_by("-pk").first()
    assert (act.title_en, act.summary_en, act.description_en) == ("", "", "")
