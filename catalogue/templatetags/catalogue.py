"""Small display helpers shared by list, detail and provider pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import template
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from catalogue.models import Activity, DateStatus, Occurrence
from catalogue.phrases import say as say_one
from matching.reasons import Part
from techniekkaart.languages import fallback_lang

register = template.Library()


@register.simple_tag
def when(next_start: dt.datetime | None, activity: Activity) -> str:
    """ "zaterdag 12 december, 10:00", or the availability line for offers without dates."""
    if activity.availability != Activity.Availability.DATES:
        label = activity.get_availability_display()
        return f"{label}: {activity.availability_text}" if activity.availability_text else label
    if next_start is None:
        return _("Geen nieuwe datums")
    return moment(next_start)


@register.filter
def moment(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    # The same translatable format as the recommender's days (catalogue.phrases): "l j E" in Polish.
    day = format_date(local, pgettext("weekday and date", "l j F"))
    return f"{day}, {format_date(local, 'H:i')}"


@register.simple_tag
def date_status(o: Occurrence) -> SafeString:
    """One date with what became of it: "Afgelast: <s>zaterdag 12 december, 10:00</s> · ziek",
    "Verplaatst naar …", or "zaterdag 12 december, 10:00 - 12:00", and the newline that ended the
    template include it replaces, byte for byte (tests/test_date_status.py). Written in Python as
    the activity page shows every coming date, up to a few dozen: the include was some 40 µs a
    date, a millisecond of the first render of a page with 27 dates (issue 17)."""
    start = escape(moment(o.start))
    reason = f" · {escape(o.change_reason)}" if o.change_reason else ""
    if o.status == DateStatus.CANCELLED:
        off = escape(_("Afgelast"))
        html = f'<strong class="date-off">{off}:</strong> <s>{start}</s>{reason}'
    elif o.status == DateStatus.POSTPONED:
        off, later = escape(_("Uitgesteld")), escape(_("de nieuwe datum komt later"))
        html = f'<strong class="date-off">{off}:</strong> <s>{start}</s> · {later}{reason}'
    elif o.status == DateStatus.MOVED:
        # a moved date keeps its first time (catalogue.datechanges); one without (a change with
        # no new time) says no "eerst was het": the include wrote the present moment there
        moved = _("Verplaatst naar %(new)s") % {"new": start}
        was = ""
        if o.previous_start is not None:
            first = escape(moment(o.previous_start))
            was = " · " + _("eerst was het %(old)s") % {"old": first}
        html = f'<strong class="date-moved">{moved}</strong> - {_clock(o.end)}{was}{reason}'
    else:
        html = f"{start} - {_clock(o.end)}"
    return mark_safe(html + "\n")  # noqa: S308  # every value escaped above


def _clock(value: dt.datetime) -> str:
    """{{ value|time:"H:i" }}"""
    return f"{timezone.localtime(value):%H:%M}"


@register.filter
def say(value: Part | tuple[Part, ...] | list[Part]) -> str | list[str]:
    """A reason of the recommender, or a list of them, in the page's language: `item.reasons|say|join:" · "`."""
    if isinstance(value, tuple | list):
        return [say_one(part) for part in value]
    return say_one(value)


@register.simple_tag
def where(activity: Activity) -> str:
    if activity.location_type == Activity.LocationType.ONLINE:
        return _("Online, thuis of op school")
    if activity.location_type == Activity.LocationType.SCHOOL or activity.venue is None:
        return _("Op jouw school (vanuit %(place)s)") % {"place": activity.provider.place}
    return activity.venue.place


@register.simple_tag
def price(activity: Activity) -> str:
    if activity.is_free:
        return _("Gratis")
    return "€ " + number_format(activity.price, decimal_pos=2)


@register.simple_tag
def lang_of(obj: object, field: str) -> str:
    """` lang="nl"` on an element showing a translated database text (theme, question, page) that
    falls back to Dutch on a page in another language; nothing otherwise (issue 18)."""
    return mark_safe(' lang="nl"') if fallback_lang(obj, field) else ""


@dataclass(frozen=True)
class ActivityText:
    text: str
    lang: str  # ` lang="nl"` when the text is not in the page's language, else ""


@register.simple_tag
def activity_text(activity: Activity, field: str) -> ActivityText:
    """An activity's title, summary or description for this page: its English text on an English
    page when the provider wrote one, else the Dutch text, marked as Dutch on other-language pages
    (issue 18). `{% activity_text activity "title" as t %}<h1{{ t.lang }}>{{ t.text }}</h1>`."""
    page = get_language() or "nl"
    text, language = activity.text_in(field, page)
    # Only Dutch can differ from the page: English is only chosen for an English page.
    return ActivityText(text, mark_safe(' lang="nl"') if language != page else "")


@register.simple_tag
def provider_lang() -> str:
    """` lang="nl"` on a provider's own text (activities, providers, keuzevakken: written in Dutch)
    and on the official Dutch names of vmbo profiles, on a page in another language, so screen
    readers and read-aloud say it as Dutch."""
    return mark_safe(' lang="nl"') if (get_language() or "nl") != "nl" else ""
