"""The quiz for children: one question per page, plain form posts, no cookies, and the result page.

The answers so far travel in hidden fields of the page itself, so nothing is stored until the end and
the quiz works without JavaScript. The quiz is exempt from CSRF checks: a token needs a cookie, and
children's pages set none; the only thing a forged post could do is create one more anonymous result.
"""

from __future__ import annotations

import segno
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from catalogue.models import Activity, Theme
from catalogue.places import lookup
from catalogue.recommendations import recommendations_for
from matching import top_themes
from quiz.forms import AboutYouForm, Answers, read_answers
from quiz.models import Question, Result
from quiz.services import playable_questions, quiz_result_save

ABOUT = "over-jou"
RADII = (5, 10, 25, 50)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def quiz(request: HttpRequest) -> HttpResponse:
    questions = playable_questions()
    if not questions:
        return render(request, "quiz/unavailable.html", status=503)
    if request.method == "GET":
        return render(request, "quiz/intro.html", {"total": len(questions)})
    answers = read_answers(request.POST, questions)
    step = request.POST.get("stap", "")
    back = request.POST.get("ga") == "terug"
    if step == ABOUT:
        return _about_step(request, questions, answers, back)
    index = _index(step, len(questions))
    if step == "start":
        return _question(request, questions, answers, 0)
    if back:
        return _question(request, questions, answers, max(index - 1, 0))
    if not answers.chosen.get(questions[index].pk):
        message = _("Kies eerst een antwoord.")
        return _question(request, questions, answers, index, message)
    if index + 1 < len(questions):
        return _question(request, questions, answers, index + 1)
    return _about(request, questions, answers, AboutYouForm())


def _index(step: str, total: int) -> int:
    try:
        return min(max(int(step), 0), total - 1)
    except ValueError:
        return 0


def _about_step(
    request: HttpRequest, questions: list[Question], answers: Answers, back: bool
) -> HttpResponse:
    if back:
        return _question(request, questions, answers, len(questions) - 1)
    missing = answers.first_unanswered(questions)
    if missing is not None:
        message = _("Deze vraag heb je nog niet beantwoord.")
        return _question(request, questions, answers, missing, message)
    form = AboutYouForm(request.POST)
    if not form.is_valid():
        return _about(request, questions, answers, form)
    result = quiz_result_save(
        answers=answers.all(), age=form.cleaned_data["leeftijd"], place=form.place, pc4=form.pc4
    )
    return HttpResponseRedirect(result.get_absolute_url(), status=303)


def _hidden(answers: Answers, skip: int | None = None) -> list[tuple[str, int]]:
    return [
        (f"a-{question_id}", answer.pk)
        for question_id, chosen in answers.chosen.items()
        if question_id != skip
        for answer in chosen
    ]


def _question(
    request: HttpRequest,
    questions: list[Question],
    answers: Answers,
    index: int,
    message: str = "",
) -> HttpResponse:
    question = questions[index]
    context = {
        "question": question,
        "index": index,
        "number": index + 1,
        "total": len(questions),
        "hidden": _hidden(answers, skip=question.pk),
        "chosen": {a.pk for a in answers.chosen.get(question.pk, [])},
        "messages_": [message, *answers.problems] if message else answers.problems,
    }
    return render(request, "quiz/question.html", context)


def _about(
    request: HttpRequest, questions: list[Question], answers: Answers, form: AboutYouForm
) -> HttpResponse:
    context = {
        "form": form,
        "total": len(questions),
        "hidden": _hidden(answers),
        "about": ABOUT,
        "messages_": answers.problems,
    }
    return render(request, "quiz/about.html", context)


@require_GET
def result(request: HttpRequest, code: str) -> HttpResponse:
    saved = get_object_or_404(Result, code=code)
    context = result_context(request, saved)
    return render(request, "quiz/result.html", context)


def result_context(request: HttpRequest, saved: Result) -> dict:
    themes = list(Theme.objects.all())
    top = top_themes(saved.profile, 3)
    by_slug = {t.slug: t for t in themes}
    age, radius, place_query = _options(request, saved)
    found = lookup(place_query) if place_query else None
    place = found.place if found else None
    recs = recommendations_for(
        profile=saved.profile, age=age, place=place, radius_km=radius, limit=10
    )
    activities = Activity.objects.select_related("provider").in_bulk(
        [item.offer.id for item in recs.items]
    )
    peak = max(saved.profile.values(), default=0) or 1
    url = request.build_absolute_uri(saved.get_absolute_url())
    return {
        "result": saved,
        "top": [by_slug[s] for s in top if s in by_slug],
        "bars": [(t, saved.profile.get(t.slug, 0) / peak) for t in themes],
        "items": [(item, activities.get(item.offer.id)) for item in recs.items],
        "recs": recs,
        "age": age,
        "radius": radius,
        "radii": RADII,
        "ages": range(6, 15),
        "place": place,
        "place_query": place_query,
        "place_message": found.message if found else "",
        "share_url": url,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=4, dark="#1d2433"),
    }


def _options(request: HttpRequest, saved: Result) -> tuple[int | None, int, str]:
    """Age, radius and place from the URL (the parent may widen or change them), else as saved."""
    age: int | None = saved.age
    raw_age = request.GET.get("leeftijd", "")
    if raw_age.isdigit() and 6 <= int(raw_age) <= 14:
        age = int(raw_age)
    raw_radius = request.GET.get("afstand", "")
    radius = int(raw_radius) if raw_radius in {str(r) for r in RADII} else 10
    place_query = (request.GET.get("plaats") or saved.pc4 or saved.place)[:100]
    return age, radius, place_query


@require_GET
def result_print(request: HttpRequest, code: str) -> HttpResponse:
    saved = get_object_or_404(Result, code=code)
    return render(request, "quiz/result_print.html", result_context(request, saved))
