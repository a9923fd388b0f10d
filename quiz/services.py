"""Write workflows and rules of the quiz: which questions can be played, profiles, saving results."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import secrets
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.places import Place
from quiz.models import Answer, AnswerWeight, Question, Result
from techniekkaart import ratelimit

_built: tuple[str, list[Question]] | None = None


class QuizClass(Protocol):
    """What the quiz needs of a class (classroom.models.ClassSession, which builds on the quiz):
    its key, and the age and place that every pupil of the class shares."""

    @property
    def pk(self) -> Any: ...

    @property
    def age(self) -> int: ...

    @property
    def place(self) -> str: ...

    @property
    def municipality(self) -> str: ...


VERSION_KEY = "quiz-questions-version"


def playable_questions(request: HttpRequest | None = None) -> list[Question]:
    """Active questions in order, with their answers and weights; unfinished ones are left out.

    Every quiz step needs them, and they change only when the coordinator edits the quiz: each
    process keeps the last list it built while the version in the shared cache is unchanged
    (one cache read per step instead of three queries; with the request, the read its rate limit
    brought along: ratelimit.read_ahead). Saving or deleting a question, answer or weight sets a
    new version (quiz/apps.py); an empty cache (restart, eviction) does too."""
    global _built
    version = ratelimit.read_ahead(request, VERSION_KEY)
    if version is None:
        version = questions_changed()
    if _built is None or _built[0] != version:
        _built = (version, _playable_questions())
    return _built[1]


def questions_version(questions: list[Question]) -> str | None:
    """The version `questions` (a list playable_questions() returned) was built under, while it is
    still this process's current list; else None."""
    built = _built
    return built[0] if built is not None and built[1] is questions else None


def questions_changed(**kwargs: object) -> str:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def _playable_questions() -> list[Question]:
    weights = AnswerWeight.objects.select_related("theme")
    # the stubs lose the manager type under modeltranslation (pyproject.toml): ignore below
    answers = Answer.objects.prefetch_related(Prefetch("weights", queryset=weights))  # type: ignore[arg-type]
    questions = Question.objects.filter(active=True).prefetch_related(
        Prefetch("answers", queryset=answers)
    )
    return [q for q in questions if not question_problems(q)]


def question_problems(question: Question, answers: Iterable[Answer] | None = None) -> list[str]:
    """Why a question cannot be played: no answers, or answers without any theme weight."""
    answers = list(question.answers.all() if answers is None else answers)
    problems = []
    if len(answers) < 2:
        problems.append(_("Een vraag heeft minstens twee antwoorden nodig."))
    for answer in answers:
        if not any(w.weight > 0 for w in answer.weights.all()):
            problems.append(
                _("Het antwoord “%(answer)s” heeft nog geen thema met een gewicht.")
                % {"answer": answer.text}
            )
    return problems


def profile_from_answers(answers: Iterable[Answer]) -> dict[str, float]:
    """Theme slug -> share of all weight the chosen answers gave (sums to 1; empty when none)."""
    totals: dict[str, float] = defaultdict(float)
    for answer in answers:
        for weight in answer.weights.all():
            totals[weight.theme.slug] += float(weight.weight)
    grand = sum(totals.values())
    if not grand:
        return {}
    return {slug: round(value / grand, 4) for slug, value in sorted(totals.items())}


def quiz_result_save(
    *,
    answers: list[Answer],
    age: int | None,
    place: Place | None,
    pc4: str = "",
    class_session: QuizClass | None = None,
    start: str | None = None,
) -> Result:
    """Store a finished quiz, made by the start token whose random part is `start`; when that
    token made a result already (a second click on "klaar"), that result, and nothing new. Only
    what the recommendations need: no name, no IP, no coordinates; a place is kept as its
    municipality and 4-digit postcode."""
    # The unique start refuses a second result in the INSERT itself, with no round trip before
    # it (issue 17). A refused INSERT inside a transaction (a test's) needs a savepoint to go on;
    # outside one (a request: autocommit) it leaves the connection as it was.
    inside = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    try:
        with inside:
            return Result.objects.create(
                start=start,
                class_session_id=class_session.pk if class_session else None,
                answers=sorted(answer.pk for answer in answers),
                profile=profile_from_answers(answers),
                age=age,
                municipality=place.municipality if place else "",
                pc4=(pc4 or (place.pc4[0] if place and place.pc4 else ""))[:4],
            )
    except IntegrityError:
        made = Result.objects.filter(start=start).first() if start else None
        if made is None:  # not the start that clashed (a code, say)
            raise
        return made


def old_results(*, older_than: dt.timedelta) -> QuerySet[Result]:
    return Result.objects.filter(created__lt=timezone.now() - older_than)


def quiz_results_delete_old(*, older_than: dt.timedelta) -> int:
    deleted, _per_model = old_results(older_than=older_than).delete()
    return deleted


# Start tokens: a finished quiz must show the token the start button gave (issue 13). Signed, so it
# needs no cookie and nothing stored; single use through the results themselves (Result.start is
# unique); and a quiz finished faster than a child can read the questions is not taken.
START_SALT = "quiz.start"
START_MAX_AGE = 6 * 60 * 60


class Start(enum.Enum):
    OK = "ok"
    MISSING = "missing"  # absent, tampered, expired, or from another class
    TOO_FAST = "too-fast"


def quiz_start_token(*, class_session: QuizClass | None = None) -> str:
    payload = {
        "n": secrets.token_urlsafe(12),
        "t": int(time.time()),
        "k": class_session.pk if class_session else 0,
    }
    return signing.dumps(payload, salt=START_SALT)


def _read(token: str) -> dict[str, object]:
    try:
        payload = signing.loads(token, salt=START_SALT, max_age=START_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return {}
    return payload if isinstance(payload, dict) else {}


def quiz_start_check(token: str, *, class_session: QuizClass | None) -> tuple[Start, str]:
    """Whether this token may finish a quiz now; with OK its random part, for quiz_result_save
    (which finds a token used before)."""
    payload = _read(token)
    nonce, started = payload.get("n"), payload.get("t")
    class_pk = class_session.pk if class_session else 0
    if not isinstance(nonce, str) or not isinstance(started, int) or payload.get("k") != class_pk:
        return Start.MISSING, ""
    if time.time() - started < settings.QUIZ_MINIMUM_SECONDS:
        return Start.TOO_FAST, ""
    return Start.OK, nonce
