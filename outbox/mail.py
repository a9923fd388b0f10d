"""Sending e-mail so that a mail server that is down loses nothing.

`send()` hands a message to Django's mail backend; when that fails (server down, refused,
timeout) the message is stored in QueuedMail and the caller carries on: a sign-up or a moderation
decision is never lost or turned into an error page because of the mail server.
`manage.py send_queued_mail` (run every few minutes) sends what is queued.

`render()` builds a message from the house's subject/text/html templates.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from outbox.models import QueuedMail

log = logging.getLogger(__name__)
MAIL_ERRORS = (OSError, smtplib.SMTPException)


def render(
    base: str,
    to: list[str],
    context: dict[str, Any],
    *,
    subject: str = "",
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """`base`_subject.txt (unless a subject is given), `base`.txt and `base`.html rendered with
    SITE_URL in the context."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = subject or render_to_string(f"{base}_subject.txt", context)
    message = EmailMultiAlternatives(
        # One line whatever a name held: a line break in a header is refused by Django at send.
        subject=" ".join(subject.split()),
        body=render_to_string(f"{base}.txt", context),
        to=to,
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    return message


def send(message: EmailMultiAlternatives) -> bool:
    """True when the mail server took the message; False when it is queued for later."""
    try:
        message.send()
    except MAIL_ERRORS as error:
        log.warning("mail queued, the mail server refused it: %s", error)
        QueuedMail.objects.create(
            to=list(message.to),
            subject=str(message.subject),  # may be a lazy translation
            body=str(message.body),
            html=_html(message),
            headers=dict(message.extra_headers),
            last_error=str(error)[:255],
        )
        return False
    return True


def _html(message: EmailMultiAlternatives) -> str:
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            return str(content)
    return ""


def send_queued(limit: int = 500) -> tuple[int, int]:
    """Try every queued message once, oldest first: (sent, still queued)."""
    sent = failed = 0
    for queued in QueuedMail.objects.all()[:limit]:
        message = EmailMultiAlternatives(
            subject=queued.subject, body=queued.body, to=queued.to, headers=queued.headers
        )
        if queued.html:
            message.attach_alternative(queued.html, "text/html")
        try:
            message.send()
        except MAIL_ERRORS as error:
            queued.attempts += 1
            queued.last_error = str(error)[:255]
            queued.save(update_fields=["attempts", "last_error"])
            failed += 1
            continue
        queued.delete()
        sent += 1
    return sent, failed
