"""Django's Redis cache backend, with one redis-py client per connection pool, and the rate
limits' counter in one round trip (`count`).

Django's RedisCacheClient makes a new `redis.Redis` for every cache call, and each one fills its
table of ~170 response callbacks; on a page served from the cache (techniekkaart/pagecache.py),
which makes one small cache read, that was the largest single cost. A redis-py client is
thread-safe and its connections come from the shared pool, so one per pool is enough. Everything
else (serialising, timeouts, the pool options) is Django's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Both are Django's own (RedisCacheClient.get_client uses them); django-stubs omits them.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            made = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            client = self._clients.setdefault(id(pool), made)
        return client


class Cache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClient


def count(
    backend: BaseCache, counters: Sequence[tuple[str, int]], reads: Sequence[str] = ()
) -> tuple[list[int], list[Any]] | None:
    """Add one to each counter (key, timeout), which lives `timeout` seconds from its first
    count, in one round trip (SET NX EX, then INCR, pipelined): the rate limits' hits on every
    quiz step. `reads`: cache keys whose values come back in the same round trip (None for a
    missing key), so a view that counts a hit and then reads a version asks Redis once.
    None when the backend is not Redis (the caller then uses add, incr and get).

    The same stored value as Django's add(key, 1) and incr(key): a plain integer, which
    backend.get() reads back as an int."""
    if not isinstance(backend, RedisCache):
        return None
    client = backend._cache.get_client(write=True)  # type: ignore[attr-defined]  # Django's own
    pipe = client.pipeline(transaction=False)
    for key, timeout in counters:
        key = backend.make_and_validate_key(key)
        pipe.set(key, 0, ex=timeout, nx=True)
        pipe.incr(key)
    for read in reads:
        pipe.get(backend.make_and_validate_key(read))
    answers = pipe.execute()
    counted = answers[1 : 2 * len(counters) : 2]
    loads = backend._cache._serializer.loads  # type: ignore[attr-defined]  # Django's own
    values = answers[2 * len(counters) :]
    return [int(n) for n in counted], [None if v is None else loads(v) for v in values]
