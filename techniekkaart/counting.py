"""Counting for the figures without storing anything about the person who counts (issue 13).

- `is_bot`: known crawlers, link previewers and scripts (the crawler-user-agents list) are not
  counted;
- `first_today`: true once per visitor and thing per day. The visitor is their network address
  and user agent unless the caller knows better (a quiz result, a start token); only a keyed hash
  of visitor, thing and day is kept, in the shared cache, until the day is over;
- `countable`: a daily ceiling per address (a named rate limit) on what is counted, high enough
  for a whole school behind one address.

An IPv6 visitor usually holds a whole /64 (2^64 addresses), so for these counts "one address" is
their /64, as Cloudflare and nginx's limit_req practice key IPv6 clients.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import threading
from collections import OrderedDict
from functools import lru_cache

import crawleruseragents
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from techniekkaart import ratelimit


@lru_cache(maxsize=2048)
def _is_crawler(user_agent: str) -> bool:
    return crawleruseragents.is_crawler(user_agent)


def is_bot(request: HttpRequest) -> bool:
    return _is_crawler(request.headers.get("User-Agent", "")[:512])


def _seconds_left_today() -> int:
    now = timezone.localtime()
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), now.tzinfo)
    return int((tomorrow - now).total_seconds()) + 60


def network(request: HttpRequest) -> str:
    """The visitor's address; for IPv6 its /64."""
    address = ratelimit.client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


# What this process already knows was counted today (issue 17): a class behind one address, or a
# visitor opening a page again, then costs no round trip to the shared cache. Only keyed hashes,
# only for today, at most SEEN_HERE of them; forgotten with the day.
SEEN_HERE = 20_000
_seen_here: OrderedDict[str, None] = OrderedDict()
_seen_day = [""]
_seen_lock = threading.Lock()


def first_today(request: HttpRequest, thing: str, *, visitor: str | None = None) -> bool:
    """True the first time today that this visitor does `thing` (and is not a bot). Exact across
    processes: the shared cache's add decides; this process only remembers what it learned."""
    if is_bot(request):
        return False
    if visitor is None:
        user_agent = request.headers.get("User-Agent", "")[:512]
        visitor = f"{network(request)}\n{user_agent}"
    day = timezone.localdate().isoformat()
    digest = salted_hmac("techniekkaart.counting", f"{visitor}\n{thing}\n{day}").hexdigest()
    key = f"seen:{digest[:32]}"
    with _seen_lock:
        if _seen_day[0] != day:
            _seen_here.clear()
            _seen_day[0] = day
        if key in _seen_here:
            return False
    first = cache.add(key, 1, _seconds_left_today())
    with _seen_lock:
        _seen_here[key] = None
        while len(_seen_here) > SEEN_HERE:
            _seen_here.popitem(last=False)
    return first


def forget_seen_here() -> None:
    """For tests that empty the shared cache: this process forgets what it learned from it."""
    with _seen_lock:
        _seen_here.clear()
