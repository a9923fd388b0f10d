"""Open data: the catalogue as JSON, GeoJSON, iCalendar and RSS, and a widget for other sites.

Every response here is public, cacheable (ETag, 304 on If-None-Match) and rate-limited per address
("api" in settings.RATE_LIMITS: 429 with Retry-After). Bad parameters get a 400 with a clear message,
in Dutch and machine-readable: {"error": "...", "parameter": "..."}. The filters are the catalogue's own
(api/params.py), so a link copied from /activiteiten/?... means the same here.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from csp.decorators import csp_replace
from django.conf import settings
from django.core.cache import cache, caches
from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from api import openapi, serialise, tombstones
from api.feeds import NewActivities
from api.params import (
    FILTER_PARAMETERS,
    BadRequest,
    catalogue_filters,
    integer,
    moment,
    parse_profile,
    place_or_400,
)
from catalogue import calendar, geo
from catalogue.filters import FilterForm
from catalogue.models import Activity, Provider, Theme, Venue
from catalogue.phrases import say_all
from catalogue.places import all_places
from catalogue.recommendations import recommendations_for
from catalogue.search import Hit, search
from catalogue.search import kept as kept_search
from matching.records import CHILD, CLASS
from techniekkaart import pagecache, ratelimit
from techniekkaart.vocab import LIST_RADIUS_KM

MAX_LIMIT = 50
FOR_WHOM = {"": CHILD, "kind": CHILD, "klas": CLASS}  # ?voor=: a child at home (default) or a class
PER_PAGE = 50
MAX_PER_PAGE = 100
WIDGET_DEFAULT, WIDGET_MAX = 5, 20
CACHE_SECONDS = 300
BODY_CACHE_SECONDS = 60


def error(message: str, parameter: str = "", status: int = 400) -> JsonResponse:
    body: dict[str, str] = {"error": message}
    if parameter:
        body["parameter"] = parameter
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def open_data(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only, rate-limited, 400 for BadRequest, ETag with 304, open to every origin."""
    return _open(view, html=False)


def open_data_cached(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The same, and the answer is kept in the cache while the catalogue is unchanged (at most
    BODY_CACHE_SECONDS, so provider and venue edits and passing dates show within a minute).
    Harvesters and calendar apps ask the same few URLs over and over."""
    return _open(view, html=False, keep=True)


def open_html(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The same for a page: the 429 is the friendly Dutch page."""
    return _open(view, html=True)


def _open(
    view: Callable[..., HttpResponse], html: bool, keep: bool = False
) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The cached answers' key holds the content version: read in the limit's round trip.
        limit = ratelimit.check(request, "api", reads=[pagecache.VERSION_KEY] if keep else [])
        if limit is not None and html:
            response: HttpResponse = ratelimit.too_many(request, limit, "api/widget_429.html")
        elif limit is not None:
            response = error(
                ngettext(
                    "Te veel verzoeken. Probeer het over %(count)s seconde opnieuw.",
                    "Te veel verzoeken. Probeer het over %(count)s seconden opnieuw.",
                    limit.retry_after,
                )
                % {"count": limit.retry_after},
                status=429,
            )
            response["Retry-After"] = str(limit.retry_after)
        else:
            key = _body_key(request) if keep else ""
            kept = _kept(key) if key else None
            if kept is not None:
                response = HttpResponse(kept[1], content_type=kept[0])
                for header, value in kept[2]:
                    response[header] = value
            else:
                try:
                    response = view(request, *args, **kwargs)
                except BadRequest as bad:
                    response = error(str(bad), bad.parameter)
                if key and response.status_code == 200:
                    extra = [(h, response[h]) for h in ("Content-Disposition",) if h in response]
                    body = (response["Content-Type"], response.content, extra, time.time())
                    cache.set(key, body, BODY_CACHE_SECONDS)
                    caches["answers"].set(key, body, BODY_CACHE_SECONDS)
        response["Access-Control-Allow-Origin"] = "*"
        return conditional(request, response)

    return require_safe(wrapper)


def _kept(key: str) -> tuple | None:
    """A kept answer: this process's own copy, else the shared cache's (copied here for the rest
    of its minute). The key holds the content version, so a change is never served from either."""
    kept = caches["answers"].get(key)
    if kept is None:
        kept = cache.get(key)
        left = BODY_CACHE_SECONDS - (time.time() - kept[3]) if kept is not None else 0
        if left >= 1:
            caches["answers"].set(key, kept, int(left))
    return kept


def _body_key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    version = pagecache.version(request)  # set anew by every content change (no query)
    language = get_language()  # the reasons and messages are in the request's language
    return "api-body:" + hashlib.sha256(f"{address}|{version}|{language}".encode()).hexdigest()


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """An ETag from the body: always right, whatever changed (an activity, a provider, the clock)."""
    if response.status_code != 200 or response.streaming:
        return response
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    # Given a response, Django answers it or a 304/412, never None (the stubs allow None).
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


def _json(data: Any, content_type: str = "application/json") -> HttpResponse:
    return HttpResponse(serialise.dumps(data), content_type=content_type)


def _hits(request: HttpRequest, gone: dict[int, Any] | None = None) -> list[Hit]:
    """The catalogue's search for the query string, narrowed by updated_since; `gone` receives the
    tombstones of what left the selection since then (api/tombstones.py)."""
    hits = kept_search(catalogue_filters(request.GET), pagecache.version(request)).hits
    since = moment(request.GET.get("updated_since"))
    if since is not None and gone is not None:
        gone.update(tombstones.since(since, timezone.now(), {hit.pk for hit in hits}))
    if since is not None:
        changed = set(Activity.objects.filter(updated__gte=since).values_list("pk", flat=True))
        hits = [hit for hit in hits if hit.pk in changed]
    return hits


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(request.path + "?" + query.urlencode())


@open_data_cached
def activity_list(request: HttpRequest) -> HttpResponse:
    page = integer(request.GET.get("page"), "page", 1, 100000, 1) or 1
    per_page = integer(request.GET.get("per_page"), "per_page", 1, MAX_PER_PAGE, PER_PAGE)
    per_page = per_page or PER_PAGE
    gone: dict[int, Any] = {}
    hits = _hits(request, gone)
    # A search (q) keeps the search's order, best match first; otherwise a stable order by id, so a
    # harvester paging through the catalogue sees every activity once.
    if request.GET.get("q", "").strip():
        pks = [hit.pk for hit in hits] + sorted(set(gone) - {hit.pk for hit in hits})
    else:
        pks = sorted({*(hit.pk for hit in hits), *gone})
    chunk = pks[(page - 1) * per_page : page * per_page]
    links = serialise.Links(request)
    version = pagecache.version(request)
    found = serialise.activities_json(
        [pk for pk in chunk if pk not in gone], timezone.now(), links, version
    )
    results = [
        serialise.dumps(gone[pk]) if pk in gone else found[pk]
        for pk in chunk
        if pk in gone or pk in found
    ]
    last = max(1, -(-len(pks) // per_page))
    head = serialise.dumps(
        {
            "count": len(pks),
            "page": page,
            "perPage": per_page,
            "next": _page_url(request, page + 1) if page < last else None,
            "previous": _page_url(request, min(page - 1, last)) if page > 1 else None,
        }
    )
    # The activities come as JSON already (kept per activity): the same bytes as dumping it whole.
    body = head[:-1] + ',"results":[' + ",".join(results) + "]}"
    return HttpResponse(body, content_type="application/json")


@open_data
def activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    # Only a well-formed slug reaches the database (a NUL byte would be a 500 on PostgreSQL).
    public = Activity.objects.public(now).filter(slug=slug) if slug_re.fullmatch(slug) else None
    pk = public.values_list("pk", flat=True).first() if public is not None else None
    if pk is None:
        return error(_("Deze activiteit staat niet (meer) op de Techniekkaart."), status=404)
    found = serialise.activities_by_pk([pk], now)[pk]
    return _json(serialise.activity(found, serialise.Links(request), timezone.localdate()))


@open_data_cached
def activity_geojson(request: HttpRequest) -> HttpResponse:
    prefix = request.build_absolute_uri(reverse("public:activities"))
    return _json(geo.feature_collection(_hits(request), prefix), "application/geo+json")


@open_data_cached
def activity_ics(request: HttpRequest) -> HttpResponse:
    """A calendar to subscribe to: every date or series of the matching activities that still runs."""
    pks = [hit.pk for hit in _hits(request)]
    prefix = request.build_absolute_uri(reverse("public:activities"))
    body = calendar.feed(pks, prefix=prefix, name="Techniekkaart Regio Zwolle")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="techniekkaart.ics"'
    return response


@open_data
def themes(request: HttpRequest) -> HttpResponse:
    counts: Counter[int] = Counter()
    public = Activity.objects.public()
    for main, other in public.values_list("main_theme_id", "themes__id"):
        counts[main] += 1
        if other is not None and other != main:
            counts[other] += 1
    results = [serialise.theme(t, counts[t.pk]) for t in Theme.objects.all()]
    return _json({"count": len(results), "results": results})


@open_data
def providers(request: HttpRequest) -> HttpResponse:
    counts = Counter(Activity.objects.public().values_list("provider_id", flat=True))
    found = Provider.objects.filter(pk__in=counts).order_by("name", "pk")
    links = serialise.Links(request)
    results = [serialise.provider(p, links, counts[p.pk]) for p in found]
    return _json({"count": len(results), "results": results})


@open_data
def venues(request: HttpRequest) -> HttpResponse:
    used = Activity.objects.public().exclude(venue=None).values_list("venue_id", flat=True)
    found = Venue.objects.filter(pk__in=set(used)).select_related("provider").order_by("name", "pk")
    results = [{**serialise.venue(v), "provider": v.provider.slug} for v in found]
    return _json({"count": len(results), "results": results})


@open_data
def places(request: HttpRequest) -> HttpResponse:
    results = [serialise.place(p) for p in all_places()]
    return _json({"count": len(results), "results": results})


@open_data_cached
def recommendations(request: HttpRequest) -> HttpResponse:
    known = set(Theme.objects.values_list("slug", flat=True))
    profile = parse_profile(request.GET.get("profile", ""), known)
    age = integer(request.GET.get("leeftijd"), "leeftijd", 4, 18, None)
    limit = integer(request.GET.get("limit"), "limit", 1, MAX_LIMIT, 10) or 10
    place = place_or_400(request.GET.get("plaats"))
    who = request.GET.get("voor", "")
    if who not in FOR_WHOM:
        raise BadRequest("voor", _("voor moet “kind” of “klas” zijn."))
    recs = recommendations_for(
        profile=profile, age=age, place=place, limit=limit, audience=FOR_WHOM[who]
    )
    prefix = reverse("public:activities")
    items = [
        {
            "slug": item.offer.slug,
            "title": item.offer.title,
            "url": request.build_absolute_uri(f"{prefix}{item.offer.slug}/"),
            "themes": [item.offer.main_theme, *item.offer.themes],
            "distance_km": item.distance_km,
            "next_start": item.offer.next_start.isoformat() if item.offer.next_start else None,
            "score": round(item.score, 4),
            "reasons": say_all(item.reasons),
            "try_new": item.try_new,
            "town": item.where,
            "also_in": list(item.also_in),
        }
        for item in recs.items
    ]
    return _json(
        {"count": len(items), "radius_km": recs.radius_km, "widened": recs.widened, "items": items}
    )


@open_data
def openapi_json(request: HttpRequest) -> HttpResponse:
    return _json(openapi.document())


@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """The documentation page, rendered from the OpenAPI document itself."""
    doc = openapi.document()
    operations = []
    for path, item in doc["paths"].items():
        op = item["get"]
        operations.append(
            {
                "path": path,
                "id": op["operationId"],
                "summary": op["summary"],
                "description": op["description"],
                "parameters": [_parameter_row(p) for p in op["parameters"]],
                "responses": [
                    (code, r.get("description", ""), ", ".join(r.get("content", {})))
                    for code, r in op["responses"].items()
                ],
                "example": path.replace("{slug}", "…") if "{" in path else path,
            }
        )
    schemas = [
        (name, [(key, _type_text(value)) for key, value in schema.get("properties", {}).items()])
        for name, schema in doc["components"]["schemas"].items()
    ]
    return render(
        request,
        "api/docs.html",
        {"info": doc["info"], "operations": operations, "schemas": schemas},
    )


def _parameter_row(parameter: dict[str, Any]) -> dict[str, str]:
    return {
        "name": parameter["name"],
        "where": parameter["in"],
        "type": _type_text(parameter["schema"]),
        "required": parameter.get("required", False),
        "description": parameter.get("description", ""),
    }


def _type_text(schema: Any) -> str:
    """A short human description of a JSON Schema: "integer 4–18", "list of string", "Venue or null"."""
    if not isinstance(schema, dict):
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "oneOf" in schema:
        return " of ".join(_type_text(s) for s in schema["oneOf"])
    kind = schema.get("type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    text = " of ".join(str(k) for k in kinds)
    if "array" in kinds:
        text = text.replace("array", f"lijst van {_type_text(schema.get('items', {}))}")
    if "enum" in schema:
        text += ": " + ", ".join(f"“{v}”" for v in schema["enum"])
    if "format" in schema:
        text += f" ({schema['format']})"
    if "minimum" in schema and "maximum" in schema:
        text += f" {schema['minimum']}–{schema['maximum']}"
    return text


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@open_html
def widget(request: HttpRequest) -> HttpResponse:
    """The activities for the filters as a small page for an iframe on another site. No cookies; one
    same-origin script that tells the host page its height (static/js/widget.js); links open the
    Techniekkaart in a new tab."""
    try:
        filters = catalogue_filters(request.GET)
        count = integer(request.GET.get("aantal"), "aantal", 1, WIDGET_MAX, WIDGET_DEFAULT)
    except BadRequest as bad:
        context = {"problem": str(bad), "parameter": bad.parameter}
        return render(request, "api/widget.html", context, status=400)
    result = search(filters)
    shown = result.hits[: count or WIDGET_DEFAULT]
    by_pk = {
        a.pk: a
        for a in Activity.objects.filter(pk__in=[h.pk for h in shown]).select_related(
            "provider", "venue", "main_theme"
        )
    }
    query = request.GET.copy()
    query.pop("aantal", None)
    catalogue = request.build_absolute_uri(reverse("public:activities"))
    return render(
        request,
        "api/widget.html",
        {
            "items": [(by_pk[h.pk], h) for h in shown if h.pk in by_pk],
            "total": len(result.hits),
            "catalogue_url": catalogue + ("?" + query.urlencode() if query else ""),
            "prefix": catalogue,
        },
    )


@require_safe
def widget_maker(request: HttpRequest) -> HttpResponse:
    """Builds the snippet: pick filters, see the widget, copy the iframe and the script that sizes it."""
    data = request.GET.copy()
    if data:  # the catalogue's default radius, shown as chosen
        data.setdefault("afstand", str(LIST_RADIUS_KM))
    form = FilterForm(
        data or None, themes=list(Theme.objects.all()), initial={"afstand": LIST_RADIUS_KM}
    )
    problem = ""
    query = QueryDict(mutable=True)
    for key, values in data.lists():
        kept = [v for v in values if v.strip()]
        if kept and (key in FILTER_PARAMETERS or key == "aantal"):
            query.setlist(key, kept)
    try:
        catalogue_filters(query)
        integer(query.get("aantal"), "aantal", 1, WIDGET_MAX, WIDGET_DEFAULT)
    except BadRequest as bad:
        problem = str(bad)
    widget_url = request.build_absolute_uri(reverse("api:widget"))
    if query:
        widget_url += "?" + query.urlencode()
    # The host script's plain (unhashed) name: pasted into other sites, it must outlive our deploys.
    host_script = request.build_absolute_uri(settings.STATIC_URL + "js/widget-host.js")
    snippet = (
        f'<iframe src="{widget_url}" title="Techniek-activiteiten van de Techniekkaart" '
        'width="100%" height="640" loading="lazy"></iframe>\n'
        f'<script src="{host_script}" defer></script>'
    )
    return render(
        request,
        "api/widget_maker.html",
        {
            "form": form,
            "snippet": "" if problem else snippet,
            "widget_url": widget_url,
            "problem": problem,
            "counts": list(range(1, WIDGET_MAX + 1)),
            "count": data.get("aantal", str(WIDGET_DEFAULT)),
        },
    )


_feed = NewActivities()


@open_data_cached
def new_activities_rss(request: HttpRequest) -> HttpResponse:
    filters = catalogue_filters(request.GET)
    request.api_filters = filters if any(k in request.GET for k in FILTER_PARAMETERS) else None  # type: ignore[attr-defined]
    return _feed(request)
