"""The third-party apps in the admin, in Dutch.

django-axes and django-otp ship no Dutch translation (no `nl` in their locale folders), and
django-otp's TOTPDevice names itself in plain English, not through gettext. So these AppConfig
subclasses (named in settings.INSTALLED_APPS instead of the bare app) give each app a Dutch
name and, when the app is ready, give its models and the fields the admin shows Dutch names.
Only names change: tables, columns and behaviour stay the libraries' own.
tests/test_admin_dutch.py walks the admin and fails on a known English title."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from axes.apps import AppConfig as AxesAppConfig  # type: ignore[import-untyped]  # ships no types
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as OTPStaticDefault
from django_otp.plugins.otp_totp.apps import DefaultConfig as OTPTOTPDefault

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise as Promise

# model name -> (verbose_name, verbose_name_plural, {field: verbose_name})
Names: TypeAlias = "dict[str, tuple[Promise, Promise, dict[str, Promise]]]"

LOG_FIELDS: dict[str, Promise] = {
    "user_agent": _("browser"),
    "ip_address": _("IP-adres"),
    "username": _("gebruikersnaam"),
    "http_accept": _("HTTP Accept"),
    "path_info": _("pagina"),
    "attempt_time": _("tijdstip"),
}

AXES: Names = {
    "accessattempt": (
        _("mislukte inlogpoging"),
        _("mislukte inlogpogingen"),
        {
            **LOG_FIELDS,
            "get_data": _("GET-gegevens"),
            "post_data": _("POST-gegevens"),
            "failures_since_start": _("mislukte pogingen"),
        },
    ),
    "accessfailurelog": (
        _("mislukte inlog"),
        _("mislukte inlogs"),
        {**LOG_FIELDS, "locked_out": _("geblokkeerd")},
    ),
    "accesslog": (
        _("inlog"),
        _("inlogs"),
        {**LOG_FIELDS, "logout_time": _("uitgelogd om"), "session_hash": _("sessie")},
    ),
    "accessattemptexpiration": (
        _("verloopdatum van een inlogpoging"),
        _("verloopdatums van inlogpogingen"),
        {"access_attempt": _("inlogpoging"), "expires_at": _("verloopt op")},
    ),
}

DEVICE_FIELDS: dict[str, Promise] = {
    "user": _("gebruiker"),
    "name": _("naam"),
    "confirmed": _("bevestigd"),
    "created_at": _("gemaakt op"),
    "last_used_at": _("laatst gebruikt op"),
    "throttling_failure_timestamp": _("laatste mislukte code"),
    "throttling_failure_count": _("mislukte codes na elkaar"),
}

TOTP: Names = {
    "totpdevice": (
        _("authenticator-app"),
        _("authenticator-apps"),
        {
            **DEVICE_FIELDS,
            "key": _("sleutel"),
            "step": _("stap (seconden)"),
            "t0": _("starttijd"),
            "digits": _("cijfers"),
            "tolerance": _("speling"),
            "drift": _("afwijking"),
            "last_t": _("laatst gebruikte stap"),
        },
    ),
}

STATIC: Names = {
    "staticdevice": (_("set herstelcodes"), _("sets herstelcodes"), DEVICE_FIELDS),
    "statictoken": (_("herstelcode"), _("herstelcodes"), {"device": _("set"), "token": _("code")}),
}


def name_in_dutch(app: AppConfig, names: Names) -> None:
    for model in app.get_models():
        if model._meta.model_name not in names:
            continue
        singular, plural, fields = names[model._meta.model_name]
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
        for field in model._meta.get_fields():
            if field.name in fields and hasattr(field, "verbose_name"):
                field.verbose_name = fields[field.name]


class AxesConfig(AxesAppConfig):
    verbose_name = _("Inlogpogingen en blokkades")

    def ready(self) -> None:
        super().ready()
        name_in_dutch(self, AXES)


class OTPTOTPConfig(OTPTOTPDefault):
    verbose_name = _("Tweestapsverificatie")

    def ready(self) -> None:
        super().ready()
        name_in_dutch(self, TOTP)


class OTPStaticConfig(OTPStaticDefault):
    verbose_name = _("Herstelcodes")

    def ready(self) -> None:
        super().ready()
        name_in_dutch(self, STATIC)
