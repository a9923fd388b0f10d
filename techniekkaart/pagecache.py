"""Whole anonymous pages kept in Django's cache (Redis in production, local memory otherwise), as
issue 17 asks: a page a child or parent opens is rendered once per content version and then
served from the cache until any content changes.

- The key is the page's address (scheme, host, path and query), the language and the request
  headers a view names in `vary_on` (the list's htmx partial). Every entry carries the content
  version it was rendered under; `content_changed` (connected to save, delete and many-to-many
  signals of the models the public pages show, PAGE_CACHE_WATCH in the settings) sets a new
  version, so the next request renders the new state at once. Entries live PAGE_CACHE_SECONDS at
  most, which bounds what a bulk write without signals (a queryset update) or the clock (a date
  that has passed) can leave behind.
- Only anonymous visitors share entries: a request that carries a session, CSRF or messages
  cookie is always rendered for itself. A response is stored only when it is a 200, set no
  cookie, wrote nothing to the session, used no CSRF token and holds no CSRF form field; so a
  page with a form for a logged-in user is never stored at all.
- A page for everyone gets an ETag (304 on If-None-Match) and `public, max-age=0, s-maxage=N`
  (a proxy may keep it N seconds, a browser asks again each time and usually gets a 304).
  A personal page (`personal=True`, the quiz result) is kept on the server under its own
  address, which holds its code, and gets no public headers: the private_pages middleware sends
  it `private, no-store`, so no shared cache keeps it and no visitor gets another's page.
- Counting still counts: `on_hit` runs for every request served from the cache (the activity
  page counts its views there).

One small cache read per cached page (the version); the page itself comes from the process's own
memory when it served it before under that version, else from the shared cache.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.translation import get_language

from techniekkaart import ratelimit

VERSION_KEY = "pagecache:version"
# Per-response settings that middleware further out reads (CSP, framing); kept with the entry.
RESPONSE_ATTRIBUTES = (
    "_csp_update", "_csp_replace", "_csp_config", "_csp_exempt", "xframe_options_exempt",
)  # fmt: skip
# Cookies that make a request someone's own: logged in, a form with a CSRF token, a message.
PERSONAL_COOKIES = ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME")
MESSAGES_COOKIE = "messages"

View = Callable[..., HttpResponse]
T = TypeVar("T")
# version, made (time.time()), body, the view's headers, response attributes, ETag
Entry = tuple[str, float, bytes, list[tuple[str, str]], dict[str, Any], str]

# Each process also keeps the entries it served last (the version is still read from the shared
# cache on every request, so a change shows at once): a hit then moves a few bytes, not the page.
LOCAL_ENTRIES = 256
_local: OrderedDict[str, Entry] = OrderedDict()
_local_lock = threading.Lock()


# What is the same for every visitor while the content is unchanged (the themes, the keuzevakken
# per theme): each process keeps it under the content version it was read in, so a change shows
# on the next request as it does for whole pages; at most part_seconds(), as pages.
_memos: dict[tuple[str, str], tuple[str, float, Any]] = {}
# The version a cached view's request read (once): its memos are of that version, as its page is.
_request_version: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "pagecache_request_version", default=None
)


def version(request: HttpRequest | None = None) -> str:
    """The current content version (a new one when none is known: an empty or restarted cache).
    Read once per request: inside a cached view, the one the page cache read for it; with the
    request, the value its rate limit already read (ratelimit.read_ahead); else from the cache."""
    current = _request_version.get()
    if current is not None:
        return current
    current = ratelimit.read_ahead(request, VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        current = cache.get(VERSION_KEY)
    return str(current)


def bump() -> None:
    """Every page kept so far is out of date."""
    cache.set(VERSION_KEY, secrets.token_hex(8), None)


def part_seconds() -> int:
    """How long a kept part of a page lives at most: as long as a page in the page cache, which
    bounds what a bulk write without signals (a queryset update) leaves behind; a minute where no
    page is kept (the tests: a change there sets a new version, as everywhere)."""
    return settings.PAGE_CACHE_SECONDS or 60


def per_version(
    name: str, build: Callable[[], T], still_good: Callable[[T], bool] | None = None
) -> T:
    """`build()`, kept in this process while the content version (and the language) is the same,
    and while `still_good(kept)` says so (for what the clock can make out of date).

    The version is read before building: a change committed meanwhile sets a new one, so what was
    built is never kept under the version after the change."""
    current = version()
    key = (name, get_language() or "")
    hit = _memos.get(key)
    if (
        hit is not None
        and hit[0] == current
        and time.monotonic() - hit[1] < part_seconds()
        and (still_good is None or still_good(hit[2]))
    ):
        return cast("T", hit[2])
    value = build()
    _memos[key] = (current, time.monotonic(), value)
    return value


def content_changed(sender: type, **kwargs: Any) -> None:
    """Signal receiver: a watched model changed, so every page is out of date. The version is set
    anew at once and, inside a transaction, once more after the commit: a page rendered between
    the two read the state before the commit, and carries a version that is then no longer the
    current one."""
    if not watched(sender):
        return
    bump()
    connection = transaction.get_connection(kwargs.get("using"))
    if connection.in_atomic_block and not any(
        func is bump for _sids, func, _robust in connection.run_on_commit
    ):
        transaction.on_commit(bump, using=kwargs.get("using"))


@functools.lru_cache(maxsize=512)
def watched(model: type) -> bool:
    meta = getattr(model, "_meta", None)
    if meta is None:
        return False
    watch = set(getattr(settings, "PAGE_CACHE_WATCH", ()))
    ignore = set(getattr(settings, "PAGE_CACHE_IGNORE", ()))
    if meta.label in ignore:
        return False
    return meta.label in watch or meta.app_label in watch


def connect_signals() -> None:
    """Called once at start-up (public.apps); every model is checked against the settings."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from django.test.signals import setting_changed

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"pagecache-{id(signal)}")
    setting_changed.connect(_settings_changed, dispatch_uid="pagecache-settings")


def _settings_changed(**kwargs: Any) -> None:
    """A test changed a setting: the fragments (settings.CACHES["fragments"], base.html's header
    and footer) and this process's pages may depend on it."""
    from django.core.cache import caches

    for alias in ("fragments", "answers"):
        if alias in settings.CACHES:
            caches[alias].clear()
    with _local_lock:
        _local.clear()


def _anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    names = [getattr(settings, name) for name in PERSONAL_COOKIES] + [MESSAGES_COOKIE]
    return not any(name in cookies for name in names)


def _key(request: HttpRequest, vary_on: Iterable[str]) -> str:
    headers = [request.headers.get(name, "") for name in vary_on]
    address = request.build_absolute_uri()
    raw = "\n".join([address, get_language() or "", *headers])
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.modified)
        and not getattr(messages, "added_new", False)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and b"csrfmiddlewaretoken" not in response.content
    )


def _entry(current: str, response: HttpResponse) -> Entry:
    attributes = {
        name: getattr(response, name) for name in RESPONSE_ATTRIBUTES if hasattr(response, name)
    }
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    return (current, time.time(), response.content, list(response.items()), attributes, etag)


def _fresh(entry: Entry | None, current: str) -> bool:
    return (
        entry is not None
        and entry[0] == current
        and time.time() - entry[1] < settings.PAGE_CACHE_SECONDS
    )


def _keep_here(key: str, entry: Entry) -> None:
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def _lookup(key: str, current: str) -> Entry | None:
    """This process's copy when it is of the current version, else the shared cache's."""
    entry = _local.get(key)
    if _fresh(entry, current):
        return entry
    entry = cache.get(key)
    if entry is not None and _fresh(entry, current):
        _keep_here(key, entry)
        return entry
    return None


def _store(key: str, entry: Entry) -> None:
    cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
    _keep_here(key, entry)


def _response(entry: Entry) -> HttpResponse:
    _version, _made, content, headers, attributes, _etag = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    for name, value in attributes.items():
        setattr(response, name, value)
    return response


def cache_page(
    view: View | None = None,
    *,
    personal: bool = False,
    vary_on: tuple[str, ...] = (),
    on_hit: Callable[..., None] | None = None,
) -> Any:
    """Keep the view's anonymous GET responses (see the module's text)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            off = not settings.PAGE_CACHE_SECONDS  # 0: no page is kept (most tests)
            if off or request.method not in ("GET", "HEAD") or not _anonymous(request):
                return view(request, *args, **kwargs)
            key = _key(request, vary_on)
            current = version()
            entry = _lookup(key, current)
            if entry is not None:
                if on_hit is not None:
                    on_hit(request, *args, **kwargs)
                response = _response(entry)
            else:
                token = _request_version.set(current)
                try:
                    response = view(request, *args, **kwargs)
                finally:
                    _request_version.reset(token)
                if not _storable(request, response):
                    return response
                entry = _entry(current, response)
                _store(key, entry)
            if personal:
                return response  # private, no-store: the private_pages middleware
            patch_vary_headers(response, ("Cookie", *vary_on))
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_PROXY_SECONDS
            )
            response["ETag"] = entry[5]
            not_modified = get_conditional_response(request, etag=entry[5], response=response)
            if not_modified is None:
                return response
            # A 304 updates the headers the browser kept: it must carry the page's own CSP
            # (form-action of the sign-up button), not the site's default.
            for name, value in entry[4].items():
                setattr(not_modified, name, value)
            return not_modified

        return wrapper

    return decorate(view) if view is not None else decorate
