"""News items and success stories the coordinator writes; visible from their publication moment on."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from techniekkaart.sanitise import BODY_HELP, clean_html


class Tag(models.Model):
    name = models.CharField(_("naam"), max_length=40, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")

    def __str__(self) -> str:
        return self.name


class NewsItemQuerySet(models.QuerySet["NewsItem"]):
    def visible(self, now: dt.datetime | None = None) -> NewsItemQuerySet:
        """Published and due: a scheduled item appears by itself when its moment comes, no job needed."""
        return self.filter(status=NewsItem.Status.PUBLISHED, publish_at__lte=now or timezone.now())


class NewsItem(models.Model):
    class Kind(models.TextChoices):
        NEWS = "nieuws", _("Nieuws")
        STORY = "verhaal", _("Succesverhaal")

    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        PUBLISHED = "gepubliceerd", _("Gepubliceerd")

    title = models.CharField(_("titel"), max_length=140)
    slug = models.SlugField(_("korte naam"), max_length=160, unique=True)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    summary = models.CharField(
        _("samenvatting"),
        max_length=300,
        help_text=_("Eén of twee zinnen voor de lijst, de feed en als je het bericht deelt."),
    )
    body = models.TextField(
        _("tekst"),
        blank=True,
        help_text=BODY_HELP,
    )
    image = models.ImageField(_("afbeelding"), upload_to="nieuws/", blank=True)
    image_alt = models.CharField(
        _("beschrijving van de afbeelding"),
        max_length=200,
        blank=True,
        help_text=_("Wat staat er op het plaatje? Voor wie het niet kan zien."),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="items", verbose_name=_("onderwerpen")
    )
    publish_at = models.DateTimeField(
        _("publiceren vanaf"),
        default=timezone.now,
        db_index=True,
        help_text=_(
            "Kies een moment in de toekomst om het bericht dan vanzelf te laten verschijnen."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("nieuws en verhalen")
        indexes = [models.Index(fields=["status", "kind", "publish_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # An invariant of the stored row (see techniekkaart.sanitise): whoever saves, the body is clean.
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        name = "news:story" if self.kind == self.Kind.STORY else "news:item"
        return reverse(name, args=[self.slug])

    def is_visible(self, now: dt.datetime | None = None) -> bool:
        return self.status == self.Status.PUBLISHED and self.publish_at <= (now or timezone.now())
