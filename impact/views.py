"""The coordinator's impact dashboard (/cijfers/) and a CSV file of every table. Staff only."""

from __future__ import annotations

import csv
from collections.abc import Callable

from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from impact import figures
from impact.charts import bar_chart

SECTIONS = (
    ("trechter", ("trechter", "weken", "gemeenten", "sto-regios", "leeftijd", "themas")),
    ("interesse", ("verloop", "interesse-gemeente", "klassen")),
    ("aanbod", ("tekort", "aanbod-thema", "aanbod-gemeente", "aanbod-soort")),
)


def _coordinator(user: object) -> bool:
    """403 rather than a log-in page: a signed-in provider would only loop back here."""
    if getattr(user, "is_active", False) and getattr(user, "is_staff", False):
        return True
    raise PermissionDenied


def coordinator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return login_required(user_passes_test(_coordinator)(view))


def _period(request: HttpRequest) -> tuple[figures.Period, list[figures.Period]]:
    """The chosen quarter, if it is one on offer; else the current one."""
    offered = figures.periods_available()
    chosen = figures.Period.from_slug(request.GET.get("periode", "")[:10])
    return (chosen if chosen in offered else offered[0]), offered


@require_GET
@coordinator_required
def dashboard(request: HttpRequest) -> HttpResponse:
    period, offered = _period(request)
    publication = figures.dashboard(period)
    tables = publication.tables
    places = publication.municipalities()
    place = request.GET.get("gemeente", "")[:60]
    if place not in dict(places):
        place = ""
    chosen = None
    if place:
        row = next(cells for key, _l, cells in tables["interesse-gemeente"].rows if key == place)
        funnel = next(cells for key, _l, cells in tables["gemeenten"].rows if key == place)
        themes = tables["interesse-gemeente"].columns
        chosen = {
            "name": place,
            "funnel": funnel,
            "themes": [(label, row[key]) for key, label in themes],
            "chart": bar_chart([(label, row[key]) for key, label in themes]),
        }
    sections = [
        (name, [(tables[slug], _chart(tables[slug])) for slug in slugs if slug in tables])
        for name, slugs in SECTIONS
    ]
    context = {
        "period": period,
        "periods": offered,
        "publication": publication,
        "sections": dict(sections),
        "places": places,
        "place": place,
        "chosen": chosen,
        "funnel_chart": _chart(tables["trechter"]),
        "supply": publication.supply,
    }
    return render(request, "impact/dashboard.html", context)


def _chart(table: figures.Table):
    return bar_chart(table.chart_bars()) if table.chart else ""


@require_GET
@coordinator_required
def table_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """One table as CSV (semicolons, for Dutch spreadsheets); hidden cells are left empty."""
    period, _offered = _period(request)
    table = figures.dashboard(period).tables.get(slug)
    if table is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="techniekkaart-{slug}-{period.slug}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([table.row_header, *(label for _key, label in table.columns)])
    for _key, label, cells in table.rows:
        writer.writerow([label, *(cells[key].csv for key, _l in table.columns)])
    if table.total:
        label, cells = table.total
        writer.writerow([label, *(cells[key].csv for key, _l in table.columns)])
    writer.writerow([])
    writer.writerow(
        [f"{period.label}; gemaakt {timezone.localdate():%d-%m-%Y}; leeg = minder dan 10"]
    )
    return response
