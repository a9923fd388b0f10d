"""Error pages that work when the database does not.

Django calls handler500 inside the `except` of the request that failed, so the exception is at
hand: a database that cannot be reached (stopped, restarting, out of connections) gets the Dutch
503 page with Retry-After instead of a 500; everything else the 500 page. Both templates are
rendered without a request, so no context processor, session or user lookup touches the database.
PostgreSQL's connect_timeout (settings) keeps the wait under two seconds; the next request opens a
new connection, so the site recovers by itself when the database is back.
"""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    context = {"site_name": "Techniekkaart Regio Zwolle"}
    if isinstance(error, UNAVAILABLE) or (
        isinstance(error, DatabaseError) and isinstance(error.__cause__, UNAVAILABLE)
    ):
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html", context))
