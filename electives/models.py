"""The "Menukaart Technische Keuzevakken": elective modules that vmbo schools can choose for their pupils,
offered by an mbo college (the owner) together with companies.

Profiles and levels are small fixed tables (loaded by migration) so that a module can have several of
each and the menu can filter on them with plain joins on every database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from catalogue.models import Provider, Venue
from catalogue.places import municipality_choices

MAX_HOURS = 400


class Profile(models.Model):
    """One of the ten vmbo profiles; `technical` ones come first on the menu."""

    slug = models.SlugField(_("korte naam"), unique=True, max_length=20)
    code = models.CharField(_("afkorting"), max_length=10)
    name = models.CharField(_("naam"), max_length=80)
    technical = models.BooleanField(_("technisch profiel"), default=False)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("vmbo-profiel")
        verbose_name_plural = _("vmbo-profielen")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Level(models.Model):
    """A vmbo learning path (leerweg): basis, kader, gemengd/theoretisch."""

    slug = models.SlugField(_("korte naam"), unique=True, max_length=20)
    name = models.CharField(_("naam"), max_length=80)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("leerweg")
        verbose_name_plural = _("leerwegen")

    def __str__(self) -> str:
        return self.name


class ModuleQuerySet(models.QuerySet["Module"]):
    def published(self) -> ModuleQuerySet:
        return self.filter(status=Module.Status.PUBLISHED)

    def in_municipalities(self, names: list[str]) -> ModuleQuerySet:
        return self.filter(municipality__in=names)


class Module(models.Model):
    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        SUBMITTED = "ingediend", _("Ter beoordeling")
        PUBLISHED = "gepubliceerd", _("Gepubliceerd")
        ARCHIVED = "gearchiveerd", _("Gearchiveerd")

    title = models.CharField(_("titel"), max_length=120)
    slug = models.SlugField(_("korte naam in de link"), unique=True, max_length=140)
    summary = models.CharField(
        _("korte uitleg"),
        max_length=250,
        help_text=_("Eén of twee zinnen: wat doen de leerlingen en wat leren ze?"),
    )
    description = models.TextField(
        _("beschrijving"),
        blank=True,
        help_text=_("Gewone tekst; een witregel begint een nieuwe alinea."),
    )
    profiles = models.ManyToManyField(
        Profile, related_name="modules", verbose_name=_("vmbo-profielen")
    )
    levels = models.ManyToManyField(Level, related_name="modules", verbose_name=_("leerwegen"))
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="elective_modules",
        verbose_name=_("aanbieder (mbo-school)"),
    )
    partners = models.ManyToManyField(
        Provider,
        blank=True,
        related_name="partner_modules",
        verbose_name=_("partners op de Techniekkaart"),
    )
    partners_text = models.CharField(
        _("andere partners"),
        max_length=300,
        blank=True,
        help_text=_("Bedrijven of organisaties die meedoen, met komma's ertussen."),
    )
    hours = models.PositiveSmallIntegerField(
        _("aantal uur"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS)],
        help_text=_("Hoeveel lesuur (klokuur) de module in totaal duurt."),
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elective_modules",
        verbose_name=_("locatie"),
    )
    place = models.CharField(_("plaats"), max_length=80, blank=True)
    municipality = models.CharField(
        _("gemeente"), max_length=40, choices=municipality_choices(), blank=True, editable=False
    )
    lat = models.FloatField(_("breedtegraad"), null=True, blank=True, editable=False)
    lon = models.FloatField(_("lengtegraad"), null=True, blank=True, editable=False)
    period = models.CharField(
        _("wanneer"),
        max_length=120,
        help_text=_("Bijvoorbeeld: “schooljaar 2026-2027, blok 3” of “elk half jaar”."),
    )
    contact_name = models.CharField(_("contactpersoon voor scholen"), max_length=120)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    created = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("keuzevak")
        verbose_name_plural = _("keuzevakken")
        indexes = [models.Index(fields=["status", "municipality"])]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=1), name="module_hours_positive")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("electives:detail", args=[self.slug])

    def clean(self) -> None:
        from electives.services import module_locate  # the gazetteer rule lives in services

        errors: dict[str, StrOrPromise] = {}
        venue = self.venue if self.venue_id else None
        if venue is not None and self.provider_id and venue.provider_id != self.provider_id:
            errors["venue"] = _("Deze locatie hoort bij een andere aanbieder.")
        if not self.venue_id and not self.place.strip():
            errors["place"] = _("Kies een locatie of vul een plaats in.")
        if not self.contact_email and not self.contact_phone:
            errors["contact_email"] = _("Vul een e-mailadres of telefoonnummer in voor scholen.")
        if not errors and not module_locate(self):
            errors["place"] = _("Deze plaats kennen we niet in Regio Zwolle.")
        if errors:
            raise ValidationError(errors)

    def paragraphs(self) -> list[str]:
        """The description split on blank lines; single line breaks stay (linebreaksbr)."""
        parts = [p.strip() for p in self.description.replace("\r\n", "\n").split("\n\n")]
        return [p for p in parts if p]

    def partner_names(self) -> list[str]:
        names = [p.name for p in self.partners.all()]
        names += [n.strip() for n in self.partners_text.split(",") if n.strip()]
        return names

    @property
    def where(self) -> str:
        venue = self.venue if self.venue_id else None
        if venue is not None:
            return f"{venue.name}, {venue.place}"
        return self.place
