"""The coordinator calls off or moves a date of any published activity (/moderatie/<slug>/data/),
with the same form and page as the provider (moderation/dates.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from catalogue.models import Activity
from moderation import dates
from moderation.views import coordinator_required


@coordinator_required
@require_http_methods(["GET", "POST"])
def activity_dates(request: HttpRequest, slug: str) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("provider"), slug=slug)
    return dates.page(
        request,
        activity,
        base="moderation/_base.html",
        back_url=reverse("moderation:queue"),
        url_name="moderation:activity-dates",
    )
