"""Every e-mail of moderation: one function each, with subject/text/html templates in Dutch.

Links are built from settings.SITE_URL because the services that send these run outside a request
(admin actions, commands) as well as inside one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from catalogue.models import Activity
from outbox import mail


def send(template: str, to: list[str], context: dict[str, Any]) -> None:
    if not to:
        return
    message = mail.render(f"moderation/email/{template}", to, context)
    message.subject = " ".join(message.subject.split())  # a title with a line break
    mail.send(message)


def _links(activity: Activity) -> dict[str, str]:
    site = settings.SITE_URL.rstrip("/")
    return {
        "public_url": site + activity.get_absolute_url(),
        "edit_url": site + reverse("portal:activity-edit", args=[activity.slug]),
    }


def activity_approved(*, activity: Activity, to: list[str]) -> None:
    send("approved", to, {"activity": activity, **_links(activity)})


def activity_rejected(*, activity: Activity, to: list[str], reason: str) -> None:
    send("rejected", to, {"activity": activity, "reason": reason, **_links(activity)})


def activity_changes_requested(*, activity: Activity, to: list[str], reason: str) -> None:
    send("changes_requested", to, {"activity": activity, "reason": reason, **_links(activity)})
