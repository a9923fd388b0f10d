"""Scaling out, rehearsed (issue 17): two application servers behind HAProxy, sharing one
PostgreSQL, one Redis and one media folder, and one of them killed under load (bench/rehearse.py,
`make rehearse`, here in a short version on the test database).

What must hold: a class started on one server is joinable on the other, and a rate limit hit on
one is hit on the other; the only failed requests are the ones that were under way on the killed
server; the balancer takes it out within seconds; every quiz whose finish a child saw is stored.

Needs PostgreSQL (the servers are separate processes sharing the test database; the SQLite test
database is not shared), HAProxy and redis-server. With REQUIRE_BROWSER=1 (CI) a missing program
fails the test instead of skipping it.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from quiz.models import Result
from tests import factories

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import rehearse


def results_stored(codes: set[str]) -> tuple[int, int]:
    return Result.objects.count(), Result.objects.filter(code__in=codes).count()


def database_url() -> str:
    s = connection.settings_dict
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or "5432"
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{host}:{port}/{s['NAME']}"


@pytest.fixture
def programs():
    missing = [
        name
        for name, path in (
            ("haproxy", rehearse.haproxy_binary()),
            ("redis-server", rehearse.redis_binary()),
        )
        if not path
    ]
    if missing:
        message = f"{' and '.join(missing)} not installed (apt-get install -y {' '.join(missing)})"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    if connection.vendor != "postgresql":
        pytest.skip(
            "the rehearsal needs PostgreSQL: its two servers are separate processes sharing the "
            "database (make test runs it in its PostgreSQL pass)"
        )


def test_the_health_check_answers_without_a_cookie_or_a_copy(client):
    # No database mark: a query would fail the test. The database is shared by every server, so
    # its outage is not this server's (ops/health.py).
    response = client.get("/health/", secure=True)
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"] and not response.cookies
    assert client.head("/health/", secure=True).status_code == 200
    assert client.post("/health/", secure=True).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_two_servers_behind_haproxy_one_killed_under_load(programs):
    factories.migration_data()
    call_command("load_demo", stdout=io.StringIO())
    options = rehearse.Options(
        workers=2, check_inter="500ms", queue_timeout="30s", collect_static=False
    )
    # 12 children who think 0.15-0.4 s (about 40 requests a second, as 20 at twice the pause
    # gave): a quiz takes ~5 s, so quizzes run across the kill and finish on A after it.
    load = rehearse.LoadOptions(users=12, think_scale=0.05, before=4, after=6, restart=False)

    f = rehearse.rehearse(database_url(), options, load, quiet=True, count=results_stored)

    shared = f["shared"]
    assert shared["class_join_on_b"] == (302, f"/klas/{shared['class_code']}/"), shared
    assert shared["class_quiz_on_b"] == 200 and shared["teacher_page_on_b"] == 200, shared
    assert set(shared["wrong_codes_on_a"]) == {404}, shared
    assert shared["wrong_code_on_b"] == 429, "wrong codes on A did not count on B"
    assert shared["right_code_on_b_same_address"] == 429, shared
    assert shared["right_code_on_b_other_address"] == 302, "the limit is per address"

    assert f["served_before_kill"]["a"] > 0 and f["served_before_kill"]["b"] > 0, f["served"]
    assert f["requests"] > 50
    errors = f["errors"]
    assert errors["kill_related_later"] == 0, f"failures that began after the kill: {errors}"
    assert errors["failed_in_flight"] <= errors["under_way_at_kill"]
    assert f["down_after"] is not None and f["down_after"] < 10, f["down_after"]

    assert f["finished"] > 0
    assert f["found"] == f["finished"], "a quiz a child saw finish is not stored"
    assert f["stored"] >= f["finished"]

    for group in f["process_groups"]:  # Redis, both servers and HAProxy: all gone
        with pytest.raises(ProcessLookupError):
            os.killpg(group, 0)
