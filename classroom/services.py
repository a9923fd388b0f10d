"""Write workflows of class mode: starting a session, expiring it, and the class as a whole."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalogue.places import Place
from classroom.models import ClassSession, default_expiry, draw_code, draw_teacher_token
from techniekkaart import pagecache

MAX_DRAWS = 50


class NoFreeCode(RuntimeError):
    pass


def class_session_start(*, school: str, groep: int, place: Place) -> ClassSession:
    """A new session with a class code that no other session holds (drawn again on a repeat)."""
    for _attempt in range(MAX_DRAWS):
        code = draw_code()
        if ClassSession.objects.filter(code=code).exists():
            continue
        try:
            with transaction.atomic():
                return ClassSession.objects.create(
                    code=code,
                    teacher_token=draw_teacher_token(),
                    school=school,
                    groep=groep,
                    place=place.name,
                    municipality=place.municipality,
                    expires=default_expiry(),
                )
        except IntegrityError:  # drawn at the same moment by another request
            continue
    raise NoFreeCode


def class_sessions_expire() -> int:
    """Wipe the codes, teacher links and school names of expired sessions; results stay anonymous.
    Pages kept whole in the cache (a pupil's result shows the card number while the class is open)
    are rendered anew."""
    wiped = ClassSession.objects.filter(expires__lte=timezone.now(), code__isnull=False).update(
        code=None, teacher_token=None, school=""
    )
    if wiped:
        pagecache.bump()
    return wiped


def class_profile(profiles: Iterable[dict[str, float]]) -> dict[str, float]:
    """The class as one profile: the mean of the pupils' profiles (each sums to 1)."""
    totals: dict[str, float] = defaultdict(float)
    count = 0
    for profile in profiles:
        count += 1
        for slug, share in profile.items():
            totals[slug] += share
    return (
        {slug: round(value / count, 4) for slug, value in sorted(totals.items())} if count else {}
    )
