"""Quiz questions with answers that weigh themes, and the anonymous results of children."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Theme
from matching import top_themes

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to type from paper


def new_code() -> str:
    """Unguessable public code: 10 characters, about 49 bits."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class Question(models.Model):
    class Kind(models.TextChoices):
        THIS_OR_THAT = "dit-of-dat", _("Dit of dat (kies één)")
        PICK_THREE = "kies-drie", _("Kies er hoogstens drie")
        LIKE = "leuk", _("Leuk of niet (kies één)")

    text = models.CharField(_("vraag"), max_length=160)
    kind = models.CharField(_("soort vraag"), max_length=12, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(
        _("actief"),
        default=False,
        help_text=_("Alleen actieve vragen komen in de quiz. Elke vraag heeft dan antwoorden "
                    "nodig, en elk antwoord minstens één thema met een gewicht."),
    )  # fmt: skip

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self) -> str:
        return self.text

    @property
    def max_choices(self) -> int:
        return 3 if self.kind == self.Kind.PICK_THREE else 1


class Answer(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("vraag")
    )
    text = models.CharField(_("antwoord"), max_length=80)
    icon = models.CharField(
        _("plaatje"), max_length=40, blank=True, help_text=_("Een icoon uit de lijst.")
    )
    image = models.ImageField(
        _("eigen plaatje"),
        upload_to="quiz/",
        blank=True,
        help_text=_("Gebruik je eigen plaatje in plaats van een icoon."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    themes: models.ManyToManyField[Theme, AnswerWeight] = models.ManyToManyField(
        Theme, through="AnswerWeight", verbose_name=_("thema's")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")

    def __str__(self) -> str:
        return self.text


class AnswerWeight(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="weights")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, verbose_name=_("thema"))
    weight = models.DecimalField(
        _("gewicht"),
        max_digits=3,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0.1), MaxValueValidator(3)],
        help_text=_("Hoeveel dit antwoord bij het thema past: 0,1 tot 3."),
    )

    class Meta:
        verbose_name = _("gewicht")
        verbose_name_plural = _("gewichten")
        constraints = [
            models.UniqueConstraint(fields=["answer", "theme"], name="answer_weight_once_per_theme")
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.weight}"


def this_hour() -> dt.datetime:
    """Results keep the hour they were made, not the second: enough for statistics per week."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


class Result(models.Model):
    """One finished quiz. No personal data: no name, no IP; where: a municipality and a 4-digit postcode."""

    code = models.CharField(_("code"), max_length=12, unique=True, default=new_code, editable=False)
    answers = models.JSONField(_("antwoorden"), default=list)
    profile = models.JSONField(_("profiel"), default=dict)
    age = models.PositiveSmallIntegerField(_("leeftijd"), null=True, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=40, blank=True)
    pc4 = models.CharField(_("postcode (4 cijfers)"), max_length=4, blank=True)
    created = models.DateTimeField(_("gemaakt (uur)"), default=this_hour, db_index=True)
    top_theme = models.CharField(
        _("sterkste thema"), max_length=40, blank=True, db_index=True, editable=False
    )
    opened = models.DateTimeField(
        _("activiteit geopend (uur)"), null=True, blank=True, editable=False
    )
    class_session = models.ForeignKey(
        "classroom.ClassSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("klassessie"),
    )
    # The random part of the start token that made this result (quiz.services): unique, so a
    # token finishes one quiz only and a second "klaar" finds the result the first one made.
    # NULL where no token made it (older results, demo data): NULLs never clash, "" would.
    start = models.CharField(max_length=32, null=True, unique=True, editable=False)  # noqa: DJ001

    class Meta:
        verbose_name = _("uitslag")
        verbose_name_plural = _("uitslagen")
        indexes = [
            # Covers the impact figures' GROUP BY queries per quarter: read from the index alone.
            models.Index(
                fields=["created", "municipality", "top_theme", "age", "opened"],
                name="quiz_result_impact_idx",
            )
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs) -> None:
        # The impact figures count by the strongest theme in the database, so it is kept beside the profile.
        self.top_theme = top_theme_of(self.profile)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("quiz:result", args=[self.code])


def top_theme_of(profile: dict) -> str:
    """The slug of the heaviest theme ('' when none), as the result page's first character shows it."""
    try:
        top = top_themes({k: float(v) for k, v in (profile or {}).items()}, 1)
    except (TypeError, ValueError):
        return ""
    return top[0][:40] if top else ""


class DailyStart(models.Model):
    """How many quizzes were started on a day (the intro's start button), for the impact funnel.

    Only a date and a number: no cookie, no address, nothing that tells one child from another."""

    date = models.DateField(_("datum"), unique=True)
    count = models.PositiveIntegerField(_("gestart"), default=0)

    class Meta:
        verbose_name = _("gestarte quizzen per dag")
        verbose_name_plural = _("gestarte quizzen per dag")

    def __str__(self) -> str:
        return f"{self.date}: {self.count}"


def count_quiz_start() -> None:
    """One more started quiz today; two requests at once both count. One statement that makes the
    day's row or adds one to it (PostgreSQL and SQLite both have ON CONFLICT): every start button
    writes it, and this write is the start's largest cost (issue 17)."""
    table, date, count = map(
        connection.ops.quote_name, (DailyStart._meta.db_table, "date", "count")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({date}, {count}) VALUES (%s, 1) "  # noqa: S608 (our own names)
            f"ON CONFLICT ({date}) DO UPDATE SET {count} = {table}.{count} + 1",
            [timezone.localdate()],
        )
