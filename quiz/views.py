"""The quiz for children: one question per page, plain form posts, no cookies, and the result page.
The steps themselves are quiz/flow.py, which the class mode (classroom.views) runs too.

The answers so far travel in hidden fields of the page itself, so nothing is stored until the end and
the quiz works without JavaScript. The quiz is exempt from Django's CSRF check (it needs a cookie, and
children's pages set none); cross-site posts are refused by what the browser says instead
(techniekkaart/crosssite.py).

The figures count started and finished quizzes, so both are guarded (issue 13): the start button
gives a signed start token that travels with the answers; a result is only saved with a token that
is unused, made by this site, at least QUIZ_MINIMUM_SECONDS old and (in a class) of this class.
Starts from known bots are not counted, and each address has a daily ceiling of counted starts
and of saved results that a whole school stays under.
"""

from __future__ import annotations

import functools

import segno
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from catalogue import recommendations, search
from matching import Catalogue
from quiz import results
from quiz.flow import Flow, run_quiz
from quiz.models import Result
from techniekkaart import counting, pagecache
from techniekkaart.crosssite import same_site_posts_only

QR_MASK = 5  # the data mask segno itself picks for most result addresses


@csrf_exempt
@same_site_posts_only
@require_http_methods(["GET", "POST"])
@pagecache.cache_page(personal=True)  # the intro (GET) is the same for all; the steps are posts
def quiz(request: HttpRequest) -> HttpResponse:
    return run_quiz(request, Flow(post_url=reverse("quiz:quiz")))


@require_GET
@pagecache.cache_page(personal=True)  # kept under its own address (its code), private, no-store
def result(request: HttpRequest, code: str) -> HttpResponse:
    # The catalogue's version comes with the result: one round trip for both.
    found = Result.objects.annotate(**recommendations.version_columns())
    saved = get_object_or_404(found, code=code)
    catalogue = recommendations.cached_snapshot(timezone.now(), recommendations.version_of(saved))
    context = result_context(request, saved, catalogue)
    # The cards come rendered, kept per content version and language (quiz.results.cards).
    context["first_cards"] = results.cards(saved.code, context["first"], big=True)
    context["rest_cards"] = results.cards(saved.code, context["rest"])
    # The template's {% cache %} blocks (the way on for the hero's theme, the jobs of the top
    # themes) are kept per content version and language, as the cards are.
    context["version"] = pagecache.version()
    context["seconds"] = pagecache.part_seconds()
    context["top_kept"] = ",".join(str(theme.pk) for theme in context["top"])
    return render(request, "quiz/result.html", context)


def result_context(request: HttpRequest, saved: Result, catalogue: Catalogue | None = None) -> dict:
    url = request.build_absolute_uri(saved.get_absolute_url())
    return {
        **results.result_context(request, saved, catalogue),
        "share_url": url,
        "qr_svg": qr_svg(url),
    }


@functools.lru_cache(maxsize=256)
def qr_svg(url: str) -> str:
    """The QR code of a result's address. A fixed data mask: choosing the best of the eight costs
    three quarters of the time (issue 17), and every mask gives a valid code that readers scan.
    Kept per address for the print card, which shows the same code right after the page."""
    return segno.make(url, error="m", mask=QR_MASK).svg_inline(scale=4, dark="#1d2433")


@require_GET
@pagecache.cache_page(personal=True)
def result_print(request: HttpRequest, code: str) -> HttpResponse:
    saved = get_object_or_404(Result, code=code)
    return render(request, "quiz/result_print.html", result_context(request, saved))


@csrf_exempt
@same_site_posts_only
@require_http_methods(["GET", "POST"])
def result_open(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """A child opens an activity from the result: note the hour once (the impact funnel), then go there.

    Only a post counts (the result page's buttons): a GET (a link scanner, a prefetch, an old
    link) just goes on. Only the first opening of a result counts, not by a known bot, and only
    the hour is kept. No referrer leaves with the result's code."""
    if search.public_pk(slug) is None:  # from the search's snapshot: no query (issue 17)
        raise Http404
    if request.method == "POST" and not counting.is_bot(request):
        hour = timezone.now().replace(minute=0, second=0, microsecond=0)
        Result.objects.filter(code=code, opened__isnull=True).update(opened=hour)
    # ?van= lets the activity page offer "← terug naar jouw uitslag" (checked: quiz.results).
    target = reverse("public:activity", args=[slug]) + f"?van={code}"
    response = HttpResponseRedirect(target, status=303 if request.method == "POST" else 302)
    response["Referrer-Policy"] = "no-referrer"
    return response
