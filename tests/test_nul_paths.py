"""A NUL byte (%00) in a URL part never reaches the database as an error (PostgreSQL refuses it)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URLS = [
    "/quiz/uitslag/AB%00CD/",
    "/quiz/uitslag/AB%00CD/print/",
    "/klas/AB%00CD/",
    "/klas/?code=AB%00CD",
    "/klas/leraar/ab%00cd/",
    "/nieuwsbrief/bevestig/ab%00cd/",
    "/nieuwsbrief/afmelden/ab%00cd/",
    "/portaal/bevestig/ab%00cd/",
    "/portaal/uitnodiging/ab%00cd/",
    "/portaal/nog-actueel/ab%00cd/",
    "/api/v1/activities/ab%00cd",
    "/api/v1/activities?q=%00",
    "/activiteiten/?plaats=%00",
    "/keuzevakken/?q=%00",
    "/cijfers/?periode=%00",
]


@pytest.mark.parametrize("url", URLS)
def test_nul_in_the_address_is_not_a_server_error(url):
    client = Client(raise_request_exception=False)
    assert client.get(url).status_code < 500
