"""The teacher's side of class visits: ask for an activity for the class, confirm the e-mail address,
and follow the request behind its secret link. No account and no cookie (as class mode): the forms are
exempt from Django's cookie-based CSRF check and refuse cross-site posts by what the browser says
(techniekkaart/crosssite.py). Requests, mails, answers and reminders are rate limited."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from catalogue.models import Activity, Theme
from classroom.models import ClassSession
from classroom.services import class_profile
from techniekkaart import ratelimit
from techniekkaart.crosssite import same_site_posts_only
from visits import capacity, services
from visits.forms import RequestForm
from visits.models import VisitRequest

CLASS_THEMES_MINIMUM = 5  # as the class page's chart: no child's choice stands out


def _activity(slug: str) -> Activity:
    activity = (
        Activity.objects.public()
        .exclude(audience=Activity.Audience.FAMILIES)
        .select_related("provider")
        .filter(slug=slug)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def top_themes(session: ClassSession) -> list[str]:
    """The class's three strongest themes, only from CHART_MINIMUM finished quizzes on."""
    profiles = list(session.results.values_list("profile", flat=True))
    if len(profiles) < CLASS_THEMES_MINIMUM:
        return []
    profile = class_profile(profiles)
    return [slug for slug, share in sorted(profile.items(), key=lambda i: -i[1]) if share > 0][:3]


@csrf_exempt
@same_site_posts_only
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, slug: str) -> HttpResponse:
    """From an activity page: the teacher fills in the class."""
    return _request_form(request, _activity(slug), None)


@csrf_exempt
@same_site_posts_only
@require_http_methods(["GET", "POST"])
def new_for_class(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    """From the teacher's class page: the class is known, and its top themes go along."""
    session = ClassSession.objects.filter(teacher_token=token).first() if token else None
    if session is None or not session.is_open:
        raise Http404
    return _request_form(request, _activity(slug), session)


def _request_form(
    request: HttpRequest, activity: Activity, session: ClassSession | None
) -> HttpResponse:
    form = RequestForm(request.POST or None, activity=activity, fixed_class=session is not None)
    themes = top_themes(session) if session else []
    names = dict(Theme.objects.filter(slug__in=themes).values_list("slug", "name"))
    today = timezone.localdate()
    context = {
        "form": form,
        "activity": activity,
        "session": session,
        "theme_names": [names.get(t, t) for t in themes],
        "free": [f for f in capacity.free_places(activity, today) if f.date > today][:30],
        "period_free": capacity.period_free(activity, today),
    }
    if request.method == "POST" and form.is_valid():
        limit = ratelimit.check(
            request,
            "visit-request",
            ("visit-mail-to", ratelimit.mailbox(form.cleaned_data["email"])),
        )
        if limit is not None:
            form.add_error(
                None, _("Er zijn net veel aanvragen gedaan. Probeer het later nog eens.")
            )
            page = render(request, "visits/request_form.html", context)
            return ratelimit.with_retry_after(page, limit)
        if session is not None:
            school, groep = session.school, session.groep
            place, municipality = session.place, session.municipality
        else:
            school, groep = form.cleaned_data["school"], form.cleaned_data["groep"]
            place, municipality = form.place.name, form.place.municipality
        try:
            made = services.request_create(
                activity=activity,
                school=school,
                groep=groep,
                pupils=form.cleaned_data["pupils"],
                place=place,
                municipality=municipality,
                dates=form.dates(),
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
                whole_week=form.cleaned_data["whole_week"],
                themes=themes,
                class_session=session,
            )
        except services.VisitError as error:  # filled up while the teacher was typing
            form.add_error(None, str(error))
            return render(request, "visits/request_form.html", context, status=409)
        return HttpResponseRedirect(made.teacher_url(), status=303)
    return render(request, "visits/request_form.html", context)


@csrf_exempt
@same_site_posts_only
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail: a page with one button (mail scanners open every link)."""
    pending = VisitRequest.objects.filter(confirm_token=token).first() if token else None
    if pending is None:
        return render(request, "visits/link_invalid.html", status=404)
    if request.method == "POST":
        confirmed = services.request_confirm_email(confirm_token=token)
        if confirmed is None:
            return render(request, "visits/link_invalid.html", status=404)
        return HttpResponseRedirect(confirmed.teacher_url(), status=303)
    return render(request, "visits/confirm.html", {"visit": pending})


TEACHER_ACTIONS = {"aannemen", "intrekken", "herinneren", "doorgegaan-ja", "doorgegaan-nee"}


@csrf_exempt
@same_site_posts_only
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, token: str) -> HttpResponse:
    """The teacher's page of one request: its state, the answer, and what the teacher can do now."""
    visit = (
        VisitRequest.objects.select_related("activity__provider").filter(token=token).first()
        if token
        else None
    )
    if visit is None:
        raise Http404
    message = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in TEACHER_ACTIONS:
            return render(request, "400.html", status=400)
        names: list[str | tuple[str, str]] = ["visit-answer"]
        if action == "herinneren":
            names.append(("visit-reminder", visit.token))
        limit = ratelimit.check(request, *names)
        if limit is not None:
            return ratelimit.too_many(request, limit)
        try:
            message = _teacher_action(visit, action)
        except services.VisitError as error:
            message, status = str(error), 409
        else:
            return HttpResponseRedirect(f"{visit.teacher_url()}?gedaan={action}", status=303)
    done = request.GET.get("gedaan", "")
    context = {
        "visit": visit,
        "message": message or DONE.get(done, ""),
        "can_answer_happened": visit.asked is not None
        and visit.state in (VisitRequest.State.AGREED, VisitRequest.State.HAPPENED,
                            VisitRequest.State.NOT_HAPPENED),
    }  # fmt: skip
    return render(request, "visits/detail.html", context, status=status)


DONE = {
    "aannemen": gettext_lazy("Je hebt de voorgestelde datum aangenomen."),
    "intrekken": gettext_lazy("Je aanvraag is ingetrokken."),
    "herinneren": gettext_lazy("We hebben de aanbieder een herinnering gestuurd."),
    "doorgegaan-ja": gettext_lazy("Dank je! Je antwoord is opgeslagen."),
    "doorgegaan-nee": gettext_lazy("Dank je! Je antwoord is opgeslagen."),
}


def _teacher_action(visit: VisitRequest, action: str) -> str:
    if action == "aannemen":
        services.proposal_accept(request=visit)
    elif action == "intrekken":
        services.request_withdraw(request=visit)
    elif action == "herinneren":
        services.request_remind(request=visit)
    else:
        services.happened_answer(request=visit, side="leraar", happened=action == "doorgegaan-ja")
    return ""
