"""Abuse found by the independent security test (issue 13), each replayed as an attack.

3: the class page as a mail cannon; 8: inflated figures; 16: personal pages in shared caches;
17: big bodies, pixel bombs and unknown methods.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from catalogue import images
from catalogue.models import DailyCount
from catalogue.places import find_place
from classroom.models import ClassSession
from classroom.services import class_session_start
from outbox import mail as outbox_mail
from quiz.models import DailyStart, Result
from quiz.services import quiz_start_token
from tests import factories
from tests.helpers import fill, patterns

pytestmark = pytest.mark.django_db

START = {"school": "De Vlieger", "groep": "7", "plaats": "7721", "email": "juf@example.org"}
EVIL = "https://evil.example"


# 3. /klas/nieuw/ mails anything to anyone ------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": EVIL},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://klas.techniekkaart.nl"},
        {"Origin": EVIL},  # an older browser without Sec-Fetch-*
        {"Origin": "null"},  # a sandboxed frame or a data: page
    ],
)
def test_a_foreign_site_cannot_make_the_class_page_send_mail(client, headers):
    response = client.post("/klas/nieuw/", START, headers=headers)
    assert response.status_code == 403
    assert "andere website" in response.content.decode()
    assert not mail.outbox
    assert not ClassSession.objects.exists()
    assert not response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        {"Origin": "http://testserver"},
        {},  # not a browser: nothing to ride on, the limits apply
    ],
)
def test_a_teacher_on_the_site_itself_still_gets_the_link(client, headers):
    response = client.post("/klas/nieuw/", START, headers=headers)
    assert response.status_code == 303
    assert len(mail.outbox) == 1


def test_a_foreign_site_cannot_post_quiz_answers_either(client):
    for url in ("/quiz/", "/klas/QQQQQQQ/"):
        response = client.post(url, {"stap": "start"}, headers={"Sec-Fetch-Site": "cross-site"})
        assert response.status_code == 403


def test_fifty_class_starts_from_one_address_are_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "class-start": "20/3600"}
    answers = [
        client.post("/klas/nieuw/", {**START, "email": f"juf{n}@example.org"}).status_code
        for n in range(50)
    ]
    assert answers.count(303) == 20
    assert answers[20:] == [429] * 30
    assert len(mail.outbox) == ClassSession.objects.count() == 20
    other = client.post("/klas/nieuw/", START, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 303


def test_one_recipient_gets_at_most_a_few_teacher_links(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "class-mail-to": "5/86400"}
    victims = ["slachtoffer@example.org", "Slachtoffer@Example.org", "slachtoffer+1@example.org"]
    answers = [
        client.post(
            "/klas/nieuw/", {**START, "email": victims[n % 3]}, REMOTE_ADDR=f"10.0.1.{n}"
        ).status_code
        for n in range(12)
    ]
    assert answers.count(303) == 5
    assert len(mail.outbox) == 5
    refused = client.post("/klas/nieuw/", {**START, "email": victims[0]}, REMOTE_ADDR="10.0.2.1")
    assert refused.status_code == 429
    assert "Laat het veld leeg" in refused.content.decode()
    assert ClassSession.objects.count() == 5
    # without an address a teacher can still start a class
    empty = client.post("/klas/nieuw/", {**START, "email": ""}, REMOTE_ADDR="10.0.2.2")
    assert empty.status_code == 303


def test_no_text_a_visitor_typed_reaches_the_teacher_link_mail(client):
    school = "GRATIS iPad! Klik op https://evil.example/win"
    assert client.post("/klas/nieuw/", {**START, "school": school}).status_code == 303
    (message,) = mail.outbox
    assert message.subject == "Je leraarlink voor de techniekquiz"
    html = message.alternatives[0][0]
    for part in (message.subject, message.body, html):
        assert "iPad" not in part
        assert "evil.example" not in part
    assert "groep 7 in Dalfsen" in message.body


@pytest.mark.parametrize("field", ["school", "plaats"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2028", "\x00"])
def test_a_newline_in_a_class_field_is_a_form_error_not_a_500(client, field, newline):
    value = {"school": "De Vlieger", "plaats": "Dalfsen"}[field]
    data = {**START, field: f"{value}{newline}Bcc: iedereen@example.org"}
    response = client.post("/klas/nieuw/", data)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()  # a NUL gets Django's own message
    assert not ClassSession.objects.exists()
    assert not mail.outbox


# What each mail subject may show. A visitor (or anyone who signs up) chooses neither the recipient
# and the text at once: the class mail goes to any address, so it shows nothing typed; an
# invitation goes to any address, so it shows no organisation or inviter name; the moderation and
# freshness mails go to the organisation itself, about its own activity or name.
SUBJECT_VARIABLES = {
    "moderation/email/changes_requested": {"activity.title"},
    "moderation/email/approved": {"activity.title"},
    "moderation/email/rejected": {"activity.title"},
    "portal/email/still_on": {"organisation"},
}


def test_no_mail_to_a_stranger_carries_text_someone_typed_in_its_subject():
    root = Path(settings.BASE_DIR) / "templates"
    found = {}
    for path in sorted(root.rglob("*_subject.txt")):
        source = path.read_text()
        names = set(re.findall(r"\{\{\s*([\w.]+)", source))
        names |= set(re.findall(r"with\s+\w+=([\w.]+)", source))
        names -= set(re.findall(r"with\s+(\w+)=", source))
        if names:
            found[str(path.relative_to(root))[: -len("_subject.txt")]] = names
    assert found == SUBJECT_VARIABLES


def test_a_line_break_in_a_name_never_reaches_a_mail_header():
    message = outbox_mail.render(
        "portal/email/still_on",
        ["info@example.org"],
        {"organisation": "Techniek\r\nBcc: iedereen@example.org", "provider": None},
    )
    assert "\n" not in message.subject and "\r" not in message.subject
    message.message()  # Django would raise BadHeaderError on a line break


# 8. Figures inflated by one client ------------------------------------------------------------

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def questions():
    return factories.quiz(
        ("Hut of robot?", "dit-of-dat", [("Hut", {"bouwen": 2}), ("Robot", {"robots-code": 2})]),
    )


def finish(client, questions, token, url="/quiz/", **extra):
    (question,) = questions
    data = {f"a-{question.pk}": question.answers.first().pk, "begin": token, "leeftijd": "9"}
    step = {"stap": "over-jou", "ga": "klaar"} if url == "/quiz/" else {"stap": "0"}
    return client.post(url, {**data, **step}, **extra)


def start_token(client, url="/quiz/", **extra):
    page = client.post(url, {"stap": "start"}, **extra).content.decode()
    return re.search(r'name="begin" value="([^"]+)"', page).group(1)


def clicks(activity):
    return sum(DailyCount.objects.filter(activity=activity).values_list("signup_clicks", flat=True))


def views(activity):
    return sum(DailyCount.objects.filter(activity=activity).values_list("views", flat=True))


def test_three_hundred_signup_clicks_from_one_client_count_once(client):
    act = factories.activity(signup_method="link", signup_url="https://example.org/aanmelden")
    for _ in range(300):
        response = client.post(f"/activiteiten/{act.slug}/aanmelden/", HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 303
        assert response["Location"] == "https://example.org/aanmelden"
        assert response["Referrer-Policy"] == "no-referrer"
        assert not response.cookies
    assert clicks(act) == 1
    # another visitor (another address) counts too; nothing about either is stored
    client.post(f"/activiteiten/{act.slug}/aanmelden/", REMOTE_ADDR="10.3.0.1")
    assert clicks(act) == 2
    assert not any("10.3.0.1" in str(key) for key in cache._cache)  # type: ignore[attr-defined]


def test_a_get_of_the_signup_link_counts_nothing(client):
    act = factories.activity(signup_method="email", signup_email="info@example.org")
    for _ in range(300):
        response = client.get(f"/activiteiten/{act.slug}/aanmelden/", HTTP_USER_AGENT=BROWSER)
        assert response["Location"] == "mailto:info@example.org"
    assert clicks(act) == 0


def test_the_signup_button_is_a_same_site_post_that_csp_lets_through(client):
    act = factories.activity(
        signup_method="link", signup_url="https://aanbieder.example/inschrijven"
    )
    page = client.get(act.get_absolute_url())
    body = page.content.decode()
    assert f'<form method="post" action="/activiteiten/{act.slug}/aanmelden/">' in body
    form_action = next(
        d for d in page["Content-Security-Policy"].split(";") if "form-action" in d
    ).split()
    assert form_action == ["form-action", "'self'", "https://aanbieder.example"]
    foreign = client.post(
        f"/activiteiten/{act.slug}/aanmelden/", headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert foreign.status_code == 403
    assert clicks(act) == 0


def test_a_hundred_openings_of_an_activity_page_from_one_client_count_once(client):
    act = factories.activity()
    for _ in range(100):
        client.get(act.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert views(act) == 1


def test_known_bots_are_not_counted(client, questions):
    act = factories.activity(signup_method="link", signup_url="https://example.org/aanmelden")
    result = Result.objects.create(profile={"bouwen": 1.0})
    for agent in (GOOGLEBOT, "curl/8.5.0", "python-requests/2.32.3", "WhatsApp/2.24"):
        client.get(act.get_absolute_url(), HTTP_USER_AGENT=agent)
        client.post(f"/activiteiten/{act.slug}/aanmelden/", HTTP_USER_AGENT=agent)
        client.post(f"/quiz/uitslag/{result.code}/open/{act.slug}/", HTTP_USER_AGENT=agent)
        client.post("/quiz/", {"stap": "start"}, HTTP_USER_AGENT=agent)
    assert (views(act), clicks(act)) == (0, 0)
    result.refresh_from_db()
    assert result.opened is None
    assert not DailyStart.objects.exists()


def test_opening_an_activity_from_a_result_by_get_changes_nothing(client):
    act = factories.activity()
    result = Result.objects.create(profile={"bouwen": 1.0})
    url = f"/quiz/uitslag/{result.code}/open/{act.slug}/"
    for _ in range(5):
        assert client.get(url).status_code == 302
    result.refresh_from_db()
    assert result.opened is None
    response = client.post(url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 303
    assert response["Location"].startswith(f"/activiteiten/{act.slug}/")
    result.refresh_from_db()
    assert result.opened is not None
    assert client.post(url, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403


def test_finished_quizzes_without_a_start_token_from_the_server_save_nothing(client, questions):
    forged = signing.dumps({"n": "x", "t": 0, "k": 0}, salt="quiz.start", key="nep-sleutel" * 5)
    for token in ["", "abc", forged, *(f"{n}" for n in range(47))]:
        page = finish(client, questions, token)
        assert page.status_code == 200
        assert "Begin hem opnieuw" in page.content.decode()
    assert not Result.objects.exists()


def test_a_start_token_finishes_one_quiz_only(client, questions):
    token = start_token(client)
    first = finish(client, questions, token)
    assert first.status_code == 303
    for _ in range(300):  # a double click shows the same result; a replay makes nothing new
        again = finish(client, questions, token)
        assert again.status_code == 303
        assert again["Location"] == first["Location"]
    assert Result.objects.count() == 1


def test_a_quiz_finished_faster_than_a_child_reads_is_not_taken(client, questions, settings):
    settings.QUIZ_MINIMUM_SECONDS = 20
    token = start_token(client)
    for _ in range(3):
        page = finish(client, questions, token)
        assert page.status_code == 200
        assert "Wat ben jij snel" in page.content.decode()
    assert not Result.objects.exists()
    later = time.time() + 21
    with mock.patch("quiz.services.time.time", return_value=later):
        assert finish(client, questions, token).status_code == 303
    assert Result.objects.count() == 1


def test_a_start_token_of_the_open_quiz_does_not_finish_a_class_quiz(client, questions):
    session = class_session_start(school="De Vlieger", groep=6, place=find_place("Dalfsen"))
    other = class_session_start(school="De Wiekslag", groep=6, place=find_place("Zwolle"))
    for token in (start_token(client), quiz_start_token(class_session=other)):
        page = finish(client, questions, token, url=f"/klas/{session.code}/")
        assert "Begin hem opnieuw" in page.content.decode()
    assert not Result.objects.exists()


def test_three_hundred_pupils_behind_one_address_each_start_and_finish(client, questions):
    session = class_session_start(school="De Vlieger", groep=6, place=find_place("Dalfsen"))
    url = f"/klas/{session.code}/"
    tokens = [start_token(client, url, HTTP_USER_AGENT=BROWSER) for _ in range(30)]
    tokens += [quiz_start_token(class_session=session) for _ in range(270)]  # as the button gives
    for token in tokens:
        assert finish(client, questions, token, url=url, HTTP_USER_AGENT=BROWSER).status_code == 303
    assert Result.objects.filter(class_session=session).count() == 300
    assert DailyStart.objects.get().count == 30  # every press of the start button counted
    # each pupil's opening from their own result counts, though all share address and browser
    act = factories.activity()
    for result in Result.objects.all():
        client.post(f"/quiz/uitslag/{result.code}/open/{act.slug}/", HTTP_USER_AGENT=BROWSER)
    assert Result.objects.filter(opened__isnull=False).count() == 300


def test_one_address_has_a_daily_ceiling_of_counted_starts_and_saved_results(
    client, questions, settings
):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS, "quiz-starts-counted": "5/86400", "quiz-results": "3/86400",
    }  # fmt: skip
    tokens = [start_token(client) for _ in range(8)]
    assert DailyStart.objects.get().count == 5  # the quiz still starts; only counting stops
    answers = [finish(client, questions, token).status_code for token in tokens]
    assert answers == [303] * 3 + [429] * 5
    assert Result.objects.count() == 3
    other = start_token(client, REMOTE_ADDR="10.4.0.1")
    assert finish(client, questions, other, REMOTE_ADDR="10.4.0.1").status_code == 303


# 16. Personal pages in a shared cache ----------------------------------------------------------


def no_store(response) -> bool:
    words = {w.strip() for w in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= words


def test_personal_pages_tell_every_cache_not_to_keep_them(client, django_user_model):
    """Walk every page about one child, one class, one organisation or the coordinator's work."""
    provider = factories.provider()
    act = factories.activity(owner=provider)
    result = Result.objects.create(profile={"bouwen": 1.0}, age=9)
    session = class_session_start(school="De Vlieger", groep=6, place=find_place("Dalfsen"))
    samples = {"slug": act.slug, "provider": provider.slug, "uidb64": "MQ", "token": "x"}
    coordinator = django_user_model.objects.create_superuser(
        "co@example.org", "co@example.org", "x"
    )
    users = {
        "provider": factories.member(django_user_model, provider, "p@example.org"),
        "co": coordinator,
    }
    anonymous = [
        ("get", "/quiz/"), ("post", "/quiz/"), ("get", f"/quiz/uitslag/{result.code}/"),
        ("get", f"/quiz/uitslag/{result.code}/print/"), ("get", "/klas/nieuw/"),
        ("get", f"/klas/{session.code}/"), ("get", f"/klas/leraar/{session.teacher_token}/"),
        ("get", f"/klas/leraar/{session.teacher_token}/kaartjes/"),
    ]  # fmt: skip
    problems = []
    for method, url in anonymous:
        response = getattr(client, method)(url, {"stap": "start"} if method == "post" else None)
        if response.status_code != 200 or not no_store(response):
            problems.append((url, response.status_code, response.get("Cache-Control")))
    walked = 0
    for user in users.values():
        logged_in = Client(raise_request_exception=False)
        logged_in.force_login(user)
        admin_pages = 0
        for route, name in patterns():
            namespace = name.split(":")[0]
            if namespace not in {"admin", "portal", "moderation", "impact"}:
                continue
            if namespace == "admin" and (user is not coordinator or admin_pages >= 25):
                continue  # the admin is one namespace rule: a sample of its pages is enough
            admin_pages += namespace == "admin"
            url = fill(route, samples)
            response = logged_in.get(url)
            walked += 1
            if response.status_code < 500 and not no_store(response):
                problems.append((url, response.status_code, response.get("Cache-Control")))
    assert walked > 50
    assert problems == []


def test_public_pages_stay_cacheable(client):
    act = factories.activity()
    for url in ("/", "/activiteiten/", act.get_absolute_url()):
        assert "no-store" not in client.get(url).get("Cache-Control", "")


# 17. Big bodies, pixel bombs, unknown methods --------------------------------------------------


def test_a_200_megabyte_post_to_the_quiz_is_refused_before_it_is_read(client, settings):
    class Endless(io.RawIOBase):
        read_bytes = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            Endless.read_bytes += len(buffer)
            buffer[:] = b"x" * len(buffer)
            return len(buffer)

    size = 200 * 1024 * 1024
    for url in ("/quiz/", "/klas/nieuw/", "/nieuwsbrief/", "/portaal/aanmelden/"):
        response = client.generic(
            "POST", url, b"", "multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(size), **{"wsgi.input": Endless()},
        )  # fmt: skip
        assert response.status_code == 413
        assert "Dat is te groot" in response.content.decode()
    assert Endless.read_bytes == 0


def test_a_logged_in_provider_may_still_upload_a_photo(client, django_user_model):
    provider = factories.provider()
    client.force_login(factories.member(django_user_model, provider, "p@example.org"))
    body = b"x" * 6_000_000  # a phone photo with the rest of the form
    response = client.generic("POST", "/portaal/", body, "application/x-www-form-urlencoded")
    assert response.status_code != 413
    anonymous = Client()
    assert anonymous.generic("POST", "/portaal/", body).status_code == 413


def test_a_39_megapixel_png_of_a_few_kilobytes_is_refused_before_decoding(monkeypatch):
    picture = Image.new("RGB", (7200, 5400), (200, 10, 10))
    data = io.BytesIO()
    picture.save(data, "PNG", optimize=True)
    assert len(data.getvalue()) < 200_000
    monkeypatch.setattr(
        Image.Image, "load", lambda self: pytest.fail("decoded a 39-megapixel picture")
    )
    upload = SimpleUploadedFile("bom.png", data.getvalue(), "image/png")
    with pytest.raises(ValidationError) as refused:
        images.reencode_image(upload)
    assert "maximaal 12 megapixel" in refused.value.messages[0]


def test_a_large_phone_photo_is_still_taken():
    photo = io.BytesIO()
    Image.new("RGB", (6000, 4000), (30, 90, 200)).save(photo, "JPEG", quality=60)
    out = images.reencode_image(SimpleUploadedFile("foto.jpg", photo.getvalue(), "image/jpeg"))
    assert Image.open(out).size == (1600, 1067)


@pytest.mark.parametrize("method", ["FOO", "PROPFIND", "PUT", "DELETE", "PATCH"])
def test_an_unknown_method_gets_405_with_allow_not_403(client, method):
    act = factories.activity()
    cases = {
        "/": "GET",
        "/quiz/": "GET, POST",
        f"/activiteiten/{act.slug}/aanmelden/": "GET, POST",
        "/portaal/inloggen/": None,
    }
    for url, allow in cases.items():
        response = client.generic(method, url)
        assert response.status_code == 405, (url, response.status_code)
        if allow:
            assert response["Allow"] == allow
        else:
            assert "GET" in response["Allow"]


def test_one_ipv6_network_cannot_count_again_from_each_of_its_addresses(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "quiz-starts-counted": "5/86400"}
    act = factories.activity(signup_method="link", signup_url="https://example.org/aanmelden")
    for n in range(1, 50):
        address = f"2001:db8:1:2::{n:x}"
        client.get(act.get_absolute_url(), REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER)
        client.post(f"/activiteiten/{act.slug}/aanmelden/", REMOTE_ADDR=address)
        client.post("/quiz/", {"stap": "start"}, REMOTE_ADDR=address)
    assert (views(act), clicks(act)) == (1, 1)
    assert DailyStart.objects.get().count == 5
    client.get(act.get_absolute_url(), REMOTE_ADDR="2001:db8:1:3::1", HTTP_USER_AGENT=BROWSER)
    assert views(act) == 2  # another network
