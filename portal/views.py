"""The provider portal: sign up, confirm, invite colleagues, see and enter activities.

Every view that touches an organisation's data fetches it through catalogue.access.provider_for_user
or activity_for_user, which answer 404 for other organisations' data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.db.models import Q, Sum
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalogue import access, images
from catalogue.models import Activity, Provider, Schedule
from catalogue.presenters import activity_context  # the public page's own context
from moderation import services as lifecycle
from portal import dashboard as dashboard_rules
from portal import freshness, preview, services
from portal.forms import ActivityForm, InviteForm, ScheduleFormSet, SignupForm, place_options
from techniekkaart import ratelimit
from techniekkaart.http import AuthenticatedHttpRequest

BACKEND = "django.contrib.auth.backends.ModelBackend"


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Counted per address only for complete sign-ups: each makes rows and sends a mail.
        limit = ratelimit.check(request, "signup")
        if limit:
            return ratelimit.too_many(request, limit)
        services.provider_signup(
            request=request,
            organisation=form.organisation(),
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            contact_name=form.cleaned_data["contact_name"],
        )
        return render(request, "portal/check_email.html", {"email": form.cleaned_data["email"]})
    context = {"form": form, "places": place_options()}
    return render(request, "portal/signup.html", context)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the sign-up mail: a page with one button (mail scanners open every link),
    which confirms the address once. It is not a log-in: the provider then logs in."""
    if request.method == "POST":
        if services.email_verify(token=token) is None:
            return render(request, "portal/link_invalid.html", status=400)
        messages.success(request, _("Je e-mailadres is bevestigd. Log nu in met je wachtwoord."))
        return redirect("portal:login")
    if services.email_verify_pending(token=token) is None:
        return render(request, "portal/link_invalid.html", status=400)
    return render(request, "portal/verify_email.html")


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, token: str) -> HttpResponse:
    user = services.invite_user(token=token)
    if user is None:
        return render(request, "portal/link_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        user.is_active = True
        user.save(update_fields=["is_active"])
        login(request, user, backend=BACKEND)
        return redirect("portal:dashboard")
    return render(request, "portal/invite.html", {"form": form})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    since = timezone.localdate() - dt.timedelta(days=29)
    recent = Q(daily_counts__date__gte=since)
    providers = list(access.providers_of(request.user).order_by("name"))
    activities = (
        Activity.objects.filter(provider__in=providers)
        .annotate(
            views_30=Sum("daily_counts__views", filter=recent, default=0),
            clicks_30=Sum("daily_counts__signup_clicks", filter=recent, default=0),
        )
        .order_by("provider__name", "title")
    )
    by_provider: dict[int, list[Activity]] = {}
    for activity in activities:
        by_provider.setdefault(activity.provider_id, []).append(activity)
    today = timezone.localdate()
    electives = dashboard_rules.elective_providers(providers)
    rows = [
        {
            "provider": p,
            "activities": by_provider.get(p.pk, []),
            "attention": dashboard_rules.attention(by_provider.get(p.pk, []), today),
            "electives": p.pk in electives,
        }
        for p in providers
    ]
    return render(request, "portal/dashboard.html", {"rows": rows, "invite_form": InviteForm()})


@login_required
@require_POST
def still_on_confirm(request: AuthenticatedHttpRequest, provider: str) -> HttpResponse:
    """The dashboard's "still on" button: the same transition as the reminder's link."""
    organisation = access.provider_for_user(request.user, provider)
    count = freshness.ongoing_confirm(provider=organisation)
    messages.success(
        request,
        ngettext(
            "Dank je wel! %(count)s doorlopende activiteit blijft op de Techniekkaart staan.",
            "Dank je wel! %(count)s doorlopende activiteiten blijven op de Techniekkaart staan.",
            count,
        )
        % {"count": count},
    )
    return redirect("portal:dashboard")


@login_required
@require_POST
def invite_colleague(request: AuthenticatedHttpRequest, provider: str) -> HttpResponse:
    organisation = access.provider_for_user(request.user, provider)
    form = InviteForm(request.POST)
    if form.is_valid():
        services.colleague_invite(
            request=request,
            provider=organisation,
            email=form.cleaned_data["email"],
            by=request.user,
        )
        messages.success(request, _("We hebben je collega een uitnodiging gemaild."))
    else:
        messages.error(request, _("Vul een geldig e-mailadres in."))
    return redirect("portal:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: AuthenticatedHttpRequest, provider: str) -> HttpResponse:
    organisation = access.provider_for_user(request.user, provider)
    return _activity_form(request, organisation, Activity(provider=organisation))


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    activity = services.activity_for_user(request.user, slug)
    return _activity_form(request, activity.provider, activity)


def _activity_form(
    request: AuthenticatedHttpRequest, provider: Provider, activity: Activity
) -> HttpResponse:
    pending = Activity.objects.filter(revision_of=activity).first() if activity.pk else None
    if pending is not None:  # a published activity is changed through its pending change
        return redirect("portal:activity-edit", pending.slug)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ActivityForm(data, files, instance=activity, provider=provider)
    schedules = ScheduleFormSet(data, instance=activity, prefix="data")
    if data is not None and form.is_valid() and schedules.is_valid():
        slug = activity.slug
        try:
            with images.new_image_kept_only_if_saved(activity):
                saved = _save(form, schedules, by=request.user)
        except images.StorageFull:
            # Rolled back and the file removed: show the form again with everything they typed.
            activity.slug = slug
            form.add_error("image", images.STORAGE_FULL)
        else:
            messages.success(request, _saved_message(saved))
            return redirect("portal:activity-preview", saved.slug)
    if data is not None:
        card, card_start = preview.card_from_post(data, provider)
    else:
        card, card_start = preview.card_of(activity)
    context = {
        "form": form,
        "schedules": schedules,
        "provider": provider,
        "activity": activity,
        "places": place_options(),
        "card": card,
        "card_start": card_start,
    }
    return render(request, "portal/activity_form.html", context)


@login_required
@require_POST
def activity_card_preview(request: AuthenticatedHttpRequest, provider: str) -> HttpResponse:
    """The public card for what the activity form holds now, for the live preview beside it.
    Nothing is saved; only members of the organisation get an answer."""
    organisation = access.provider_for_user(request.user, provider)
    card, card_start = preview.card_from_post(request.POST, organisation)
    context = {"activity": card, "next_start": card_start, "distance": None}
    return render(request, "public/_activity_card.html", context)


@require_GET
def for_providers(request: HttpRequest) -> HttpResponse:
    """Public: why join, what it costs, what moderation means, what makes a good activity."""
    card, card_start = preview.example_card()
    context = {"card": card, "card_start": card_start, "confirm_days": settings.CONFIRM_EVERY_DAYS}
    return render(request, "portal/for_providers.html", context)


def _saved_message(saved: Activity) -> str:
    if saved.revision_of_id is not None:
        return _(
            "Je wijziging is opgeslagen. Op de Techniekkaart blijft de oude versie staan tot de "
            "coördinator de wijziging heeft goedgekeurd. Bekijk het voorbeeld en dien het in."
        )
    if saved.status == Activity.Status.PUBLISHED:
        return _("Er was niets veranderd.")
    return _("Opgeslagen als concept. Bekijk het voorbeeld en dien het in.")


def _save(
    form: ActivityForm, schedules: BaseInlineFormSet[Schedule, Activity, Any], *, by: User
) -> Activity:
    """Hand the form's values to the activity's life (moderation.services), which saves them with
    their audit row; a change to a published activity becomes its pending change."""
    activity = form.save(commit=False)
    themes = list(form.cleaned_data.get("themes") or [])
    dates = [
        f.instance
        for f in schedules.forms
        if (f.instance.pk or f.has_changed()) and f not in schedules.deleted_forms
    ]
    if activity.pk is None:
        return lifecycle.activity_create(activity=activity, themes=themes, schedules=dates, by=by)
    return lifecycle.activity_edit(activity=activity, themes=themes, schedules=dates, by=by)


@login_required
@require_POST
def activity_submit_view(request: HttpRequest, slug: str) -> HttpResponse:
    activity = services.activity_for_user(request.user, slug)
    try:
        activity = lifecycle.activity_submit(activity=activity, by=request.user)
    except lifecycle.ModerationError as error:
        messages.error(request, str(error))
        return redirect("portal:activity-preview", activity.slug)
    if activity.status == Activity.Status.PUBLISHED:
        messages.success(request, _("Gepubliceerd! De activiteit staat nu op de Techniekkaart."))
    else:
        messages.success(
            request, _("Ingediend. De coördinator kijkt ernaar; je krijgt bericht per e-mail.")
        )
    return redirect("portal:dashboard")


@login_required
def activity_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """Exactly the public page, with a banner: what the public will see once it is published."""
    activity = services.activity_for_user(request.user, slug)
    context = activity_context(request, activity, preview=True)
    return render(request, "public/activity_detail.html", context)


@login_required
@require_POST
def activity_duplicate(request: HttpRequest, slug: str) -> HttpResponse:
    original = services.activity_for_user(request.user, slug)
    copy = lifecycle.activity_duplicate(original=original, by=request.user)
    messages.success(request, _("Gekopieerd. Pas de kopie aan en dien hem in."))
    return redirect("portal:activity-edit", copy.slug)


@require_http_methods(["GET", "POST"])
def still_on(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the reminder: a page with one button (a link alone would be "clicked" by mail
    scanners that open every link)."""
    provider = freshness.provider_from_token(token)
    if provider is None:
        return render(request, "portal/link_invalid.html", status=400)
    if request.method == "POST":
        count = freshness.ongoing_confirm(provider=provider)
        return render(request, "portal/still_on_done.html", {"provider": provider, "count": count})
    ongoing = (
        provider.activities.filter(revision_of=None)
        .exclude(availability=Activity.Availability.DATES)
        .exclude(status__in=[Activity.Status.ARCHIVED, Activity.Status.REJECTED])
    )
    return render(request, "portal/still_on.html", {"provider": provider, "activities": ongoing})
