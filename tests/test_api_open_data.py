"""The open-data API: only public activities and public fields, the catalogue's own filters, stable
pages, caching (ETag/304), rate limits (429), the documentation page and the embeddable widget."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape
from openapi_spec_validator import validate

from api.openapi import document
from catalogue.models import Activity, Schedule
from catalogue.services import activity_sync_occurrences
from tests import factories

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "geheim.contact@example.org"
SECRET_PHONE = "0612345678"
SECRET_NAME = "Jantje Contactpersoon"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue():
    """Activities of every shape, a provider with contact details, a draft and an archived one."""
    owner = factories.provider(
        "Techniek BV", contact_name=SECRET_NAME, email=SECRET_EMAIL, phone=SECRET_PHONE
    )
    built = {
        "brug": factories.activity(
            "Bouw een brug", theme="bouwen", also=("water",), place="Kampen", owner=owner,
            signup_method=Activity.SignupMethod.EMAIL, signup_email=SECRET_EMAIL,
        ),
        "robot": factories.activity(
            "Robots in Meppel", theme="robots-code", place="Meppel", days=(3, 10), price=5,
            signup_method=Activity.SignupMethod.PHONE, signup_phone=SECRET_PHONE,
        ),
        "klas": factories.activity(
            "Gastles energie", theme="energie", location_type="school", audience="school",
            availability=Activity.Availability.ON_REQUEST, days=(),
        ),
        "online": factories.activity(
            "Programmeren online", theme="robots-code", location_type="online", kind="online"
        ),
        "club": factories.activity("Techniekclub", theme="maken", place="Zwolle", days=()),
        "draft": factories.activity("Nog geheim", status=Activity.Status.DRAFT, owner=owner),
        "archived": factories.activity("Oud", status=Activity.Status.ARCHIVED),
    }  # fmt: skip
    today = timezone.localdate()
    factories.schedule_on(
        built["club"],
        today + dt.timedelta(days=1),
        frequency=Schedule.Frequency.WEEKLY,
        until=today + dt.timedelta(days=50),
        skip_dates=[(today + dt.timedelta(days=15)).isoformat()],
    )
    activity_sync_occurrences(activity=built["club"])
    return built


# --- what is in and what is out -------------------------------------------------------------


def test_only_public_activities_are_listed(client, catalogue):
    data = client.get("/api/v1/activities").json()
    slugs = {item["slug"] for item in data["results"]}
    public = {a.slug for k, a in catalogue.items() if k not in ("draft", "archived")}
    assert slugs == public
    assert data["count"] == len(public)
    assert client.get(f"/api/v1/activities/{catalogue['draft'].slug}").status_code == 404
    assert client.get(f"/api/v1/activities/{catalogue['archived'].slug}").status_code == 404
    detail = client.get(f"/api/v1/activities/{catalogue['brug'].slug}").json()
    assert detail["name"] == "Bouw een brug"
    assert detail["themes"] == ["bouwen", "water"]
    assert detail["ageRange"] == {"minValue": 8, "maxValue": 12}
    assert detail["isAccessibleForFree"] is True
    assert detail["organizer"]["name"] == "Techniek BV"


def test_an_activity_carries_its_coming_sessions_and_its_series(client, catalogue):
    club = client.get(f"/api/v1/activities/{catalogue['club'].slug}").json()
    stored = list(catalogue["club"].occurrences.order_by("start"))
    assert [s["startDate"] for s in club["subEvent"]] == [o.start.isoformat() for o in stored]
    assert club["startDate"] == stored[0].start.isoformat()
    (series,) = club["eventSchedule"]
    assert series["repeatFrequency"] == "P1W"
    skipped = timezone.localdate() + dt.timedelta(days=15)
    assert [d[:10] for d in series["exceptDate"]] == [skipped.isoformat()]
    assert skipped.isoformat() not in {s["startDate"][:10] for s in club["subEvent"]}


def _documented_paths(doc: dict[str, Any]) -> set[str]:
    """Every key path the OpenAPI document allows in a response, e.g. "results[].organizer.name"."""
    schemas = doc["components"]["schemas"]
    found: set[str] = set()

    def walk(schema: Any, prefix: str, seen: tuple[str, ...]) -> None:
        if not isinstance(schema, dict):
            return
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(schemas[name], prefix, (*seen, name))
            return
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in schema.get(key, []):
                walk(sub, prefix, seen)
        if "items" in schema:
            walk(schema["items"], prefix + "[]", seen)
        for name, sub in schema.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            found.add(path)
            walk(sub, path, seen)

    for item in doc["paths"].values():
        for response in item["get"]["responses"].values():
            for media in response.get("content", {}).values():
                walk(media["schema"], "", ())
    return found


def _key_paths(value: Any, prefix: str = "") -> set[str]:
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, sub in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths |= {path, *_key_paths(sub, path)}
    elif isinstance(value, list):
        for sub in value:
            paths |= _key_paths(sub, prefix + "[]")
    return paths


FILTER_SETS = [
    {},
    {"thema": ["robots-code", "bouwen"]},
    {"plaats": "Meppel", "afstand": "10"},
    {"plaats": "8261", "afstand": "50", "leeftijd": "9"},
    {"gratis": "on", "voor": "gezin"},
    {"soort": ["workshop", "online"], "wanneer": "maand"},
    {"van": timezone.localdate().isoformat(), "tot": (timezone.localdate() + dt.timedelta(days=30)).isoformat()},
    {"updated_since": "2020-01-01", "per_page": "2", "page": "2"},
    {"leeftijd": "99"},  # a 400 is a response too
    {"plaats": "Amsterdam"},
]  # fmt: skip
JSON_ENDPOINTS = ["/api/v1/activities", "/api/v1/activities.geojson"]
PLAIN_ENDPOINTS = ["/api/v1/themes", "/api/v1/providers", "/api/v1/venues", "/api/v1/places"]


def test_no_field_outside_the_documented_public_set_is_ever_returned(client, catalogue):
    documented = _documented_paths(document())
    assert "results[].organizer.name" in documented  # the walk itself works
    seen: set[str] = set()
    bodies = []
    urls = [(u, p) for u in JSON_ENDPOINTS for p in FILTER_SETS]
    urls += [(u, {}) for u in PLAIN_ENDPOINTS]
    urls += [(f"/api/v1/activities/{a.slug}", {}) for a in catalogue.values()]
    urls += [("/api/v1/recommendations", {"profile": "bouwen:1,robots-code:0.5"})]
    for url, params in urls:
        response = client.get(url, params)
        assert response.status_code in (200, 400, 404), url
        bodies.append(response.content.decode())
        seen |= _key_paths(response.json())
    assert {"results[].subEvent[].startDate", "results[].eventSchedule[].exceptDate"} <= seen
    assert seen - documented == set()
    for url in ("/api/v1/activities.ics", "/api/v1/feeds/new.rss", "/api/v1/widget/"):
        bodies.append(client.get(url).content.decode())
    for body in bodies:  # and nothing private hides in a value either
        for secret in (SECRET_EMAIL, SECRET_PHONE, SECRET_NAME, "Nog geheim"):
            assert secret not in body


# --- filters are the catalogue's --------------------------------------------------------------


@pytest.mark.parametrize("params", FILTER_SETS[:7])
def test_filters_find_what_the_catalogue_finds(client, catalogue, params):
    page = client.get("/activiteiten/", params)
    expected = {hit.slug for hit in page.context["result"].hits}
    data = client.get("/api/v1/activities", {**params, "per_page": 100}).json()
    assert {item["slug"] for item in data["results"]} == expected
    geo = client.get("/api/v1/activities.geojson", params).json()
    located = {slug for slug in expected if slug != catalogue["online"].slug}
    assert {f["properties"]["slug"] for f in geo["features"]} == located


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"leeftijd": "99"}, "leeftijd", None),
        ({"thema": "vliegen"}, "thema", None),
        ({"afstand": "7"}, "afstand", None),
        ({"soort": "zwemmen"}, "soort", None),
        ({"van": "2001-01-01"}, "van", "Kies een datum tussen vorig jaar en over drie jaar."),
        ({"van": "2026-13-45"}, "van", None),
        ({"plaats": "Amsterdam"}, "plaats", "We kennen de plaats “Amsterdam” niet"),
        ({"updated_since": "gisteren"}, "updated_since", "moet een datum of tijdstip zijn"),
        ({"per_page": "500"}, "per_page", "per_page moet een heel getal van 1 tot en met 100"),
        ({"page": "0"}, "page", "page moet een heel getal"),
    ],
)
def test_bad_parameters_answer_400_in_dutch(client, catalogue, params, parameter, message):
    if message is None:  # the very message the catalogue page shows for it
        message = client.get("/activiteiten/", params).context["form"].errors[parameter][0]
    for url in ("/api/v1/activities", "/api/v1/activities.geojson", "/api/v1/activities.ics"):
        if parameter in ("page", "per_page") and url != "/api/v1/activities":
            continue
        response = client.get(url, params)
        assert response.status_code == 400, url
        assert response.json()["parameter"] == parameter
        assert message in response.json()["error"]


def test_updated_since_returns_only_what_changed(client, catalogue):
    Activity.objects.update(updated=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    catalogue["robot"].save()
    data = client.get("/api/v1/activities", {"updated_since": "2025-01-01T00:00:00+01:00"}).json()
    assert [item["slug"] for item in data["results"]] == [catalogue["robot"].slug]
    data = client.get("/api/v1/activities", {"updated_since": "2023-12-31"}).json()
    assert data["count"] == 5 + 1  # and the archived one, as a tombstone (issue 21)
    gone = [item for item in data["results"] if item.get("deleted")]
    assert [item["id"] for item in gone] == [catalogue["archived"].pk]


def test_pages_are_stable_and_cover_everything_once(client, catalogue):
    seen, url = [], "/api/v1/activities?per_page=2"
    while url:
        data = client.get(url).json()
        assert data["perPage"] == 2
        seen += [item["id"] for item in data["results"]]
        url = data["next"]
    assert seen == sorted(seen)
    assert len(seen) == len(set(seen)) == 5
    beyond = client.get("/api/v1/activities", {"per_page": 2, "page": 99}).json()
    assert beyond["results"] == [] and beyond["next"] is None


# --- caching and rate limits ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/api/v1/activities", "/api/v1/activities.ics", "/api/v1/feeds/new.rss", "/api/v1/widget/"],
)
def test_an_unchanged_answer_is_a_304(client, catalogue, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    catalogue["robot"].title = "Robots in Meppel en Hoogeveen"
    catalogue["robot"].save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_too_many_requests_get_a_429_with_retry_after(client, catalogue, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/60"}
    for _ in range(3):
        assert client.get("/api/v1/themes").status_code == 200
    for url in ("/api/v1/activities", "/api/v1/activities.ics", "/api/v1/recommendations"):
        response = client.get(url)
        assert response.status_code == 429
        assert 1 <= int(response["Retry-After"]) <= 60
        assert "Te veel verzoeken" in response.json()["error"]
    widget = client.get("/api/v1/widget/")
    assert widget.status_code == 429
    assert widget["Content-Type"].startswith("text/html")
    assert "Even wachten" in widget.content.decode()


# --- documentation, widget ------------------------------------------------------------------


def test_the_served_schema_is_valid_openapi_and_documents_every_route(client):
    served = client.get("/api/v1/openapi.json").json()
    validate(served)
    assert served == json.loads(json.dumps(document()))
    from api.urls import urlpatterns

    documented = {path.removeprefix("/api/v1/") for path in served["paths"]}
    routes = {str(p.pattern).replace("<str:slug>", "{slug}") for p in urlpatterns}
    assert routes - documented == {"", "openapi.json", "widget/maken/"}


def test_the_documentation_page_is_rendered_from_the_schema(client):
    page = client.get("/api/v1/").content.decode()
    for path, item in document()["paths"].items():
        assert path in page
        assert escape(item["get"]["summary"]) in page
    assert "updated_since" in page and "<caption>" in page
    assert "swagger" not in page.lower() and "cdn" not in page.lower()


def test_the_widget_is_frameable_and_sets_no_cookie(client, catalogue):
    response = client.get("/api/v1/widget/", {"thema": "robots-code", "aantal": 1})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert not response.cookies
    html = response.content.decode()
    assert '<base target="_blank">' in html
    assert html.count('class="tk-item"') == 1
    assert "Bekijk alle 2 activiteiten op de Techniekkaart" in html
    # No inline script or style (strict CSP): only the same-origin file that reports the height.
    assert html.count("<script") == 1 and '<script src="/static/js/widget.js" defer>' in html
    assert "style=" not in html
    other = client.get("/api/v1/")
    assert other["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_the_widget_has_an_empty_state_and_explains_a_bad_filter(client, catalogue):
    empty = client.get("/api/v1/widget/", {"thema": "water", "leeftijd": 4})
    assert "Er zijn nu geen activiteiten" in empty.content.decode()
    bad = client.get("/api/v1/widget/", {"aantal": "1000"})
    assert bad.status_code == 400
    assert "aantal moet een heel getal" in bad.content.decode()


def test_the_widget_maker_builds_a_snippet_for_the_filters(client, catalogue):
    page = client.get(
        "/api/v1/widget/maken/",
        {"thema": "robots-code", "plaats": "Meppel", "aantal": "3", "q": ""},
    )
    html = page.content.decode()
    assert (
        "&lt;iframe src=&quot;http://testserver/api/v1/widget/?thema=robots-code&amp;plaats=Meppel&amp;aantal=3&amp;afstand=25&quot;"
        in html
    )
    assert 'class="widget-preview"' in html
    bad = client.get("/api/v1/widget/maken/", {"plaats": "Parijs"}).content.decode()
    assert "We kennen de plaats" in bad and "&lt;iframe" not in bad
