"""The coordinators' admin: every catalogue page answers in Dutch, and schedules become dates."""

import datetime as dt

import pytest
from django.utils import timezone

from catalogue.models import Activity, Occurrence, Theme
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, django_user_model):
    user = django_user_model.objects.create_superuser("coordinator", "c@example.org", "geheim-123!")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["theme", "provider", "venue", "activity"])
def test_every_catalogue_page_of_the_admin_answers_in_dutch(coordinator, model):
    factories.activity()
    for url in (f"/beheer/catalogue/{model}/", f"/beheer/catalogue/{model}/add/"):
        response = coordinator.get(url)
        assert response.status_code == 200
        assert 'lang="nl"' in response.content.decode()


def test_an_activity_saved_in_the_admin_gets_its_dates_as_rows(coordinator):
    owner = factories.provider(place="Kampen")
    venue = factories.venue(owner)
    start = timezone.localdate() + dt.timedelta(days=2)
    form = {
        "title": "Zeepkisten bouwen",
        "slug": "zeepkisten-bouwen",
        "summary": "Bouw je eigen zeepkist.",
        "description": "",
        "provider": owner.pk,
        "status": "gepubliceerd",
        "main_theme": Theme.objects.get(slug="vervoer").pk,
        "kind": "workshop",
        "min_age": 8,
        "max_age": 12,
        "audience": "gezin",
        "price": "0",
        "signup_method": "geen",
        "location_type": "locatie",
        "venue": venue.pk,
        "availability": "data",
        "schedules-TOTAL_FORMS": 1,
        "schedules-INITIAL_FORMS": 0,
        "schedules-0-frequency": "wekelijks",
        "schedules-0-start_date": start.isoformat(),
        "schedules-0-start_time": "14:00",
        "schedules-0-end_time": "16:00",
        "schedules-0-until": (start + dt.timedelta(days=21)).isoformat(),
    }
    response = coordinator.post("/beheer/catalogue/activity/add/", form)
    assert response.status_code == 302, response.context["adminform"].errors
    activity = Activity.objects.get(slug="zeepkisten-bouwen")
    assert Occurrence.objects.filter(activity=activity).count() == 4


def test_the_admin_refuses_an_age_range_the_wrong_way_round(coordinator):
    owner = factories.provider()
    response = coordinator.post(
        "/beheer/catalogue/activity/add/",
        {
            "title": "Fout", "slug": "fout", "summary": "x", "provider": owner.pk,
            "status": "concept", "main_theme": Theme.objects.first().pk, "kind": "workshop",
            "min_age": 12, "max_age": 8, "audience": "gezin", "price": "0",
            "signup_method": "geen", "location_type": "online", "availability": "aanvraag",
            "schedules-TOTAL_FORMS": 0, "schedules-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "“Leeftijd tot” is kleiner dan “leeftijd vanaf”." in response.content.decode()
    assert not Activity.objects.filter(slug="fout").exists()


def test_the_coordinators_changes_in_the_admin_are_audited(coordinator):
    from moderation.models import AuditLog

    act = factories.activity(status=Activity.Status.SUBMITTED)
    coordinator.post(
        "/beheer/catalogue/activity/", {"action": "publish", "_selected_action": [act.pk]}
    )
    act.refresh_from_db()
    assert act.status == Activity.Status.PUBLISHED
    row = AuditLog.objects.get(activity=act)
    assert (row.before["status"], row.after["status"]) == ("ingediend", "gepubliceerd")
