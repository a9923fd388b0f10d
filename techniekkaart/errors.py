"""Error pages that work when the database does not.

Django calls handler500 inside the `except` of the request that failed, so the exception is at
hand: a database that cannot be reached (stopped, restarting, out of connections) gets the
503 page with Retry-After instead of a 500; everything else the 500 page. Both templates are
rendered without a request, so no context processor, session or user lookup touches the database.
PostgreSQL's connect_timeout (settings) keeps the wait under two seconds; the next request opens a
new connection, so the site recovers by itself when the database is back.

They are in the request's language (still active here: LocaleMiddleware has not answered yet); should
translating fail, the page is rendered from the Dutch message ids rather than not at all.
"""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation

UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    context = {"site_name": "Techniekkaart Regio Zwolle"}
    if isinstance(error, UNAVAILABLE) or (
        isinstance(error, DatabaseError) and isinstance(error.__cause__, UNAVAILABLE)
    ):
        response = HttpResponse(page("503.html", context), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(page("500.html", context))


def page(name: str, context: dict[str, str]) -> str:
    try:
        return loader.render_to_string(name, context)
    except Exception:  # a broken catalogue must not turn the error page into another error
        translation.deactivate_all()
        return loader.render_to_string(name, context)
