"""schemathesis in write mode: generated creates, updates, reads and withdrawals of the partners'
write API (the "partners" operations of the OpenAPI document, api/write.py), sent with a valid key
of a test organisation. No server error, no undocumented status, header or content type, and every
answer matches its schema. The Django app is called in-process; runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.openapi import document
from api.write import EXAMPLE
from catalogue.models import Activity
from portal import keys, partner_input
from tests import factories

schema = schemathesis.openapi.from_dict(document()).include(tag="partners")
APP = get_wsgi_application()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def partner_key(transactional_db, settings, django_user_model):
    """A test organisation with a member, a key, a venue and one activity of its own (the
    documented example), so updates and withdrawals have something to find."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api-write": "100000/60"}
    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()
    for slug in ("robots-code", "maken", "bouwen", "water"):
        factories.theme_named(slug)
    provider = factories.provider("Bibliotheek Zwolle")
    factories.venue(provider)
    user = factories.member(django_user_model, provider, "ict@bieb.example.nl")
    made = keys.key_create(provider=provider, name="schemathesis", by=user)
    example = {k: v for k, v in EXAMPLE.items() if k != "externalRef"}
    partner_input.save(provider=provider, ref=EXAMPLE["externalRef"], data=example, by=user,
                       via="test")  # fmt: skip
    return made.plaintext


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # the documented example, then generated ones
    suppress_health_check=list(HealthCheck),
)
def test_write_api_conforms_to_its_schema(case, partner_key):
    case.call_and_validate(
        app=APP, checks=CHECKS, headers={"Authorization": f"Bearer {partner_key}"}
    )


def test_the_documented_example_is_accepted(client, partner_key):
    """The example in the contract is a valid activity (it made the fixture's activity)."""
    stored = Activity.objects.get(external_ref=EXAMPLE["externalRef"])
    assert stored.status == Activity.Status.SUBMITTED and stored.title == EXAMPLE["name"]
