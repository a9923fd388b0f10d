"""The 500 and 503 pages speak the request's language and still render when translating fails."""

from __future__ import annotations

from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from techniekkaart import errors


def fail_with(error: Exception, request):
    try:
        raise error
    except Exception:
        return errors.server_error(request)


def test_the_503_page_follows_the_active_language_and_direction():
    request = RequestFactory().get("/")
    with translation.override("ar"):
        response = fail_with(OperationalError("gone"), request)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    with translation.override("nl"):
        body = fail_with(ValueError("bug"), request).content.decode()
    assert '<html lang="nl" dir="ltr">' in body and "Oeps, er ging iets mis" in body


def test_a_failing_translation_still_gives_the_dutch_page(monkeypatch):
    render = errors.loader.render_to_string
    calls = []

    def broken_once(name, context):
        calls.append(name)
        if len(calls) == 1:
            raise OSError("catalogue unreadable")
        return render(name, context)

    monkeypatch.setattr(errors.loader, "render_to_string", broken_once)
    with translation.override("en"):
        response = fail_with(OperationalError("gone"), RequestFactory().get("/"))
    assert response.status_code == 503
    assert "De Techniekkaart is even niet bereikbaar" in response.content.decode()
