"""About pages, security.txt and robots.txt."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from pages.models import Page
from techniekkaart import pagecache

SECURITY_CONTACT = "mailto:security@techniekkaart.nl"


@require_GET
@pagecache.cache_page
def page(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Page.objects.published(), slug=slug)
    if found.get_absolute_url() != request.path:  # /over/privacy/ -> /privacy/: one address each
        return HttpResponsePermanentRedirect(found.get_absolute_url())
    others = Page.objects.published().exclude(pk=found.pk)
    return render(request, "pages/page.html", {"page": found, "others": others})


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116. Expires is always a year ahead, so the file never goes stale by itself."""
    expires = (timezone.now() + dt.timedelta(days=365)).replace(microsecond=0)
    contact = getattr(settings, "SECURITY_CONTACT", "") or SECURITY_CONTACT
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.astimezone(dt.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {settings.SITE_URL.rstrip('/')}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Personal and private pages stay out of search engines: results and class pages have codes in
# their address, the portal, admin, moderation and figures need a log-in.
PRIVATE_PREFIXES = ("/quiz/uitslag/", "/klas/", "/portaal/", "/beheer/", "/moderatie/", "/cijfers/")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES)]
    lines.append(f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
