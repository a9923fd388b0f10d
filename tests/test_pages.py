"""About pages: first versions from the migration, one address each, sanitised bodies, security.txt,
and the home page's entries per visitor, highlights and news."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Activity
from news.models import NewsItem
from pages.highlights import upcoming_picks
from pages.models import Page
from tests import factories
from tests.factories import first_pages
from tests.helpers import unsafe_parts
from tests.xss_payloads import payloads

pytestmark = pytest.mark.django_db
FIRST_VERSIONS = importlib.import_module("pages.migrations.0002_first_versions")


@pytest.fixture(autouse=True)
def _first_pages() -> None:
    first_pages()


@pytest.mark.parametrize(
    ("name", "title"),
    [("pages:about", "Over het Techniekpact"), ("pages:privacy", "Privacy"),
     ("pages:accessibility", "Toegankelijkheid")],
)  # fmt: skip
def test_the_fixed_pages_exist_from_the_start(client, name, title):
    html = client.get(reverse(name)).content.decode()
    assert f"<h1>{title}</h1>" in html


def test_the_about_page_names_the_four_lines(client):
    html = client.get(reverse("pages:about")).content.decode()
    for line in (
        "Kiezen voor techniek",
        "Leren in techniek",
        "Werken in techniek",
        "Innoveren in techniek",
    ):
        assert line in html
    assert client.get(reverse("pages:page", args=["partners"])).status_code == 200


def test_the_privacy_statement_says_what_the_code_keeps(client, settings):
    """If a retention setting's default changes, this reminds you to update the statement."""
    assert settings.QUIZ_RESULT_RETENTION_DAYS == 365
    assert settings.CLASS_SESSION_DAYS == 14
    html = client.get(reverse("pages:privacy")).content.decode()
    for fact in ("365 dagen", "Na 14 dagen", "geen cookies", "vier cijfers van je postcode",
                 "niet binnen 14 dagen", "IP-adres"):  # fmt: skip
        assert fact in html, fact


def test_a_page_has_one_address(client):
    response = client.get(reverse("pages:page", args=["privacy"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("pages:privacy")
    assert client.get(reverse("pages:page", args=["bestaat-niet"])).status_code == 404


def test_an_unpublished_page_is_hidden(client):
    Page.objects.create(slug="kamp", title="Zomerkamp", published=False)
    assert client.get(reverse("pages:page", args=["kamp"])).status_code == 404


def test_a_new_page_appears_under_over(client):
    page = Page.objects.create(slug="doe-mee", title="Doe mee", body="<p>Welkom</p>")
    assert page.get_absolute_url() == "/over/doe-mee/"
    html = client.get(page.get_absolute_url()).content.decode()
    assert "<p>Welkom</p>" in html
    assert 'href="/over/doe-mee/"' in client.get(reverse("pages:privacy")).content.decode()


@pytest.mark.parametrize("payload", payloads()[::5])
def test_page_bodies_render_inert(client, payload):
    page = Page.objects.create(slug="test", title=payload[:120], intro=payload[:300], body=payload)
    Page.objects.filter(pk=page.pk).update(body=payload)  # as if written around save()
    html = client.get(page.get_absolute_url()).content.decode()
    assert unsafe_parts(html) == [], payload


def test_the_fixed_pages_keep_their_address_in_the_admin(client):
    coordinator = User.objects.create_superuser("coord", "c@example.org", "geheim-wachtwoord-1")
    client.force_login(coordinator)
    privacy = Page.objects.get(slug="privacy")
    change = client.get(reverse("admin:pages_page_change", args=[privacy.pk])).content.decode()
    assert 'name="slug"' not in change
    assert client.get(reverse("admin:pages_page_delete", args=[privacy.pk])).status_code == 403
    extra = Page.objects.create(slug="extra", title="Extra")
    assert client.get(reverse("admin:pages_page_delete", args=[extra.pk])).status_code == 200


def test_security_txt_expires_a_year_from_now(client, settings):
    settings.SECURITY_CONTACT = "mailto:beveiliging@example.org"
    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Contact: mailto:beveiliging@example.org\n" in text
    found = re.search(r"^Expires: (\S+)$", text, re.M)
    assert found
    expires = dt.datetime.fromisoformat(found.group(1).replace("Z", "+00:00"))
    assert abs((expires - timezone.now()) - dt.timedelta(days=365)) < dt.timedelta(minutes=1)


def test_security_txt_has_a_default_contact(client, settings):
    del settings.SECURITY_CONTACT  # not set in settings.py
    assert "Contact: mailto:" in client.get("/.well-known/security.txt").content.decode()


# Home


def test_home_has_a_door_for_every_visitor(client):
    html = client.get(reverse("public:home")).content.decode()
    for text, url in [("Doe de quiz!", reverse("quiz:quiz")),
                      ("Zoek activiteiten", reverse("public:activities")),
                      ("Start met je klas", reverse("classroom:start")),
                      ("Zet je activiteit op de kaart", reverse("portal:for-providers"))]:  # fmt: skip
        assert f'href="{url}">{text}</a>' in html, text
    assert 'name="plaats"' in html
    assert reverse("classroom:join") in html


def test_home_shows_the_soonest_activities_varied_by_theme_and_the_latest_news(client):
    factories.activity("Bouwen morgen", theme="bouwen", days=(1,))
    factories.activity("Nog meer bouwen", theme="bouwen", days=(2,))
    factories.activity("Robots", theme="robots-code", days=(3,))
    factories.activity("Water", theme="water", days=(4,))
    factories.activity("Stroom", theme="stroom", days=(5,))
    factories.activity("Ver weg in de tijd", theme="maken", days=(60,))
    for n in range(4):
        NewsItem.objects.create(title=f"Nieuws {n}", slug=f"nieuws-{n}", summary="s",
                                status=NewsItem.Status.PUBLISHED,
                                publish_at=timezone.now() - dt.timedelta(days=n + 1))  # fmt: skip
    picked = titles(upcoming_picks())
    assert picked == ["Bouwen morgen", "Robots", "Water", "Stroom"]
    html = client.get(reverse("public:home")).content.decode()
    assert "Bouwen morgen" in html and "Nog meer bouwen" not in html
    assert "Nieuws 0" in html and "Nieuws 2" in html and "Nieuws 3" not in html


def titles(picks):
    """The picked activities' titles, in the order picked (sorted by date)."""
    by_pk = Activity.objects.in_bulk([pk for pk, _start, _status in picks])
    return [by_pk[pk].title for pk, _start, _status in picks]


def test_highlights_are_topped_up_when_there_are_few_themes():
    for day in (1, 2, 3):
        factories.activity(f"Bouwen {day}", theme="bouwen", days=(day,))
    assert titles(upcoming_picks()) == ["Bouwen 1", "Bouwen 2", "Bouwen 3"]


def test_home_without_activities_or_news_has_empty_states(client):
    html = client.get(reverse("public:home")).content.decode()
    assert "geen activiteiten met een datum" in html
    assert "Er is nog geen nieuws." in html


def test_home_sets_no_cookies(client):
    factories.activity("Iets", days=(1,))
    response = client.get(reverse("public:home"))
    assert response.cookies == {}


def test_home_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    for n in range(6):
        factories.activity(
            f"Activiteit {n}", theme=["bouwen", "water", "stroom"][n % 3], days=(n + 1,)
        )
        NewsItem.objects.create(title=f"N{n}", slug=f"n{n}", summary="s", status=NewsItem.Status.PUBLISHED,
                                publish_at=timezone.now() - dt.timedelta(days=n + 1))  # fmt: skip
    # themes, count, the highlights' candidates (id and theme), the four chosen + their themes,
    # news, the next scheduled news item (pages.highlights.front); then kept for the version
    with django_assert_num_queries(7):
        client.get(reverse("public:home"))
    with django_assert_num_queries(0):
        client.get(reverse("public:home"), {"bron": "nieuwsbrief"})


def test_robots_txt_keeps_personal_pages_out_of_search_engines(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /quiz/uitslag/" in text and "Disallow: /klas/" in text
    assert text.rstrip().endswith("/sitemap.xml")
