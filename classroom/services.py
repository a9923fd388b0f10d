"""Write workflows of class mode: starting a session, expiring it, and the class as a whole."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalogue.places import Place
from classroom.models import ClassSession, default_expiry, draw_code, draw_teacher_token
from techniekkaart import pagecache

MAX_DRAWS = 50
# Every quiz step of every pupil asks for its class (issue 17: the class burst). A class changes only
# when it is wiped after it expired, which ClassSession.is_open sees on every use; so each process
# keeps the open classes it found for a minute, and one deleted in another way is gone within it.
KEEP_SECONDS = 60
KEEP_AT_MOST = 2000
_kept: dict[str, tuple[float, ClassSession]] = {}


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


def open_class_session(code: str) -> ClassSession | None:
    """The open class with this code, from this process's memory when it found it less than
    KEEP_SECONDS ago, else with one query."""
    now = time.monotonic()
    kept = _kept.get(code)
    if kept is not None and now - kept[0] < KEEP_SECONDS and kept[1].is_open:
        return kept[1]
    session = ClassSession.objects.open().filter(code=code).first()
    if session is None:
        _kept.pop(code, None)
        return None
    if len(_kept) >= KEEP_AT_MOST:
        _kept.clear()
    _kept[code] = (now, session)
    return session


def forget_kept_classes() -> None:
    """For tests: a test's classes are gone with its transaction."""
    _kept.clear()


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
