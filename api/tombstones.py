"""Tombstones: what a harvester that syncs with `updated_since` must remove.

/api/v1/activities?updated_since=T answers the activities changed since T and, among its results,
{"id": ..., "deleted": true, "dateDeleted": ...} for each activity that was in the selection and
is no longer: deleted (catalogue.RemovedActivity, written on every delete), withdrawn, archived,
taken back to draft or otherwise not public any more (its `updated` moved), its last date passed,
its "still on" confirmation ran out, or it no longer matches the filters. Only activities that were
ever public are told about, so a draft's id never leaves. Told for at least RETENTION_DAYS: a
harvester that did not sync for longer fetches everything again (documented in api/openapi.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, Max, OuterRef, Q

from catalogue.models import Activity, RemovedActivity
from catalogue.recurrence import AMSTERDAM
from moderation.models import PUBLICATIONS, AuditLog

RETENTION_DAYS = 90

S = Activity.Status


def since(moment: dt.datetime, now: dt.datetime, kept: set[int]) -> dict[int, dict[str, Any]]:
    """Tombstones by activity id, for what left the selection since `moment` (`kept`: the ids in
    the selection now, which never get one)."""
    gone: dict[int, dt.datetime] = {}

    def add(pk: int, when: dt.datetime | None) -> None:
        if pk in kept or when is None:
            return
        gone[pk] = max(gone.get(pk, when), when)

    was_public = Q(status__in=[S.PUBLISHED, S.ARCHIVED]) | Exists(
        AuditLog.objects.filter(activity=OuterRef("pk"), action__in=PUBLICATIONS)
    )
    rows = Activity.objects.filter(revision_of__isnull=True).filter(was_public)
    for pk, updated in rows.filter(updated__gte=moment).values_list("pk", "updated"):
        add(pk, updated)  # changed since: left the public set, or no longer matches the filters
    dated = rows.filter(status=S.PUBLISHED, availability=Activity.Availability.DATES)
    last_dates = dated.annotate(last=Max("occurrences__start")).filter(
        last__gte=moment,
        last__lt=now,
        created__lt=F("last"),  # was public before it passed
    )
    for pk, last in last_dates.values_list("pk", "last"):
        add(pk, last)  # its last date began: no coming date left
    confirm = dt.timedelta(days=settings.CONFIRM_EVERY_DAYS)
    lapsed = rows.filter(status=S.PUBLISHED).exclude(availability=Activity.Availability.DATES)
    lapsed = lapsed.filter(
        last_confirmed__gte=(moment - confirm - dt.timedelta(days=1)).date(),
        last_confirmed__lt=(now - confirm).date(),
    )
    for pk, confirmed in lapsed.values_list("pk", "last_confirmed"):
        if confirmed is None:
            continue
        # Not confirmed in time: off the site from local midnight after the last day it counts.
        day = confirmed + confirm + dt.timedelta(days=1)
        when = dt.datetime.combine(day, dt.time(), tzinfo=AMSTERDAM)
        if moment <= when <= now:
            add(pk, when)
    deleted = RemovedActivity.objects.filter(removed__gte=moment).exclude(
        slug=""
    )  # "": never shown
    for pk, removed in deleted.values_list("activity_id", "removed"):
        add(pk, removed)
    return {
        pk: {"id": pk, "deleted": True, "dateDeleted": when.isoformat()}
        for pk, when in gone.items()
    }
