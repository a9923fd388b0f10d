"""The coordinator's pages: the queue of submitted activities, one review page, the audit log.

Only active staff users (coordinators) get in: anonymous visitors are sent to the log-in page,
providers get 403. Decisions are POST-only and go through moderation.services."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catalogue.models import Activity, Provider
from catalogue.presenters import activity_context
from moderation import services
from moderation.models import AuditAction, AuditLog
from moderation.sentences import sentence

LOG_PAGE_SIZE = 50


def _coordinator(user: object) -> bool:
    """403 rather than a log-in page: a signed-in provider would only loop back here."""
    if getattr(user, "is_active", False) and getattr(user, "is_staff", False):
        return True
    raise PermissionDenied


def coordinator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the admin's log-in URL, which leads to the staff log-in page
    (moderation.home.admin_login); the two-factor step knows that URL as a log-in page."""
    return login_required(user_passes_test(_coordinator)(view), login_url="admin:login")


def _submitted_activities() -> list[Activity]:
    """Oldest submission first, in one query. The time comes from the log (the activity's own
    `updated` for activities submitted some other way); "was published" tells edits from new."""
    submitted_at = (
        AuditLog.objects.filter(activity=OuterRef("pk"), action=AuditLog.Action.SUBMITTED)
        .order_by("-created")
        .values("created")[:1]
    )
    published = AuditLog.objects.filter(activity=OuterRef("pk"), action__in=services.PUBLICATIONS)
    # A pending change of a published activity is a change even though its own row is new.
    was_published = Exists(published) | Q(revision_of__isnull=False)
    return list(
        Activity.objects.filter(status=Activity.Status.SUBMITTED)
        .select_related("provider")
        .annotate(
            submitted_at=Coalesce(Subquery(submitted_at), F("updated")),
            was_published=ExpressionWrapper(was_published, output_field=BooleanField()),
        )
        .order_by("submitted_at", "pk")
    )


@coordinator_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/queue.html", {"activities": _submitted_activities()})


@coordinator_required
@require_GET
def review(request: HttpRequest, slug: str) -> HttpResponse:
    """The activity as the public would see it, with what changed and the three decisions."""
    activity = get_object_or_404(
        Activity.objects.select_related("provider", "venue", "main_theme", "revision_of"),
        slug=slug,
    )
    context = {
        **activity_context(request, activity, preview=True),  # coming dates only, like the public
        "preview": False,  # without the provider's banner and its links into the portal
        "changes": services.activity_changes(activity=activity),
        "waiting": activity.status == Activity.Status.SUBMITTED,
        "published": activity.revision_of,  # the version the public sees while this one waits
        "card": provider_card(activity.provider, exclude=activity),
    }
    return render(request, "moderation/review.html", context)


# The decisions a provider's earlier activities got, counted on the review page's provider card.
DECISIONS = (
    AuditAction.APPROVED,
    AuditAction.CHANGES_REQUESTED,
    AuditAction.REJECTED,
    AuditAction.PUBLISHED_DIRECTLY,
)


def provider_card(provider: Provider, *, exclude: Activity) -> dict[str, object]:
    """Who the provider is: new or known, since when, whether an account confirmed its e-mail
    address, its website, and the decisions on its activities so far (counts and the latest)."""
    accounts = get_user_model().objects.filter(memberships__provider=provider)
    decisions = AuditLog.objects.filter(provider=provider, action__in=DECISIONS)
    counted = dict(
        decisions.order_by()
        .values_list("action")
        .annotate(n=Count("pk"))
        .values_list("action", "n")
    )
    published = (
        Activity.objects.filter(provider=provider, status=Activity.Status.PUBLISHED)
        .exclude(pk=exclude.pk)
        .count()
    )
    return {
        "provider": provider,
        "known": bool(counted.get(AuditAction.APPROVED) or published),
        "published": published,
        "accounts": accounts.count(),
        "confirmed": accounts.filter(is_active=True).exists(),
        "decisions": [
            (label, counted.get(action, 0))
            for action, label in (
                (AuditAction.APPROVED, _("goedgekeurd")),
                (AuditAction.CHANGES_REQUESTED, _("aanpassing gevraagd")),
                (AuditAction.REJECTED, _("afgewezen")),
                (AuditAction.PUBLISHED_DIRECTLY, _("direct gepubliceerd")),
            )
        ],
        "latest": [
            (row, sentence(row))
            for row in decisions.select_related("actor", "activity", "provider")[:3]
        ],
    }


def _version(request: HttpRequest) -> int:
    """The version that was on the review page; a post without one is never current."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _decide(
    request: HttpRequest, slug: str, decide: Callable[[Activity, int], object], done: str
) -> HttpResponse:
    """Run one decision on the version that was on the review page; a refusal (no reason,
    already decided, changed since) goes back to the review page with a message. A mail server
    that is down does not stop it: the mail is queued (outbox.mail)."""
    activity = get_object_or_404(
        Activity.objects.select_related("provider", "revision_of"), slug=slug
    )
    try:
        decide(activity, _version(request))
    except services.ModerationError as error:
        messages.error(request, str(error))
        return redirect("moderation:review", slug)
    messages.success(request, done % {"title": activity.title})
    return redirect("moderation:queue")


@coordinator_required
@require_POST
def approve(request: HttpRequest, slug: str) -> HttpResponse:
    return _decide(
        request,
        slug,
        lambda activity, version: services.activity_approve(
            activity=activity, by=request.user, version=version
        ),
        _("“%(title)s” is goedgekeurd en staat nu op de Techniekkaart."),
    )


@coordinator_required
@require_POST
def reject(request: HttpRequest, slug: str) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _decide(
        request,
        slug,
        lambda activity, version: services.activity_reject(
            activity=activity, by=request.user, reason=reason, version=version
        ),
        _("“%(title)s” is afgewezen. De aanbieder krijgt een e-mail met de reden."),
    )


@coordinator_required
@require_POST
def request_changes(request: HttpRequest, slug: str) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _decide(
        request,
        slug,
        lambda activity, version: services.activity_request_changes(
            activity=activity, by=request.user, reason=reason, version=version
        ),
        _("De aanbieder van “%(title)s” krijgt een e-mail met wat er anders moet."),
    )


@coordinator_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    rows = AuditLog.objects.select_related("actor", "activity", "provider")
    page = Paginator(rows, LOG_PAGE_SIZE).get_page(request.GET.get("pagina"))
    entries = [(row, sentence(row), _row_diff(row)) for row in page.object_list]
    return render(request, "moderation/log.html", {"page": page, "entries": entries})


def _row_diff(row: AuditLog) -> list[tuple[str, str, str]]:
    if row.after is None:
        return []
    model = Activity if row.action.startswith("activity.") else Provider
    return services.snapshot_diff(row.before, row.after, model=model)
