"""Site-wide rules on requests and responses: headers that Django's SecurityMiddleware does not
set, no-store on personal pages, request-body limits and 405 for methods the site does not take."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers

# What makes a response's policy its own in django-csp (the decorators csp_update, csp_replace,
# csp_exempt and their report-only twins set these on the response).
_OWN_POLICY = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)  # fmt: skip


class CSPMiddleware(LibraryCSPMiddleware):
    """django-csp's middleware, with the site's policy built once per process (issue 17).

    django-csp builds the header anew for every response (about 70 µs: more than a page served
    from the cache costs otherwise). A response that needs nothing of its own gets the same
    text from `site_policy()`: no nonce used, no policy or exemption of its own, and no
    report-only policy or excluded prefixes configured. Every other response goes through
    django-csp unchanged."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if _needs_its_own_policy(request, response):
            return super().process_response(request, response)
        policy = site_policy()
        if policy:  # none configured: no header, as django-csp
            response.setdefault(HEADER, policy)
        # As django-csp does once the header is written: a nonce asked for now could not be in it.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


def _needs_its_own_policy(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        isinstance(getattr(request, "_csp_nonce", None), str)
        or any(hasattr(response, name) for name in _OWN_POLICY)
        or settings.DEBUG  # django-csp leaves the header off Django's debug pages (404, 500)
        or bool(getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None))
        or bool(
            (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("EXCLUDE_URL_PREFIXES")
        )
    )


@functools.cache
def site_policy() -> str:
    """The header django-csp builds from settings.CONTENT_SECURITY_POLICY alone."""
    return build_policy()


@receiver(setting_changed)
def _forget_policy(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()


# Everything a page could ask the browser for, switched off. Only the quiz, whose "about you" step
# has the "gebruik mijn locatie" button, may ask for the location (and only on a tap).
FEATURES = (
    "accelerometer", "autoplay", "bluetooth", "camera", "display-capture", "gyroscope", "hid",
    "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "serial",
    "usb", "xr-spatial-tracking", "browsing-topics",
)  # fmt: skip
GEOLOCATION_VIEWS = {"quiz:quiz"}
_BASE = ", ".join(f"{feature}=()" for feature in FEATURES)
POLICY_WITHOUT_LOCATION = f"{_BASE}, geolocation=()"
POLICY_WITH_LOCATION = f"{_BASE}, geolocation=(self)"


def permissions_policy(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        match = getattr(request, "resolver_match", None)
        allowed = match is not None and match.view_name in GEOLOCATION_VIEWS
        response.setdefault(
            "Permissions-Policy", POLICY_WITH_LOCATION if allowed else POLICY_WITHOUT_LOCATION
        )
        return response

    return middleware


# Pages about one person, one class or one organisation: a shared proxy must never keep them
# (issue 13). Django's never_cache headers: "private, no-cache, no-store, must-revalidate".
PERSONAL_NAMESPACES = {"admin", "portal", "moderation", "impact", "otp_totp", "otp_static"}
PERSONAL_VIEWS = {
    "quiz:quiz", "quiz:result", "quiz:result-print", "quiz:result-open",
    "classroom:start", "classroom:quiz", "classroom:teacher", "classroom:cards", "classroom:board",
    "electives:manage", "electives:module-new", "electives:module-edit", "electives:module-remove",
    "newsletter:confirm", "newsletter:unsubscribe",
}  # fmt: skip


def is_personal(request: HttpRequest, response: HttpResponse) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is not None and (
        match.view_name in PERSONAL_VIEWS or set(match.namespaces) & PERSONAL_NAMESPACES
    ):
        return True
    # Anyone logged in (or being logged in) sees pages made for them, whatever the page.
    return settings.SESSION_COOKIE_NAME in request.COOKIES or bool(response.cookies)


def private_pages(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if is_personal(request, response):
            add_never_cache_headers(response)
        return response

    return middleware


# Request bodies (issue 13). Anonymous visitors post small forms only; a body over the limit is
# refused before Django reads it (no temporary file), with the Dutch 413 page. Uploads (images,
# spreadsheets) happen only behind a log-in, on the paths below, and only with a session cookie.
# The proxy in front has its own limit (nginx client_max_body_size, DEPLOY.md).
UPLOAD_PATHS = ("/portaal/", "/beheer/", "/keuzevakken/beheer/", "/moderatie/")


def body_limit(request: HttpRequest) -> int:
    logged_in = settings.SESSION_COOKIE_NAME in request.COOKIES
    if logged_in and request.path.startswith(UPLOAD_PATHS):
        return settings.UPLOAD_BODY_MAX_BYTES
    return settings.ANONYMOUS_BODY_MAX_BYTES


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


# The methods the site answers at all (no view takes PUT, PATCH or DELETE). Any other method
# gets 405 with Allow here: further on, Django's CSRF check would answer 403 first, as it does for
# every unsafe method without a token, before the view's own method check could say 405.
SITE_METHODS = {"GET", "HEAD", "POST", "OPTIONS"}
DEFAULT_ALLOW = ["GET", "HEAD", "POST"]


def _allowed(request: HttpRequest) -> list[str]:
    """The methods the view at this path takes, read from its require_http_methods decorator
    (a closure over the method list) or its class; without either: GET, HEAD, POST."""
    view: Any
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return DEFAULT_ALLOW
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return [m.upper() for m in view_class.http_method_names if hasattr(view_class, m)]
    while view is not None:
        for cell in getattr(view, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(m, str) and m.isupper() and m.isalpha() for m in value)
            ):
                return list(value)
        view = getattr(view, "__wrapped__", None)
    return DEFAULT_ALLOW


def request_limits(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method not in SITE_METHODS and request.method not in _allowed(request):
            return HttpResponseNotAllowed(_allowed(request))  # a view may declare DELETE itself
        if _declared_length(request) > body_limit(request):
            # The body is never read (WSGI leaves closing the connection to the server).
            page = render_to_string("413.html", {"site_name": SITE_NAME}, request=None)
            return HttpResponse(page, status=413)
        return get_response(request)

    return middleware


SITE_NAME = "Techniekkaart Regio Zwolle"
