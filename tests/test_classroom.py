"""Class mode: codes, the secret teacher link, expiry, joining, rate limits and the class page."""

import datetime as dt
import math
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.models import Theme
from catalogue.places import find_place
from classroom.models import CODE_ALPHABET, CODE_BITS, ClassSession
from classroom.services import class_session_start
from quiz.models import Result
from quiz.services import quiz_start_token
from techniekkaart import pagecache
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


@pytest.fixture
def session():
    return class_session_start(school="De Vlieger", groep=6, place=find_place("Dalfsen"))


def test_codes_are_short_unguessable_and_free_of_look_alikes():
    assert CODE_BITS >= 30
    assert not set(CODE_ALPHABET) & set("0O1IL2Z5S8B")
    codes = {
        class_session_start(school="S", groep=5, place=find_place("Zwolle")).code for _ in range(30)
    }
    assert len(codes) == 30
    assert all(len(c) == 7 and set(c) <= set(CODE_ALPHABET) for c in codes)


def test_a_repeated_draw_never_gives_two_open_sessions_the_same_code():
    draws = iter(["AAAAAAA", "AAAAAAA", "AAAAAAA", "CCCCCCC"])
    with mock.patch("classroom.services.draw_code", side_effect=lambda: next(draws)):
        first = class_session_start(school="A", groep=5, place=find_place("Zwolle"))
        second = class_session_start(school="B", groep=5, place=find_place("Zwolle"))
    assert (first.code, second.code) == ("AAAAAAA", "CCCCCCC")


def test_starting_a_session_leads_to_the_teacher_page_and_mails_the_link(client):
    response = client.post(
        "/klas/nieuw/",
        {"school": "De Vlieger", "groep": "7", "plaats": "7721", "email": "juf@example.org"},
    )
    session = ClassSession.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/klas/leraar/{session.teacher_token}/"
    assert (session.place, session.municipality, session.groep) == ("Dalfsen", "Dalfsen", 7)
    assert len(mail.outbox) == 1
    assert f"/klas/leraar/{session.teacher_token}/" in mail.outbox[0].body
    assert session.code in mail.outbox[0].body
    assert "juf@example.org" not in str(
        [f.value_from_object(session) for f in ClassSession._meta.fields]
    )
    page = client.get(response["Location"]).content.decode()
    assert session.code in page
    assert "<svg" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"school": "", "groep": "7", "plaats": "Dalfsen"}, "Dit veld is verplicht."),
        ({"school": "X", "groep": "12", "plaats": "Dalfsen"}, "Selecteer een geldige keuze"),
        ({"school": "X", "groep": "7", "plaats": "Amsterdam"}, "We kennen de plaats"),
        ({"school": "X", "groep": "7", "plaats": "Dalfsen", "email": "geen-mail"}, "e-mailadres"),
    ],
)
def test_bad_start_details_get_a_dutch_message(client, data, message):
    response = client.post("/klas/nieuw/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ClassSession.objects.exists()


def test_the_class_code_alone_opens_nothing_of_the_teacher(client, session):
    assert client.get(f"/klas/leraar/{session.code}/").status_code == 404
    assert client.get(f"/klas/leraar/{session.code}/kaartjes/").status_code == 404
    assert client.get(f"/klas/leraar/{session.teacher_token}/").status_code == 200


def test_pupils_join_with_the_code_in_any_case_and_take_the_class_quiz(client, session):
    response = client.get(
        "/klas/", {"code": f" {session.code.lower()[:3]}-{session.code.lower()[3:]} "}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/klas/{session.code}/"
    intro = client.get(response["Location"])
    assert "De Vlieger, groep 6" in intro.content.decode()
    assert not intro.cookies


def test_a_pupil_finishes_without_being_asked_age_or_place(client, session):
    questions = factories.quiz(
        ("Hut of robot?", "dit-of-dat", [("Hut", {"bouwen": 2}), ("Robot", {"robots-code": 2})])
    )
    answer = questions[0].answers.first()
    token = quiz_start_token(class_session=session)
    done = client.post(
        f"/klas/{session.code}/", {"stap": "0", f"a-{questions[0].pk}": answer.pk, "begin": token}
    )
    assert done.status_code == 303
    result = Result.objects.get()
    assert result.class_session == session
    assert (result.age, result.municipality, result.pc4) == (9, "Dalfsen", "7721")


def test_a_wrong_or_expired_code_gets_a_friendly_message(client, session):
    response = client.get("/klas/", {"code": "QQQQQQQ"})
    assert response.status_code == 404
    assert "Deze code kennen we niet, of hij is verlopen." in response.content.decode()
    ClassSession.objects.filter(pk=session.pk).update(
        expires=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.get("/klas/", {"code": session.code})
    assert "Deze code kennen we niet, of hij is verlopen." in response.content.decode()
    assert client.get(f"/klas/{session.code}/").status_code == 404
    assert client.get(f"/klas/leraar/{session.teacher_token}/").status_code == 410


def test_guessing_codes_is_slowed_down_per_address(client, settings, session):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "class-code": "20/600"}
    for n in range(20):
        assert client.get("/klas/", {"code": f"QQQQ{n:03d}"}).status_code == 404
    blocked = client.get("/klas/", {"code": session.code})
    assert blocked.status_code == 429
    assert "Wacht tien minuten" in blocked.content.decode()
    assert 0 < int(blocked["Retry-After"]) <= 600
    assert client.get(f"/klas/{session.code}/").status_code == 429
    other = client.get("/klas/", {"code": session.code}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302


def test_three_hundred_pupils_behind_one_address_can_all_join(client, session):
    for _ in range(300):
        assert client.get("/klas/", {"code": session.code}).status_code == 302
    # a handful of typos among them does not lock the school out
    for _ in range(10):
        client.get("/klas/", {"code": session.code[:-1] + "X"})
    assert client.get("/klas/", {"code": session.code}).status_code == 302


def finish(session, n, profile=None):
    for _ in range(n):
        Result.objects.create(
            class_session=session, profile=profile or {"bouwen": 0.5, "water": 0.5}, age=9
        )


def test_the_chart_waits_for_five_finished_pupils(client, session):
    url = f"/klas/leraar/{session.teacher_token}/"
    finish(session, 4)
    body = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "4 leerlingen zijn klaar" in body
    assert "<meter" not in body
    assert "minstens 5 leerlingen" in body
    finish(session, 1)
    body = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "5 leerlingen zijn klaar" in body
    assert body.count("<meter") == 11
    assert "<html" not in body


def test_the_class_page_suggests_school_group_offers_near_the_school(client, session):
    group = factories.activity("Techles", theme="bouwen", place="Dalfsen", audience="school")
    factories.activity("Gezinsdag", theme="bouwen", place="Dalfsen", audience="gezin")
    far = factories.activity("Ver weg", theme="bouwen", place="Urk", audience="school")
    finish(session, 5, {"bouwen": 1.0})
    response = client.get(f"/klas/leraar/{session.teacher_token}/")
    # too little within 25 km, so the recommender widens step by step (and the page says how far)
    assert [item.offer.slug for item, _a in response.context["group_items"]] == [
        group.slug,
        far.slug,
    ]
    assert "tot 50 km van Dalfsen" in response.content.decode()


def test_the_class_page_shows_no_individual_answers(client, session):
    finish(session, 6)
    body = client.get(f"/klas/leraar/{session.teacher_token}/").content.decode()
    for result in Result.objects.all():
        assert result.code not in body


def test_the_class_page_keeps_a_constant_number_of_queries(client, session):
    factories.activity("Techles", theme="bouwen", place="Dalfsen", audience="school")
    url = f"/klas/leraar/{session.teacher_token}/"
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    finish(session, 5)
    client.get(url)  # the chart's themes, kept per content version from here on
    few = count()
    finish(session, 25)
    assert count() == few


def test_cards_are_numbered_one_per_finished_quiz_with_the_childs_own_link(client, session):
    finish(session, 3)
    body = client.get(f"/klas/leraar/{session.teacher_token}/kaartjes/").content.decode()
    assert [int(n) for n in re.findall(r"Kaartje <strong>(\d+)</strong>", body)] == [1, 2, 3]
    for result in Result.objects.all():
        assert f"/quiz/uitslag/{result.code}/" in body
    assert body.count("<svg") == 3


def test_expiry_wipes_codes_links_and_school_but_keeps_anonymous_results(session):
    finish(session, 2)
    ClassSession.objects.filter(pk=session.pk).update(expires=timezone.now() - dt.timedelta(days=1))
    call_command("expire_class_sessions")
    session.refresh_from_db()
    assert (session.code, session.teacher_token, session.school) == (None, None, "")
    assert Result.objects.filter(class_session=session).count() == 2
    assert math.isclose(CODE_BITS, 7 * math.log2(25))


def test_behind_a_proxy_the_limit_keys_on_the_forwarded_address(client, settings, session):
    settings.TRUSTED_PROXIES = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "class-code": "3/600"}
    for n in range(3):
        client.get("/klas/", {"code": f"QQQQ{n:03d}"}, HTTP_X_FORWARDED_FOR="1.2.3.4")
    # A visitor cannot escape by sending their own X-Forwarded-For: the proxy's entry is last.
    spoofed = client.get("/klas/", {"code": session.code}, HTTP_X_FORWARDED_FOR="9.9.9.9, 1.2.3.4")
    assert spoofed.status_code == 429
    other = client.get("/klas/", {"code": session.code}, HTTP_X_FORWARDED_FOR="5.6.7.8")
    assert other.status_code == 302


# The same moment for a whole class (issue 14).


def pupil_result(session, profile):
    from quiz.services import quiz_result_save

    result = quiz_result_save(
        answers=[], age=session.age, place=find_place(session.place, session.municipality),
        class_session=session,
    )  # fmt: skip
    Result.objects.filter(pk=result.pk).update(profile=profile)
    result.refresh_from_db()
    return result


def screen_of(client, result):
    """What the pupil's own final screen shows: card number, character, first three activities."""
    response = client.get(result.get_absolute_url())
    body = response.content.decode()
    number = re.search(r"Jij hebt kaartje <strong>(\d+)</strong>", body)
    hero = response.context["hero"]
    return (
        int(number.group(1)) if number else None,
        hero.character or hero.name,
        [item.offer.title for item, _a in response.context["first"]],
    )


def cards_of(client, session):
    body = client.get(f"/klas/leraar/{session.teacher_token}/kaartjes/").content.decode()
    cards = {}
    for block in body.split('<article class="take-home">')[1:]:
        number = int(re.search(r"Kaartje <strong>(\d+)</strong>", block).group(1))
        who = re.search(r"Ik ben een ([^!<]+)!", block).group(1)
        cards[number] = (number, who, re.findall(r"<li><strong>([^<]+)</strong>", block))
    return cards


def test_each_pupils_screen_and_take_home_card_show_the_same_number_character_and_activities(
    client, session
):
    from catalogue.models import Theme

    Theme.objects.filter(slug="bouwen").update(character="Bouwer")
    Theme.objects.filter(slug="water").update(character="Dijkbewaker")
    # Near and far, in and out of the 10 km the screen searches (the card used 25 km, 3 at most).
    for n, place in enumerate(["Dalfsen", "Nieuwleusen", "Zwolle", "Ommen", "Hardenberg"]):
        factories.activity(f"Bouwen in {place}", theme="bouwen", place=place, days=(n + 2,))
        factories.activity(f"Water in {place}", theme="water", place=place, days=(n + 3,))
    profiles = [{"bouwen": 0.8, "water": 0.2}, {"water": 0.9, "bouwen": 0.1}] * 3
    results = [pupil_result(session, profile) for profile in profiles]
    cards = cards_of(client, session)
    assert sorted(cards) == [1, 2, 3, 4, 5, 6]
    for number, result in enumerate(results, start=1):
        screen = screen_of(client, result)
        assert screen == cards[number]
        assert len(screen[2]) == 3


def test_the_number_shows_only_while_the_class_is_open(client, session, page_cache):
    result = pupil_result(session, {"bouwen": 1})
    assert (
        "Jij hebt kaartje <strong>1</strong>"
        in client.get(result.get_absolute_url()).content.decode()
    )
    call_command("expire_class_sessions")  # not yet expired: still there
    ClassSession.objects.filter(pk=session.pk).update(expires=timezone.now() - dt.timedelta(days=1))
    call_command("expire_class_sessions")
    assert "kaartje" not in client.get(result.get_absolute_url()).content.decode()


def test_the_class_chart_shows_numbers(client, session):
    finish(session, 5, {"bouwen": 0.75, "water": 0.25})
    body = client.get(f"/klas/leraar/{session.teacher_token}/").content.decode()
    assert '<span class="bar-number">75%</span>' in body
    assert '<span class="bar-number">25%</span>' in body


def test_the_class_list_follows_the_pupils_as_they_finish(client, session):
    factories.activity("Techles bouwen", theme="bouwen", place="Dalfsen", audience="school")
    factories.activity("Techles water", theme="water", place="Dalfsen", audience="school")
    url = f"/klas/leraar/{session.teacher_token}/"
    finish(session, 5, {"water": 1.0})
    poll = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert '<section id="samen" aria-labelledby="samen-kop" data-hx-swap-oob="outerHTML">' in poll
    assert poll.index("Techles water") < poll.index("Techles bouwen")
    finish(session, 20, {"bouwen": 1.0})
    poll = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert poll.index("Techles bouwen") < poll.index("Techles water")
    assert "<html" not in poll


# The teacher's poll, kept per class, results and content version (issue 17).


@pytest.fixture
def _no_kept_parts():
    caches["fragments"].clear()


def poll(client, session):
    response = client.get(f"/klas/leraar/{session.teacher_token}/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.usefixtures("_no_kept_parts")
def test_a_poll_after_a_pupil_finished_or_a_result_went_shows_the_class_as_it_is_now(
    client, session
):
    factories.activity("Techles bouwen", theme="bouwen", place="Dalfsen", audience="school")
    factories.activity("Techles water", theme="water", place="Dalfsen", audience="school")
    finish(session, 5, {"water": 1.0})
    assert poll(client, session) == poll(client, session)  # the second one is the kept copy
    finish(session, 20, {"bouwen": 1.0})
    body = poll(client, session)
    assert "25 leerlingen zijn klaar" in body
    assert body.index("Techles bouwen") < body.index("Techles water")
    assert '<span class="bar-number">80%</span>' in body
    # A result deleted by age (not the newest): one fewer, although the newest is the same.
    Result.objects.filter(class_session=session, profile={"bouwen": 1.0}).first().delete()
    assert "24 leerlingen zijn klaar" in poll(client, session)
    # One deleted and one added: as many as before, yet another class.
    Result.objects.filter(class_session=session, profile={"water": 1.0}).first().delete()
    finish(session, 1, {"bouwen": 1.0})
    body = poll(client, session)
    assert "24 leerlingen zijn klaar" in body
    assert '<span class="bar-number">83%</span>' in body  # 20 of 24, not 19
    caches["fragments"].clear()
    assert poll(client, session) == body  # as a render of its own, byte for byte


@pytest.mark.usefixtures("_no_kept_parts")
def test_a_poll_with_nothing_changed_is_one_query(client, session):
    factories.activity("Techles", theme="bouwen", place="Dalfsen", audience="school")
    finish(session, 6)
    url = f"/klas/leraar/{session.teacher_token}/"

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
        return len(ctx.captured_queries)

    assert client.get(url).status_code == 200  # the teacher opens the page, then it polls
    finish(session, 1)
    # A pupil finished: the class with its count, the results and the catalogue's version (the
    # activities and the themes are kept per content version). It was 5 queries on every poll.
    assert queries() == 3
    assert queries() == 1  # nothing changed: only the class with its count, the rest is kept
    # An expired class is refused, whatever was kept for it.
    ClassSession.objects.filter(pk=session.pk).update(expires=timezone.now())
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 410


@pytest.mark.usefixtures("_no_kept_parts")
def test_two_classes_never_get_each_others_kept_poll(client, session):
    other = class_session_start(school="De Horizon", groep=6, place=find_place("Dalfsen"))
    for _round in range(2):  # no pupil finished yet (the same count), then five each
        ours, theirs = poll(client, session), poll(client, other)
        assert session.teacher_token in ours and other.teacher_token not in ours
        assert other.teacher_token in theirs and session.teacher_token not in theirs
        finish(session, 5, {"water": 1.0})
        finish(other, 5, {"bouwen": 1.0})


@pytest.mark.usefixtures("_no_kept_parts")
def test_a_catalogue_change_shows_on_the_next_poll(client, session):
    lesson = factories.activity("Techles", theme="bouwen", place="Dalfsen", audience="school")
    finish(session, 5, {"bouwen": 1.0})
    assert "Techles</a>" in poll(client, session)
    assert "Techles</a>" in poll(client, session)
    lesson.title = "Bruggen bouwen"
    lesson.save()
    body = poll(client, session)
    assert "Bruggen bouwen</a>" in body and "Techles</a>" not in body
    Theme.objects.filter(slug="bouwen").update(name="Timmeren")  # no signal: the version is set
    pagecache.bump()  # as the admin's save would
    assert '<span class="bar-label">Timmeren</span>' in poll(client, session)


def test_the_board_shows_code_qr_and_count_but_never_the_teacher_link(client, session):
    teacher = client.get(f"/klas/leraar/{session.teacher_token}/").content.decode()
    assert f'href="/klas/bord/{session.code}/">Toon op het bord</a>' in teacher
    finish(session, 2)
    board = client.get(f"/klas/bord/{session.code}/")
    body = board.content.decode()
    assert board.status_code == 200
    assert f'<p class="board-code">{session.code}</p>' in body
    assert "<svg" in body
    assert "<strong>2</strong> leerlingen zijn klaar" in body
    assert session.teacher_token not in body
    assert "De Vlieger" not in body  # the school's name is not needed on the board
    finish(session, 1)
    poll = client.get(f"/klas/bord/{session.code}/", headers={"HX-Request": "true"})
    assert "<strong>3</strong> leerlingen zijn klaar" in poll.content.decode()
    assert "<svg" not in poll.content.decode()
    assert not board.cookies


def test_the_board_is_no_way_around_the_code_guessing_limit(client, settings, session):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "class-code": "3/600"}
    for n in range(3):
        assert client.get(f"/klas/bord/QQQQ{n:03d}/").status_code == 404
    assert client.get(f"/klas/bord/{session.code}/").status_code == 429


def test_the_class_list_and_the_take_home_cards_show_the_town_or_online(client, session):
    factories.activity("Techles", theme="bouwen", place="Nieuwleusen", audience="school")
    factories.activity(
        "Gastles op afstand", theme="bouwen", audience="school", location_type="online"
    )
    teacher = client.get(f"/klas/leraar/{session.teacher_token}/").content.decode()
    assert re.search(r"Techles</a></h3>\s*<p class=\"town\">Nieuwleusen</p>", teacher)
    assert re.search(r"Gastles op afstand</a></h3>\s*<p class=\"town\">online</p>", teacher)

    factories.activity("Bouwen in Dalfsen", theme="bouwen", place="Dalfsen")
    factories.activity("Bouwen thuis", theme="bouwen", location_type="online")
    pupil_result(session, {"bouwen": 1.0})
    cards = client.get(f"/klas/leraar/{session.teacher_token}/kaartjes/").content.decode()
    assert '<strong>Bouwen in Dalfsen</strong> · <span class="town">Dalfsen</span>' in cards
    assert '<strong>Bouwen thuis</strong> · <span class="town">online</span>' in cards


def test_a_pupils_quiz_step_asks_the_database_for_the_class_once_a_minute(client, session):
    """Every pupil's every step needs the class (issue 17): the first step in a process looks it up
    with one query, later ones take it from the process's memory (tests/test_class_steps.py: an
    expired class is still refused); the questions come from the process's memo."""
    factories.quiz(
        ("Hut of robot?", "dit-of-dat", [("Hut", {"bouwen": 2}), ("Robot", {"robots-code": 2})])
    )
    url = f"/klas/{session.code}/"

    def class_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.post(url, {"stap": "start"}).status_code == 200
        return [q for q in ctx.captured_queries if "classroom_classsession" in q["sql"]]

    assert len(class_queries()) == 1
    assert class_queries() == []
    with mock.patch("time.monotonic", return_value=time.monotonic() + 61):
        assert len(class_queries()) == 1
