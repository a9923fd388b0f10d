"""Every e-mail of the portal: one function each, with subject/text/html templates in Dutch."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send(template: str, to: list[str], context: dict) -> None:
    base = f"portal/email/{template}"
    context = {"site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=render_to_string(f"{base}_subject.txt", context).strip(),
        body=render_to_string(f"{base}.txt", context),
        to=to,
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    message.send()


def verify_email(*, to: str, link: str, organisation: str) -> None:
    send("verify", [to], {"link": link, "organisation": organisation})


def already_registered(*, to: str, login: str, reset: str) -> None:
    send("already_registered", [to], {"login": login, "reset": reset})


def invite_colleague(*, to: str, link: str, organisation: str, inviter: str) -> None:
    send("invite", [to], {"link": link, "organisation": organisation, "inviter": inviter})


def still_on(*, to: list[str], link: str, organisation: str, activities: list) -> None:
    send("still_on", to, {"link": link, "organisation": organisation, "activities": activities})
