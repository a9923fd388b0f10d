"""Horizontal bar charts as SVG, drawn on the server: no JavaScript, no library, readable without colour.

Each chart is decoration beside its table (aria-hidden): the table is what a screen reader reads."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from impact.publication import Shown

ROW = 26
LABEL = 210
BAR = 300
VALUE = 80


def bar_chart(bars: list[tuple[str, Shown]]) -> SafeString:
    """One bar per row; hidden values get no bar and the text "< 10"."""
    if not bars:
        return mark_safe("")
    peak = max((shown.value or 0 for _label, shown in bars), default=0) or 1
    width = LABEL + BAR + VALUE
    height = ROW * len(bars) + 6
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, shown) in enumerate(bars):
        y = 3 + i * ROW
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text class="chart-label" x="{LABEL - 8}" y="{y + 17}" text-anchor="end">{escape(short)}</text>'
        )
        if shown.value is not None and shown.value > 0:
            length = max(2, round(BAR * shown.value / peak))
            parts.append(
                f'<rect class="chart-bar" x="{LABEL}" y="{y + 4}" width="{length}" height="{ROW - 8}" rx="2"/>'
            )
            end = LABEL + length + 6
        else:
            end = LABEL + 6
        css = "chart-value" if shown.value is not None else "chart-value chart-hidden"
        parts.append(f'<text class="{css}" x="{end}" y="{y + 17}">{escape(shown.text)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
