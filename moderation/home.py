"""The coordinator's home (/techniekpact/): where the work is, with counts of what waits.

Staff only, like the queue (moderation.views.coordinator_required). The staff log-in page
("Inloggen voor het Techniekpact") is portal.login.StaffLoginView, with the providers' log-in
rules; the admin's own log-in URL leads there (admin_login)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from catalogue.models import Activity, Provider
from moderation.models import AuditLog
from moderation.sentences import sentence
from moderation.views import coordinator_required
from newsletter.models import Issue
from outbox.models import QueuedMail

NEW_PROVIDER_DAYS = 30
RECENT_LOG_ROWS = 5


def waiting_counts() -> dict[str, int]:
    """What waits for the coordinator (or for a provider, after the coordinator asked), in a few
    queries."""
    S = Activity.Status
    activities = Activity.objects.aggregate(
        new=Count("pk", filter=Q(status=S.SUBMITTED, revision_of__isnull=True)),
        revisions=Count("pk", filter=Q(status=S.SUBMITTED, revision_of__isnull=False)),
        changes_requested=Count("pk", filter=Q(status=S.CHANGES_REQUESTED)),
    )
    since = timezone.now() - dt.timedelta(days=NEW_PROVIDER_DAYS)
    return {
        "to_review": activities["new"] + activities["revisions"],
        "new": activities["new"],
        "revisions": activities["revisions"],
        "changes_requested": activities["changes_requested"],
        "outbox": QueuedMail.objects.count(),
        "newsletter_drafts": Issue.objects.filter(status=Issue.Status.DRAFT).count(),
        "new_providers": Provider.objects.filter(created__gte=since).count(),
        "unconfirmed_accounts": get_user_model()
        .objects.filter(is_active=False, last_login__isnull=True, memberships__isnull=False)
        .distinct()
        .count(),
    }


@coordinator_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    rows = AuditLog.objects.select_related("actor", "activity", "provider")[:RECENT_LOG_ROWS]
    context = {
        "counts": waiting_counts(),
        "recent": [(row, sentence(row)) for row in rows],
        "new_provider_days": NEW_PROVIDER_DAYS,
    }
    return render(request, "moderation/home.html", context)


@require_GET
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's log-in URL (/beheer/login/) leads to the staff log-in page with the same "next",
    so the admin is entered only through the one log-in with the lock-out and two-factor rules."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    query = f"?{urlencode({'next': target})}" if target else ""
    return HttpResponseRedirect(reverse("staff-login") + query)
