"""Setting up and entering the code of an authenticator app (TOTP, django-otp)."""

from __future__ import annotations

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code uit je app (6 cijfers)"),
        max_length=8,
        widget=forms.TextInput({"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/portaal/"


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Tweestapsverificatie staat aan."))
            return redirect(_next(request))
        form.add_error(
            "code", _("Deze code klopt niet. Kijk of de tijd op je telefoon goed staat.")
        )
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1d2433")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {"form": form, "qr": qr, "secret": secret, "next": _next(request)}
    return render(request, "portal/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["code"].strip()):
                otp_login(request, device)
                return redirect(_next(request))
        form.add_error("code", _("Deze code klopt niet. Probeer de nieuwste code uit je app."))
    return render(request, "portal/two_factor_verify.html", {"form": form, "next": _next(request)})
