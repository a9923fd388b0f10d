"""Class requests in the provider portal: the list per organisation (new, waiting, proposed, agreed,
declined, closed), one request with the answer form and "Is het doorgegaan?", and the places per date
or per period of an activity.

Every view fetches the organisation through catalogue.access.provider_for_user (404 for anyone else's)
and the request or activity only within it; answers are rate limited per user.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from catalogue import access
from catalogue.models import Activity, Provider, Theme
from techniekkaart import ratelimit
from techniekkaart.http import AuthenticatedHttpRequest
from visits import capacity, services
from visits.forms import AnswerForm, DateCapacityForm, PeriodCapacityForm
from visits.models import DateCapacity, PeriodCapacity, VisitRequest

State = VisitRequest.State
TABS = [
    ("nieuw", gettext_lazy("Nieuw"), (State.NEW,)),
    ("wacht", gettext_lazy("In behandeling"), (State.WAITING, State.PROPOSED)),
    ("afgesproken", gettext_lazy("Afgesproken"), (State.AGREED,)),
    ("afgewezen", gettext_lazy("Afgewezen"), (State.DECLINED, State.WITHDRAWN)),
    ("geweest", gettext_lazy("Geweest"), (State.HAPPENED, State.NOT_HAPPENED)),
]


def _requests_of(provider: Provider):
    """Only requests whose teacher confirmed the address: an unconfirmed one may be anyone's typing."""
    return VisitRequest.objects.filter(
        activity__provider=provider, email_confirmed__isnull=False
    ).select_related("activity")


@login_required
def visit_list(request: AuthenticatedHttpRequest, provider: str) -> HttpResponse:
    organisation = access.provider_for_user(request.user, provider)
    tab = request.GET.get("stand", "nieuw")
    tabs = {key: states for key, _label, states in TABS}
    if tab not in tabs:
        tab = "nieuw"
    rows = _requests_of(organisation).prefetch_related("preferred")
    counts = dict.fromkeys(tabs, 0)
    for state in rows.values_list("state", flat=True):
        for key, states in tabs.items():
            if state in states:
                counts[key] += 1
    activities = (
        Activity.objects.filter(provider=organisation, revision_of=None)
        .exclude(audience=Activity.Audience.FAMILIES)
        .exclude(status=Activity.Status.ARCHIVED)
    )
    context = {
        "provider": organisation,
        "tab": tab,
        "tabs": [(key, label, counts[key]) for key, label, _s in TABS],
        "visits": list(rows.filter(state__in=tabs[tab]).order_by("date", "-created")),
        "activities": activities,
    }
    return render(request, "portal/visits/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def visit_detail(request: AuthenticatedHttpRequest, provider: str, ref: str) -> HttpResponse:
    organisation = access.provider_for_user(request.user, provider)
    visit = _requests_of(organisation).filter(ref=ref).prefetch_related("preferred").first()
    if visit is None:
        raise Http404
    form = AnswerForm(request.POST if "answer" in request.POST else None)
    if request.method == "POST":
        limit = ratelimit.check(request, ("visit-answer", f"user:{request.user.pk}"))
        if limit is not None:
            return ratelimit.too_many(request, limit)
        if "happened" in request.POST:
            return _happened(request, visit)
        if form.is_valid():
            try:
                _answer(request, visit, form)
            except services.VisitError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Je antwoord is opgeslagen en naar de leraar gemaild."))
                return redirect("portal:visit", organisation.slug, visit.ref)
    today = timezone.localdate()
    free = capacity.free_places(visit.activity, today)
    context = {
        "provider": organisation,
        "visit": visit,
        "form": form,
        "answerable": visit.state in (State.NEW, State.WAITING),
        "free": [f for f in free if f.date > today][:30],
        "can_answer_happened": visit.asked is not None
        and visit.state in (State.AGREED, State.HAPPENED, State.NOT_HAPPENED),
        "theme_names": _theme_names(visit.themes),
    }
    status = 409 if form.non_field_errors() else 200
    return render(request, "portal/visits/detail.html", context, status=status)


def _theme_names(slugs: list[str]) -> list[str]:
    names = dict(Theme.objects.filter(slug__in=slugs).values_list("slug", "name"))
    return [names.get(slug, slug) for slug in slugs]


def _answer(request: AuthenticatedHttpRequest, visit: VisitRequest, form: AnswerForm) -> None:
    action, day = form.cleaned_data["action"], form.cleaned_data.get("date")
    message = form.cleaned_data.get("message") or ""
    if action == "afspreken" and isinstance(day, dt.date):
        services.request_agree(request=visit, by=request.user, date=day, message=message)
    elif action == "voorstel" and isinstance(day, dt.date):
        services.request_propose(request=visit, by=request.user, date=day, message=message)
    elif action == "wachten":
        services.request_hold(request=visit, by=request.user, message=message)
    else:
        services.request_decline(request=visit, by=request.user, reason=message)


def _happened(request: AuthenticatedHttpRequest, visit: VisitRequest) -> HttpResponse:
    answer = request.POST.get("happened", "")
    if answer not in ("ja", "nee"):
        return render(request, "400.html", status=400)
    try:
        services.happened_answer(request=visit, side="aanbieder", happened=answer == "ja")
    except services.VisitError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Dank je! Je antwoord is opgeslagen."))
    return redirect("portal:visit", visit.activity.provider.slug, visit.ref)


@login_required
@require_http_methods(["GET", "POST"])
def visit_places(request: AuthenticatedHttpRequest, provider: str, slug: str) -> HttpResponse:
    """How many classes an activity takes per date (fixed dates) or per year/month (on request)."""
    organisation = access.provider_for_user(request.user, provider)
    activity = Activity.objects.filter(provider=organisation, slug=slug).first()
    if activity is None:
        raise Http404
    period = PeriodCapacity.objects.filter(activity=activity).first()
    date_form = DateCapacityForm(
        request.POST if "add_date" in request.POST else None, prefix="datum"
    )
    period_form = PeriodCapacityForm(
        request.POST if "set_period" in request.POST else None,
        prefix="periode",
        initial={
            "classes": period.classes if period else None,
            "per": period.per if period else "jaar",
        },
    )
    if request.method == "POST":
        if "remove" in request.POST:
            DateCapacity.objects.filter(activity=activity, pk=_int(request.POST["remove"])).delete()
            messages.success(request, _("De datum is weggehaald."))
            return redirect("portal:visit-places", organisation.slug, activity.slug)
        if "add_date" in request.POST and date_form.is_valid():
            DateCapacity.objects.update_or_create(
                activity=activity,
                date=date_form.cleaned_data["date"],
                defaults={"classes": date_form.cleaned_data["classes"],
                          "pupils": date_form.cleaned_data["pupils"]},
            )  # fmt: skip
            messages.success(request, _("De plaatsen zijn opgeslagen."))
            return redirect("portal:visit-places", organisation.slug, activity.slug)
        if "set_period" in request.POST and period_form.is_valid():
            if period_form.cleaned_data["classes"]:
                PeriodCapacity.objects.update_or_create(
                    activity=activity,
                    defaults={"classes": period_form.cleaned_data["classes"],
                              "per": period_form.cleaned_data["per"]},
                )  # fmt: skip
            else:
                PeriodCapacity.objects.filter(activity=activity).delete()
            messages.success(request, _("De plaatsen zijn opgeslagen."))
            return redirect("portal:visit-places", organisation.slug, activity.slug)
    today = timezone.localdate()
    context = {
        "provider": organisation,
        "activity": activity,
        "free": capacity.free_places(activity, today, days=800),
        "date_form": date_form,
        "period_form": period_form,
        "period_free": capacity.period_free(activity, today),
    }
    return render(request, "portal/visits/places.html", context)


def _int(value: str) -> int:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else 0
