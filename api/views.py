"""Open JSON API. Bad parameters get a 400 with a clear message, in Dutch and machine-readable."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from catalogue.models import Theme
from catalogue.places import Place, lookup
from catalogue.recommendations import recommendations_for

MAX_LIMIT = 50


class BadRequest(ValueError):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


def parse_profile(raw: str, known: set[str]) -> dict[str, float]:
    """ "bouwen:0.6,energie:0.4" -> {"bouwen": 0.6, "energie": 0.4}."""
    profile: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in raw.split(",")[:50])):
        slug, sep, value = part.partition(":")
        if slug not in known:
            raise BadRequest(
                "profile", f"Onbekend thema “{slug[:40]}”. Kies uit: {', '.join(sorted(known))}."
            )
        try:
            weight = float(value) if sep else 1.0
        except ValueError:
            raise BadRequest("profile", f"Het gewicht van “{slug}” is geen getal.") from None
        if not 0 <= weight <= 100:
            raise BadRequest("profile", f"Het gewicht van “{slug}” moet tussen 0 en 100 liggen.")
        profile[slug] = weight
    if not any(profile.values()):
        raise BadRequest(
            "profile", "Geef een profiel, bijvoorbeeld profile=bouwen:0.6,energie:0.4."
        )
    return profile


def _int(raw: str | None, name: str, low: int, high: int, default: int | None) -> int | None:
    if raw in (None, ""):
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise BadRequest(name, f"{name} moet een heel getal van {low} tot en met {high} zijn.")
    return int(raw)


def _place(raw: str | None) -> Place | None:
    if not raw:
        return None
    found = lookup(raw)
    if found.place is None:
        hint = ", ".join(p.name for p in found.suggestions)
        raise BadRequest("plaats", found.message + (f" Bedoel je: {hint}?" if hint else ""))
    return found.place


@require_safe
def recommendations(request: HttpRequest) -> JsonResponse:
    known = set(Theme.objects.values_list("slug", flat=True))
    try:
        profile = parse_profile(request.GET.get("profile", ""), known)
        age = _int(request.GET.get("leeftijd"), "leeftijd", 4, 18, None)
        limit = _int(request.GET.get("limit"), "limit", 1, MAX_LIMIT, 10) or 10
        place = _place(request.GET.get("plaats"))
    except BadRequest as error:
        return JsonResponse({"error": str(error), "parameter": error.parameter}, status=400)
    recs = recommendations_for(profile=profile, age=age, place=place, limit=limit)
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
            "reasons": list(item.reasons),
            "try_new": item.try_new,
        }
        for item in recs.items
    ]
    return JsonResponse(
        {"count": len(items), "radius_km": recs.radius_km, "widened": recs.widened, "items": items},
        json_dumps_params={"ensure_ascii": False},
    )
