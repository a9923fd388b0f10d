"""Two-factor log-in with an authenticator app (TOTP) and one-time recovery codes (django-otp).

The rules follow django-two-factor-auth: once an account has a confirmed app, a session passes
only with a code from that app or with one of its recovery codes (each works once, django-otp's
static plugin). Setting up an app, also a new one in place of the old, needs a session that has
already passed; recovery codes are shown once, right after set-up. A coordinator can wipe a
provider's app in the admin (portal/admin.py), after which the provider sets up a new one.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from techniekkaart.http import AuthenticatedHttpRequest

RECOVERY_CODES = 10  # as django-two-factor-auth


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code uit je app (6 cijfers)"),
        max_length=20,
        widget=forms.TextInput({"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def token(self) -> str:
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


class VerifyForm(CodeForm):
    code = forms.CharField(
        label=gettext_lazy("Code uit je app (6 cijfers) of een herstelcode"),
        max_length=20,
        widget=forms.TextInput({"autocomplete": "one-time-code"}),
    )


# --- the workflows ----------------------------------------------------------------------------


def has_app(user: AbstractBaseUser) -> bool:
    """Whether the account has a confirmed authenticator app, and so needs its code at every
    log-in. Recovery codes only exist next to an app (enrol makes both, reset removes both);
    one query, since the middleware asks on every request of a logged-in session."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def enrol(*, user: AbstractBaseUser, device: TOTPDevice) -> list[str]:
    """The app whose first code was right becomes the account's only app, and the account gets
    fresh recovery codes (the old app and old codes stop working). Returns the codes: shown once,
    never again (django-otp keeps them to check, the page does not show them a second time)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="herstelcodes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def reset(*, user: AbstractBaseUser) -> int:
    """Every app and recovery code of the account removed (a coordinator's admin action); sessions
    that passed with them no longer count as passed (django-otp looks the device up each time)."""
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    return removed


def device_for_code(user: AbstractBaseUser, token: str) -> Device | None:
    """The device that accepts this code: six digits are tried on the app, anything else as a
    recovery code (used up by django-otp). Each kind keeps its own throttling."""
    kind = TOTPDevice if token.isdigit() and len(token) <= 8 else StaticDevice
    with transaction.atomic():
        for device in kind.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(token):
                return device
    return None


# --- the views --------------------------------------------------------------------------------


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/portaal/"


def _step(request: HttpRequest, name: str, following: str) -> HttpResponse:
    return redirect(f"{reverse(name)}?{urlencode({'next': following})}")


@never_cache  # the secret and the recovery codes stay out of every cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    replacing = has_app(user)
    if replacing and not user.is_verified():  # type: ignore[attr-defined]  # set by OTPMiddleware
        # A password alone never adds an app to an account that has one: first its code.
        return _step(request, "portal:two-factor-verify", request.get_full_path())
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    device = device or TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.token()):
            codes = enrol(user=user, device=device)
            otp_login(request, device)
            done = {"codes": codes, "next": _next(request)}
            return render(request, "portal/two_factor_recovery_codes.html", done)
        form.add_error(
            "code", _("Deze code klopt niet. Kijk of de tijd op je telefoon goed staat.")
        )
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1d2433")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form, "qr": qr, "secret": secret, "next": _next(request), "replacing": replacing,
    }  # fmt: skip
    return render(request, "portal/two_factor_setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not has_app(request.user):
        return _step(request, "portal:two-factor-setup", _next(request))
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = device_for_code(request.user, form.token())
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, ngettext(
                    "Je hebt een herstelcode gebruikt. Je hebt er nog %(n)d over.",
                    "Je hebt een herstelcode gebruikt. Je hebt er nog %(n)d over.", left,
                ) % {"n": left})  # fmt: skip
            return redirect(_next(request))
        form.add_error("code", _("Deze code klopt niet. Probeer de nieuwste code uit je app."))
    return render(request, "portal/two_factor_verify.html", {"form": form, "next": _next(request)})
