"""The load balancer's health check: `/health/` answers "ok" when this application server can
answer a request through the whole middleware stack.

It touches neither the database nor Redis on purpose. Those are shared by every application
server (DEPLOY.md), so when one of them is down it is down for all of them alike: a check that
asked them would take every server out at once, and visitors would get the balancer's bare error
instead of the site's own Dutch 503 page (techniekkaart/errors.py), which also says when to try
again. What the check must catch is this server itself: stopped, crashed or hanging.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
