"""Class mode pages: the teacher starts a session and follows it; pupils join with the class code.

No accounts and no cookies: the teacher's secret link is the key to the class page, the class code
only opens the quiz. Django's CSRF check needs a cookie, so these forms are exempt from it and
refuse cross-site posts by what the browser says instead (techniekkaart/crosssite.py). Starting a
session can mail the teacher link to any address, so starts are limited per network address and
mails per recipient, and the mail holds no text a visitor typed (only groep, a known place, the
code and the link).
"""

from __future__ import annotations

import hashlib
from typing import Any

import segno
from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from catalogue import presenters
from catalogue.models import Theme
from catalogue.places import find_place
from catalogue.recommendations import cached_snapshot, recommendations_for
from classroom.forms import JoinForm, StartForm
from classroom.models import ClassSession, normalise_code
from classroom.services import class_profile, class_session_start, open_class_session
from outbox import mail
from quiz.flow import Flow, guard, run_quiz
from quiz.results import default_shown, shown_activities
from techniekkaart import pagecache, ratelimit
from techniekkaart.crosssite import same_site_posts_only
from techniekkaart.http import HtmxHttpRequest
from techniekkaart.vocab import CLASS_RADIUS_KM

CHART_MINIMUM = 5


def _qr(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=5, dark="#1d2433")


@csrf_exempt
@same_site_posts_only
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        limited = _start_limited(request, form)
        if limited:
            return limited
        session = class_session_start(
            school=form.cleaned_data["school"], groep=form.cleaned_data["groep"], place=form.place
        )
        if form.cleaned_data["email"]:
            _mail_teacher_link(request, session, form.cleaned_data["email"])
        return HttpResponseRedirect(session.teacher_url(), status=303)
    return render(request, "classroom/start.html", {"form": form})


def _start_limited(request: HttpRequest, form: StartForm) -> HttpResponse | None:
    """A 429 with the form and a message when this address started too many sessions, or when this
    recipient got enough teacher links today (counted before anything is saved or sent)."""
    limit = ratelimit.check(request, "class-start")
    message = _("Er zijn net heel veel klascodes gemaakt. Probeer het later nog eens.")
    if limit is None and form.cleaned_data["email"]:
        limit = ratelimit.check(request, ("class-mail-to", mail_key(form.cleaned_data["email"])))
        message = _(
            "Naar dit e-mailadres sturen we vandaag geen leraarlink meer. "
            "Laat het veld leeg: je ziet de link ook na het maken van de klascode."
        )
    if limit is None:
        return None
    form.add_error(None, message)
    page = render(request, "classroom/start.html", {"form": form})
    return ratelimit.with_retry_after(page, limit)


def mail_key(address: str) -> str:
    """One recipient however it is written: case, and a +tag in the local part, do not count."""
    local, _at, domain = address.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def _mail_teacher_link(request: HttpRequest, session: ClassSession, address: str) -> None:
    """Sent once; the address is not stored (only queued until sent if the mail server is down)."""
    context = {"session": session, "url": request.build_absolute_uri(session.teacher_url())}
    mail.send(mail.render("classroom/email/teacher_link", [address], context))


def _teacher_session(token: str) -> ClassSession | None:
    return ClassSession.objects.filter(teacher_token=token).first() if token else None


def _expired(request: HttpRequest, session: ClassSession | None) -> HttpResponse:
    if session is None:
        raise Http404
    return render(request, "classroom/expired.html", status=410)


@require_GET
def teacher(request: HtmxHttpRequest, token: str) -> HttpResponse:
    session = _counted_session(token)
    if session is None or not session.is_open:
        return _expired(request, session)
    if request.htmx:
        # The count and chart, and the class's list out of band: it follows as pupils finish.
        return HttpResponse(_kept_live(request, session))
    context, _newest = _live_context(session)
    join = request.build_absolute_uri(reverse("classroom:join"))
    context.update(join_url=join, qr_svg=_qr(f"{join}?code={session.code}"))
    return render(request, "classroom/teacher.html", context)


def _counted_session(token: str) -> ClassSession | None:
    """The class of this teacher link, with how many results it has (`finished`) and its newest
    result's pk (`newest`), in one query. Together they change whenever a result of the class is
    added or removed: results are never edited, only added (pks only grow) and deleted by age."""
    if not token:
        return None
    counted = ClassSession.objects.filter(teacher_token=token).annotate(
        finished=Count("results"), newest=Max("results__pk")
    )
    return counted.first()


def _live_context(session: ClassSession) -> tuple[dict[str, Any], int | None]:
    """What the count, the chart and the class's list show, and the newest result's pk it read."""
    results = list(session.results.values_list("pk", "profile"))
    profiles = [profile for _pk, profile in results]
    context = {"session": session, "finished": len(profiles), "poll": settings.CLASS_POLL_SECONDS}
    context.update(_chart(profiles))
    context.update(_group_list(session, class_profile(profiles)))
    return context, max((pk for pk, _profile in results), default=None)


def _kept_live(request: HttpRequest, session: ClassSession) -> str:
    """The poll's answer (issue 17: every open teacher page asks every CLASS_POLL_SECONDS, and
    nothing in it changes until a pupil finishes or the catalogue changes). Each process keeps
    the rendered part in its fragment cache under the class, its results (count and newest pk,
    read with the class), the content version, the language, the day and the address, for at
    most pagecache.part_seconds(): what the clock changes within a day (a date that passed, the
    ranking by how soon) shows within that, as on kept pages. A miss renders from the results it
    reads itself and keeps the text under those, so a pupil who finished meanwhile is not hidden
    under the count read before."""
    memo = caches["fragments"]
    current = pagecache.version(request)  # before building: a change meanwhile sets a new one
    finished, newest = session.finished, session.newest  # type: ignore[attr-defined]
    kept = memo.get(_live_key(request, session, finished, newest, current))
    if kept is not None:
        return str(kept)
    context, newest = _live_context(session)
    live = render_to_string("classroom/teacher.html#live", context, request)
    key = _live_key(request, session, context["finished"], newest, current)
    memo.set(key, live, pagecache.part_seconds())
    return live


def _live_key(
    request: HttpRequest, session: ClassSession, finished: int, newest: int | None, version: str
) -> str:
    # The address holds the teacher token and the language prefix; the pk keeps classes apart.
    raw = "\n".join(
        str(part)
        for part in (
            session.pk, finished, newest, version, get_language() or "", timezone.localdate(),
            request.path, settings.CLASS_POLL_SECONDS,
        )
    )  # fmt: skip
    return "teacher-live:" + hashlib.sha256(raw.encode()).hexdigest()


def _group_list(session: ClassSession, profile: dict[str, float]) -> dict[str, object]:
    place = find_place(session.place, session.municipality)
    recs = recommendations_for(
        profile=profile, age=session.age, place=place, radius_km=CLASS_RADIUS_KM, audience="school"
    )
    activities = shown_activities([i.offer.id for i in recs.items])  # kept per content version
    return {
        "group_items": [(item, activities.get(item.offer.id)) for item in recs.items],
        "group_radius": recs.radius_km,
    }


@require_GET
def board(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The digibord: code, QR and how many are done, huge. Keyed by the class code, which is on the
    board anyway, so the teacher link never shows in the board's address bar."""
    session = _open_class(request, code)
    if isinstance(session, HttpResponse):
        return session
    context = {
        "session": session,
        "finished": session.results.count(),
        "poll": settings.CLASS_POLL_SECONDS,
    }
    if request.htmx:
        return render(request, "classroom/board.html#count", context)
    join = request.build_absolute_uri(reverse("classroom:join"))
    context.update(join_url=join, qr_svg=_qr(f"{join}?code={session.code}"))
    return render(request, "classroom/board.html", context)


def _chart(profiles: list[dict[str, float]]) -> dict[str, object]:
    """The class's themes, only from CHART_MINIMUM finished quizzes on (no child stands out)."""
    profile = class_profile(profiles)
    if len(profiles) < CHART_MINIMUM:
        return {"profile": profile, "bars": [], "chart_minimum": CHART_MINIMUM}
    themes = presenters.themes()
    peak = max(profile.values(), default=0) or 1
    # Each bar also says its share of the class in whole percents (the class profile sums to 1).
    bars = [(t, profile.get(t.slug, 0) / peak, round(100 * profile.get(t.slug, 0))) for t in themes]
    return {"profile": profile, "bars": sorted(bars, key=lambda b: -b[1]), "chart_minimum": 0}


@require_GET
def cards(request: HttpRequest, token: str) -> HttpResponse:
    """One numbered take-home card per finished quiz, with that child's link; nothing else of them.

    Numbered in the order of finishing, and filled by quiz.results.default_shown: the very number,
    character and first activities the pupil's own screen shows (quiz.results.class_number)."""
    session = _teacher_session(token)
    if session is None or not session.is_open:
        return _expired(request, session)
    results = list(session.results.order_by("pk"))
    themes = {t.slug: t for t in Theme.objects.all()}
    catalogue = cached_snapshot(timezone.now())
    cards = []
    for number, result in enumerate(results, start=1):
        shown = default_shown(result, themes, catalogue=catalogue)
        url = request.build_absolute_uri(result.get_absolute_url())
        cards.append({"number": number, "shown": shown, "url": url, "qr": _qr(url)})
    return render(request, "classroom/cards.html", {"session": session, "cards": cards})


@require_GET
def join(request: HttpRequest) -> HttpResponse:
    """The pupils' door: type the class code (or arrive with ?code= from the QR code)."""
    form = JoinForm(request.GET or None)
    if not request.GET:
        return render(request, "classroom/join.html", {"form": form})
    if not form.is_valid():
        return render(request, "classroom/join.html", {"form": form})
    session = _open_class(request, form.cleaned_data["code"], form)
    if isinstance(session, HttpResponse):
        return session
    return HttpResponseRedirect(reverse("classroom:quiz", args=[session.code]))


def _open_class(
    request: HttpRequest, code: str, form: JoinForm | None = None
) -> ClassSession | HttpResponse:
    """The open class with this code (every pupil's every quiz step asks: kept a minute per
    process, classroom.services.open_class_session); else the join page with a friendly message.
    Every wrong code counts towards the limit, wherever it was tried."""
    limit = ratelimit.blocked(request, "class-code")
    if limit.blocked:
        form = form or JoinForm({"code": code[:20]})
        form.add_error(None, _("Er zijn veel verkeerde codes geprobeerd. Wacht tien minuten."))
        page = render(request, "classroom/join.html", {"form": form})
        return ratelimit.with_retry_after(page, limit)
    session = open_class_session(normalise_code(code))
    if session is not None:
        return session
    ratelimit.hit(request, "class-code")
    form = form or JoinForm({"code": code[:20]})
    form.add_error("code", _("Deze code kennen we niet, of hij is verlopen. Kijk nog eens goed."))
    return render(request, "classroom/join.html", {"form": form}, status=404)


@csrf_exempt
@same_site_posts_only
@require_http_methods(["GET", "POST"])
def class_quiz(request: HttpRequest, code: str) -> HttpResponse:
    # On a step, the quiz's flood guard also brings the wrong-code count that _open_class looks at:
    # one round trip to Redis, and the class itself from this process's memory (issue 17).
    refused = guard(request, ratelimit.window_key(request, "class-code")).refused
    if refused:
        return refused
    session = _open_class(request, code)
    if isinstance(session, HttpResponse):
        return session
    flow = Flow(post_url=reverse("classroom:quiz", args=[session.code]), class_session=session)
    return run_quiz(request, flow)
