"""Slowing down guessing of class codes without storing addresses.

Failed attempts are counted per network address in the cache (Redis in production), under a keyed hash
of the address, for ten minutes. Only failures count: a whole school behind one address can join with
the right code as often as it needs; guessing a code (25^7 possibilities) stays hopeless.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 600


def _key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    window = int(time.time() // WINDOW_SECONDS)
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"class-code-failures:{digest[:32]}:{window}"


def is_blocked(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= settings.CLASS_CODE_FAILURES_PER_10_MINUTES


def record_failure(request: HttpRequest) -> None:
    key = _key(request)
    if not cache.add(key, 1, WINDOW_SECONDS + 60):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW_SECONDS + 60)
