"""Two-factor log-in as the default for every logged-in page.

A password alone is not a log-in for an account that needs a second step: one with a confirmed
device (authenticator app), and every coordinator (staff) while TWO_FACTOR_FOR_STAFF is on. Until
the code is entered, every request of such a session is handled as anonymous, except the few
views on ALLOWED that the second step itself needs. So any page that asks for a log-in (portal,
keuzevakken, moderation, figures, the admin, and any page added later) refuses the half-logged-in
session by itself, and its "please log in" redirect is turned into a redirect to the second step.
Public pages answer as for any visitor. This is the design of django-two-factor-auth and
django-allauth's MFA: the session is not logged in until the second factor is given;
tests/test_security_auth.py walks every URL of the site to prove it.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve, reverse

from portal.twofactor import has_app

# The only views a half-logged-in session reaches as itself: entering the code, setting up an app
# (refused there to anyone who already has one and is not verified) and logging out.
ALLOWED = frozenset({"portal:two-factor-verify", "portal:two-factor-setup", "portal:logout"})


def second_step(user) -> str:
    """The URL name of the step this user still has to take, or "" if none."""
    if not user.is_authenticated or user.is_verified():
        return ""
    if has_app(user):
        return "portal:two-factor-verify"
    if user.is_staff and settings.TWO_FACTOR_FOR_STAFF:
        return "portal:two-factor-setup"
    return ""


def _allowed(request: HttpRequest) -> bool:
    try:
        return resolve(request.path_info).view_name in ALLOWED
    except Resolver404:
        return False


def _anonymous() -> AnonymousUser:
    user = AnonymousUser()
    user.otp_device = None  # type: ignore[attr-defined]  # as django_otp's OTPMiddleware does
    user.is_verified = lambda: False  # type: ignore[attr-defined]
    return user


def _login_pages() -> set[str]:
    return {resolve_url(settings.LOGIN_URL), reverse("admin:login")}


def _to_second_step(response: HttpResponse, step: str) -> HttpResponse:
    """A redirect to a log-in page becomes a redirect to the second step, with the same "next"."""
    location = urlsplit(response.get("Location", "")) if response.status_code == 302 else None
    if location is None or location.path not in _login_pages():
        return response
    following = QueryDict(location.query).get("next", "")
    query = f"?{urlencode({'next': following})}" if following else ""
    return HttpResponseRedirect(reverse(step) + query)


def two_factor(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        step = second_step(request.user)
        if not step or _allowed(request):
            return get_response(request)
        anonymous = _anonymous()
        request.user = anonymous

        async def auser() -> AnonymousUser:
            return anonymous

        request.auser = auser
        return _to_second_step(get_response(request), step)

    return middleware
