"""What the dashboard puts first, and which actions fit an organisation. Plain functions over the
activities the dashboard has already loaded (no extra queries), plus one query for keuzevakken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

from catalogue.models import Activity, Provider
from electives.models import Module

# Who manages keuzevakken: a module's owner is "aanbieder (mbo-school)" (electives.models.Module),
# and vmbo schools (secondary) offer their own. Any organisation that already owns a module keeps
# the link too.
ELECTIVE_KINDS = frozenset({Provider.Kind.MBO, Provider.Kind.SECONDARY_SCHOOL})


@dataclass
class Attention:
    """One organisation's activities that wait for its people, most urgent first."""

    changes_requested: list[Activity] = field(default_factory=list)
    to_confirm: list[Activity] = field(default_factory=list)
    hidden_until_confirmed: list[Activity] = field(default_factory=list)
    drafts: list[Activity] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.changes_requested or self.to_confirm or self.hidden_until_confirmed or self.drafts
        )


def attention(activities: Iterable[Activity], today: dt.date) -> Attention:
    remind_from = today - dt.timedelta(
        days=settings.CONFIRM_EVERY_DAYS - settings.CONFIRM_REMIND_DAYS
    )
    hidden_from = today - dt.timedelta(days=settings.CONFIRM_EVERY_DAYS)
    found = Attention()
    for activity in activities:
        if activity.status == Activity.Status.CHANGES_REQUESTED:
            found.changes_requested.append(activity)
        elif activity.status == Activity.Status.DRAFT:
            found.drafts.append(activity)
        elif activity.status == Activity.Status.PUBLISHED and activity.is_ongoing:
            confirmed = activity.last_confirmed
            if confirmed is None or confirmed < hidden_from:
                found.hidden_until_confirmed.append(activity)
            elif confirmed <= remind_from:
                found.to_confirm.append(activity)
    return found


def elective_providers(providers: list[Provider]) -> set[int]:
    """The ids of the organisations that are offered keuzevakken management."""
    owners = set(
        Module.objects.filter(provider__in=providers).values_list("provider_id", flat=True)
    )
    return {p.pk for p in providers if p.kind in ELECTIVE_KINDS or p.pk in owners}
