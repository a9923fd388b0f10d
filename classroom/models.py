"""A class session: a teacher runs the quiz with a class; pupils join with a short code.

Two secrets: the class code (short, for pupils, opens only the quiz) and the teacher token (long, in the
teacher link, opens the class page). Neither is an integer key. When a session expires, both are wiped
and its results stay only as anonymous statistics.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from techniekkaart.vocab import GROEPEN, groep_age

# No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B) so a code on the digital board is easy to type.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 7
CODE_BITS = CODE_LENGTH * math.log2(len(CODE_ALPHABET))  # about 32.5


def draw_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def draw_teacher_token() -> str:
    return secrets.token_urlsafe(24)


def normalise_code(text: str) -> str:
    """What a pupil typed, as a code: upper case, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:20]


class ClassSessionQuerySet(models.QuerySet["ClassSession"]):
    def open(self) -> ClassSessionQuerySet:
        return self.filter(expires__gt=timezone.now(), code__isnull=False)


class ClassSession(models.Model):
    # NULL once expired: unique among live sessions, and wiped ones never collide.
    code = models.CharField(_("klascode"), max_length=CODE_LENGTH, unique=True, null=True)  # noqa: DJ001
    teacher_token = models.CharField(  # noqa: DJ001
        _("leraarsleutel"), max_length=40, unique=True, null=True
    )
    school = models.CharField(_("school"), max_length=120)
    groep = models.PositiveSmallIntegerField(
        _("groep"), validators=[MinValueValidator(GROEPEN[0]), MaxValueValidator(GROEPEN[-1])]
    )
    place = models.CharField(_("plaats van de school"), max_length=80)
    municipality = models.CharField(_("gemeente"), max_length=40)
    created = models.DateTimeField(_("gemaakt"), auto_now_add=True)
    expires = models.DateTimeField(_("verloopt"))

    objects = ClassSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("klassessie")
        verbose_name_plural = _("klassessies")

    def __str__(self) -> str:
        return f"{self.school} groep {self.groep}"

    @property
    def is_open(self) -> bool:
        return self.code is not None and self.expires > timezone.now()

    @property
    def age(self) -> int:
        """The age of the youngest pupils of the groep (groep 5: 8), so suggestions fit all."""
        return groep_age(self.groep)

    def teacher_url(self) -> str:
        return reverse("classroom:teacher", args=[self.teacher_token])

    def join_url(self) -> str:
        return reverse("classroom:quiz", args=[self.code])


def default_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.CLASS_SESSION_DAYS)
