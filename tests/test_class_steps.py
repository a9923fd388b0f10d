"""A class burst (issue 17): every pupil's every quiz step asks for the class and for the wrong-code
block. With Redis (production) a step asks Redis once, in the flood guard's round trip, and
PostgreSQL nothing once the process has found the class; the block and the class's expiry still
hold exactly. Needs Redis on 127.0.0.1:6379 (CI starts it)."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from catalogue.places import find_place
from classroom.services import class_session_start
from quiz import services as quiz_services
from quiz.services import quiz_start_token
from techniekkaart import ratelimit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(shared_redis, monkeypatch):
    """The shared cache as a worker has it: the limits and the quiz's version in Redis."""
    monkeypatch.setattr(ratelimit, "cache", shared_redis)
    monkeypatch.setattr(quiz_services, "cache", shared_redis)
    return shared_redis


@pytest.fixture
def session():
    return class_session_start(school="De Vlieger", groep=6, place=find_place("Dalfsen"))


@pytest.fixture
def questions():
    made = factories.quiz(
        ("Hut of robot?", "dit-of-dat", [("Hut", {"bouwen": 2}), ("Robot", {"robots-code": 2})]),
        ("Water of vuur?", "dit-of-dat", [("Water", {"water": 2}), ("Vuur", {"energie": 2})]),
    )
    made[0].hut = made[0].answers.first().pk  # read now, not inside a counted step
    return made


def step(client, session, questions):
    """The first question answered: the page of the second one."""
    first = questions[0]
    return client.post(
        f"/klas/{session.code}/",
        {"stap": "0", f"a-{first.pk}": first.hut, "begin": quiz_start_token(class_session=session)},
    )


def count_round_trips(monkeypatch, shared):
    client = shared._cache.get_client(write=True)
    sent = []
    real_execute = type(client.pipeline()).execute
    monkeypatch.setattr(
        type(client.pipeline()), "execute", lambda p, *a: sent.append(len(p)) or real_execute(p, *a)
    )
    real_get = shared.get
    monkeypatch.setattr(shared, "get", lambda *a, **k: sent.append("get") or real_get(*a, **k))
    return sent


def test_a_class_step_asks_redis_once_and_the_database_nothing(
    client, redis_cache, session, questions, monkeypatch, django_assert_num_queries
):
    assert step(client, session, questions).status_code == 200  # this process finds the class
    sent = count_round_trips(monkeypatch, redis_cache)
    with django_assert_num_queries(0):
        response = step(client, session, questions)
    assert response.status_code == 200
    assert "Water of vuur?" in response.content.decode()
    # SET NX and INCR of the flood guard, the quiz's version and the wrong-code count: one trip.
    assert sent == [4]


def test_the_wrong_code_block_holds_on_a_class_step(
    client, redis_cache, settings, session, questions
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "class-code": "3/600"}
    assert step(client, session, questions).status_code == 200
    for n in range(3):
        assert client.post(f"/klas/QQQQ{n:03d}/", {"stap": "0"}).status_code == 404
    blocked = step(client, session, questions)
    assert blocked.status_code == 429
    assert "Er zijn veel verkeerde codes geprobeerd." in blocked.content.decode()


def test_a_kept_class_is_refused_once_it_has_expired(client, session, questions):
    assert step(client, session, questions).status_code == 200  # kept by this process now
    later = session.expires + dt.timedelta(minutes=1)
    with mock.patch.object(timezone, "now", return_value=later):
        refused = step(client, session, questions)
    assert refused.status_code == 404
    assert "Deze code kennen we niet, of hij is verlopen." in refused.content.decode()


def test_a_start_counts_against_its_ceiling_in_the_same_round_trip(
    client, redis_cache, settings, questions, monkeypatch
):
    """The start button: the flood guard, the network's ceiling of counted starts (issue 13) and
    the quiz's version in one round trip; over the ceiling the quiz still starts, uncounted."""
    from quiz.models import DailyStart

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "quiz-starts-counted": "2/86400"}
    assert client.post("/quiz/", {"stap": "start"}).status_code == 200
    sent = count_round_trips(monkeypatch, redis_cache)
    for _ in range(2):
        assert client.post("/quiz/", {"stap": "start"}).status_code == 200
    assert sent == [5, 5]  # SET NX and INCR twice, and the version
    assert DailyStart.objects.get().count == 2
    bot = client.post("/quiz/", {"stap": "start"}, headers={"User-Agent": "Googlebot/2.1"})
    assert bot.status_code == 200
    assert sent == [5, 5, 3]  # a bot's start is not counted against anything but the flood guard


def test_a_finishing_step_asks_redis_twice_and_its_token_makes_one_result(
    client, redis_cache, session, questions, monkeypatch
):
    """Issue 17: finishing asks Redis for the flood guard and for the network's ceiling of saved
    results, nothing more: the token's single use is the result's unique start, so a second
    "klaar" finds the result the first one made, without a cache entry of its own."""
    from quiz.models import Result

    assert step(client, session, questions).status_code == 200  # this process finds the class
    first, last = questions
    data = {
        "stap": "1",
        "begin": quiz_start_token(class_session=session),
        f"a-{first.pk}": first.hut,
        f"a-{last.pk}": last.answers.first().pk,
    }
    sent = count_round_trips(monkeypatch, redis_cache)
    for name in ("add", "set", "incr"):
        real = getattr(redis_cache, name)
        monkeypatch.setattr(
            redis_cache, name, lambda *a, _n=name, _r=real, **k: sent.append(_n) or _r(*a, **k)
        )
    done = client.post(f"/klas/{session.code}/", data)
    assert done.status_code == 303
    assert sent == [4, 2]  # the flood guard's trip (see above); SET NX and INCR of the ceiling
    again = client.post(f"/klas/{session.code}/", data)
    assert again.status_code == 303
    assert again["Location"] == done["Location"]
    assert Result.objects.count() == 1
    assert Result.objects.get().get_absolute_url() == done["Location"]


@pytest.mark.django_db(transaction=True)
def test_one_token_finished_twice_at_the_same_moment_makes_one_result():
    """Race: a double click sends two finishing posts at once. The unique start lets one INSERT
    in and sends the other to the result it made; neither fails. Real concurrency needs
    PostgreSQL."""
    import threading

    from django.db import connection

    from quiz.models import Result
    from quiz.services import quiz_result_save

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time; the race needs PostgreSQL")
    barrier = threading.Barrier(6)
    made: list[str] = []
    failures: list[Exception] = []

    def finish():
        from django.db import connection as own

        barrier.wait()
        try:
            result = quiz_result_save(start="dubbelklik", answers=[], age=9, place=None)
            made.append(result.code)
        except Exception as error:  # reported by the assertion below
            failures.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=finish) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert Result.objects.count() == 1
    assert made == [Result.objects.get().code] * 6
