"""Newsletter subscribers (double opt-in), issues written by the coordinator, and deliveries.

A Delivery row is the claim "this subscriber gets (or got) this issue": the unique pair
(issue, subscriber) is what makes a resumed or doubled send never mail anyone twice.
"""

from __future__ import annotations

import hashlib

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def token_hash(token: str) -> str:
    """Only this hash of a confirmation token is stored: a copy of the database cannot confirm."""
    return hashlib.sha256(token.encode()).hexdigest()


class Subscriber(models.Model):
    class Role(models.TextChoices):
        PARENT = "ouder", _("Ouder of verzorger")
        TEACHER = "leraar", _("Leraar")
        PROVIDER = "aanbieder", _("Aanbieder of bedrijf")
        GOVERNMENT = "gemeente", _("Gemeente of overheid")
        OTHER = "anders", _("Anders")

    class Status(models.TextChoices):
        PENDING = "pending", _("Nog niet bevestigd")
        CONFIRMED = "confirmed", _("Aangemeld")
        UNSUBSCRIBED = "unsubscribed", _("Afgemeld")

    email = models.EmailField(_("e-mailadres"), max_length=254)
    name = models.CharField(_("naam"), max_length=120, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=120, blank=True)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # Consent record: when the visitor signed up, with which form text, and when they confirmed.
    signed_up_at = models.DateTimeField(_("aangemeld op"))
    form_version = models.CharField(_("versie van de formuliertekst"), max_length=20)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    # The confirmation link: only a hash, made when the mail goes out, cleared when used.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_created_at = models.DateTimeField(null=True, blank=True)
    # Empty while the confirmation mail has not gone out (e.g. the mail server was down).
    confirmation_sent_at = models.DateTimeField(
        _("bevestigingsmail verstuurd"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("abonnee")
        verbose_name_plural = _("abonnees")
        ordering = ["-signed_up_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique")
        ]

    def __str__(self) -> str:
        return self.email


# "Geen rol ingevuld": subscribers who left the role empty, a group of their own in the recipients.
NO_ROLE = "geen"


def recipient_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Subscriber.Role.choices] + [
        (NO_ROLE, str(_("Geen rol ingevuld")))
    ]


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        QUEUED = "queued", _("Klaar om te verzenden")
        SENDING = "sending", _("Wordt verzonden")
        SENT = "sent", _("Verzonden")

    subject = models.CharField(_("onderwerp"), max_length=150)
    body_text = models.TextField(
        _("tekst"),
        help_text=_(
            "Gewone tekst; een lege regel begint een nieuwe alinea. Opmaak: ## Kopje, **vet**, "
            "*schuin*, een regel die begint met - of 1. wordt een lijstje, [tekst](https://...) "
            "een link. Iedere mail bevat deze tekst, de opgemaakte versie wordt ervan gemaakt."
        ),
    )
    body_html = models.TextField(
        _("opgemaakte tekst (HTML)"),
        blank=True,
        help_text=_(
            "Niet verplicht. Alleen eenvoudige opmaak (kopjes, vet, lijsten, links) blijft staan. "
            "Leeg: de gewone tekst wordt gebruikt."
        ),
    )
    # Role values (Subscriber.Role, or NO_ROLE) that receive this issue; empty: every subscriber.
    roles = models.JSONField(_("ontvangers"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    queued_at = models.DateTimeField(_("klaargezet op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("klaar met verzenden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("nieuwsbrief")
        verbose_name_plural = _("nieuwsbrieven")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def save(self, *args, **kwargs) -> None:
        from newsletter.services import clean_html

        self.subject = " ".join(self.subject.split())  # a line break would break the header
        self.body_html = clean_html(self.body_html)
        super().save(*args, **kwargs)


class Delivery(models.Model):
    """Claimed (claimed_at) just before the mail goes out, marked sent_at right after.

    A claim without sent_at that is older than a few minutes means the sender stopped between the
    two steps; see newsletter.services.send_issue for the rule (it is not sent again)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    uncertain = models.BooleanField(
        _("onzeker"),
        default=False,
        help_text=_("Het verzenden stopte halverwege deze mail; hij is niet opnieuw verstuurd."),
    )

    class Meta:
        verbose_name = _("verzending")
        verbose_name_plural = _("verzendingen")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.issue} → {self.subscriber}"
