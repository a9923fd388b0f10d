"""A harvester that keeps a copy of the catalogue by syncing with updated_since (issue 21): after
every kind of change in between (new, changed, a date called off, withdrawn, archived, taken back
to draft, deleted, last date passed, "still on" not confirmed, no longer matching its filter) its
copy is exactly the public set, item for item, as a full fetch gives it. Tombstones
({"id", "deleted": true}) tell it what to remove; drafts that were never public are never named."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from catalogue.models import Activity, Occurrence
from moderation import services
from tests import factories

pytestmark = pytest.mark.django_db

S = Activity.Status


def fetch(client, query: dict[str, str], since: dt.datetime | None = None) -> list[dict]:
    """Every page of /api/v1/activities, two per page so tombstones are paged too."""
    items, page = [], 1
    while True:
        params = {**query, "page": str(page), "per_page": "2"}
        if since is not None:
            params["updated_since"] = since.isoformat()
        response = client.get("/api/v1/activities", params)
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["results"]
        if body["next"] is None:
            return items
        page += 1


class Harvester:
    """Keeps a copy by id; the next sync asks for what changed since the previous one began."""

    def __init__(self, query: dict[str, str] | None = None) -> None:
        self.query = query or {}
        self.copy: dict[int, dict[str, Any]] = {}
        self.last: dt.datetime | None = None
        self.tombstones: list[dict[str, Any]] = []

    def sync(self, client) -> None:
        cache.clear()  # the API keeps answers for a minute; a harvester comes back later
        began = timezone.now()
        for item in fetch(client, self.query, self.last):
            if item.get("deleted"):
                assert set(item) == {"id", "deleted", "dateDeleted"}
                self.tombstones.append(item)
                self.copy.pop(item["id"], None)
            else:
                self.copy[item["id"]] = item
        self.last = began


def full(client, query: dict[str, str] | None = None) -> dict[int, dict[str, Any]]:
    cache.clear()
    return {item["id"]: item for item in fetch(client, query or {})}


@pytest.fixture
def catalogue(django_user_model, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "100000/60"}
    owner = factories.provider("Techlab Zwolle")
    member = factories.member(django_user_model, owner, "p@example.org")
    coordinator = django_user_model.objects.create_user("c@example.org", is_staff=True)
    names = ["change", "cancel", "withdraw", "archive", "private", "delete", "passes", "stays"]
    made = {name: factories.activity(name.title(), owner=owner, days=(5, 12)) for name in names}
    made["lapses"] = factories.activity("Lapses", owner=owner, days=())
    Activity.objects.filter(pk=made["lapses"].pk).update(
        availability=Activity.Availability.ON_REQUEST
    )
    made["robot"] = factories.activity("Robot", theme="robots-code", owner=owner, days=(6,))
    for activity in made.values():  # published the way the site does it, with its audit row
        Activity.objects.filter(pk=activity.pk).update(status=S.DRAFT)
        services.activity_publish(activity=activity, by=coordinator)
    made["draft"] = factories.activity("Geheim concept", owner=owner, status=S.DRAFT)
    return {"owner": owner, "member": member, "coordinator": coordinator, **made}


def change_everything(c: dict[str, Any]) -> None:
    factories.activity("Nieuw", owner=c["owner"], days=(9,))  # created
    c["change"].title = "Veranderd"
    c["change"].save()  # changed
    first = c["cancel"].occurrences.order_by("start").first()
    services.date_cancel(activity=c["cancel"], by=c["member"], reason="Ziek", code=first.code)
    services.activity_withdraw(activity=c["withdraw"], by=c["member"])
    services.activity_archive(activity=c["archive"], by=c["coordinator"])
    c["private"].status = S.DRAFT  # taken back, no longer public
    c["private"].save()
    c["delete"].delete()
    # Time passes (without any write to the activity): its last date begins ...
    Occurrence.objects.filter(activity=c["passes"]).update(start=timezone.now())
    # ... and the "still on" confirmation of an offer on request runs out today.
    lapsed = timezone.localdate() - dt.timedelta(days=settings.CONFIRM_EVERY_DAYS + 1)
    Activity.objects.filter(pk=c["lapses"].pk).update(last_confirmed=lapsed)
    c["draft"].title = "Nog steeds geheim"
    c["draft"].save()  # a draft changes: not public before or after
    c["robot"].main_theme = factories.theme_named("bouwen")
    c["robot"].save()  # leaves the robots-code filter


def test_two_syncs_end_with_exactly_the_public_set(client, catalogue):
    harvester = Harvester()
    harvester.sync(client)
    assert set(harvester.copy) == set(Activity.objects.public().values_list("pk", flat=True))
    assert catalogue["draft"].pk not in harvester.copy
    # It synced yesterday: the "still on" of one offer runs out at midnight, in between.
    harvester.last -= dt.timedelta(days=1)
    leave = ("withdraw", "archive", "private", "delete", "passes", "lapses")
    expected = {catalogue[name].pk for name in leave}

    change_everything(catalogue)
    harvester.sync(client)

    public = set(Activity.objects.public().values_list("pk", flat=True))
    assert set(harvester.copy) == public
    assert harvester.copy == full(client)  # item for item, as a fresh full fetch
    assert harvester.copy[catalogue["change"].pk]["name"] == "Veranderd"
    statuses = [s["eventStatus"] for s in harvester.copy[catalogue["cancel"].pk]["subEvent"]]
    assert statuses[0] == "https://schema.org/EventCancelled"
    gone = {t["id"] for t in harvester.tombstones}
    assert gone == expected
    assert catalogue["draft"].pk not in gone  # never public: never named


def test_a_filtered_harvester_learns_what_left_its_filter(client, catalogue):
    harvester = Harvester({"thema": "robots-code"})
    harvester.sync(client)
    assert set(harvester.copy) == {catalogue["robot"].pk}
    change_everything(catalogue)
    harvester.sync(client)
    assert harvester.copy == full(client, {"thema": "robots-code"}) == {}


def test_a_third_sync_with_nothing_changed_brings_nothing(client, catalogue):
    harvester = Harvester()
    harvester.sync(client)
    change_everything(catalogue)
    harvester.sync(client)
    cache.clear()
    assert fetch(client, {}, harvester.last) == []


def test_tombstones_stay_for_the_retention_window(client, catalogue):
    gone = catalogue["delete"].pk
    catalogue["delete"].delete()
    cache.clear()
    since = timezone.now() - dt.timedelta(days=89)
    found = [item for item in fetch(client, {}, since) if item.get("deleted")]
    assert [item["id"] for item in found] == [gone]
    never = factories.activity("Kort concept", owner=catalogue["owner"], status=S.DRAFT)
    never.delete()  # a draft that was never public leaves no tombstone
    cache.clear()
    assert [item["id"] for item in fetch(client, {}, since) if item.get("deleted")] == [gone]


def test_without_updated_since_there_are_no_tombstones(client, catalogue):
    catalogue["delete"].delete()
    assert not any(item.get("deleted") for item in full(client).values())
