"""What a partner organisation with its own system needs: API keys and a feed to import.

ApiKey: a key for the write API (portal/partner_api.py), made in the portal by a member of the
organisation, shown once and stored only as a salted hash (portal/keys.py), revocable, and valid
for that one organisation only. PartnerFeed: the address of the organisation's iCalendar or
schema.org JSON-LD feed, read on a schedule by `manage.py import_partner_feeds`
(portal/feedimport.py), with the values an entry in such a feed does not carry."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.models import Activity, Provider, Theme, Venue
from catalogue.weburl import validate_web_url
from techniekkaart.vocab import MAX_AGE, MIN_AGE


class ApiKey(models.Model):
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("aanbieder")
    )
    name = models.CharField(
        _("naam"), max_length=80, help_text=_("Waarvoor is deze sleutel, bijvoorbeeld “agenda”.")
    )
    # The public part of the key, to find its row; the secret part is only kept as a hash.
    prefix = models.CharField(_("begin van de sleutel"), max_length=16, unique=True)
    salt = models.CharField(max_length=32, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    created = models.DateTimeField(_("gemaakt"), auto_now_add=True)
    last_used = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.provider} · {self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked is None


class PartnerFeed(models.Model):
    """One feed per organisation. Each entry becomes (or updates) one of its activities, found by
    the entry's UID or @id (Activity.external_ref); what the feed does not say comes from here."""

    provider = models.OneToOneField(
        Provider, on_delete=models.CASCADE, related_name="feed", verbose_name=_("aanbieder")
    )
    url = models.URLField(
        _("adres van de agenda"),
        validators=[validate_web_url],
        help_text=_("Een iCalendar-agenda (.ics) of een pagina met schema.org-gegevens (JSON-LD)."),
    )
    active = models.BooleanField(_("elke nacht inlezen"), default=True)
    main_theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="+", verbose_name=_("thema")
    )
    kind = models.CharField(
        _("soort"), max_length=20, choices=Activity.Kind.choices, default=Activity.Kind.WORKSHOP
    )
    min_age = models.PositiveSmallIntegerField(
        _("leeftijd vanaf"),
        default=8,
        validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)],
    )
    max_age = models.PositiveSmallIntegerField(
        _("leeftijd tot en met"),
        default=12,
        validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)],
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locatie"),
        help_text=_("Leeg: de activiteiten zijn op school."),
    )
    # The member who set the feed up: imports act as them (still checked to be a member).
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingesteld door"),
    )
    last_run = models.DateTimeField(_("laatst ingelezen"), null=True, blank=True)
    last_result = models.TextField(_("uitkomst"), blank=True)

    class Meta:
        verbose_name = _("agenda van een partner")
        verbose_name_plural = _("agenda's van partners")

    def __str__(self) -> str:
        return f"{self.provider} · {self.url}"
