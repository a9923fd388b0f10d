"""The coordinator calls off or moves a date of any published activity (/moderatie/<slug>/data/),
with the same form and page as the provider (moderation/dates.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from catalogue.models import Activity
from moderation import dates, services
from moderation.views import coordinator_required


@coordinator_required
@require_http_methods(["GET", "POST"])
def activity_dates(request: HttpRequest, slug: str) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("provider"), slug=slug)
    form = dates.DateChangeForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            messages.success(request, dates.apply(form, activity, request.user))
        except services.ModerationError as refused:
            form.add_error(None, str(refused))
        else:
            return redirect("moderation:activity-dates", activity.slug)
    context = {
        **dates.context(activity, form),
        "base": "moderation/_base.html",
        "back_url": reverse("moderation:queue"),
        "action_url": reverse("moderation:activity-dates", args=[activity.slug]),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "portal/cancellations/dates.html", context, status=status)
