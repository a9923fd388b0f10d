"""Calling off or moving a date, as the provider (portal/cancellations.py) and the coordinator
(moderation/date_views.py) both do it: the form, the step it asks for (through the transitions in
moderation.services) and what the page shows. One page for both, templates/portal/cancellations/."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue import datechanges
from catalogue.dates import validate_entered_date
from catalogue.models import Activity, DateStatus, Occurrence, Schedule
from catalogue.templatetags.catalogue import moment
from moderation import services

CANCEL, POSTPONE, MOVE, RESTORE = "afgelast", "uitgesteld", "verplaatst", "doorgaan"
ACTIONS = [
    (CANCEL, gettext_lazy("Gaat niet door (afgelast)")),
    (POSTPONE, gettext_lazy("Gaat later door, de nieuwe datum volgt (uitgesteld)")),
    (MOVE, gettext_lazy("Naar een andere dag of tijd (verplaatst)")),
    (RESTORE, gettext_lazy("Gaat toch door, zoals eerst gepland")),
]


def _label(o: Occurrence) -> str:
    when = moment(o.previous_start or o.start)
    if o.status == DateStatus.MOVED:
        return _("%(when)s (nu verplaatst naar %(new)s)") % {"when": when, "new": moment(o.start)}
    if o.status != DateStatus.SCHEDULED:
        return f"{when} ({o.get_status_display().lower()})"
    return when


def choices(activity: Activity) -> list[tuple[str, str]]:
    """Every coming date ("datum:<code>"), then each series with more than one coming date
    ("reeks:<id>": all of them at once)."""
    coming = datechanges.coming(activity)
    options = [(f"datum:{o.code}", _label(o)) for o in coming]
    per_series: dict[int, list[Occurrence]] = {}
    for o in coming:
        if o.schedule.frequency != Schedule.Frequency.ONCE:
            per_series.setdefault(o.schedule_id, []).append(o)
    for pk, dates in per_series.items():
        if len(dates) > 1:
            first = moment(dates[0].previous_start or dates[0].start)
            label = _("De hele reeks: alle %(n)s komende keren vanaf %(first)s") % {
                "n": len(dates),
                "first": first,
            }
            options.append((f"reeks:{pk}", label))
    return options


class DateChangeForm(forms.Form):
    wat = forms.ChoiceField(label=gettext_lazy("Welke datum?"))
    actie = forms.ChoiceField(
        label=gettext_lazy("Wat gebeurt er?"), choices=ACTIONS, widget=forms.RadioSelect
    )
    reden = forms.CharField(
        label=gettext_lazy("Waarom? (dit zien ouders en kinderen)"),
        max_length=datechanges.REASON_MAX,
        required=False,
        help_text=gettext_lazy("Kort en duidelijk, bijvoorbeeld: “De juf is ziek.”"),
        widget=forms.TextInput(attrs={"size": 60}),
    )
    datum = forms.DateField(
        label=gettext_lazy("Nieuwe datum"),
        required=False,
        help_text=gettext_lazy("Alleen bij verplaatsen. Bij een reeks: de nieuwe eerste datum."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_entered_date],
    )
    begintijd = forms.TimeField(
        label=gettext_lazy("Nieuwe begintijd"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    eindtijd = forms.TimeField(
        label=gettext_lazy("Nieuwe eindtijd"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["wat"])
        field.choices = choices(activity)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("actie")
        if action in (CANCEL, POSTPONE, MOVE) and not (data.get("reden") or "").strip():
            self.add_error("reden", _("Schrijf kort waarom, zodat ouders en kinderen het snappen."))
        if action == MOVE:
            for name in ("datum", "begintijd", "eindtijd"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Vul dit in om de datum te verplaatsen."))
            start, end = data.get("begintijd"), data.get("eindtijd")
            if start and end and end <= start:
                self.add_error("eindtijd", _("De eindtijd moet na de begintijd liggen."))
            day = data.get("datum")
            if day and day < timezone.localdate():
                self.add_error("datum", _("Deze datum is al voorbij."))
        return data

    def target(self) -> dict[str, Any]:
        kind, _sep, value = self.cleaned_data["wat"].partition(":")
        if kind == "reeks":
            return {"schedule_id": int(value)}
        return {"code": value}


def apply(form: DateChangeForm, activity: Activity, by: Any) -> str:
    """Do what the valid form asks; the Dutch message for the page. Raises
    services.ModerationError (a Dutch message too) when the step is refused."""
    data, target = form.cleaned_data, form.target()
    action = data["actie"]
    if action == RESTORE:
        n = services.date_restore(activity=activity, by=by, **target)
        return _("Gaat toch door: %(n)s keer weer zoals eerst gepland.") % {"n": n}
    if action == MOVE:
        n = services.date_move(
            activity=activity,
            by=by,
            reason=data["reden"],
            day=data["datum"],
            start=data["begintijd"],
            end=data["eindtijd"],
            **target,
        )
        return _(
            "Verplaatst: %(n)s keer. Op de Techniekkaart en in agenda's staat nu de nieuwe tijd."
        ) % {"n": n}
    n = services.date_cancel(
        activity=activity, by=by, reason=data["reden"], postpone=action == POSTPONE, **target
    )
    return _("Aangepast: %(n)s keer staat nu als “%(what)s” op de Techniekkaart.") % {
        "n": n,
        "what": _("uitgesteld") if action == POSTPONE else _("afgelast"),
    }


def page(
    request: HttpRequest, activity: Activity, *, base: str, back_url: str, url_name: str
) -> HttpResponse:
    """The date page for the provider and the coordinator alike: the form, the step it asks for,
    and the page again (with the Dutch message, or 400 with the errors)."""
    form = DateChangeForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            messages.success(request, apply(form, activity, request.user))
        except services.ModerationError as refused:
            form.add_error(None, str(refused))
        else:
            return redirect(url_name, activity.slug)
    coming = datechanges.coming(activity)
    context = {
        "activity": activity,
        "form": form,
        "coming": coming,
        "changed": [o for o in coming if o.status != DateStatus.SCHEDULED],
        "published": activity.status == Activity.Status.PUBLISHED
        and activity.revision_of_id is None,
        "base": base,
        "back_url": back_url,
        "action_url": reverse(url_name, args=[activity.slug]),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "portal/cancellations/dates.html", context, status=status)
