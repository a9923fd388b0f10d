"""Every e-mail of the newsletter: subject/text/html templates in Dutch, like portal/emails.py.

Links are absolute with settings.SITE_URL, because mails also go out from management commands
(retries, the newsletter itself) where there is no request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from newsletter.models import Issue, Subscriber
from outbox import mail
from techniekkaart import sanitise

# The tags a newsletter mail may hold: no images (mail programs block them), but breaks and rules.
MAIL_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h2", "h3",
             "h4", "blockquote", "hr"}  # fmt: skip


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_headers(link: str) -> dict[str, str]:
    """RFC 2369 + RFC 8058: mail programs show an "afmelden" button that POSTs to the link."""
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def build(
    template: str,
    to: str,
    context: dict[str, Any],
    *,
    subject: str = "",
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """Rendered like every mail of the site (outbox.mail.render); sent by the caller, which
    decides what a refusal means (newsletter sends are claimed and retried, not queued)."""
    return mail.render(
        f"newsletter/email/{template}", [to], context, subject=subject, headers=headers
    )


def confirmation(subscriber: Subscriber, token: str) -> EmailMultiAlternatives:
    """No unsubscribe here: nothing is subscribed yet. The text says what to do if it was not you."""
    link = absolute(reverse("newsletter:confirm", args=[token]))
    return build("confirm", subscriber.email, {"link": link, "subscriber": subscriber})


def already_subscribed(subscriber: Subscriber, unsubscribe_link: str) -> EmailMultiAlternatives:
    return build(
        "already_subscribed",
        subscriber.email,
        {"unsubscribe_link": unsubscribe_link},
        headers=unsubscribe_headers(unsubscribe_link),
    )


def issue(issue: Issue, subscriber: Subscriber, unsubscribe_link: str) -> EmailMultiAlternatives:
    """The HTML is cleaned again here (it was when saved): a row written by a command or an older
    version is still safe to mail."""
    body_html = sanitise.clean_html(issue.body_html, tags=MAIL_TAGS) if issue.body_html else ""
    return build(
        "issue",
        subscriber.email,
        {
            "issue": issue,
            "body_html": body_html,
            "subscriber": subscriber,
            "unsubscribe_link": unsubscribe_link,
        },
        subject=issue.subject,
        headers=unsubscribe_headers(unsubscribe_link),
    )
