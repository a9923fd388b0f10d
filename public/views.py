"""Pages for children and parents: the catalogue as list and map, one activity, one provider."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods

from catalogue import calendar, geo, presenters
from catalogue.filters import FilterForm
from catalogue.models import Activity, Occurrence, Provider, Theme
from catalogue.presenters import activity_context
from catalogue.search import Filters, Result
from catalogue.search import kept as search  # the search's answer, kept per content version
from catalogue.search import public as search_public
from catalogue.search import public_pk as search_public_pk
from catalogue.services import activity_count_signup_click, activity_count_view
from pages.highlights import front
from public import fragments
from quiz.results import back_to_result
from techniekkaart import counting, pagecache
from techniekkaart.crosssite import same_site_posts_only
from techniekkaart.http import HtmxHttpRequest
from techniekkaart.vocab import LIST_RADIUS_KM


@require_GET
@pagecache.cache_page
def home(request: HttpRequest) -> HttpResponse:
    """The highlights' cards, the theme cards and the news cards are kept per content version
    (public/fragments.py; the template's {% cache %} blocks); what changes with the clock (the
    count, which activities come next, which news is out) is kept per content version until the
    clock could change it (pages.highlights.front)."""
    version = pagecache.version()
    rows = front()
    shown = [
        fragments.Shown(pk, start, None, status if status != "gepland" else "")
        for pk, start, status in rows.picks
    ]
    cards = fragments.cards(shown, _card_activities, version)
    news = rows.news
    context = {
        "version": version,
        "seconds": pagecache.part_seconds(),
        "themes": presenters.themes,  # called only when the theme cards are not kept
        "count": rows.count,
        "highlights": [cards[pk] for pk, _start, _status in rows.picks if pk in cards],
        "news": news,
        "news_kept": ",".join(str(item.pk) for item in news),
    }
    return render(request, "public/home.html", context)


def _filter(
    request: HttpRequest, version: str | None = None
) -> tuple[FilterForm, Filters, Result, list[Theme]]:
    themes = presenters.themes()
    data = request.GET.copy()
    data.setdefault("afstand", str(LIST_RADIUS_KM))
    form = FilterForm(data, themes=themes)
    form.is_valid()  # invalid fields are reported and left out; the rest still filters
    filters = form.filters()
    return form, filters, search(filters, version), themes


@require_GET
@pagecache.cache_page(vary_on=("HX-Request", "HX-Target"))  # the results alone for htmx
def activity_list(request: HtmxHttpRequest) -> HttpResponse:
    version = pagecache.version()
    form, filters, result, themes = _filter(request, version)
    paginator = Paginator(result.hits, settings.CATALOGUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    hits_by_pk = {hit.pk: hit for hit in page.object_list}
    # The cards come rendered from the fragment cache where they are kept (public/fragments.py);
    # only the others are rendered, from their activities.
    shown = [
        fragments.Shown(hit.pk, hit.next_start, hit.distance_km) for hit in hits_by_pk.values()
    ]
    # With a date filter the search reads each activity's first date from that day on.
    cards = fragments.cards(
        shown, _card_activities, version, dates_off=True, later_start=bool(filters.date_from)
    )
    items = [(cards[pk], hit) for pk, hit in hits_by_pk.items() if pk in cards]
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "filters": filters,
        "result": result,
        "page": page,
        "items": items,
        "themes": themes,
        "query": query.urlencode(),
        "geojson_url": reverse("public:activities-geojson")
        + ("?" + query.urlencode() if query else ""),
        "wider_url": _with(query, afstand=result.wider_radius) if result.wider_radius else "",
    }
    template = "public/activity_list.html"
    if request.htmx and request.htmx.target == "resultaten":
        template += "#results"
    return render(request, template, context)


def _card_activities(pks: list[int]) -> dict[int, Activity]:
    activities = (
        Activity.objects.filter(pk__in=pks)
        .with_next_start()  # next_status: the card says "Afgelast" when that date is called off
        .select_related("provider", "main_theme", "venue")
        .prefetch_related("themes")
    )
    return {a.pk: a for a in activities}


def _with(query: object, **changes: object) -> str:
    params = query.copy()  # type: ignore[attr-defined]
    for key, value in changes.items():
        params[key] = str(value)
    params.pop("pagina", None)
    return "?" + params.urlencode()


@require_GET
@pagecache.cache_page(vary_on=("Accept-Encoding",))
@gzip_page  # public data without secrets, so compressing is safe (no BREACH); ~5x smaller
def activity_geojson(request: HttpRequest) -> HttpResponse:
    """The map's markers. The same query gives the same answer while the catalogue is unchanged,
    so the body is kept in the cache under the query and the content version (at most a minute,
    as "coming" moves on): one body for the page cache's compressed and plain copies."""
    query = sorted(request.GET.lists())
    version = pagecache.version(request)  # the page cache's own, set anew by every change
    key = "geojson:" + hashlib.sha256(repr((query, version)).encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        _form, _filters, result, _themes = _filter(request)
        # one reverse() instead of one per feature
        data = geo.feature_collection(result.hits, reverse("public:activities"))
        body = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).encode()
        cache.set(key, body, 60)
    return HttpResponse(body, content_type="application/geo+json")


def _public_activity(slug: str) -> tuple[Activity, list[Occurrence], tuple[str, ...]]:
    """A public activity with its provider and venue, its coming dates, and its other themes'
    slugs. Whether it is public, which themes it has and whether any date is to come come from
    the search's snapshot (kept per content version, issue 17): the activity is read by pk,
    without the public query's date subqueries; its themes are not read (see _theme_list); the
    dates only when there are any (an offer on request or always open has none)."""
    now = timezone.now()
    found = search_public(slug, now)
    if found is None:
        raise Http404
    activity = get_object_or_404(Activity.objects.select_related("provider", "venue"), pk=found.pk)
    occurrences: list[Occurrence] = []
    if found.has_dates:
        occurrences = list(activity.occurrences.filter(start__gte=now).order_by("start"))
    return activity, occurrences, found.themes


def _theme_list(activity: Activity, others: tuple[str, ...]) -> list[Theme]:
    """Activity.theme_list (the main theme, then the others in the themes' order) without reading
    a theme: they come from the theme list kept per content version and language, which the
    list page shares (issue 17: reading the themes, with their texts in every language, was a
    quarter of the first render). A main theme the kept list lacks (changed while this page was
    rendered, which then is never served) is read as before."""
    kept = presenters.themes()
    main = next((theme for theme in kept if theme.pk == activity.main_theme_id), None)
    if main is None:
        return activity.theme_list()
    return [main, *(t for t in kept if t.slug in others and t.pk != main.pk)]


def _count_view(request: HttpRequest, slug: str) -> None:
    """A view served from the cache counts as well: once per visitor and day, as below."""
    if counting.first_today(request, f"view:{slug}"):
        pk = search_public_pk(slug)  # from the search's snapshot: no query
        if pk is not None:
            activity_count_view(activity=Activity(pk=pk))


@require_GET
def activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The activity's page. Opened from a child's result (?van=<code>, quiz.views.result_open) it
    is the page everyone gets, from the page cache, with "← terug naar jouw uitslag" in place of
    "← Alle activiteiten" (issue 17: not rendered anew for every child). That page is the child's
    own: never kept, never for a shared cache, and its links (the language menu) leave the code
    out."""
    code = request.GET.get("van")
    if code is None:
        return _activity_detail(request, slug)
    rest = request.GET.copy()
    rest.pop("van")
    query = rest.urlencode()
    shared_request = copy.copy(request)
    shared_request.GET = QueryDict(query)
    shared_request.META = {
        **{k: v for k, v in request.META.items() if not k.startswith("HTTP_IF_")},
        "QUERY_STRING": query,
    }
    shared = _activity_detail(shared_request, slug)
    body = shared.content
    back = back_to_result(code)
    if back and shared.status_code == 200:
        every = render_to_string("public/_back_to_list.html").encode()
        own = render_to_string("public/_back_to_result.html", {"result_url": back}).encode()
        body = body.replace(every, own, 1)
    response = HttpResponse(body, status=shared.status_code)
    for name, value in shared.items():
        if name not in ("ETag", "Cache-Control", "Vary"):
            response[name] = value
    for name in pagecache.RESPONSE_ATTRIBUTES:  # the page's own CSP additions
        if hasattr(shared, name):
            setattr(response, name, getattr(shared, name))
    add_never_cache_headers(response)
    return response


@pagecache.cache_page(on_hit=_count_view)
def _activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    activity, occurrences, themes = _public_activity(slug)
    if counting.first_today(request, f"view:{slug}"):
        activity_count_view(activity=activity)
    context = activity_context(
        request, activity, occurrences=occurrences, theme_list=_theme_list(activity, themes)
    )
    response = render(request, "public/activity_detail.html", context)
    # The sign-up button posts here and is sent on to the provider: CSP form-action must allow
    # that one destination (browsers check it on the redirect), and nothing else.
    response._csp_update = {"form-action": _signup_destinations(activity)}  # type: ignore[attr-defined]
    return response


def _signup_destinations(activity: Activity) -> list[str]:
    if activity.signup_method == Activity.SignupMethod.EMAIL:
        return ["mailto:"]
    if activity.signup_method == Activity.SignupMethod.PHONE:
        return ["tel:"]
    parts = urlsplit(activity.signup_url or "")
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return []
    host = parts.hostname or ""
    if parts.scheme in {"http", "https"} and re.fullmatch(r"[a-z0-9.-]+", host):
        return [f"{parts.scheme}://{host}{port}"]
    return []


class SignupRedirect(HttpResponseRedirect):
    allowed_schemes = ["http", "https", "mailto", "tel"]


@csrf_exempt  # no cookie on public pages; cross-site posts are refused by same_site_posts_only
@same_site_posts_only
@require_http_methods(["GET", "POST"])
def activity_signup(request: HttpRequest, slug: str) -> HttpResponse:
    """Sends the visitor on to the provider's sign-up. Only the page's button (a post) counts the
    click, once per visitor and day, not for known bots, and nothing about the person is kept;
    a GET (a link scanner, a prefetch, an old link) changes nothing."""
    activity = get_object_or_404(Activity.objects.public(), slug=slug)
    targets: dict[str, str] = {
        Activity.SignupMethod.LINK: activity.signup_url,
        Activity.SignupMethod.EMAIL: f"mailto:{activity.signup_email}",
        Activity.SignupMethod.PHONE: f"tel:{activity.signup_phone.replace(' ', '')}",
    }
    target = targets.get(activity.signup_method)
    if not target:
        raise Http404
    if request.method == "POST" and counting.first_today(request, f"signup:{activity.pk}"):
        activity_count_signup_click(activity=activity)
    response = SignupRedirect(target, status=303 if request.method == "POST" else 302)
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def activity_ics(request: HttpRequest, slug: str, code: str = "") -> HttpResponse:
    activity, occurrences, _themes = _public_activity(slug)
    if code:
        occurrences = [o for o in occurrences if o.code == code]
    if not occurrences:
        raise Http404
    body = calendar.ics(activity, occurrences, request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = f"{activity.slug}-{code}" if code else activity.slug
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


@require_GET
@pagecache.cache_page
def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Only an organisation with a published activity has a page: not one that just signed up
    (unverified, unmoderated text), as the sitemap and the API list only those too."""
    published = Activity.objects.published().filter(provider=OuterRef("pk"))
    provider = get_object_or_404(Provider.objects.filter(Exists(published)), slug=slug)
    activities = list(
        provider.activities.public()
        .select_related("main_theme", "venue", "provider")
        .prefetch_related("themes")
        .order_by("title")
    )
    return render(
        request, "public/provider_detail.html", {"provider": provider, "activities": activities}
    )
