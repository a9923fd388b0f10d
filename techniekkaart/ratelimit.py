"""Rate limits shared between workers, without storing who asked.

A limit counts hits per key in fixed windows in the default cache (Redis in production, so every
worker and machine sees the same counters). The key is a keyed hash (HMAC with SECRET_KEY) of the
network address or of another value such as an e-mail address, so the cache holds no address in
the clear. Limits are configured by name in settings.RATE_LIMITS as "count/seconds", e.g. "10/60".

    limit = ratelimit.check(request, "newsletter-ip")      # counts this hit
    if limit.blocked:
        return ratelimit.too_many(request, limit)

For "only failures count" (class codes, log-ins) use ``blocked(...)`` to look and ``hit(...)`` to
count a failure.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.connection import ConnectionProxy

from techniekkaart import rediscache


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    blocked: bool
    retry_after: int  # seconds until the window ends


def rate(name: str) -> tuple[int, int]:
    """(allowed hits, window seconds) for a named limit."""
    count, _, seconds = settings.RATE_LIMITS[name].partition("/")
    return int(count), int(seconds)


def client_address(request: HttpRequest) -> str:
    """The visitor's address: the one function for it (rate limits, the log-in slow-down and
    django-axes through AXES_CLIENT_IP_CALLABLE all use it).

    Behind TRUSTED_PROXIES proxies, the entry the outermost of them appended to X-Forwarded-For,
    counted from the right: whatever a visitor puts in the header stays to the left of it, so
    nobody can choose their own bucket, or a victim's. The header is split on plain commas, on
    purpose without quote handling: a quote sent by the visitor must not swallow the entries our
    own proxies appended (django-ipware 8 honours quotes, which lets `"` pick the address).
    Without enough entries (a request that bypassed a proxy), or with TRUSTED_PROXIES=0,
    REMOTE_ADDR."""
    hops = settings.TRUSTED_PROXIES
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= hops and _is_address(forwarded[-hops]):
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


GMAIL = {"gmail.com", "googlemail.com"}


def mailbox(email: str) -> str:
    """The mailbox an address delivers to, for counting mails to it: lower case, without a
    "+tag" in the local part (a+1@x, a+2@x and A@X are one mailbox), and for Gmail without dots.
    Only for limits: the address itself is stored and mailed as typed."""
    local, _, domain = email.strip().lower().rpartition("@")
    if not local:
        return email.strip().lower()
    local = local.split("+", 1)[0]
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def _cache_key(name: str, value: str, window: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return f"rl:{name}:{digest[:32]}:{window}"


def key_for(name: str, value: str) -> str:
    """A cache key for a value kept outside a window (e.g. "wait until"), hashed like the rest."""
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return f"rl:{name}:{digest[:32]}"


def _window(seconds: int) -> tuple[int, int]:
    now = time.time()
    window = int(now // seconds)
    return window, max(1, int((window + 1) * seconds - now))


def _value(request: HttpRequest, value: str | None) -> str:
    return client_address(request) if value is None else value.strip().lower()


def blocked(request: HttpRequest, name: str, value: str | None = None) -> Limit:
    """Look without counting (with the value check(..., reads=[window_key(...)]) brought along
    in this request, if it did)."""
    allowed, seconds = rate(name)
    window, retry_after = _window(seconds)
    count = int(read_ahead(request, _cache_key(name, _value(request, value), window)) or 0)
    return Limit(name, count, count >= allowed, retry_after)


def window_key(request: HttpRequest, name: str, value: str | None = None) -> str:
    """The cache key of the limit's counter in the current window: for check(..., reads=[...]),
    so that a later blocked(request, name, value) needs no round trip of its own."""
    return _cache_key(name, _value(request, value), _window(rate(name)[1])[0])


def hit(
    request: HttpRequest, name: str, value: str | None = None, reads: Sequence[str] = ()
) -> Limit:
    """Count one hit; blocked once the count is over the allowed number. `reads`: see check()."""
    return hits(request, (name, value), reads=reads)[0]


def hits(
    request: HttpRequest, *names_and_values: str | tuple[str, str | None], reads: Sequence[str] = ()
) -> list[Limit]:
    """Count a hit on each limit, with Redis in one round trip; each limit as it stands now.

    Arguments are limit names (keyed on the address) or (name, value) pairs. `reads`: cache keys
    the view reads next (a content version); with Redis their values come back in the same round
    trip, and `read_ahead(request, key)` gives them without asking again (issue 17: a quiz step
    or an API answer from the cache then asks Redis once). Each key holds its window, so a key
    that outlives its window by the 5 seconds' margin is never counted on again."""
    windows = []
    for item in names_and_values:
        name, value = item if isinstance(item, tuple) else (item, None)
        allowed, seconds = rate(name)
        window, retry_after = _window(seconds)
        key = _cache_key(name, _value(request, value), window)
        windows.append((name, allowed, retry_after, key, seconds + 5))
    counts = _count(request, [(key, timeout) for *_, key, timeout in windows], reads)
    return [
        Limit(name, count, count > allowed, retry_after)
        for (name, allowed, retry_after, _key, _timeout), count in zip(windows, counts, strict=True)
    ]


def _count(
    request: HttpRequest, counters: Sequence[tuple[str, int]], reads: Sequence[str]
) -> list[int]:
    """One more hit on each (key, timeout): with Redis one round trip that also brings the
    values of `reads` (kept on the request for `read_ahead`), else add and incr."""
    backend = caches[DEFAULT_CACHE_ALIAS] if isinstance(cache, ConnectionProxy) else cache
    counted = rediscache.count(backend, counters, reads)
    if counted is not None:
        counts, values = counted
        if reads:
            request.cache_reads = dict(zip(reads, values, strict=True))  # type: ignore[attr-defined]
        return counts
    return [_add_one(key, timeout) for key, timeout in counters]


def _add_one(key: str, timeout: int) -> int:
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1


def check(
    request: HttpRequest, *names_and_values: str | tuple[str, str], reads: Sequence[str] = ()
) -> Limit | None:
    """Count a hit on each limit, in one round trip with Redis; return the first that is over,
    or None. Arguments and `reads`: see hits()."""
    return next(
        (limit for limit in hits(request, *names_and_values, reads=reads) if limit.blocked), None
    )


def read_ahead(request: HttpRequest | None, key: str) -> Any:
    """The cache's value for `key` as check(..., reads=[key]) read it in this request, else
    cache.get(key) now. None: no such key."""
    reads = getattr(request, "cache_reads", None)
    if reads is not None and key in reads:
        return reads[key]
    return cache.get(key)


def too_many(request: HttpRequest, limit: Limit, template: str = "429.html") -> HttpResponse:
    """The friendly Dutch 429 page with Retry-After."""
    response = HttpResponse(
        render_to_string(template, {"minutes": -(-limit.retry_after // 60)}, request=request),
        status=429,
    )
    response["Retry-After"] = str(limit.retry_after)
    return response


def with_retry_after(response: HttpResponse, limit: Limit) -> HttpResponse:
    """Mark a page the view rendered itself (e.g. a form with a message) as a 429."""
    response.status_code = 429
    response["Retry-After"] = str(limit.retry_after)
    return response
