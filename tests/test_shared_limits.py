"""Rate limits are shared between workers when the cache is Redis (production): two workers, each
with its own connection, count into the same window. Needs Redis on 127.0.0.1:6379 (CI starts it)."""

import pytest
from django.test import RequestFactory

from techniekkaart import ratelimit
from tests.helpers import worker_cache


@pytest.fixture
def caches(shared_redis):
    """Two workers, each with its own client for the same Redis."""
    return shared_redis, worker_cache()


def test_two_workers_count_into_the_same_limit(caches, settings, monkeypatch):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "4/3600"}
    request = RequestFactory().post("/portaal/aanmelden/", REMOTE_ADDR="192.0.2.7")
    first, second = caches
    monkeypatch.setattr(ratelimit, "cache", first)
    assert [ratelimit.check(request, "signup") for _ in range(2)] == [None, None]
    monkeypatch.setattr(ratelimit, "cache", second)
    assert [ratelimit.check(request, "signup") for _ in range(2)] == [None, None]
    blocked = ratelimit.check(request, "signup")
    assert blocked is not None and blocked.count == 5 and 0 < blocked.retry_after <= 3600
    monkeypatch.setattr(ratelimit, "cache", first)
    assert ratelimit.check(request, "signup") is not None  # the first worker sees it too


def test_a_counter_counts_in_one_round_trip_and_ends_with_its_window(caches, settings, monkeypatch):
    """Every quiz step counts a hit: with Redis that is one pipelined SET NX EX + INCR, and the
    counter it leaves is what add and incr would leave (an integer that expires after its window)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "3/60"}
    request = RequestFactory().post("/portaal/aanmelden/", REMOTE_ADDR="192.0.2.8")
    first, _second = caches
    monkeypatch.setattr(ratelimit, "cache", first)
    client = first._cache.get_client(write=True)
    sent = []
    real = type(client.pipeline()).execute
    monkeypatch.setattr(
        type(client.pipeline()), "execute", lambda p, *a: sent.append(len(p)) or real(p, *a)
    )
    counts = [ratelimit.hit(request, "signup").count for _ in range(4)]
    assert counts == [1, 2, 3, 4] and sent == [2, 2, 2, 2]
    assert ratelimit.blocked(request, "signup").blocked
    window, _left = ratelimit._window(60)
    key = first.make_and_validate_key(ratelimit._cache_key("signup", "192.0.2.8", window))
    assert 0 < client.ttl(key) <= 65
    assert first.get(ratelimit._cache_key("signup", "192.0.2.8", window)) == 4


def test_a_version_read_rides_along_with_the_limits_round_trip(caches, settings, monkeypatch):
    """A quiz step and a cached API answer count a hit and then read a version: both come back
    in the one pipelined round trip, and reading them afterwards asks Redis nothing more."""
    from techniekkaart import pagecache

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "quiz": "100/60"}
    request = RequestFactory().post("/quiz/", REMOTE_ADDR="192.0.2.9")
    first, _second = caches
    monkeypatch.setattr(ratelimit, "cache", first)
    first.set(pagecache.VERSION_KEY, "v-1234", None)
    first.set("a-number", 7, None)
    client = first._cache.get_client(write=True)
    sent = []
    real = type(client.pipeline()).execute
    monkeypatch.setattr(
        type(client.pipeline()), "execute", lambda p, *a: sent.append(len(p)) or real(p, *a)
    )
    reads = [pagecache.VERSION_KEY, "a-number", "not-there"]
    assert ratelimit.check(request, "quiz", reads=reads) is None
    assert sent == [5]  # SET NX, INCR and the three reads

    def no_more(*args, **kwargs):
        raise AssertionError("asked Redis again")

    monkeypatch.setattr(first, "get", no_more)
    assert ratelimit.read_ahead(request, pagecache.VERSION_KEY) == "v-1234"
    assert ratelimit.read_ahead(request, "a-number") == 7
    assert ratelimit.read_ahead(request, "not-there") is None
    monkeypatch.setattr(pagecache, "cache", first)
    assert pagecache.version(request) == "v-1234"
    # A request whose limit read nothing asks the cache as before.
    other = RequestFactory().get("/api/v1/activities", REMOTE_ADDR="192.0.2.9")
    with pytest.raises(AssertionError, match="asked Redis again"):
        ratelimit.read_ahead(other, pagecache.VERSION_KEY)
