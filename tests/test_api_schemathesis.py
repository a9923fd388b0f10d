"""schemathesis against the OpenAPI document: generated requests to every operation find no server error,
no undocumented status or content type, and no response that breaks the schema.

Bounded so it runs in seconds: a few examples per operation, no deadline, the Django app called in-process
(no network). Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.openapi import document
from catalogue.models import Activity, Schedule
from catalogue.services import activity_sync_occurrences
from tests import factories

schema = schemathesis.openapi.from_dict(document())
APP = get_wsgi_application()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def catalogue(transactional_db, settings):
    """A small catalogue with every shape the API writes: venue, school, online, series with a skip."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "100000/60"}
    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()
    factories.activity("Bouw een brug", theme="bouwen", also=("water",), place="Kampen")
    factories.activity("Robots in de klas", theme="robots-code", location_type="school")
    factories.activity("Programmeren thuis", theme="robots-code", location_type="online", price=5)
    series = factories.activity("Techniekclub", theme="maken", place="Meppel", days=())
    factories.schedule_on(
        series,
        timezone.localdate() + dt.timedelta(days=2),
        frequency=Schedule.Frequency.WEEKLY,
        until=timezone.localdate() + dt.timedelta(days=60),
        skip_dates=[(timezone.localdate() + dt.timedelta(days=16)).isoformat()],
    )
    activity_sync_occurrences(activity=series)
    factories.activity("Nog geheim", status=Activity.Status.DRAFT)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    phases=[Phase.generate],  # the coverage phase (hundreds of boundary cases) is too slow here
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, catalogue):
    case.call_and_validate(app=APP, checks=CHECKS)
