"""Every e-mail of the portal: one function each, with subject/text/html templates in Dutch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from outbox import mail

if TYPE_CHECKING:
    from catalogue.models import Activity


def send(template: str, to: list[str], context: dict[str, Any]) -> None:
    mail.send(mail.render(f"portal/email/{template}", to, context))


def verify_email(*, to: str, link: str, organisation: str) -> None:
    send("verify", [to], {"link": link, "organisation": organisation})


def already_registered(*, to: str, login: str, reset: str) -> None:
    send("already_registered", [to], {"login": login, "reset": reset})


def invite_colleague(*, to: str, link: str, organisation: str, inviter: str) -> None:
    send("invite", [to], {"link": link, "organisation": organisation, "inviter": inviter})


def still_on(*, to: list[str], link: str, organisation: str, activities: list[Activity]) -> None:
    send("still_on", to, {"link": link, "organisation": organisation, "activities": activities})
