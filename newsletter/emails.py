"""Every e-mail of the newsletter: subject/text/html templates in Dutch, like portal/emails.py.

Links are absolute with settings.SITE_URL, because mails also go out from management commands
(retries, the newsletter itself) where there is no request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from newsletter.models import Issue, Subscriber


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_headers(link: str) -> dict[str, str]:
    """RFC 2369 + RFC 8058: mail programs show an "afmelden" button that POSTs to the link."""
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def build(
    template: str, to: str, context: dict, *, subject: str = "", headers: dict | None = None
) -> EmailMultiAlternatives:
    base = f"newsletter/email/{template}"
    context = {"site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=subject or render_to_string(f"{base}_subject.txt", context).strip(),
        body=render_to_string(f"{base}.txt", context),
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    return message


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
    return build(
        "issue",
        subscriber.email,
        {"issue": issue, "subscriber": subscriber, "unsubscribe_link": unsubscribe_link},
        subject=issue.subject,
        headers=unsubscribe_headers(unsubscribe_link),
    )
