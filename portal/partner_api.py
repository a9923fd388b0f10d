"""The write API for partners with their own system: /api/v1/partner/ (contract: api/write.py).

Only an organisation's API key opens it (`Authorization: Bearer tk_...`, portal/keys.py); a
session cookie counts for nothing here, which is why these views may skip the CSRF check: a
browser cannot send another site's key by itself. Every answer is JSON, never cached, with a Dutch
message and a machine-readable code: {"error": "...", "code": "...", "fields": {...}}. Requests
are limited per key ("api-write") and unknown keys per address ("api-key-failures").

The key itself is never logged, stored or echoed: it travels only in the Authorization header,
which Django's error reports hide (SafeExceptionReporterFilter hides headers named *AUTH*), and a
key sent in the address is refused without being repeated."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from catalogue.models import Activity
from moderation import services as lifecycle
from portal import keys, partner_input
from portal.partner_models import ApiKey
from techniekkaart import ratelimit

MAX_LISTED = 1000


def problem(
    message: str, code: str, status: int, fields: dict[str, list[str]] | None = None
) -> JsonResponse:
    body: dict[str, Any] = {"error": message, "code": code}
    if fields:
        body["fields"] = fields
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _too_many(limit: ratelimit.Limit) -> JsonResponse:
    response = problem(
        _("Te veel verzoeken. Probeer het over %(n)d seconden opnieuw.") % {"n": limit.retry_after},
        "rate_limited",
        429,
    )
    response["Retry-After"] = str(limit.retry_after)
    return response


def _unauthorized(message: str, code: str = "unauthorized") -> JsonResponse:
    response = problem(message, code, 401)
    response["WWW-Authenticate"] = 'Bearer realm="techniekkaart"'
    return response


def key_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Opens the view only with an active key of an organisation whose maker is still a member."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "key" in request.GET or "api_key" in request.GET:
            return problem(
                _(
                    "Zet de sleutel nooit in het adres (dat komt in logboeken terecht), maar in "
                    "de kop Authorization: Bearer. Trek deze sleutel in en maak een nieuwe."
                ),
                "key_in_url",
                400,
            )
        failures = ratelimit.blocked(request, "api-key-failures")
        if failures.blocked:
            return _too_many(failures)
        key = keys.key_from_header(request.headers.get("Authorization", ""))
        if key is None:
            ratelimit.hit(request, "api-key-failures")
            return _unauthorized(
                _(
                    "Geen geldige API-sleutel. Stuur hem als Authorization: Bearer tk_…; maak "
                    "er een in het portaal. Een ingetrokken sleutel werkt niet meer."
                )
            )
        user = keys.acting_user(key)
        if user is None:
            return problem(
                _(
                    "Wie deze sleutel maakte, hoort niet meer bij de organisatie. Laat een collega "
                    "een nieuwe sleutel maken."
                ),
                "key_maker_left",
                403,
            )
        limit = ratelimit.check(request, ("api-write", key.prefix))
        if limit is not None:
            return _too_many(limit)
        keys.mark_used(key)
        request.api_key = key  # type: ignore[attr-defined]
        request.api_user = user  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return csrf_exempt(never_cache(wrapper))


def _body(request: HttpRequest) -> Any:
    content_type = request.content_type or ""
    if content_type != "application/json":
        raise partner_input.Invalid(_("Stuur JSON, met Content-Type: application/json."))
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise partner_input.Invalid(_("Dit is geen geldige JSON.")) from error


def item(request: HttpRequest, activity: Activity) -> dict[str, Any]:
    """One activity as the partner sees it: also drafts and what the coordinator said."""
    pending = getattr(activity, "pending_rows", None)
    if pending is None:
        pending = list(Activity.objects.filter(revision_of=activity))
    change = pending[0] if pending else None
    published = activity.status == Activity.Status.PUBLISHED
    return {
        "id": activity.pk,
        "externalRef": activity.external_ref,
        "slug": activity.slug,
        "name": activity.title,
        "status": activity.status,
        "statusText": activity.get_status_display(),
        "version": activity.version,
        "moderationNote": activity.moderation_note,
        "url": request.build_absolute_uri(activity.get_absolute_url()) if published else None,
        "pendingChange": None
        if change is None
        else {
            "status": change.status,
            "statusText": change.get_status_display(),
            "version": change.version,
            "moderationNote": change.moderation_note,
        },
        "updated": activity.updated.isoformat(),
    }


def _own(request: HttpRequest) -> Any:
    key: ApiKey = request.api_key  # type: ignore[attr-defined]
    return key, request.api_user  # type: ignore[attr-defined]


def _via(key: ApiKey) -> str:
    return _("via API-sleutel “%(name)s” (%(prefix)s…)") % {"name": key.name, "prefix": key.prefix}


def _upsert(request: HttpRequest, ref: str | None) -> HttpResponse:
    key, user = _own(request)
    data = _body(request)
    if not isinstance(data, dict):
        raise partner_input.Invalid(_("Stuur één activiteit als JSON-object."))
    given = data.pop("externalRef", None)
    if ref is not None and given not in (None, ref):
        raise partner_input.Invalid(
            _("externalRef in de tekst wijkt af van die in het adres."),
            {"externalRef": [_("Wijkt af.")]},
        )
    ref = partner_input.valid_ref(ref if ref is not None else given)
    submit = data.pop("submit", True)
    if not isinstance(submit, bool):
        raise partner_input.Invalid(_("“submit” is true of false."), {"submit": []})
    with transaction.atomic():
        outcome = partner_input.save(
            provider=key.provider, ref=ref, data=data, by=user, via=_via(key), submit=submit
        )
    public = outcome.public or outcome.activity
    body = {
        "activity": item(request, public),
        "created": outcome.created,
        "changed": outcome.changed,
    }
    response = JsonResponse(body, status=201 if outcome.created else 200)
    if outcome.created:
        response["Location"] = reverse("partner-api:activity", args=[ref])
    return response


def _answer(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refusals of the input become their JSON answers."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except partner_input.Invalid as error:
            return problem(str(error), "invalid", 400, error.fields)
        except partner_input.Refused as error:
            return problem(str(error), error.code, 409)
        except lifecycle.ModerationError as error:
            return problem(str(error), "forbidden", 403)
        except IntegrityError:  # the same externalRef created twice at the same moment
            return problem(_("Deze activiteit wordt net al opgeslagen. Probeer het nog eens."),
                           "conflict", 409)  # fmt: skip

    return wrapper


@key_required
@require_http_methods(["GET", "HEAD", "POST"])
@_answer
def activities(request: HttpRequest) -> HttpResponse:
    """GET: the organisation's activities (every status); POST: create or update one by externalRef."""
    if request.method == "POST":
        return _upsert(request, None)
    key, _user = _own(request)
    rows = list(
        Activity.objects.filter(provider=key.provider, revision_of__isnull=True).order_by("pk")[
            :MAX_LISTED
        ]
    )
    pending: dict[int, list[Activity]] = {}
    for change in Activity.objects.filter(revision_of__in=rows):
        pending.setdefault(change.revision_of_id or 0, []).append(change)
    for row in rows:
        row.pending_rows = pending.get(row.pk, [])  # type: ignore[attr-defined]
    return JsonResponse({"activities": [item(request, row) for row in rows]})


@key_required
@require_http_methods(["GET", "HEAD", "POST", "DELETE"])
@_answer
def activity(request: HttpRequest, ref: str) -> HttpResponse:
    """GET: one of the organisation's activities; POST: create or update it; DELETE: withdraw it."""
    key, user = _own(request)
    if request.method == "POST":
        return _upsert(request, ref)
    missing = problem(
        _("Jullie organisatie heeft geen activiteit met dit eigen kenmerk."), "not_found", 404
    )
    if not partner_input.REF_RE.fullmatch(ref):
        return missing
    if request.method == "DELETE":
        with transaction.atomic():
            withdrawn = partner_input.withdraw(
                provider=key.provider, ref=ref, by=user, via=_via(key)
            )
        return (
            missing if withdrawn is None else JsonResponse({"activity": item(request, withdrawn)})
        )
    found = partner_input.find(key.provider, ref)
    return missing if found is None else JsonResponse({"activity": item(request, found)})
