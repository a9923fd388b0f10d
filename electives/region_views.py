"""Public pages of the STO (Sterk Techniekonderwijs) regions: the list and one page per region.

A region's page shows what the region offers: its activities and its keuzevakken. It lives here,
above both, while the regions app (core) keeps the regions themselves and imports no module."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from electives.services import region_modules
from regions import services
from regions.models import STORegion


@require_GET
def region_list(request: HttpRequest) -> HttpResponse:
    context = {
        "regions": services.regions_with_municipalities(),
        "without_region": services.municipalities_without_region(),
    }
    return render(request, "regions/list.html", context)


@require_GET
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(STORegion.objects.prefetch_related("municipalities"), slug=slug)
    municipalities = services.municipalities_of(region)
    names = [m.name for m in municipalities]
    activities, total = services.region_activities(names)
    context = {
        "region": region,
        "municipalities": municipalities,
        "activities": activities,
        "activity_total": total,
        "modules": region_modules(names),
    }
    return render(request, "regions/detail.html", context)
