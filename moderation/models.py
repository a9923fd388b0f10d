"""The audit log: who did what to which activity or provider, and when, with before and after.

Rows are only written by moderation.services (inside the same transaction as the change they
describe), with an action from a closed set, and never edited afterwards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.models import Activity, Provider


class AuditAction(models.TextChoices):
    """The closed set of what can happen to an activity or a provider; the database refuses any
    other value (constraint `auditlog_action_known`), so a typo cannot hide a change from
    `activity_changes()` or the feeds. moderation.services writes one per transition."""

    CREATED = "activity.created", _("Aangemaakt")
    CHANGED = "activity.changed", _("Gewijzigd")
    DUPLICATED = "activity.duplicated", _("Gekopieerd")
    SUBMITTED = "activity.submitted", _("Ingediend")
    APPROVED = "activity.approved", _("Goedgekeurd")
    REJECTED = "activity.rejected", _("Afgewezen")
    CHANGES_REQUESTED = "activity.changes_requested", _("Aanpassing gevraagd")
    PUBLISHED_DIRECTLY = "activity.published_directly", _("Direct gepubliceerd")
    CHANGED_BY_COORDINATOR = "activity.changed_by_coordinator", _("Gewijzigd door de coördinator")
    PUBLISHED_BY_COORDINATOR = (
        "activity.published_by_coordinator",
        _("Gepubliceerd door de coördinator"),
    )
    ARCHIVED = "activity.archived", _("Gearchiveerd")
    CONFIRMED = "activity.confirmed", _("Bevestigd: gaat nog door")
    DATE_CANCELLED = "activity.date_cancelled", _("Datum afgelast")
    DATE_POSTPONED = "activity.date_postponed", _("Datum uitgesteld")
    DATE_MOVED = "activity.date_moved", _("Datum verplaatst")
    DATE_RESTORED = "activity.date_restored", _("Datum gaat toch door")
    PROVIDER_CHANGED = "provider.changed", _("Aanbieder gewijzigd")
    WITHDRAWN = "activity.withdrawn", _("Teruggetrokken door de aanbieder")
    API_KEY_CREATED = "provider.api_key_created", _("API-sleutel gemaakt")
    API_KEY_REVOKED = "provider.api_key_revoked", _("API-sleutel ingetrokken")


# The actions that put an activity on the public pages: "what changed since it was last public"
# and the feed of new activities both read these.
PUBLICATIONS = (
    AuditAction.APPROVED,
    AuditAction.PUBLISHED_DIRECTLY,
    AuditAction.PUBLISHED_BY_COORDINATOR,
)


class AuditLog(models.Model):
    Action = AuditAction

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    action = models.CharField(_("handeling"), max_length=40, choices=Action.choices)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_log",
        verbose_name=_("activiteit"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_log",
        verbose_name=_("aanbieder"),
    )
    before = models.JSONField(_("ervoor"), null=True, blank=True)
    after = models.JSONField(_("erna"), null=True, blank=True)
    message = models.TextField(_("toelichting"), blank=True)
    created = models.DateTimeField(_("wanneer"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("regel in het logboek")
        verbose_name_plural = _("logboek")
        indexes = [models.Index(fields=["activity", "action", "created"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values), name="auditlog_action_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"
