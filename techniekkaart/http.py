"""Typed requests for views (as healthchecks' hc/accounts/http.py): what the middleware adds, told to mypy."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """Every request, once django-htmx's middleware has run."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request that passed `login_required`: the user is a real account."""

    user: User
