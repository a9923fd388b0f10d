"""The provider calls off or moves a date of its published activity, or a whole series, with a
reason for parents and children (/portaal/activiteit/<slug>/data/). The form, the step and the page
are in moderation/dates.py (the coordinator uses the same); only members of the activity's
organisation reach this page (portal.services.activity_for_user answers 404 for anyone else)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from moderation import dates
from portal.services import activity_for_user
from techniekkaart.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def activity_dates(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    activity = activity_for_user(request.user, slug)
    return dates.page(
        request,
        activity,
        base="portal/_base.html",
        back_url=reverse("portal:dashboard"),
        url_name="portal:activity-dates",
    )
