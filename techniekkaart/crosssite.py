"""Refusing cross-site posts on pages that set no cookie (quiz, class mode, counting buttons).

Django's CSRF check needs a cookie, and children's pages set none. A signed token in the form would
not help either: a foreign site can fetch a fresh one from us. What a foreign page cannot forge is
what the browser says about where a request comes from. So, as Go's net/http CrossOriginProtection
(Go 1.25) and Django's own Origin check do:

1. `Sec-Fetch-Site` (every current browser sends it): only `same-origin` or `none` (typed or
   bookmarked) pass;
2. else `Origin` (older browsers): it must be this site (or one of CSRF_TRUSTED_ORIGINS);
3. neither header: not a browser, so there is no visitor's browser to ride on; rate limits apply.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origins(request: HttpRequest) -> set[str]:
    own = f"{request.scheme}://{request.get_host()}".lower()
    return {own, _origin(settings.SITE_URL), *(o.lower() for o in settings.CSRF_TRUSTED_ORIGINS)}


def is_cross_site(request: HttpRequest) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.lower() not in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin.lower() not in allowed_origins(request)


def refused(request: HttpRequest) -> HttpResponse:
    return render(request, "403_cross_site.html", status=403)


def same_site_posts_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse a post that a browser says came from another site (403 with a Dutch page)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method not in SAFE_METHODS and is_cross_site(request):
            return refused(request)
        return view(request, *args, **kwargs)

    return wrapper
