"""The coordinator's short text per quarter, printed at the top of that quarter's page of the
impact report for funders (impact/report.py). Plain text: it is always shown escaped."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NOTE_MAX = 1200


class QuarterNote(models.Model):
    period = models.CharField(_("kwartaal"), max_length=7, unique=True)  # Period.slug, "2026-K3"
    text = models.TextField(_("tekst"), max_length=NOTE_MAX, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bijgewerkt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tekst bij het kwartaalrapport")
        verbose_name_plural = _("teksten bij het kwartaalrapport")
        ordering = ["-period"]

    def __str__(self) -> str:
        return self.period
