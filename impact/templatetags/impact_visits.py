"""The class-visit tables on /cijfers/ (impact/visits.py), as one tag the dashboard includes."""

from __future__ import annotations

from django import template

from impact import visits
from impact.charts import bar_chart
from impact.units import Period

register = template.Library()


@register.inclusion_tag("impact/_visits.html")
def visit_figures(period: Period | None) -> dict[str, object]:
    if period is None:
        return {"period": None}
    tables = visits.quarter_visits(period)
    return {
        "period": period,
        "tables": [(table, bar_chart(table.chart_bars())) for table in tables],
        "facts": [(label, visits.totals(tables)[key]) for key, label in visits.MEASURES],
    }
