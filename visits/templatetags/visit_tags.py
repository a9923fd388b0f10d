"""The class page's list of requests: a tag, so class mode needs no import of visits."""

from __future__ import annotations

from django import template

from classroom.models import ClassSession
from visits.models import VisitRequest

register = template.Library()


@register.inclusion_tag("visits/_class_requests.html")
def class_requests(session: ClassSession) -> dict[str, object]:
    visits = VisitRequest.objects.filter(class_session=session).select_related("activity")
    return {"visits": list(visits)}
