"""Who may act for which organisation. A user belongs to one or more providers through a membership."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.models import Provider


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "eigenaar", _("Aanmelder van de organisatie")
        COLLEAGUE = "collega", _("Collega")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.COLLEAGUE)
    created = models.DateTimeField(_("sinds"), auto_now_add=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [models.UniqueConstraint(fields=["user", "provider"], name="membership_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.provider}"


from portal.partner_models import ApiKey, PartnerFeed  # noqa: E402  (registered with this app)

__all__ = ["ApiKey", "Membership", "PartnerFeed"]
