"""Open data on class visits: free places per date of an activity for school classes, and what is
left in the year or month for an offer on request. Never a request, a school or a teacher: only the
numbers a teacher sees before asking (visits.capacity)."""

from __future__ import annotations

from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from api.views import _json, error, open_data
from catalogue.models import Activity
from visits import capacity
from visits.models import PeriodCapacity

DAYS_AHEAD = 365


@open_data
def availability(request: HttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    activity = (
        Activity.objects.public(now)
        .exclude(audience=Activity.Audience.FAMILIES)
        .filter(slug=slug)
        .first()
        if slug_re.fullmatch(slug)
        else None
    )
    if activity is None:
        return error(
            _("Deze activiteit voor schoolklassen staat niet (meer) op de Techniekkaart."),
            status=404,
        )
    today = timezone.localdate(now)
    dates = [
        {
            "date": free.date.isoformat(),
            "free_classes": max(free.classes, 0),
            "free_pupils": None if free.pupils is None else max(free.pupils, 0),
            "full": free.full,
        }
        for free in capacity.free_places(activity, today, DAYS_AHEAD)
        if free.date > today
    ]
    period = PeriodCapacity.objects.filter(activity=activity).first()
    left = capacity.period_free(activity, today)
    return _json(
        {
            "activity": activity.slug,
            "dates": dates,
            "period": None
            if period is None
            else {"per": period.per, "free_classes": max(left or 0, 0)},
        }
    )
