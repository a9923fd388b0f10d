"""The open-data list keeps each activity's JSON per content version (api/serialise.py
`activities_json`, issue 17): a first render of a new address writes only what no earlier answer
showed, byte for byte what writing it whole gives, and never an activity as it was before a change
or a date that has begun."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.models import Occurrence
from tests import factories

pytestmark = pytest.mark.django_db


def body(client: Client, query: str) -> bytes:
    response = client.get("/api/v1/activities" + query)
    assert response.status_code == 200
    return response.content


def test_kept_parts_give_the_same_bytes_as_a_fresh_answer():
    for n in range(5):
        factories.activity(f"Robots bouwen {n}", days=(3 + n, 10 + n))
    client = Client()
    pages = [body(client, f"?per_page=2&page={page}") for page in (1, 2, 3)]
    # Another address with the same activities is built from the kept parts: no activity, date
    # or series is fetched again ...
    with CaptureQueriesContext(connection) as ctx:
        whole = body(client, "?per_page=10")
    assert not [q for q in ctx.captured_queries if "catalogue_schedule" in q["sql"]]
    # ... and it is the same bytes as an answer written with nothing kept.
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as ctx:
        fresh = body(client, "?per_page=10&page=1")
    assert [q for q in ctx.captured_queries if "catalogue_schedule" in q["sql"]]
    assert whole == fresh
    assert [a["name"] for p in pages for a in json.loads(p)["results"]] == [
        a["name"] for a in json.loads(fresh)["results"]
    ]


def test_a_change_shows_in_the_next_answer():
    act = factories.activity("Bouw een brug")
    client = Client()
    assert b"Bouw een brug" in body(client, "?per_page=5")
    act.title = "Bouw een toren"
    act.save()
    fresh = body(client, "?per_page=6")  # a new address, so no whole answer is kept for it
    assert b"Bouw een toren" in fresh and b"Bouw een brug" not in fresh


def test_a_kept_activity_drops_its_date_once_that_date_has_begun(monkeypatch):
    act = factories.activity("Waterraket", days=(7, 14))
    first = Occurrence.objects.filter(activity=act).order_by("start").first()
    client = Client()
    # An hour before the first date, then a minute after it began: the same day, the same
    # content version, another address (so no whole answer is kept for it).
    monkeypatch.setattr(timezone, "now", lambda: first.start - dt.timedelta(hours=1))
    before = json.loads(body(client, "?per_page=5"))["results"][0]
    assert before["subEvent"][0]["startDate"] == first.start.isoformat()
    later = first.start + dt.timedelta(minutes=1)
    assert timezone.localdate(later) == timezone.localdate(first.start - dt.timedelta(hours=1))
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = json.loads(body(client, "?per_page=7"))["results"][0]
    assert [s["startDate"] for s in after["subEvent"]] == [
        s["startDate"] for s in before["subEvent"][1:]
    ]
