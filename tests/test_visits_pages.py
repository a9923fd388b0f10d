"""Every class-visit page for every role: the XSS corpus in every text a teacher or provider types,
valid HTML (W3C checker), and the two-factor rule (a password-only session of an account with an
authenticator app reaches none of the provider's visit pages)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from catalogue.models import Activity
from classroom.models import ClassSession, default_expiry
from tests import factories
from tests.helpers import injected_parts
from tests.test_html_valid import JAVA, VNU
from tests.xss_payloads import payloads
from visits import services
from visits.models import DateCapacity, VisitRequest

pytestmark = pytest.mark.django_db
State = VisitRequest.State


def day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def world(django_user_model):
    lesson = factories.activity("Gastles", audience=Activity.Audience.SCHOOLS, days=(10, 11))
    owner = factories.member(django_user_model, lesson.provider, "eigenaar@example.org")
    session = ClassSession.objects.create(
        code="ACDEFGH", teacher_token="leraar-sleutel-1234567890", school="De Vlieger", groep=7,
        place="Dalfsen", municipality="Dalfsen", expires=default_expiry(),
    )  # fmt: skip
    DateCapacity.objects.create(activity=lesson, date=day(10), classes=1000)
    return {"lesson": lesson, "owner": owner, "session": session}


def made(world, text: str, state: str) -> VisitRequest:
    visit = factories.class_request(
        world["lesson"], school=text[:120], message=text, class_session=world["session"]
    )
    visit.preferred.create(date=day(10))
    owner = world["owner"]
    if state == "afgesproken":
        services.request_agree(request=visit, by=owner, date=day(10), message=text)
    elif state == "afgewezen":
        services.request_decline(request=visit, by=owner, reason=text)
    elif state == "voorstel":
        services.request_propose(request=visit, by=owner, date=day(10), message=text)
    return VisitRequest.objects.get(pk=visit.pk)


STATES = ["nieuw", "afgesproken", "afgewezen", "voorstel"]


def teacher_urls(world, visit: VisitRequest) -> list[str]:
    return [visit.teacher_url()]


def portal_urls(world, visit: VisitRequest | None = None) -> list[str]:
    slug = world["lesson"].provider.slug
    urls = [f"/portaal/organisatie/{slug}/aanvragen/?stand={tab}"
            for tab in ("nieuw", "wacht", "afgesproken", "afgewezen", "geweest")]  # fmt: skip
    urls.append(f"/portaal/organisatie/{slug}/plaatsen/{world['lesson'].slug}/")
    if visit is not None:
        urls.append(f"/portaal/organisatie/{slug}/aanvragen/{visit.ref}/")
    return urls


def findings(client: Client, urls: list[str]) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        parts = injected_parts(response.content.decode())
        if parts:
            found[url] = parts
    return found


def test_no_payload_adds_anything_to_a_visit_page(world):
    texts = payloads()
    assert len(texts) >= 200
    teacher, provider = Client(), Client()
    provider.force_login(world["owner"])
    found: dict[str, list[str]] = {}
    for n, text in enumerate(texts):
        visit = made(world, text, STATES[n % len(STATES)])
        found |= findings(teacher, teacher_urls(world, visit))
        found |= findings(provider, [portal_urls(world, visit)[-1]])
    found |= findings(provider, portal_urls(world))
    found |= findings(teacher, [world["session"].teacher_url()])  # the class page lists them all
    assert found == {}


def test_every_visit_page_is_valid_html(world, tmp_path, client):
    if not (VNU.exists() and JAVA):
        pytest.skip("Java or vnu.jar missing (run make test)")
    lesson = world["lesson"]
    pages: dict[str, bytes] = {}
    visits = [made(world, f"School {state}", state) for state in STATES]
    provider = Client()
    provider.force_login(world["owner"])
    urls = [f"/klasbezoek/aanvragen/{lesson.slug}/",
            f"/klasbezoek/klas/{world['session'].teacher_token}/{lesson.slug}/",
            world["session"].teacher_url()]  # fmt: skip
    for visit in visits:
        urls += teacher_urls(world, visit)
    unconfirmed = services.request_create(
        activity=lesson, school="X", groep=6, pupils=20, place="Zwolle", municipality="Zwolle",
        dates=[day(10)], email="a@b.example",
    )  # fmt: skip
    urls += [f"/klasbezoek/bevestig/{unconfirmed.confirm_token}/", unconfirmed.teacher_url()]
    for url in urls:
        pages[url] = client.get(url).content
    for visit in visits:
        for url in portal_urls(world, visit):
            pages[url] = provider.get(url).content
    # forms with their errors
    pages["POST request"] = client.post(
        f"/klasbezoek/aanvragen/{lesson.slug}/", {"pupils": "x"}
    ).content
    pages["POST answer"] = provider.post(
        portal_urls(world, visits[0])[-1], {"answer": "1", "action": "afspreken"}
    ).content
    pages["POST places"] = provider.post(portal_urls(world)[-1], {"add_date": "1"}).content
    for n, content in enumerate(pages.values()):
        (tmp_path / f"page-{n}.html").write_bytes(content)
    run = subprocess.run(  # noqa: S603 (our own jar and files)
        [JAVA, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json",
         *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    labels = dict(zip([f"page-{n}.html" for n in range(len(pages))], pages, strict=True))
    problems = [(labels[m["url"].rsplit("/", 1)[-1]], m["message"]) for m in messages]
    assert problems == [], problems


def test_a_password_alone_reaches_no_visit_page_of_an_account_with_an_app(world):
    TOTPDevice.objects.create(user=world["owner"], name="app", confirmed=True)
    visit = made(world, "School", "nieuw")
    half = Client()
    half.force_login(world["owner"])  # the code was never entered
    for url in portal_urls(world, visit):
        for method in (half.get, half.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/portaal/tweestaps/?"), url
    assert VisitRequest.objects.get(pk=visit.pk).state == State.NEW


@pytest.mark.parametrize("role", ["anonymous", "owner", "other", "coordinator"])
def test_every_visit_url_for_every_role(world, django_user_model, role):
    """The portal's visit pages: only the organisation's members; the teacher's pages: only the
    secret link, whoever is logged in."""
    visit = made(world, "School", "nieuw")
    client = Client()
    users = {
        "owner": world["owner"],
        "other": factories.member(django_user_model, factories.provider("Ander"), "x@example.org"),
        "coordinator": django_user_model.objects.create_user("c@example.org", is_staff=True),
    }
    if role != "anonymous":
        client.force_login(users[role])
    for url in portal_urls(world, visit):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/portaal/inloggen/" in response["Location"]
        elif role == "owner":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 404, (role, url)
    assert client.get(visit.teacher_url()).status_code == 200
    assert client.get("/klasbezoek/niet-de-sleutel-maar-iets-anders/").status_code == 404
    assert client.get(f"/klasbezoek/{visit.ref}/").status_code == 404
