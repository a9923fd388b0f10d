"""Log-in that slows down before it locks, and a password reset that cannot flood a mailbox.

Both defences key on the account together with the visitor's address
(techniekkaart.ratelimit.client_address, the real address behind TRUSTED_PROXIES), so someone
guessing a password slows down and locks out only themselves, never the account's owner
(OWASP's Authentication Cheat Sheet; django-axes' "username + ip_address" lock-out parameter).

After the second failed log-in for an account from one address, each next try from there has to
wait a little longer: 2, 4, 8 ... up to 60 seconds, counted from the last failure. The form answers
"wacht nog N seconden" with a 429 and Retry-After instead of checking the password, so guessing
gets slow without making a worker sleep. After AXES_FAILURE_LIMIT failures from one address
django-axes locks the account for that address for AXES_COOLOFF_TIME. Counters live in the
shared cache under a keyed hash (techniekkaart.ratelimit).
"""

from __future__ import annotations

import math
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.translation import ngettext

from techniekkaart import ratelimit

MAX_WAIT = 60


def stored_username(typed: str) -> str:
    """The user name as stored for what was typed, in any case. Sign-up and invitations store
    addresses in lower case ("Sam@Example.org" must let sam@example.org in); a coordinator made
    with createsuperuser may be "Coordinator". Only a single match in another case is used.
    A coordinator may also type the account's e-mail address (any case) when no user name
    matches; only an address that belongs to exactly one account counts."""
    typed = typed.strip()
    if not typed:
        return typed
    users = get_user_model().objects
    matches = list(users.filter(username__iexact=typed).values_list("username", flat=True)[:2])
    if not matches and "@" in typed:
        matches = list(users.filter(email__iexact=typed).values_list("username", flat=True)[:2])
    if len(matches) == 1 and typed not in matches:
        return matches[0]
    return typed


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """django-axes' name for the account (AXES_USERNAME_CALLABLE): in lower case, so trying
    "SAM@x", "Sam@x" ... does not give a guesser a fresh lock-out counter for each spelling."""
    source = credentials or getattr(request, "POST", {})
    # The account behind an e-mail address shares its counter with the account's user name.
    return stored_username(source.get(settings.AXES_USERNAME_FORM_FIELD) or "").lower()


def _account_here(request: HttpRequest, username: str) -> str:
    return f"{username.strip().lower()}\n{ratelimit.client_address(request)}"


def _count_failure(key: str) -> int:
    """Failures for this account from this address, forgotten only after a quiet period (the
    "login-failures" window, sliding): a fixed window would restart the slow-down at each
    quarter hour."""
    _allowed, quiet = ratelimit.rate("login-failures")
    cache_key = ratelimit.key_for("login-failures", key)
    if cache.add(cache_key, 1, quiet):
        return 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, quiet)
        return 1
    cache.touch(cache_key, quiet)
    return count


class SlowAuthenticationForm(AuthenticationForm):
    wait = 0

    def clean_username(self) -> str:
        return stored_username(self.cleaned_data.get("username") or "")

    def clean(self) -> dict[str, Any]:
        if self.request is None:  # the slow-down is per address: LoginView always passes it
            raise ImproperlyConfigured("SlowAuthenticationForm needs the request")
        username = self.cleaned_data.get("username") or ""
        key = _account_here(self.request, username)
        if username:
            allowed_at = cache.get(ratelimit.key_for("login-wait", key), 0)
            self.wait = math.ceil(allowed_at - time.time())
            if self.wait > 0:
                raise ValidationError(
                    ngettext(
                        "Te vaak een verkeerd wachtwoord. Wacht %(n)d seconde en probeer het dan opnieuw.",
                        "Te vaak een verkeerd wachtwoord. Wacht %(n)d seconden en probeer het dan opnieuw.",
                        self.wait,
                    )
                    % {"n": self.wait},
                    code="slow",
                )
        try:
            return super().clean()
        except ValidationError as error:
            if username and error.code == "invalid_login":
                failures = _count_failure(key)
                if failures >= 2:
                    delay = min(MAX_WAIT, 2 ** (failures - 1))
                    cache.set(ratelimit.key_for("login-wait", key), time.time() + delay, delay + 5)
            raise


class LoginView(auth.LoginView):
    form_class = SlowAuthenticationForm
    # Django's form views take PUT as a POST; a log-in is only ever posted (PUT gets 405).
    http_method_names = ["get", "post", "head", "options"]

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if isinstance(form, SlowAuthenticationForm) and form.wait > 0:
            response.status_code = 429
            response["Retry-After"] = str(form.wait)
        return response


class StaffLoginView(LoginView):
    """The staff log-in page, "Inloggen voor het Techniekpact": the same form, slow-down,
    lock-out and two-factor step as the providers' log-in, with its own page; a coordinator
    lands on the coordinator's home."""

    template_name = "registration/staff_login.html"

    def get_default_redirect_url(self) -> str:
        if self.request.user.is_staff:
            return resolve_url("coordinator:home")
        return super().get_default_redirect_url()


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lock-out page (AXES_LOCKOUT_CALLABLE), with Retry-After for the lock's length."""
    response = render(request, "registration/locked.html", status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


class PasswordResetView(auth.PasswordResetView):
    """Django's reset (a mail only for a known, active address; the same page either way), with
    a limit per mailbox (a+1@x and A@x count as a@x) and per visitor's address. The limit counts
    every request, known address or not, so the 429 reveals nothing about accounts."""

    def form_valid(self, form):
        limit = ratelimit.check(
            self.request,
            ("password-reset-email", ratelimit.mailbox(form.cleaned_data["email"])),
            "password-reset-ip",
        )
        if limit:
            return ratelimit.too_many(self.request, limit)
        return super().form_valid(form)
