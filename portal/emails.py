"""Every e-mail of the portal: one function each, with subject/text/html templates in Dutch."""

from __future__ import annotations

from outbox import mail


def send(template: str, to: list[str], context: dict) -> None:
    mail.send(mail.render(f"portal/email/{template}", to, context))


def verify_email(*, to: str, link: str, organisation: str) -> None:
    send("verify", [to], {"link": link, "organisation": organisation})


def already_registered(*, to: str, login: str, reset: str) -> None:
    send("already_registered", [to], {"login": login, "reset": reset})


def invite_colleague(*, to: str, link: str, organisation: str, inviter: str) -> None:
    send("invite", [to], {"link": link, "organisation": organisation, "inviter": inviter})


def still_on(*, to: list[str], link: str, organisation: str, activities: list) -> None:
    send("still_on", to, {"link": link, "organisation": organisation, "activities": activities})
