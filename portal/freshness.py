"""Keeping ongoing offers fresh: offers on request or always open must be confirmed by their provider
every CONFIRM_EVERY_DAYS; a reminder with a "still on" link goes out CONFIRM_REMIND_DAYS before."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Activity, Provider
from moderation import services as lifecycle
from portal import emails

SALT = "portal.still-on"
LINK_DAYS = 30


def due_for_reminder(today: dt.date) -> list[Activity]:
    threshold = today - dt.timedelta(
        days=settings.CONFIRM_EVERY_DAYS - settings.CONFIRM_REMIND_DAYS
    )
    return list(
        Activity.objects.filter(status=Activity.Status.PUBLISHED)
        .exclude(availability=Activity.Availability.DATES)
        .filter(Q(last_confirmed__lte=threshold) | Q(last_confirmed__isnull=True))
        .filter(Q(reminded__isnull=True) | Q(reminded__lt=threshold))
        .select_related("provider")
        .prefetch_related("provider__memberships__user")
    )


def reminders_send(*, today: dt.date | None = None) -> int:
    """One e-mail per organisation listing its offers to confirm; each offer is reminded once."""
    today = today or timezone.localdate()
    by_provider: dict[Provider, list[Activity]] = defaultdict(list)
    for activity in due_for_reminder(today):
        by_provider[activity.provider].append(activity)
    for provider, activities in by_provider.items():
        token = signing.dumps({"provider": provider.pk}, salt=SALT)
        link = settings.SITE_URL + reverse("portal:still-on", args=[token])
        recipients = {m.user.email for m in provider.memberships.all() if m.user.email}
        recipients |= {provider.email} if provider.email else set()
        if recipients:
            emails.still_on(
                to=sorted(recipients), link=link, organisation=provider.name, activities=activities
            )
        Activity.objects.filter(pk__in=[a.pk for a in activities]).update(reminded=today)
    return sum(len(a) for a in by_provider.values())


def provider_from_token(token: str) -> Provider | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_DAYS * 86400)
    except signing.BadSignature:
        return None
    return Provider.objects.filter(pk=data.get("provider")).first()


def ongoing_confirm(*, provider: Provider, today: dt.date | None = None) -> int:
    """The provider says its ongoing offers are still on: they return to (or stay on) the public
    pages. A write of the activities, so it is one of their transitions (moderation.services)."""
    return lifecycle.ongoing_confirm(provider=provider, today=today)
