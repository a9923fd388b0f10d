"""The quiz for children: one question per page, plain form posts, no cookies, and the result page.

The answers so far travel in hidden fields of the page itself, so nothing is stored until the end and
the quiz works without JavaScript. The quiz is exempt from CSRF checks: a token needs a cookie, and
children's pages set none; the only thing a forged post could do is create one more anonymous result.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from catalogue.models import Activity
from catalogue.places import find_place
from classroom.models import ClassSession
from quiz import results
from quiz.forms import AboutYouForm, Answers, read_answers
from quiz.models import Question, Result, count_quiz_start
from quiz.services import playable_questions, quiz_result_save
from techniekkaart import ratelimit

ABOUT = "over-jou"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def quiz(request: HttpRequest) -> HttpResponse:
    return run_quiz(request, Flow(post_url=reverse("quiz:quiz")))


@dataclass(frozen=True)
class Flow:
    """Where the pages post to, and for a class: the class session (age and place come from it)."""

    post_url: str
    class_session: ClassSession | None = None


def run_quiz(request: HttpRequest, flow: Flow) -> HttpResponse:
    questions = playable_questions()
    if not questions:
        return render(request, "quiz/unavailable.html", status=503)
    if request.method == "GET":
        return render(request, "quiz/intro.html", {"total": len(questions), "flow": flow})
    # A flood guard, not a throttle: a whole school shares one address and posts ~15 steps a child.
    limit = ratelimit.check(request, "quiz")
    if limit:
        return ratelimit.too_many(request, limit)
    answers = read_answers(request.POST, questions)
    step = request.POST.get("stap", "")
    back = request.POST.get("ga") == "terug"
    page = Page(request, flow, questions, answers)
    if step == ABOUT:
        return _about_step(page, back)
    index = _index(step, len(questions))
    if step == "start":
        count_quiz_start()
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

    def question(self, index: int, message: str = "") -> HttpResponse:
        question = self.questions[index]
        context = {
            "flow": self.flow,
            "question": question,
            "index": index,
            "number": index + 1,
            "total": len(self.questions),
            "hidden": _hidden(self.answers, skip=question.pk),
            "chosen": {a.pk for a in self.answers.chosen.get(question.pk, [])},
            "messages_": [message, *self.answers.problems] if message else self.answers.problems,
        }
        return render(self.request, "quiz/question.html", context)

    def about(self, form: AboutYouForm) -> HttpResponse:
        context = {
            "flow": self.flow,
            "form": form,
            "total": len(self.questions),
            "hidden": _hidden(self.answers),
            "about": ABOUT,
            "messages_": self.answers.problems,
        }
        return render(self.request, "quiz/about.html", context)


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
    result = quiz_result_save(
        answers=page.answers.all(),
        age=form.age,
        place=form.place,
        pc4=form.pc4,
    )
    return HttpResponseRedirect(result.get_absolute_url(), status=303)


def _finish_for_class(page: Page, session: ClassSession) -> HttpResponse:
    """In a class, age and place come from the class; the pupil is asked nothing about themselves."""
    missing = page.answers.first_unanswered(page.questions)
    if missing is not None:
        return page.question(missing, _("Deze vraag heb je nog niet beantwoord."))
    result = quiz_result_save(
        answers=page.answers.all(),
        age=session.age,
        place=find_place(session.place, session.municipality),
        class_session=session,
    )
    return HttpResponseRedirect(result.get_absolute_url(), status=303)


def _hidden(answers: Answers, skip: int | None = None) -> list[tuple[str, int]]:
    return [
        (f"a-{question_id}", answer.pk)
        for question_id, chosen in answers.chosen.items()
        if question_id != skip
        for answer in chosen
    ]


@require_GET
def result(request: HttpRequest, code: str) -> HttpResponse:
    saved = get_object_or_404(Result, code=code)
    context = result_context(request, saved)
    return render(request, "quiz/result.html", context)


def result_context(request: HttpRequest, saved: Result) -> dict:
    url = request.build_absolute_uri(saved.get_absolute_url())
    return {
        **results.result_context(request, saved),
        "share_url": url,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=4, dark="#1d2433"),
    }


@require_GET
def result_print(request: HttpRequest, code: str) -> HttpResponse:
    saved = get_object_or_404(Result, code=code)
    return render(request, "quiz/result_print.html", result_context(request, saved))


@require_GET
def result_open(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """A child opens an activity from the result: note the hour once (the impact funnel), then go there.

    Only the first opening counts, and only the hour is kept. No referrer leaves with the result's code."""
    activity = get_object_or_404(Activity.objects.public().only("pk", "slug"), slug=slug)
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    Result.objects.filter(code=code, opened__isnull=True).update(opened=hour)
    # ?van= lets the activity page offer "← terug naar jouw uitslag" (checked: quiz.results).
    target = reverse("public:activity", args=[activity.slug]) + f"?van={code}"
    response = HttpResponseRedirect(target)
    response["Referrer-Policy"] = "no-referrer"
    return response
