"""The provider portal: sign up, confirm, invite colleagues, see and enter activities.

Every view that touches an organisation's data fetches it through portal.services.provider_for_user
or activity_for_user, which answer 404 for other organisations' data.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from catalogue import images
from catalogue.models import Activity, Provider
from catalogue.services import activity_sync_occurrences, unique_slug
from moderation.services import ModerationError, activity_snapshot, activity_submit, audit
from portal import freshness, services
from portal.forms import ActivityForm, InviteForm, ScheduleFormSet, SignupForm
from techniekkaart import ratelimit

BACKEND = "django.contrib.auth.backends.ModelBackend"


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
    return render(request, "portal/signup.html", {"form": form})
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
    providers = list(services.providers_of(request.user).order_by("name"))
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
    rows = [(p, by_provider.get(p.pk, [])) for p in providers]
    return render(request, "portal/dashboard.html", {"rows": rows, "invite_form": InviteForm()})


@login_required
@require_POST
def invite_colleague(request: HttpRequest, provider: str) -> HttpResponse:
    organisation = services.provider_for_user(request.user, provider)
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
def activity_new(request: HttpRequest, provider: str) -> HttpResponse:
    organisation = services.provider_for_user(request.user, provider)
    return _activity_form(request, organisation, Activity(provider=organisation))


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, slug: str) -> HttpResponse:
    activity = services.activity_for_user(request.user, slug)
    return _activity_form(request, activity.provider, activity)


def _activity_form(request: HttpRequest, provider: Provider, activity: Activity) -> HttpResponse:
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
            messages.success(
                request, _("Opgeslagen als concept. Bekijk het voorbeeld en dien het in.")
            )
            return redirect("portal:activity-preview", saved.slug)
    context = {"form": form, "schedules": schedules, "provider": provider, "activity": activity}
    return render(request, "portal/activity_form.html", context)


@transaction.atomic
def _save(form: ActivityForm, schedules: ScheduleFormSet, *, by: AbstractBaseUser) -> Activity:
    """Save the provider's change and its audit row together (before and after)."""
    before = activity_snapshot(form.instance) if form.instance.pk else None
    activity = form.save(commit=False)
    if activity.venue is not None and activity.venue.pk is None:
        activity.venue.save()
    if not activity.slug:
        activity.slug = unique_slug(Activity, f"{activity.title} {activity.provider.place}")
    if activity.status == Activity.Status.PUBLISHED and form.has_changed():
        activity.status = Activity.Status.DRAFT  # an edit goes through review again
    activity.save()
    form.save_m2m()
    schedules.instance = activity
    schedules.save()
    activity_sync_occurrences(activity=activity)
    action = "activity.changed" if before else "activity.created"
    audit(action=action, by=by, activity=activity, before=before, after=activity_snapshot(activity))
    return activity


@login_required
@require_POST
def activity_submit_view(request: HttpRequest, slug: str) -> HttpResponse:
    activity = services.activity_for_user(request.user, slug)
    try:
        activity_submit(activity=activity, by=request.user)
    except ModerationError as error:
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
    from public.views import activity_context  # the public page's own context

    activity = services.activity_for_user(request.user, slug)
    context = activity_context(request, activity, preview=True)
    return render(request, "public/activity_detail.html", context)


@login_required
@require_POST
def activity_duplicate(request: HttpRequest, slug: str) -> HttpResponse:
    original = services.activity_for_user(request.user, slug)
    with transaction.atomic():
        themes = list(original.themes.all())
        schedules = list(original.schedules.all())
        copy = Activity.objects.get(pk=original.pk)
        copy.pk = None
        copy.title = _("Kopie van %(title)s") % {"title": original.title}
        copy.slug = unique_slug(Activity, copy.title)
        copy.status = Activity.Status.DRAFT
        copy.moderation_note = ""
        copy.save()
        copy.themes.set(themes)
        for schedule in schedules:
            schedule.pk, schedule.activity = None, copy
            schedule.save()
        activity_sync_occurrences(activity=copy)
        audit(action="activity.created", by=request.user, activity=copy, after=activity_snapshot(copy),
              message=f"kopie van {original.slug}")  # fmt: skip
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
    ongoing = provider.activities.exclude(availability=Activity.Availability.DATES).exclude(
        status__in=[Activity.Status.ARCHIVED, Activity.Status.REJECTED]
    )
    return render(request, "portal/still_on.html", {"provider": provider, "activities": ongoing})
