"""The life of a visit request: one function per transition. Every mail goes through the outbox
(outbox.mail.send queues it when the mail server is down), so no transition is lost to a mail error.

    new (e-mail not yet confirmed) -> new (confirmed; the provider is told)
    new / waiting -> waiting | agreed | declined | proposed
    proposed -> agreed (the teacher accepts) | withdrawn
    open -> withdrawn (the teacher)
    agreed, after the date -> both are asked "Is het doorgegaan?" -> happened | not happened

Every function takes `now` so tests and the daily command run on a simulated clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import Activity
from classroom.models import ClassSession
from outbox import mail
from visits import capacity
from visits.models import PreferredDate, VisitRequest

State = VisitRequest.State
REFUSALS = {
    "vol": _("Deze datum is vol."),
    "te-veel-leerlingen": _("Op deze datum is er geen plek meer voor zoveel leerlingen."),
    "geen-datum": _("Op deze datum is er geen activiteit."),
    "periode-vol": _("In deze periode zijn alle plekken al vergeven."),
}


class VisitError(Exception):
    """A transition that is not possible now: the message says why, in Dutch."""


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(to: Sequence[str], subject: str, lines: Sequence[str], link: str = "") -> bool:
    addresses = [a for a in dict.fromkeys(to) if a]
    if not addresses:
        return False
    message = mail.render(
        "visits/email/message", addresses, {"lines": lines, "link": link}, subject=subject
    )
    return mail.send(message)


def provider_addresses(activity: Activity) -> list[str]:
    """The organisation's address and those of its members (the relation the access rule reads)."""
    provider = activity.provider
    members = provider.memberships.filter(user__is_active=True).values_list(
        "user__email", flat=True
    )
    return [provider.email, *members]


def _dates(request: VisitRequest) -> str:
    return ", ".join(f"{d.date:%d-%m-%Y}" for d in request.preferred.all())


# --- the teacher asks ------------------------------------------------------------------------------


def request_create(
    *,
    activity: Activity,
    school: str,
    groep: int,
    pupils: int,
    place: str,
    municipality: str,
    dates: Sequence[dt.date],
    email: str,
    message: str = "",
    whole_week: bool = False,
    themes: Sequence[str] = (),
    class_session: ClassSession | None = None,
    now: dt.datetime | None = None,
) -> VisitRequest:
    """A new request; the teacher gets a link to confirm their e-mail address. The provider hears of
    it only once that is confirmed. A full date is refused (checked again here, under the lock)."""
    now = _now(now)
    today = timezone.localdate(now)
    if activity.audience == Activity.Audience.FAMILIES:
        raise VisitError(_("Deze activiteit is niet voor schoolklassen."))
    if not dates or len(set(dates)) != len(dates) or len(dates) > 3:
        raise VisitError(_("Kies één tot drie verschillende data."))
    if any(day <= today for day in dates):
        raise VisitError(_("Kies data na vandaag."))
    with transaction.atomic():
        capacity.locked_activity(activity)
        for day in dates:
            why = capacity.refusal(activity, day, pupils)
            if why:
                raise VisitError(f"{day:%d-%m-%Y}: {REFUSALS[why]}")
        request = VisitRequest.objects.create(
            activity=activity,
            class_session=class_session,
            school=school,
            groep=groep,
            pupils=pupils,
            place=place,
            municipality=municipality,
            themes=list(themes)[:3],
            theme=activity.main_theme.slug if activity.main_theme_id else "",
            provider_kind=activity.provider.kind,
            whole_week=whole_week,
            message=message,
            email=email,
            created=now,
        )
        PreferredDate.objects.bulk_create(PreferredDate(request=request, date=d) for d in dates)
    # Only the activity's title and links: no text the visitor typed goes to an address they typed.
    _send(
        [email],
        _("Bevestig je aanvraag voor %(title)s") % {"title": activity.title},
        [
            _("Je vroeg op de Techniekkaart “%(title)s” aan voor je klas.")
            % {"title": activity.title},
            _(
                "Bevestig je e-mailadres met de knop op deze pagina. Pas dan sturen we de aanvraag door."
            ),
            _("Deed jij dit niet? Dan hoef je niets te doen."),
        ],
        _url(reverse("visits:confirm", args=[request.confirm_token])),
    )
    return request


def request_confirm_email(
    *, confirm_token: str, now: dt.datetime | None = None
) -> VisitRequest | None:
    """The teacher's address is confirmed (once); the provider is told of the request."""
    now = _now(now)
    with transaction.atomic():
        request = (
            VisitRequest.objects.select_for_update()
            .filter(confirm_token=confirm_token, state=State.NEW)
            .first()
            if confirm_token
            else None
        )
        if request is None:
            return None
        request.confirm_token = None
        request.email_confirmed = now
        request.save(update_fields=["confirm_token", "email_confirmed"])
    activity = request.activity
    _send(
        provider_addresses(activity),
        _("Nieuwe aanvraag voor %(title)s") % {"title": activity.title},
        [
            _("%(school)s (groep %(groep)s, %(pupils)s leerlingen) vraagt “%(title)s” aan.")
            % {"school": request.school, "groep": request.groep, "pupils": request.pupils,
               "title": activity.title},
            _("Voorkeursdata: %(dates)s") % {"dates": _dates(request)},
            _("Beantwoord de aanvraag in het portaal."),
        ],
        _url(request.portal_url()),
    )  # fmt: skip
    return request


def request_withdraw(*, request: VisitRequest, now: dt.datetime | None = None) -> VisitRequest:
    now = _now(now)
    if request.state not in (*VisitRequest.OPEN, State.AGREED):
        raise VisitError(_("Deze aanvraag kun je niet meer intrekken."))
    with transaction.atomic():
        request = VisitRequest.objects.select_for_update().get(pk=request.pk)
        request.state = State.WITHDRAWN
        request.closed = now
        request.save(update_fields=["state", "closed"])
    if request.is_confirmed:
        _send(
            provider_addresses(request.activity),
            _("Aanvraag ingetrokken: %(title)s") % {"title": request.activity.title},
            [_("%(school)s heeft de aanvraag ingetrokken.") % {"school": request.school}],
            _url(request.portal_url()),
        )
    return request


def request_remind(*, request: VisitRequest, now: dt.datetime | None = None) -> None:
    """The teacher nudges the provider about an unanswered request (rate limited by the view)."""
    if request.state not in (State.NEW, State.WAITING) or not request.is_confirmed:
        raise VisitError(_("Voor deze aanvraag kun je geen herinnering sturen."))
    _send(
        provider_addresses(request.activity),
        _("Herinnering: aanvraag voor %(title)s") % {"title": request.activity.title},
        [
            _("%(school)s wacht nog op een antwoord.") % {"school": request.school},
            _("Voorkeursdata: %(dates)s") % {"dates": _dates(request)},
        ],
        _url(request.portal_url()),
    )


# --- the provider answers --------------------------------------------------------------------------


def _answerable(request: VisitRequest, states: Sequence[str]) -> VisitRequest:
    locked = VisitRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state not in states or not locked.is_confirmed:
        raise VisitError(_("Deze aanvraag is al beantwoord of gesloten."))
    return locked


def _tell_teacher(request: VisitRequest, subject: str, lines: Sequence[str]) -> None:
    _send(
        [request.email],
        subject % {"title": request.activity.title},
        lines,
        _url(request.teacher_url()),
    )


def request_hold(
    *, request: VisitRequest, by: User, message: str = "", now: dt.datetime | None = None
) -> VisitRequest:
    """The provider has seen it and answers later."""
    now = _now(now)
    with transaction.atomic():
        request = _answerable(request, (State.NEW,))
        request.state, request.answer, request.answered = State.WAITING, message, now
        request.save(update_fields=["state", "answer", "answered"])
    _tell_teacher(
        request,
        _("Je aanvraag voor %(title)s is in behandeling"),
        [_("De aanbieder heeft je aanvraag gezien en neemt hem in behandeling."), message],
    )
    return request


def _check_place(request: VisitRequest, day: dt.date, today: dt.date) -> None:
    if day <= today:
        raise VisitError(_("Kies een datum na vandaag."))
    capacity.locked_activity(request.activity)
    why = capacity.refusal(request.activity, day, request.pupils)
    if why:
        raise VisitError(REFUSALS[why])


def request_agree(
    *,
    request: VisitRequest,
    by: User,
    date: dt.date,
    message: str = "",
    now: dt.datetime | None = None,
) -> VisitRequest:
    """The provider agrees a date (one of the teacher's, or any free one): it takes a place."""
    now = _now(now)
    with transaction.atomic():
        request = _answerable(request, (State.NEW, State.WAITING))
        _check_place(request, date, timezone.localdate(now))
        request.state, request.date, request.answer = State.AGREED, date, message
        request.answered = request.agreed = now
        request.save(update_fields=["state", "date", "answer", "answered", "agreed"])
    _tell_teacher(
        request,
        _("Afgesproken: %(title)s"),
        [_("Het is afgesproken op %(date)s.") % {"date": f"{date:%d-%m-%Y}"}, message],
    )
    return request


def request_propose(
    *,
    request: VisitRequest,
    by: User,
    date: dt.date,
    message: str = "",
    now: dt.datetime | None = None,
) -> VisitRequest:
    """The provider proposes another date; the teacher accepts or withdraws."""
    now = _now(now)
    with transaction.atomic():
        request = _answerable(request, (State.NEW, State.WAITING))
        _check_place(request, date, timezone.localdate(now))
        request.state, request.date, request.answer, request.answered = (
            State.PROPOSED, date, message, now,
        )  # fmt: skip
        request.save(update_fields=["state", "date", "answer", "answered"])
    _tell_teacher(
        request,
        _("Voorstel voor een andere datum: %(title)s"),
        [
            _("De aanbieder stelt %(date)s voor.") % {"date": f"{date:%d-%m-%Y}"},
            message,
            _("Neem het voorstel aan op de pagina van je aanvraag."),
        ],
    )
    return request


def request_decline(
    *, request: VisitRequest, by: User, reason: str, now: dt.datetime | None = None
) -> VisitRequest:
    now = _now(now)
    if not reason.strip():
        raise VisitError(_("Schrijf waarom het niet kan."))
    with transaction.atomic():
        request = _answerable(request, (State.NEW, State.WAITING))
        request.state, request.answer = State.DECLINED, reason
        request.answered = request.closed = now
        request.save(update_fields=["state", "answer", "answered", "closed"])
    _tell_teacher(
        request,
        _("Je aanvraag voor %(title)s kan niet doorgaan"),
        [_("De aanbieder kan de aanvraag helaas niet aannemen."), reason],
    )
    return request


def proposal_accept(*, request: VisitRequest, now: dt.datetime | None = None) -> VisitRequest:
    """The teacher takes the proposed date: the place is checked again."""
    now = _now(now)
    with transaction.atomic():
        request = _answerable(request, (State.PROPOSED,))
        if request.date is None:  # a proposal always has one
            raise VisitError(_("Er is geen datum voorgesteld."))
        _check_place(request, request.date, timezone.localdate(now))
        request.state, request.agreed = State.AGREED, now
        request.save(update_fields=["state", "agreed"])
    _send(
        provider_addresses(request.activity),
        _("Voorstel aangenomen: %(title)s") % {"title": request.activity.title},
        [
            _("%(school)s neemt %(date)s aan.")
            % {"school": request.school, "date": f"{request.date:%d-%m-%Y}"}
        ],
        _url(request.portal_url()),
    )
    return request


# --- afterwards: "Is het doorgegaan?" --------------------------------------------------------------


def due_for_question(today: dt.date) -> Q:
    return Q(state=State.AGREED, date__lt=today, asked__isnull=True)


def happened_ask(*, request: VisitRequest, now: dt.datetime | None = None) -> VisitRequest:
    """Both sides are asked the one question, once."""
    now = _now(now)
    with transaction.atomic():
        request = VisitRequest.objects.select_for_update().get(pk=request.pk)
        if request.asked is not None or request.state != State.AGREED:
            return request
        request.asked = now
        request.save(update_fields=["asked"])
    date = f"{request.date:%d-%m-%Y}" if request.date else ""
    _tell_teacher(
        request,
        _("Is het doorgegaan? %(title)s"),
        [_("Op %(date)s zou je klas naar deze activiteit gaan.") % {"date": date},
         _("Laat je ons met één klik weten of het is doorgegaan?")],
    )  # fmt: skip
    _send(
        provider_addresses(request.activity),
        _("Is het doorgegaan? %(title)s") % {"title": request.activity.title},
        [_("Op %(date)s kwam %(school)s groep %(groep)s.")
         % {"date": date, "school": request.school, "groep": request.groep},
         _("Laat je in het portaal weten of het is doorgegaan?")],
        _url(request.portal_url()),
    )  # fmt: skip
    return request


def happened_answer(
    *, request: VisitRequest, side: str, happened: bool, now: dt.datetime | None = None
) -> VisitRequest:
    """One side's answer ("leraar" or "aanbieder"). The request closes as happened when an answer is yes
    and none is no; one "no" makes it not happened. An answer can be changed until the other side's
    answer closes it the other way; every answer keeps its moment (the figures read only those made
    before a quarter's end)."""
    now = _now(now)
    if side not in ("leraar", "aanbieder"):
        raise ValueError(side)
    with transaction.atomic():
        request = VisitRequest.objects.select_for_update().get(pk=request.pk)
        if request.state not in (State.AGREED, State.HAPPENED, State.NOT_HAPPENED) or (
            request.date is None or request.date >= timezone.localdate(now)
        ):
            raise VisitError(_("Deze vraag kun je pas na de afgesproken dag beantwoorden."))
        if side == "leraar":
            request.teacher_happened, request.teacher_said = happened, now
        else:
            request.provider_happened, request.provider_said = happened, now
        answers = {request.teacher_happened, request.provider_happened} - {None}
        request.state = State.NOT_HAPPENED if False in answers else State.HAPPENED
        request.closed = request.closed or now
        request.save()
    return request


def happened_by(request: VisitRequest, moment: dt.datetime) -> bool:
    """Whether the request counted as happened at `moment`: only answers given before it count."""
    answers = set()
    if request.teacher_said is not None and request.teacher_said < moment:
        answers.add(request.teacher_happened)
    if request.provider_said is not None and request.provider_said < moment:
        answers.add(request.provider_happened)
    return True in answers and False not in answers


# --- keeping as little as possible -----------------------------------------------------------------


def emails_forget(*, now: dt.datetime | None = None) -> int:
    """Wipe the teacher's address of requests closed more than VISIT_EMAIL_RETENTION_DAYS ago, and of
    requests never confirmed within VISIT_CONFIRM_DAYS (those are deleted)."""
    now = _now(now)
    unconfirmed = now - dt.timedelta(days=settings.VISIT_CONFIRM_DAYS)
    VisitRequest.objects.filter(email_confirmed__isnull=True, created__lt=unconfirmed).delete()
    cutoff = now - dt.timedelta(days=settings.VISIT_EMAIL_RETENTION_DAYS)
    # An agreed visit nobody answered about closes by itself a while after its date.
    stale = timezone.localdate(now) - dt.timedelta(days=settings.VISIT_EMAIL_RETENTION_DAYS)
    VisitRequest.objects.filter(state=State.AGREED, date__lt=stale, closed__isnull=True).update(
        closed=now
    )
    # An open request whose every preferred date is long gone closes too.
    VisitRequest.objects.filter(state__in=VisitRequest.OPEN, closed__isnull=True).exclude(
        preferred__date__gte=stale
    ).update(closed=now)
    return VisitRequest.objects.filter(closed__lt=cutoff).exclude(email="").update(email="")
