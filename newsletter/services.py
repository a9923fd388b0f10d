"""The newsletter life cycle: sign up, confirm, unsubscribe, clean up, and send an issue.

Sign-ups are saved first, in their own transaction, and only then mailed: if the mail server is
down the sign-up is kept with confirmation_sent_at empty and ``send_newsletter`` mails it later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from markdown_it import MarkdownIt

from newsletter import emails
from newsletter.consent import FORM_VERSION
from newsletter.models import (
    NO_ROLE,
    Delivery,
    Issue,
    Subscriber,
    recipient_choices,
    token_hash,
)
from outbox import mail
from techniekkaart import sanitise, spreadsheet

log = logging.getLogger(__name__)

CONFIRM_VALID = dt.timedelta(hours=48)
UNCONFIRMED_KEPT = dt.timedelta(days=14)
# A claim older than this without sent_at belongs to a sender that stopped mid-mail (a mail takes
# at most EMAIL_TIMEOUT seconds, so no live sender holds a claim this long).
STALE_CLAIM = dt.timedelta(minutes=10)

ALLOWED_TAGS = emails.MAIL_TAGS


def clean_html(html: str) -> str:
    """The coordinator's HTML for a mail: the site's one sanitiser (techniekkaart/sanitise.py) with the
    mail's tags; links get rel=noopener."""
    if not html.strip():
        return ""
    return sanitise.clean_html(html, tags=ALLOWED_TAGS)


# The coordinator's text format: CommonMark without raw HTML (typed tags come out as text), images
# or code blocks; a single line break stays a line break.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
    ["image", "code", "fence", "html_block", "html_inline"]
)
_HEADING = re.compile(r"<(/?)h([1-6])>")


def _heading_level(match: re.Match[str]) -> str:
    """# and ## become h2 (h1 is the mail's subject), ### h3, deeper h4: the levels a mail allows."""
    level = min(max(int(match.group(2)), 2), 4)
    return f"<{match.group(1)}h{level}>"


def render_text(text: str) -> str:
    """The mail's HTML from the coordinator's text: Markdown, then the site's sanitiser, so the
    result never holds more than clean_html allows whatever the text contains."""
    if not text.strip():
        return ""
    return clean_html(_HEADING.sub(_heading_level, _MARKDOWN.render(text)))


def recipients(issue: Issue) -> QuerySet[Subscriber]:
    """Confirmed subscribers in the roles the issue is for (no roles chosen: all of them)."""
    queryset = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
    roles = [role for role in issue.roles if isinstance(role, str)] if issue.roles else []
    if not roles:
        return queryset
    chosen = Q(role__in=[r for r in roles if r != NO_ROLE])
    if NO_ROLE in roles:
        chosen |= Q(role="")
    return queryset.filter(chosen)


def roles_label(issue: Issue) -> str:
    """The chosen roles in words, for the admin."""
    labels = dict(recipient_choices())
    if not issue.roles:
        return "Alle abonnees"
    return ", ".join(str(labels[r]) for r in issue.roles if r in labels)


def test_message(issue: Issue, to: str) -> EmailMultiAlternatives:
    """Exactly the mail a subscriber gets, to the coordinator, with "[TEST]" before the subject.
    The afmeldlink points to the sign-up page: a test address is not a subscriber."""
    stand_in = Subscriber(email=to)
    message = emails.issue(issue, stand_in, emails.absolute(reverse("newsletter:sign-up")))
    message.subject = f"[TEST] {message.subject}"
    return message


def send_test(issue: Issue, to: str) -> bool:
    """Through the outbox: if the mail server is down the test waits there, nothing is lost.
    True when it went out at once."""
    return mail.send(test_message(issue, to))


def normalise_email(email: str) -> str:
    return email.strip().lower()


# --- unsubscribe links -------------------------------------------------------------------------


def _unsubscribe_mac(subscriber: Subscriber) -> str:
    key = f"newsletter.unsubscribe:{settings.SECRET_KEY}".encode()
    value = f"{subscriber.pk}:{normalise_email(subscriber.email)}".encode()
    return hmac.new(key, value, hashlib.sha256).hexdigest()[:40]


def unsubscribe_token(subscriber: Subscriber) -> str:
    """Never expires (old mails must keep working) and holds no address: "<id>-<hmac>"."""
    return f"{subscriber.pk}-{_unsubscribe_mac(subscriber)}"


def unsubscribe_link(subscriber: Subscriber) -> str:
    return emails.absolute(reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)]))


def subscriber_for_unsubscribe(token: str) -> Subscriber | None:
    pk, _, mac = token.partition("-")
    if not pk.isascii() or not pk.isdigit() or len(pk) > 18:
        return None
    subscriber = Subscriber.objects.filter(pk=int(pk)).first()
    if subscriber is None or not hmac.compare_digest(_unsubscribe_mac(subscriber), mac):
        return None
    return subscriber


def unsubscribe(subscriber: Subscriber) -> None:
    """Stops every mail at once (the sender checks the status per mail). Keeps only the address
    and the times, so an old link still says "afgemeld"; name, organisation and role go."""
    Subscriber.objects.filter(pk=subscriber.pk).exclude(
        status=Subscriber.Status.UNSUBSCRIBED
    ).update(
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=timezone.now(),
        name="",
        organisation="",
        role="",
        token_hash="",
        token_created_at=None,
    )


# --- sign up and confirm -----------------------------------------------------------------------


@dataclass(frozen=True)
class SignUp:
    subscriber: Subscriber
    already_confirmed: bool


def sign_up(*, email: str, name: str = "", organisation: str = "", role: str = "") -> SignUp:
    """Saves the sign-up (new, again while pending, or again after unsubscribing) as pending.

    A confirmed address is left as it is. The caller mails afterwards (see ``mail_sign_up``), so a
    mail server that is down never loses a sign-up."""
    email = normalise_email(email)
    now = timezone.now()
    details = {"name": name.strip(), "organisation": organisation.strip(), "role": role}
    for _attempt in range(2):  # a parallel sign-up for the same address may win the insert
        try:
            with transaction.atomic():
                subscriber = (
                    Subscriber.objects.select_for_update().filter(email__iexact=email).first()
                )
                if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
                    return SignUp(subscriber, already_confirmed=True)
                if subscriber is None:
                    subscriber = Subscriber(email=email)
                for field, value in details.items():
                    setattr(subscriber, field, value)
                subscriber.status = Subscriber.Status.PENDING
                subscriber.signed_up_at = now
                subscriber.form_version = FORM_VERSION
                subscriber.confirmed_at = None
                subscriber.unsubscribed_at = None
                subscriber.confirmation_sent_at = None
                subscriber.save()
                return SignUp(subscriber, already_confirmed=False)
        except IntegrityError:
            continue
    raise RuntimeError("sign-up kept colliding")  # pragma: no cover


def mail_sign_up(result: SignUp) -> bool:
    """The confirmation mail, or for a confirmed address a note that they are already subscribed.
    False if the mail server did not take it (the confirmation is retried by send_newsletter)."""
    if result.already_confirmed:
        subscriber = result.subscriber
        try:
            emails.already_subscribed(subscriber, unsubscribe_link(subscriber)).send()
        except Exception:
            log.exception(
                "newsletter: 'already subscribed' mail to subscriber %s failed", subscriber.pk
            )
            return False
        return True
    return send_confirmation(result.subscriber)


def send_confirmation(subscriber: Subscriber) -> bool:
    """A fresh single-use link (only its hash is stored), then the mail, then the mark."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    updated = Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.PENDING).update(
        token_hash=token_hash(token), token_created_at=now
    )
    if not updated:
        return False
    try:
        emails.confirmation(subscriber, token).send()
    except Exception:
        log.exception("newsletter: confirmation mail to subscriber %s failed", subscriber.pk)
        return False
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=timezone.now())
    return True


def send_pending_confirmations(*, limit: int = 500) -> tuple[int, int]:
    """Confirmation mails that did not go out (mail server down). Stops at the first failure:
    the server is probably still down, the next run tries again. Returns (sent, failed)."""
    cutoff = timezone.now() - UNCONFIRMED_KEPT
    waiting = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING,
        confirmation_sent_at__isnull=True,
        signed_up_at__gte=cutoff,
    ).order_by("signed_up_at")[:limit]
    sent = 0
    for subscriber in waiting:
        if not send_confirmation(subscriber):
            return sent, 1
        sent += 1
    return sent, 0


def _pending_for_token(token: str, *, lock: bool = False) -> Subscriber | None:
    if not token or len(token) > 100:
        return None
    queryset = Subscriber.objects.filter(
        token_hash=token_hash(token),
        status=Subscriber.Status.PENDING,
        token_created_at__gte=timezone.now() - CONFIRM_VALID,
    )
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


def subscriber_for_confirmation(token: str) -> Subscriber | None:
    """The pending subscriber this link is for, or None if the link is wrong, used or expired."""
    return _pending_for_token(token)


@transaction.atomic
def confirm(token: str) -> Subscriber | None:
    """Confirms once: the token hash is cleared in the same update."""
    subscriber = _pending_for_token(token, lock=True)
    if subscriber is None:
        return None
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.confirmed_at = timezone.now()
    subscriber.token_hash = ""
    subscriber.token_created_at = None
    subscriber.save(update_fields=["status", "confirmed_at", "token_hash", "token_created_at"])
    return subscriber


def delete_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Sign-ups nobody confirmed within 14 days are removed completely."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_KEPT
    deleted, _ = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, signed_up_at__lt=cutoff
    ).delete()
    return deleted


# --- the coordinator's side --------------------------------------------------------------------


def role_counts() -> list[tuple[str, int]]:
    """Confirmed subscribers per role, every role listed (also with 0), then "niet ingevuld"."""
    counts = dict(
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
        .values_list("role")
        .annotate(n=Count("pk"))
        .values_list("role", "n")
    )
    rows = [(str(label), counts.get(value, 0)) for value, label in Subscriber.Role.choices]
    rows.append(("Niet ingevuld", counts.get("", 0)))
    return rows


def status_counts() -> dict[str, int]:
    counts = dict(
        Subscriber.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {value: counts.get(value, 0) for value in Subscriber.Status.values}


def csv_safe(value: object) -> str:
    """Spreadsheet programs run cells (and ;-pieces of cells) that start with = + - @ as formulas."""
    return spreadsheet.safe_cell(value)


def _when(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def confirmed_rows() -> Iterator[list[str]]:
    """The coordinator's export: a header, then one row per confirmed subscriber."""
    yield ["e-mailadres", "naam", "organisatie", "rol", "aangemeld op", "bevestigd op",
           "versie formuliertekst"]  # fmt: skip
    for s in Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).order_by("email"):
        yield [s.email, s.name, s.organisation, s.get_role_display() if s.role else "",
               _when(s.signed_up_at), _when(s.confirmed_at), s.form_version]  # fmt: skip


def confirmed_csv() -> str:
    return spreadsheet.csv_text(confirmed_rows())


def confirmed_xlsx() -> bytes:
    return spreadsheet.xlsx_bytes(confirmed_rows(), title="abonnees")


def queue(issue: Issue) -> bool:
    """Draft -> queued; the send_newsletter command does the sending."""
    return bool(
        Issue.objects.filter(pk=issue.pk, status=Issue.Status.DRAFT).update(
            status=Issue.Status.QUEUED, queued_at=timezone.now()
        )
    )


def issue_counts(issue: Issue) -> dict[str, int]:
    counts = issue.deliveries.aggregate(
        n_sent=Count("pk", filter=Q(sent_at__isnull=False)),
        n_uncertain=Count("pk", filter=Q(uncertain=True)),
        n_busy=Count("pk", filter=Q(sent_at__isnull=True, uncertain=False)),
    )
    return {key.removeprefix("n_"): value for key, value in counts.items()}


# --- sending an issue --------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: int = 0
    finished: bool = False
    failed: bool = False


def _claim(issue: Issue, subscriber_pk: int) -> tuple[Delivery, Subscriber] | None:
    """Claims one mail: re-reads the subscriber (an unsubscribe a second ago counts) and inserts
    the Delivery row; a parallel sender that got there first makes the insert fail."""
    try:
        with transaction.atomic():
            subscriber = recipients(issue).select_for_update().filter(pk=subscriber_pk).first()
            if subscriber is None:
                return None
            delivery = Delivery.objects.create(
                issue=issue, subscriber=subscriber, claimed_at=timezone.now()
            )
    except IntegrityError:
        return None
    return delivery, subscriber


def mark_stale_claims(issue: Issue, *, now: dt.datetime | None = None) -> int:
    """The rule for the crash window between "mail sent" and "marked sent": such a mail is
    counted as uncertain and NOT sent again (at most once: nobody gets an issue twice). Only the
    one mail a sender was busy with when it stopped can be affected, and the admin shows it."""
    cutoff = (now or timezone.now()) - STALE_CLAIM
    return issue.deliveries.filter(
        sent_at__isnull=True, uncertain=False, claimed_at__lt=cutoff
    ).update(uncertain=True)


def send_issue(
    issue: Issue, *, batch_size: int = 100, limit: int | None = None, now: dt.datetime | None = None
) -> SendResult:
    """Sends a queued issue to every confirmed subscriber that does not have it yet.

    Resumable: each mail is claimed (Delivery row) right before it goes out and marked sent right
    after, each in its own transaction, so a run that stops can simply be started again. A mail
    the server refused is un-claimed and the run stops (the server is probably down); the next
    run sends it. ``limit`` stops after that many mails (bounded runs)."""
    result = SendResult()
    Issue.objects.filter(pk=issue.pk, status=Issue.Status.QUEUED).update(
        status=Issue.Status.SENDING
    )
    mark_stale_claims(issue, now=now)
    while True:
        batch = list(
            recipients(issue)
            .exclude(deliveries__issue=issue)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            break
        with get_connection() as connection:
            for pk in batch:
                if limit is not None and result.sent >= limit:
                    return result
                claimed = _claim(issue, pk)
                if claimed is None:
                    continue
                delivery, subscriber = claimed
                message = emails.issue(issue, subscriber, unsubscribe_link(subscriber))
                message.connection = connection
                try:
                    message.send()
                except Exception:
                    log.exception("newsletter: issue %s to subscriber %s failed", issue.pk, pk)
                    Delivery.objects.filter(pk=delivery.pk).delete()
                    result.failed = True
                    return result
                Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
                result.sent += 1
    if not issue.deliveries.filter(sent_at__isnull=True, uncertain=False).exists():
        result.finished = bool(
            Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
                status=Issue.Status.SENT, sent_at=timezone.now()
            )
        )
    return result


def issues_to_send() -> list[Issue]:
    return list(
        Issue.objects.filter(status__in=[Issue.Status.QUEUED, Issue.Status.SENDING]).order_by(
            "queued_at", "pk"
        )
    )
