"""Two-factor log-in. A user with a confirmed authenticator app must enter its code after the
password before any portal, moderation or admin page; coordinators (staff) must have one."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device

PROTECTED = ("/portaal/", "/moderatie/", "/beheer/", "/cijfers/")
OPEN = ("/portaal/inloggen/", "/portaal/uitloggen/", "/portaal/tweestaps/", "/portaal/wachtwoord/",
        "/portaal/aanmelden/", "/portaal/bevestig/", "/portaal/uitnodiging/", "/portaal/nog-actueel/",
        "/beheer/login/", "/beheer/logout/")  # fmt: skip


def two_factor(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        target = _required_step(request)
        if target:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return get_response(request)

    return middleware


def _required_step(request: HttpRequest) -> str:
    user = request.user
    path = request.path
    if not user.is_authenticated or not path.startswith(PROTECTED) or path.startswith(OPEN):
        return ""
    if user.is_verified():  # type: ignore[union-attr]
        return ""
    if user_has_device(user, confirmed=True):
        return "portal:two-factor-verify"
    if user.is_staff and settings.TWO_FACTOR_FOR_STAFF:
        return "portal:two-factor-setup"
    return ""
