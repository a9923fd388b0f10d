"""A teacher asks a provider for a visit or guest lesson for their class; the provider answers.

No teacher account: a request lives behind its own secret link (`token`, mailed to the teacher and
shown on the class page while the class session is open). The teacher's e-mail address is kept only
while the request is open plus VISIT_EMAIL_RETENTION_DAYS (stated on the privacy page), then wiped by
`manage.py visit_followups`. Requests are never exposed by the API: only free places per date are
(`visits.capacity.free_places`).

The life of a request goes through visits/services.py, one function per transition.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.models import Activity
from classroom.models import ClassSession
from techniekkaart.vocab import GROEPEN

MAX_PUPILS = 40


def draw_token() -> str:
    return secrets.token_urlsafe(24)


def draw_ref() -> str:
    """The provider's handle for a request in portal URLs: not an integer key, not the teacher's secret."""
    return secrets.token_hex(6)


class DateCapacity(models.Model):
    """How many classes (and optionally pupils) a provider takes on one date of an activity."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="visit_dates", verbose_name=_("activiteit")
    )
    date = models.DateField(_("datum"))
    classes = models.PositiveSmallIntegerField(
        _("aantal klassen"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    pupils = models.PositiveSmallIntegerField(
        _("aantal leerlingen (mag leeg)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("plaatsen op een datum")
        verbose_name_plural = _("plaatsen per datum")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "date"], name="visits_one_capacity_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.date:%d-%m-%Y}"


class PeriodCapacity(models.Model):
    """An offer on request: how many classes per year or per month."""

    class Per(models.TextChoices):
        YEAR = "jaar", _("per jaar")
        MONTH = "maand", _("per maand")

    activity = models.OneToOneField(
        Activity,
        on_delete=models.CASCADE,
        related_name="visit_period",
        verbose_name=_("activiteit"),
    )
    per = models.CharField(_("per"), max_length=5, choices=Per.choices, default=Per.YEAR)
    classes = models.PositiveSmallIntegerField(
        _("aantal klassen"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    class Meta:
        verbose_name = _("plaatsen per periode")
        verbose_name_plural = _("plaatsen per periode")

    def __str__(self) -> str:
        return f"{self.activity} {self.classes} {self.get_per_display()}"

    def bounds(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The year or month `day` falls in: [first day, first day of the next)."""
        if self.per == self.Per.MONTH:
            first = day.replace(day=1)
            following = (first + dt.timedelta(days=32)).replace(day=1)
            return first, following
        return dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1)


class VisitRequest(models.Model):
    class State(models.TextChoices):
        NEW = "nieuw", _("Nieuw")
        WAITING = "wacht", _("In behandeling")
        PROPOSED = "voorstel", _("Andere datum voorgesteld")
        AGREED = "afgesproken", _("Afgesproken")
        DECLINED = "afgewezen", _("Afgewezen")
        WITHDRAWN = "ingetrokken", _("Ingetrokken door de leraar")
        HAPPENED = "doorgegaan", _("Doorgegaan")
        NOT_HAPPENED = "niet-doorgegaan", _("Niet doorgegaan")

    OPEN = (State.NEW, State.WAITING, State.PROPOSED)
    CLOSED = (State.DECLINED, State.WITHDRAWN, State.HAPPENED, State.NOT_HAPPENED)

    token = models.CharField(_("leraarsleutel"), max_length=40, unique=True, default=draw_token)
    confirm_token = models.CharField(  # noqa: DJ001
        _("bevestigingssleutel"), max_length=40, unique=True, null=True, default=draw_token
    )
    ref = models.CharField(_("kenmerk"), max_length=12, unique=True, default=draw_ref)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        related_name="visit_requests",
        verbose_name=_("activiteit"),
    )
    class_session = models.ForeignKey(
        ClassSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_requests",
        verbose_name=_("klassessie"),
    )
    school = models.CharField(_("school"), max_length=120)
    groep = models.PositiveSmallIntegerField(
        _("groep"), validators=[MinValueValidator(GROEPEN[0]), MaxValueValidator(GROEPEN[-1])]
    )
    pupils = models.PositiveSmallIntegerField(
        _("aantal leerlingen"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PUPILS)]
    )
    place = models.CharField(_("plaats van de school"), max_length=80)
    municipality = models.CharField(_("gemeente"), max_length=40)
    themes = models.JSONField(_("sterkste thema's van de klas"), default=list, blank=True)
    # Kept as they were when asked, so the figures of a quarter never change afterwards.
    theme = models.CharField(_("hoofdthema van de activiteit"), max_length=40, blank=True)
    provider_kind = models.CharField(_("soort aanbieder"), max_length=20, blank=True)
    whole_week = models.BooleanField(_("de hele week van een datum is goed"), default=False)
    message = models.TextField(_("bericht van de leraar"), max_length=1000, blank=True)
    email = models.EmailField(_("e-mail van de leraar"), blank=True)
    email_confirmed = models.DateTimeField(_("e-mail bevestigd"), null=True, blank=True)
    state = models.CharField(
        _("stand"), max_length=16, choices=State.choices, default=State.NEW, db_index=True
    )
    date = models.DateField(_("afgesproken of voorgestelde datum"), null=True, blank=True)
    answer = models.TextField(_("antwoord van de aanbieder"), max_length=1000, blank=True)
    created = models.DateTimeField(_("gemaakt"))
    answered = models.DateTimeField(_("beantwoord"), null=True, blank=True)
    agreed = models.DateTimeField(_("afgesproken op"), null=True, blank=True)
    closed = models.DateTimeField(_("gesloten"), null=True, blank=True)
    asked = models.DateTimeField(_("vraag 'doorgegaan?' gestuurd"), null=True, blank=True)
    teacher_happened = models.BooleanField(_("doorgegaan volgens leraar"), null=True, blank=True)
    teacher_said = models.DateTimeField(_("leraar antwoordde"), null=True, blank=True)
    provider_happened = models.BooleanField(
        _("doorgegaan volgens aanbieder"), null=True, blank=True
    )
    provider_said = models.DateTimeField(_("aanbieder antwoordde"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("aanvraag voor een klas")
        verbose_name_plural = _("aanvragen voor klassen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pupils__gte=1, pupils__lte=MAX_PUPILS),
                name="visits_pupils_in_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="afgesproken") | models.Q(date__isnull=False),
                name="visits_agreed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} groep {self.groep}: {self.activity}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed is not None

    def teacher_url(self) -> str:
        return reverse("visits:request", args=[self.token])

    def portal_url(self) -> str:
        return reverse("portal:visit", args=[self.activity.provider.slug, self.ref])


class PreferredDate(models.Model):
    request = models.ForeignKey(
        VisitRequest, on_delete=models.CASCADE, related_name="preferred", verbose_name=_("aanvraag")
    )
    date = models.DateField(_("datum"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("voorkeursdatum")
        verbose_name_plural = _("voorkeursdata")
        constraints = [
            models.UniqueConstraint(fields=["request", "date"], name="visits_preferred_once")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y}"
