"""Write workflows and rules of the quiz: which questions can be played, profiles, saving results."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.places import Place
from classroom.models import ClassSession
from quiz.models import Answer, AnswerWeight, Question, Result

_built: tuple[str, list[Question]] | None = None
VERSION_KEY = "quiz-questions-version"


def playable_questions() -> list[Question]:
    """Active questions in order, with their answers and weights; unfinished ones are left out.

    Every quiz step needs them, and they change only when the coordinator edits the quiz: each
    process keeps the last list it built while the version in the shared cache is unchanged
    (one cache read per step instead of three queries). Saving or deleting a question, answer or
    weight sets a new version (quiz/apps.py); an empty cache (restart, eviction) does too."""
    global _built
    version = cache.get(VERSION_KEY)
    if version is None:
        version = questions_changed()
    if _built is None or _built[0] != version:
        _built = (version, _playable_questions())
    return _built[1]


def questions_changed(**kwargs: object) -> str:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def _playable_questions() -> list[Question]:
    weights = AnswerWeight.objects.select_related("theme")
    answers = Answer.objects.prefetch_related(Prefetch("weights", queryset=weights))
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
    class_session: ClassSession | None = None,
) -> Result:
    """Store a finished quiz. Only what the recommendations need: no name, no IP, no coordinates;
    a place is kept as its municipality and 4-digit postcode."""
    return Result.objects.create(
        class_session=class_session,
        answers=sorted(answer.pk for answer in answers),
        profile=profile_from_answers(answers),
        age=age,
        municipality=place.municipality if place else "",
        pc4=(pc4 or (place.pc4[0] if place and place.pc4 else ""))[:4],
    )


def old_results(*, older_than: dt.timedelta) -> QuerySet[Result]:
    return Result.objects.filter(created__lt=timezone.now() - older_than)


def quiz_results_delete_old(*, older_than: dt.timedelta) -> int:
    deleted, _per_model = old_results(older_than=older_than).delete()
    return deleted
