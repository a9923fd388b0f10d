"""The provider calls off or moves a date of its published activity, or a whole series, with a
reason for parents and children (/portaal/activiteit/<slug>/data/). The form and the step are in
moderation/dates.py (the coordinator uses the same); only members of the activity's organisation
reach this page (portal.services.activity_for_user answers 404 for anyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from moderation import dates, services
from portal.services import activity_for_user
from techniekkaart.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def activity_dates(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    activity = activity_for_user(request.user, slug)
    form = dates.DateChangeForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            messages.success(request, dates.apply(form, activity, request.user))
        except services.ModerationError as refused:
            form.add_error(None, str(refused))
        else:
            return redirect("portal:activity-dates", activity.slug)
    context = {
        **dates.context(activity, form),
        "base": "portal/_base.html",
        "back_url": reverse("portal:dashboard"),
        "action_url": reverse("portal:activity-dates", args=[activity.slug]),
    }
    return render(request, "portal/cancellations/dates.html", context, status=_status(form))


def _status(form: dates.DateChangeForm) -> int:
    return 400 if form.is_bound and form.errors else 200
