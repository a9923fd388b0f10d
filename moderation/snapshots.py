"""Snapshots of activities and providers as JSON for the audit log, and their differences in Dutch.

Snapshots hold plain JSON values only, so one taken now compares equal to one read back from the
log: the "what changed" of an edit is a comparison of two snapshots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from catalogue.models import Activity, Provider, Schedule, Theme


def field_value(obj: models.Model, field: models.Field[Any, Any]) -> Any:
    """One field as JSON: related objects by slug (themes) or id and name, the rest as text."""
    if field.is_relation:
        related = getattr(obj, field.name)
        if related is None:
            return None
        if isinstance(related, Theme):
            return related.slug
        return {"id": related.pk, "name": getattr(related, "name", str(related))}
    value = field.value_from_object(obj)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(field, models.DecimalField) and value is not None:  # 2, "2" and 2.00 alike
        return f"{field.to_python(value):.{field.decimal_places}f}"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _fields(obj: models.Model, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {
        f.name: field_value(obj, f)
        for f in obj._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in skip
    }


def activity_snapshot(activity: Activity) -> dict[str, Any]:
    """Everything a provider or coordinator can edit, as JSON, to store in the audit log."""
    schedules = activity.schedules.order_by("start_date", "start_time", "pk")
    return {
        **_fields(activity),
        "themes": sorted(activity.themes.values_list("slug", flat=True)),
        "schedules": [_fields(s, frozenset({"activity"})) for s in schedules],
    }


def content_snapshot(
    activity: Activity, themes: Sequence[Theme], schedules: Sequence[Schedule]
) -> dict[str, Any]:
    """activity_snapshot of an activity whose themes and schedules are in memory (a form or an
    import row not yet saved): equal to activity_snapshot once they are stored."""
    ordered = sorted(schedules, key=lambda s: (s.start_date, s.start_time, s.pk or 0))
    return {
        **_fields(activity),
        "themes": sorted(theme.slug for theme in themes),
        "schedules": [_fields(s, frozenset({"activity"})) for s in ordered],
    }


def provider_snapshot(provider: Provider) -> dict[str, Any]:
    return _fields(provider)


def _field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model: type[models.Model], name: str) -> str:
    if name == "schedules":
        return str(capfirst(Schedule._meta.verbose_name_plural))
    field = _field(model, name)
    return str(capfirst(field.verbose_name)) if field is not None else name


def _day(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d-%m-%Y")


def _schedule_text(schedule: dict[str, Any]) -> str:
    """One date ("04-12-2026, 10:00-12:00") or a series ("Elke week van ... t/m ...")."""
    values = {
        "frequency": Schedule.Frequency(schedule["frequency"]).label,
        "date": _day(schedule["start_date"]),
        "until": _day(schedule["until"]) if schedule.get("until") else "?",
        "start": schedule["start_time"][:5],
        "end": schedule["end_time"][:5],
    }
    if schedule["frequency"] == Schedule.Frequency.ONCE:
        return _("%(date)s, %(start)s-%(end)s") % values
    return _("%(frequency)s van %(date)s t/m %(until)s, %(start)s-%(end)s") % values


def _display(model: type[models.Model], name: str, value: Any) -> str:
    """A snapshot value as a coordinator reads it: choice labels, ja/nee, names, dates."""
    if value is None or value == "" or value == []:
        return "—"
    if name == "schedules":
        return "; ".join(_schedule_text(s) for s in value)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, dict):
        return str(value.get("name", value.get("id")))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    field = _field(model, name)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def snapshot_diff(
    before: dict[str, Any] | None,
    after: dict[str, Any],
    *,
    model: type[models.Model] = Activity,
    skip: frozenset[str] = frozenset(),
) -> list[tuple[str, str, str]]:
    """(Dutch label, old, new) for each field that differs; everything is new without `before`."""
    old = before or {}
    return [
        (_label(model, name), _display(model, name, old.get(name)), _display(model, name, new))
        for name, new in after.items()
        if name not in skip and old.get(name) != new
    ]
