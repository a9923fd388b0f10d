"""Log-in that slows down before it locks.

After the second failed log-in for an account (from any address), each next try has to wait a
little longer: 2, 4, 8 ... up to 60 seconds, counted from the last failure. The form answers
"wacht nog N seconden" with a 429 and Retry-After instead of checking the password, so guessing
gets slow without making a worker sleep. After AXES_FAILURE_LIMIT failures from one address
django-axes locks the account for that address for AXES_COOLOFF_TIME. Counters live in the
shared cache under a keyed hash of the user name (techniekkaart.ratelimit).
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.contrib.auth import views as auth
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from techniekkaart import ratelimit

MAX_WAIT = 60


def _wait_key(username: str) -> str:
    return ratelimit.key_for("login-wait", username)


class SlowAuthenticationForm(AuthenticationForm):
    wait = 0

    def clean_username(self) -> str:
        """Addresses are stored in lower case (sign-up, invitations); let "Sam@Example.org" in."""
        return (self.cleaned_data.get("username") or "").strip().lower()

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip().lower()
        if username:
            allowed_at = cache.get(_wait_key(username), 0)
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
                failures = ratelimit.hit(self.request, "login-failures", username).count
                if failures >= 2:
                    delay = min(MAX_WAIT, 2 ** (failures - 1))
                    cache.set(_wait_key(username), time.time() + delay, delay + 5)
            raise


class LoginView(auth.LoginView):
    form_class = SlowAuthenticationForm

    def form_invalid(self, form: SlowAuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.wait > 0:
            response.status_code = 429
            response["Retry-After"] = str(form.wait)
        return response


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lock-out page (AXES_LOCKOUT_CALLABLE), with Retry-After for the lock's length."""
    response = render(request, "registration/locked.html", status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
