"""An activity handed in by a partner's system (the write API or a feed), checked by the portal's
own forms and saved through the activity's life, exactly as when a person types it in.

The JSON names are those of the read API where one exists (name, summary, mainTheme, ...). They
are turned into the fields of portal.forms.ActivityForm and ScheduleForm, so every rule (required
fields, ages, sign-up details, a venue in Regio Zwolle, at most two other themes, dates within the
window, a series of at most a year) lives once, in the forms and the models. An entry is found
again by the partner's own id (Activity.external_ref), only among its own organisation's
activities: the same id at another organisation is another activity."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext as _

from catalogue import access
from catalogue.models import Activity, Provider, Schedule, Theme, Venue
from moderation import services as lifecycle
from portal.forms import ActivityForm, ScheduleForm

S = Activity.Status
REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~:@-]{0,59}$")
MAX_SCHEDULES = 20

# JSON name -> ActivityForm field
SCALARS = {
    "name": "title",
    "summary": "summary",
    "description": "description",
    "nameEn": "title_en",
    "summaryEn": "summary_en",
    "descriptionEn": "description_en",
    "kind": "kind",
    "minAge": "min_age",
    "maxAge": "max_age",
    "audience": "audience",
    "price": "price",
    "wheelchairAccessible": "wheelchair_accessible",
    "signupMethod": "signup_method",
    "signupUrl": "signup_url",
    "signupEmail": "signup_email",
    "signupPhone": "signup_phone",
    "locationType": "location_type",
    "availability": "availability",
    "availabilityText": "availability_text",
    "imageDescription": "image_alt",
}
VENUE_FIELDS = {"name": "name", "address": "address", "postcode": "postcode", "place": "place",
                "municipality": "municipality"}  # fmt: skip
SCHEDULE_FIELDS = {"frequency": "frequency", "startDate": "start_date", "startTime": "start_time",
                   "endTime": "end_time", "until": "until", "skipDates": "skip"}  # fmt: skip
# The English texts a provider may have typed in the portal (issue 18) stay when an update leaves
# them out: most partner systems know only the Dutch texts. Sending "" clears them.
KEPT_WHEN_LEFT_OUT = {"nameEn", "summaryEn", "descriptionEn"}
KNOWN = {*SCALARS, "externalRef", "mainTheme", "themes", "venueId", "venue", "schedules", "submit"}
# Form field -> JSON name, for error messages in the partner's own terms.
BACK = {
    **{v: k for k, v in SCALARS.items()},
    "main_theme": "mainTheme",
    "themes": "themes",
    "venue": "venue",
    **{f"new_venue_{v}": f"venue.{k}" for k, v in VENUE_FIELDS.items()},
    "new_venue_name": "venue.name",
}


class Invalid(Exception):
    """The entry is refused; `fields` maps JSON names to Dutch messages."""

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class Refused(Exception):
    """The entry is valid but cannot be applied now (a withdrawn activity, a refused step)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Outcome:
    activity: Activity  # the row that holds the content (a pending change for a published one)
    created: bool
    changed: bool
    public: Activity | None = field(default=None)  # the published row, if there is one


def valid_ref(ref: object) -> str:
    if not isinstance(ref, str) or not REF_RE.fullmatch(ref):
        raise Invalid(
            _(
                "Geef een eigen kenmerk (externalRef): 1 tot 60 letters, cijfers of . _ ~ : @ -, "
                "beginnend met een letter of cijfer."
            ),
            {"externalRef": [_("Ongeldig of ontbreekt.")]},
        )
    return ref


def may_act(user: User, provider: Provider) -> bool:
    """What moderation.services will check: an active member of the organisation, or the
    coordinator."""
    return bool(user.is_active) and (user.is_staff or access.is_member(user, provider))


def find(provider: Provider, ref: str) -> Activity | None:
    """The organisation's own activity with this id (never a pending change, never another's)."""
    return (
        Activity.objects.filter(provider=provider, external_ref=ref, revision_of__isnull=True)
        .select_related("provider", "venue", "main_theme")
        .first()
    )


def _text(value: object, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str | Decimal):
        return str(value)
    raise Invalid(
        _("“%(name)s” moet een tekst, getal of waar/onwaar zijn.") % {"name": name},
        {name: [_("Verkeerd soort waarde.")]},
    )


def _theme_ids(value: object, name: str) -> list[str]:
    slugs = [value] if isinstance(value, str) else value
    if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
        raise Invalid(_("Thema's zijn een lijst van namen uit /api/v1/themes."), {name: []})
    found = dict(Theme.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise Invalid(
            _("Dit thema kennen we niet: %(slugs)s. Zie /api/v1/themes.")
            % {"slugs": ", ".join(unknown[:5])},
            {name: [_("Onbekend thema.")]},
        )
    return [str(found[s]) for s in slugs]


def _venue(provider: Provider, data: dict[str, Any], form: QueryDict) -> None:
    """A venue by id (one of the organisation's), or by name and place: an existing one of the
    organisation with that name and place is used again, else the form makes a new one."""
    if data.get("venueId") is not None:
        form["venue"] = _text(data["venueId"], "venueId")
    venue = data.get("venue")
    if venue is None:
        return
    if not isinstance(venue, dict) or set(venue) - set(VENUE_FIELDS):
        raise Invalid(
            _("“venue” heeft de velden name, address, postcode, place en municipality."),
            {"venue": [_("Verkeerde vorm.")]},
        )
    values = {key: _text(venue.get(key), f"venue.{key}").strip() for key in VENUE_FIELDS}
    for key, target in VENUE_FIELDS.items():
        longest = cast("models.Field[Any, Any]", Venue._meta.get_field(target)).max_length or 0
        if len(values[key]) > longest:
            raise Invalid(
                _("“venue.%(name)s” is te lang: hoogstens %(n)d tekens.")
                % {"name": key, "n": longest},
                {f"venue.{key}": [_("Te lang.")]},
            )
    same = Venue.objects.filter(
        provider=provider, name__iexact=values["name"], place__iexact=values["place"]
    ).first()
    if same is not None:
        form["venue"] = str(same.pk)
        return
    for key, target in VENUE_FIELDS.items():
        form[f"new_venue_{target}"] = values[key]


def _schedules(value: object, existing: list[Schedule]) -> list[Schedule]:
    if value is None:
        value = []
    if not isinstance(value, list) or len(value) > MAX_SCHEDULES:
        raise Invalid(
            _("“schedules” is een lijst van hoogstens %(n)d data of reeksen.")
            % {"n": MAX_SCHEDULES},
            {"schedules": []},
        )
    result, errors = [], {}
    for n, item in enumerate(value):
        if not isinstance(item, dict) or set(item) - set(SCHEDULE_FIELDS):
            raise Invalid(
                _("Elke datum heeft de velden %(names)s.") % {"names": ", ".join(SCHEDULE_FIELDS)},
                {f"schedules[{n}]": []},
            )
        data = QueryDict(mutable=True)
        for key, target in SCHEDULE_FIELDS.items():
            raw = item.get(key)
            if key == "skipDates":
                days = raw or []
                if not isinstance(days, list) or not all(isinstance(d, str) for d in days):
                    raise Invalid(
                        _("“skipDates” is een lijst van datums."), {f"schedules[{n}]": []}
                    )
                data[target] = ", ".join(days)
            else:
                data[target] = _text(raw, f"schedules[{n}].{key}")
        if not data.get("frequency"):
            data["frequency"] = Schedule.Frequency.ONCE
        form = ScheduleForm(data, instance=Schedule())
        if not form.is_valid():
            back = {v: k for k, v in SCHEDULE_FIELDS.items()}
            for name, messages in form.errors.items():
                label = f"schedules[{n}].{back.get(name, name)}"
                errors[label] = [str(m) for m in messages]
            continue
        schedule = form.save(commit=False)
        if n < len(existing):  # the same series keeps its id (and its calendar UID)
            schedule.pk, schedule.activity = existing[n].pk, existing[n].activity
        result.append(schedule)
    if errors:
        raise Invalid(_("Niet alle data kloppen."), errors)
    return result


def _field(name: str) -> models.Field[Any, Any]:
    return cast("models.Field[Any, Any]", Activity._meta.get_field(name))  # plain columns only


def check(
    provider: Provider, data: object, stored: Activity | None
) -> tuple[ActivityForm, list[Schedule]]:
    """The portal's form filled with the entry and checked, and its dates. Raises Invalid."""
    if not isinstance(data, dict):
        raise Invalid(_("Stuur één activiteit als JSON-object."))
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        raise Invalid(
            _("Deze velden kennen we niet: %(names)s.") % {"names": ", ".join(unknown[:10])},
            {name: [_("Onbekend veld.")] for name in unknown[:10]},
        )
    form_data = QueryDict(mutable=True)
    for key, target in SCALARS.items():
        if key in data:
            form_data[target] = _text(data[key], key)
        elif key in KEPT_WHEN_LEFT_OUT and stored is not None:  # a system that knows no English
            form_data[target] = getattr(stored, target)
        elif (model_field := _field(target)).has_default():  # left out: the model's default
            form_data[target] = _text(model_field.get_default(), key)
    main = data.get("mainTheme")
    if main not in (None, ""):
        if not isinstance(main, str):
            raise Invalid(_("“mainTheme” is één thema uit /api/v1/themes."), {"mainTheme": []})
        form_data["main_theme"] = _theme_ids([main], "mainTheme")[0]
    form_data.setlist("themes", _theme_ids(data.get("themes") or [], "themes"))
    _venue(provider, data, form_data)
    existing = list(stored.schedules.order_by("start_date", "start_time", "pk")) if stored else []
    schedules = _schedules(data.get("schedules"), existing)
    form = ActivityForm(
        form_data, instance=stored or Activity(provider=provider), provider=provider
    )
    if not form.is_valid():
        fields = {
            BACK.get(name, name): [str(m) for m in messages]
            for name, messages in form.errors.items()
        }
        raise Invalid(
            _("De activiteit klopt nog niet. Kijk bij de velden wat er anders moet."), fields
        )
    return form, schedules


def save(
    *, provider: Provider, ref: str, data: Any, by: User, via: str, submit: bool = True
) -> Outcome:
    """Create or update the organisation's activity with this id, through moderation.services (with
    its audit row, `via` as the note), then hand it in for review unless `submit` is False (a
    verified organisation's is published at once, as in the portal)."""
    stored = find(provider, ref)
    if stored is not None and stored.status == S.ARCHIVED:
        raise Refused(
            _("Deze activiteit is teruggetrokken. Gebruik een nieuw eigen kenmerk."), "withdrawn"
        )
    form, schedules = check(provider, data, stored)
    themes = list(form.cleaned_data.get("themes") or [])
    activity = form.save(commit=False)
    activity.external_ref = ref
    if stored is None:
        saved = lifecycle.activity_create(
            activity=activity, themes=themes, schedules=schedules, by=by, message=via
        )
        changed = True
    else:
        rows = Activity.objects.filter(pk=stored.pk) | Activity.objects.filter(revision_of=stored)
        versions = dict(rows.values_list("pk", "version"))
        saved = lifecycle.activity_edit(
            activity=activity, themes=themes, schedules=schedules, by=by, message=via
        )
        changed = versions.get(saved.pk) != saved.version
    if submit and saved.status in lifecycle.SUBMITTABLE and (changed or saved.status == S.DRAFT):
        try:
            saved = lifecycle.activity_submit(activity=saved, by=by)
        except lifecycle.ModerationError as error:
            raise Refused(str(error), "refused") from error
    public = find(provider, ref)
    return Outcome(
        activity=saved,
        created=stored is None,
        changed=changed,
        public=public if public and public.status == S.PUBLISHED else None,
    )


def withdraw(*, provider: Provider, ref: str, by: User, via: str) -> Activity | None:
    """Take the organisation's activity with this id off the site; None if it has none."""
    stored = find(provider, ref)
    if stored is None:
        return None
    return lifecycle.activity_withdraw(activity=stored, by=by, message=via)
