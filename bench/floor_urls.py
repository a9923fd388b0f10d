"""The site's URLs plus the bare view that `make bench` measures as its floor (bench/floor.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from techniekkaart.urls import handler500 as handler500
from techniekkaart.urls import urlpatterns as site_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("__floor__/", bare), *site_urlpatterns]
