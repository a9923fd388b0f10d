"""STO (Sterk Techniekonderwijs) regions and which municipality belongs to which.

Some assignments in the source list are guesses; the coordinator corrects them in the admin, and
the public page says when an assignment is not yet confirmed.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.places import municipality_choices
from catalogue.weburl import validate_web_url


class STORegion(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam in de link"), unique=True)
    intro = models.TextField(
        _("introductie"), blank=True, help_text=_("Een paar zinnen over deze STO-regio.")
    )
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])

    class Meta:
        ordering = ["name"]
        verbose_name = _("STO-regio")
        verbose_name_plural = _("STO-regio's")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:detail", args=[self.slug])


class MunicipalityRegion(models.Model):
    municipality = models.CharField(
        _("gemeente"), max_length=40, choices=municipality_choices(), unique=True
    )
    region = models.ForeignKey(
        STORegion,
        verbose_name=_("STO-regio"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="municipalities",
        help_text=_("Leeg laten als de gemeente (nog) bij geen STO-regio hoort."),
    )
    confirmed = models.BooleanField(
        _("bevestigd"),
        default=False,
        help_text=_("Uit als deze indeling nog een gok is."),
    )

    class Meta:
        ordering = ["municipality"]
        verbose_name = _("gemeente in een STO-regio")
        verbose_name_plural = _("gemeenten per STO-regio")

    def __str__(self) -> str:
        return self.municipality


def region_by_municipality() -> dict[str, STORegion | None]:
    """Municipality name -> its STO region (None when it has none); one query."""
    return {
        row.municipality: row.region for row in MunicipalityRegion.objects.select_related("region")
    }
