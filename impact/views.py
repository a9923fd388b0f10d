"""The coordinator's impact dashboard (/cijfers/), a CSV file of every table, and the quarterly
report for funders (/cijfers/rapport/, one printed page per quarter, with the coordinator's text
per quarter). Staff only."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from impact import figures
from impact import report as quarterly
from impact.charts import bar_chart
from impact.forms import QuarterNoteForm
from impact.models import QuarterNote
from techniekkaart import spreadsheet

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


class NotOffered(Exception):
    """A ?periode= that is not on offer: a running quarter, one beyond the retention window, or nonsense."""


def _period(request: HttpRequest) -> tuple[figures.Period | None, list[figures.Period]]:
    """The chosen quarter, else the newest one on offer (None when none is yet).

    A quarter that is not on offer is refused, never swapped for another: its figures would still change."""
    offered = figures.periods_available()
    asked = request.GET.get("periode", "")
    if not asked:
        return (offered[0] if offered else None), offered
    chosen = figures.Period.from_slug(asked[:10])
    if chosen is None or chosen not in offered:
        raise NotOffered
    return chosen, offered


@require_GET
@coordinator_required
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        period, offered = _period(request)
    except NotOffered:
        return _without_quarter(request, figures.periods_available(), refused=True)
    if period is None:
        return _without_quarter(request, offered, refused=False)
    publication = figures.dashboard(period, offered)
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
    context = {
        "period": period,
        "periods": offered,
        "publication": publication,
        "sections": _sections(tables),
        "places": places,
        "place": place,
        "chosen": chosen,
        "supply": publication.supply,
        "report_url": reverse("impact:report"),
    }
    return render(request, "impact/dashboard.html", context)


def _without_quarter(
    request: HttpRequest, offered: list[figures.Period], *, refused: bool
) -> HttpResponse:
    """No quarter's figures: none has ended yet, or the one asked for is not on offer (404). The supply
    of activities is shown all the same: it is about activities, not children."""
    supply, tables = figures.supply_only()
    context = {
        "period": None,
        "periods": offered,
        "refused": refused,
        "sections": _sections(tables),
        "supply": supply,
        "upcoming": quarterly.upcoming() if not offered else None,
        "report_url": reverse("impact:report") if offered else "",
    }
    return render(request, "impact/dashboard.html", context, status=404 if refused else 200)


def _sections(
    tables: dict[str, figures.Table],
) -> dict[str, list[tuple[figures.Table, SafeString | str]]]:
    return {
        name: [(tables[slug], _chart(tables[slug])) for slug in slugs if slug in tables]
        for name, slugs in SECTIONS
    }


def _chart(table: figures.Table) -> SafeString | str:
    return bar_chart(table.chart_bars()) if table.chart else ""


@require_GET
@coordinator_required
def table_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """One table as CSV (semicolons, for Dutch spreadsheets); hidden cells are left empty. The supply
    tables download without a quarter too."""
    try:
        period, offered = _period(request)
    except NotOffered:
        raise Http404 from None
    if period is None:
        table = figures.supply_only()[1].get(slug)
    else:
        table = figures.dashboard(period, offered).tables.get(slug)
    if table is None:
        raise Http404
    today = timezone.localdate()
    name = period.slug if period else f"{today:%Y-%m-%d}"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="techniekkaart-{slug}-{name}.csv"'
    response.write("\ufeff")
    rows = [[table.row_header, *(label for _key, label in table.columns)]]
    for _key, label, cells in table.rows:
        rows.append([label, *(cells[key].csv for key, _l in table.columns)])
    if table.total:
        label, cells = table.total
        rows.append([label, *(cells[key].csv for key, _l in table.columns)])
    about = period.label if period else _("Aanbod")
    rows += [[], [f"{about}; gemaakt {today:%d-%m-%Y}; leeg = minder dan 10"]]
    response.write(spreadsheet.csv_text(rows, delimiter=";"))  # every cell defused
    return response


# The quarterly report for funders ------------------------------------------------------------------------


@require_GET
@coordinator_required
def report(request: HttpRequest) -> HttpResponse:
    """Every quarter on offer, oldest first, one printed page each; ?periode= for one quarter."""
    offered = figures.periods_available()
    asked = request.GET.get("periode", "")
    periods = offered
    if asked:
        chosen = figures.Period.from_slug(asked[:10])
        if chosen is None or chosen not in offered:
            raise Http404
        periods = [chosen]
    context = {
        "reports": quarterly.reports(periods, offered),
        "upcoming": quarterly.upcoming() if not offered else None,
        "single": bool(asked),
    }
    return render(request, "impact/report.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_required
def report_note(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator's text for one quarter on offer."""
    period = figures.Period.from_slug(slug[:10])
    if period is None or period not in figures.periods_available():
        raise Http404
    note = QuarterNote.objects.filter(period=period.slug).first()
    form = QuarterNoteForm(request.POST or None, initial={"text": note.text if note else ""})
    if request.method == "POST" and form.is_valid():
        quarterly.save_note(period, form.cleaned_data["text"], request.user)
        return redirect(f"{reverse('impact:report')}#kwartaal-{period.slug}")
    context = {"period": period, "form": form, "note": note}
    return render(request, "impact/report_note.html", context, status=400 if form.errors else 200)
