"""The quiz's steps as a flow that two pages run: the quiz for one child (quiz.views, which asks
age and place at the end) and the quiz in a class (classroom.views, where age and place come from
the class). The flow only needs what QuizClass names of a class, so the quiz imports nothing of
the classroom app, which builds on it.

The answers so far travel in hidden fields of the page itself, so nothing is stored until the end
and the quiz works without JavaScript. A result is only saved with a start token that is unused,
made by this site, at least QUIZ_MINIMUM_SECONDS old and (in a class) of this class (issue 13).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalogue.places import Place, find_place
from quiz.forms import AboutYouForm, Answers, read_answers
from quiz.models import Answer, Question, count_quiz_start
from quiz.services import VERSION_KEY as QUESTIONS_VERSION_KEY
from quiz.services import (
    QuizClass,
    Start,
    playable_questions,
    questions_version,
    quiz_result_save,
    quiz_start_check,
    quiz_start_token,
)
from techniekkaart import counting, ratelimit, slotted
from techniekkaart.languages import fallback_lang

ABOUT = "over-jou"


@dataclass(frozen=True)
class Flow:
    """Where the pages post to, and for a class: the class session (age and place come from it)."""

    post_url: str
    class_session: QuizClass | None = None


@dataclass(frozen=True)
class Guarded:
    """What the quiz's flood guard found for a request."""

    refused: HttpResponse | None  # the 429 page when the flood guard is over
    count_start: bool  # a start button that counts: no bot, its network under today's ceiling


def guard(request: HttpRequest, *reads: str) -> Guarded:
    """The quiz's flood guard on a step (a POST), once per request.

    A flood guard, not a throttle: a whole school shares one address and posts ~15 steps a child.
    Its round trip to Redis also counts a start against its network's daily ceiling of counted
    starts (issue 13) and reads the quiz's version (playable_questions) and the cache keys `reads`
    the caller names (ratelimit.read_ahead): a step asks Redis once (issue 17)."""
    done = getattr(request, "quiz_guard", None)
    if done is None:
        done = _guard(request, reads)
        request.quiz_guard = done  # type: ignore[attr-defined]
    return done


def _guard(request: HttpRequest, reads: tuple[str, ...]) -> Guarded:
    if request.method != "POST":
        return Guarded(None, count_start=False)
    limits: list[str | tuple[str, str]] = ["quiz"]
    starting = request.POST.get("stap") == "start" and not counting.is_bot(request)
    if starting:
        limits.append(("quiz-starts-counted", counting.network(request)))
    flood, *started = ratelimit.hits(request, *limits, reads=[QUESTIONS_VERSION_KEY, *reads])
    refused = ratelimit.too_many(request, flood) if flood.blocked else None
    return Guarded(refused, count_start=starting and not started[0].blocked)


def run_quiz(request: HttpRequest, flow: Flow) -> HttpResponse:
    guarded = guard(request)  # the page's view may have run it already, with its own reads
    if guarded.refused:
        return guarded.refused
    questions = playable_questions(request)
    if not questions:
        return render(request, "quiz/unavailable.html", status=503)
    if request.method == "GET":
        return render(request, "quiz/intro.html", {"total": len(questions), "flow": flow})
    answers = read_answers(request.POST, questions)
    step = request.POST.get("stap", "")
    back = request.POST.get("ga") == "terug"
    page = Page(request, flow, questions, answers, _token(request))
    if step == ABOUT:
        return _about_step(page, back)
    index = _index(step, len(questions))
    if step == "start":
        if guarded.count_start:
            count_quiz_start()
        page.token = quiz_start_token(class_session=flow.class_session)
        return page.question(0)
    if back:
        return page.question(max(index - 1, 0))
    if not answers.chosen.get(questions[index].pk):
        return page.question(index, _("Kies eerst een antwoord."))
    if len(request.POST.getlist(f"a-{questions[index].pk}")) > questions[index].max_choices:
        return _too_many(page, index)
    if index + 1 < len(questions):
        return page.question(index + 1)
    if flow.class_session is not None:
        return _finish_for_class(page, flow.class_session)
    return page.about(AboutYouForm())


def _too_many(page: Page, index: int) -> HttpResponse:
    """Refused on the question itself, not on the next one (quiz.js stops a fourth tick first)."""
    page.answers.problems.clear()  # read_answers' own "hoogstens" note would say it twice
    if page.questions[index].max_choices == 3:
        return page.question(index, _("Je mag er maar drie kiezen. Welke drie vind je het leukst?"))
    return page.question(index, _("Kies er één."))


def _token(request: HttpRequest) -> str:
    token = request.POST.get("begin", "")
    return token if len(token) <= 200 else ""


def _index(step: str, total: int) -> int:
    try:
        return min(max(int(step), 0), total - 1)
    except ValueError:
        return 0


@dataclass
class Page:
    request: HttpRequest
    flow: Flow
    questions: list[Question]
    answers: Answers
    token: str = ""

    def question(self, index: int, message: str = "") -> HttpResponse:
        """The page of one question. It is the same for every child at this question with these
        ticks and messages, apart from the hidden fields: rendered once (techniekkaart/slotted.py)."""
        question = self.questions[index]
        context = {
            "flow": self.flow,
            "question": question,
            "choices": _choices(self.questions)[question.pk],
            "index": index,
            "number": index + 1,
            "total": len(self.questions),
            "chosen": sorted(str(a.pk) for a in self.answers.chosen.get(question.pk, [])),
            "messages_": [message, *self.answers.problems] if message else self.answers.problems,
        }
        return self._render("quiz/question.html", context, skip=question.pk)

    def about(self, form: AboutYouForm, message: str = "") -> HttpResponse:
        context = {
            "flow": self.flow,
            "form": form,
            "total": len(self.questions),
            "about": ABOUT,
            "messages_": [message, *self.answers.problems] if message else self.answers.problems,
        }
        if form.is_bound:  # what the child typed is in the page: rendered for this child alone
            context["hidden"] = _inputs(self._carried())
            return render(self.request, "quiz/about.html", context)
        return self._render("quiz/about.html", context)

    def _render(self, template: str, context: dict, skip: int | None = None) -> HttpResponse:
        value = _inputs(self._carried(skip=skip))
        version = questions_version(self.questions)
        return slotted.render(
            self.request, template, context, slot="hidden", value=value, version=version
        )

    def _carried(self, skip: int | None = None) -> list[tuple[str, object]]:
        token = [("begin", self.token)] if self.token else []
        return [*token, *_hidden(self.answers, skip=skip)]

    def restart(self) -> HttpResponse:
        """No (valid) start token: the quiz starts again, with a word why."""
        context = {
            "total": len(self.questions),
            "flow": self.flow,
            "restart": _("Je quiz is verlopen of al klaar. Begin hem opnieuw."),
        }
        return render(self.request, "quiz/intro.html", context)


def _about_step(page: Page, back: bool) -> HttpResponse:
    if back:
        return page.question(len(page.questions) - 1)
    missing = page.answers.first_unanswered(page.questions)
    if missing is not None:
        return page.question(missing, _("Deze vraag heb je nog niet beantwoord."))
    if page.flow.class_session is not None:
        return _finish_for_class(page, page.flow.class_session)
    form = AboutYouForm(page.request.POST)
    if not form.is_valid():
        return page.about(form)
    return _save(page, lambda message: page.about(form, message), form.age, form.place, form.pc4)


def _finish_for_class(page: Page, session: QuizClass) -> HttpResponse:
    """In a class, age and place come from the class; the pupil is asked nothing about themselves."""
    missing = page.answers.first_unanswered(page.questions)
    if missing is not None:
        return page.question(missing, _("Deze vraag heb je nog niet beantwoord."))
    place = find_place(session.place, session.municipality)
    last = len(page.questions) - 1
    return _save(page, lambda message: page.question(last, message), session.age, place)


def _save(
    page: Page, again: Callable[[str], HttpResponse], age: int | None, place: Place | None, pc4=""
) -> HttpResponse:
    """Save the result when the start token allows it; `again` shows the last step with a message."""
    session = page.flow.class_session
    status, start = quiz_start_check(page.token, class_session=session)
    if status is Start.TOO_FAST:
        return again(_("Wat ben jij snel! Kijk je antwoorden nog even na en klik dan nog eens."))
    if status is not Start.OK:
        return page.restart()
    limit = ratelimit.check(page.request, ("quiz-results", counting.network(page.request)))
    if limit:
        return ratelimit.too_many(page.request, limit)
    # A second "klaar" with the same token gives the result the first one made.
    result = quiz_result_save(
        start=start,
        answers=page.answers.all(),
        age=age,
        place=place,
        pc4=pc4,
        class_session=session,
    )
    return HttpResponseRedirect(result.get_absolute_url(), status=303)


@dataclass(frozen=True)
class Choice:
    """One answer as the question page shows it, worked out once per list of questions."""

    value: str  # the answer's pk as text (no number formatting on every step)
    text: str
    lang: str  # "nl" where the text is the Dutch fallback on a page in another language, else ""
    image: str  # the URL of its picture or icon, or ""
    input_type: str  # "checkbox" (kies-drie) or "radio"
    required: bool  # the first radio button: one answer must be chosen


_prepared: tuple[list[Question], dict[str, dict[int, list[Choice]]]] | None = None


def _choices(questions: list[Question]) -> dict[int, list[Choice]]:
    """Each question's answers, ready for the page in the request's language. playable_questions()
    gives the same list until a question, answer or weight changes, so this is worked out again
    exactly when that list is new (and once per language)."""
    global _prepared
    if _prepared is None or _prepared[0] is not questions:
        _prepared = (questions, {})
    language = get_language() or "nl"
    by_language = _prepared[1]
    if language not in by_language:
        by_language[language] = {q.pk: _question_choices(q, language) for q in questions}
    return by_language[language]


def _question_choices(question: Question, language: str) -> list[Choice]:
    multiple = question.kind == "kies-drie"
    return [
        Choice(
            value=str(answer.pk),
            text=answer.text,
            lang=fallback_lang(answer, "text", language),
            image=_picture(answer),
            input_type="checkbox" if multiple else "radio",
            required=not multiple and index == 0,
        )
        for index, answer in enumerate(question.answers.all())
    ]


def _picture(answer: Answer) -> str:
    if answer.image:
        return answer.image.url
    return static(f"openmoji/{answer.icon}.svg") if answer.icon else ""


def _inputs(carried: list[tuple[str, object]]) -> SafeString:
    """The hidden fields that carry the token and the answers so far (one string, no loop in the
    template: a step carries up to ~30 of them). Escaped with the standard library's escape, which
    gives the same text as Django's escape (&, <, >, " and ' as &amp; &lt; &gt; &quot; &#x27;) at a
    tenth of format_html_join's cost: about 85 µs less on every quiz step (issue 17)."""
    return mark_safe(  # noqa: S308  every value is escaped here
        "".join(
            f'<input type="hidden" name="{escape(name)}" value="{escape(str(value))}">'
            for name, value in carried
        )
    )


def _hidden(answers: Answers, skip: int | None = None) -> list[tuple[str, object]]:
    return [
        (f"a-{question_id}", str(answer.pk))
        for question_id, chosen in answers.chosen.items()
        if question_id != skip
        for answer in chosen
    ]
