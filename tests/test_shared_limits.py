"""Rate limits are shared between workers when the cache is Redis (production): two workers, each
with its own connection, count into the same window. Needs Redis on 127.0.0.1:6379 (CI starts it)."""

import os

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory

from techniekkaart import ratelimit

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def worker_cache():
    """What one gunicorn worker has: its own client for the shared Redis."""
    return RedisCache(REDIS, {"KEY_PREFIX": "tk-test", "OPTIONS": {"socket_connect_timeout": 1}})


@pytest.fixture
def caches():
    first, second = worker_cache(), worker_cache()
    try:
        first.clear()
    except Exception as error:  # Redis not running here
        if os.environ.get("REQUIRE_BROWSER"):
            raise
        pytest.skip(f"Redis is not reachable: {error}")
    yield first, second
    first.clear()


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
