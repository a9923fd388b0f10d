"""{% date_status o %} writes the same bytes as the template include it replaced (issue 17), for
every status, with and without a reason, in every language."""

import datetime as dt

import pytest
from django.template import Context, engines
from django.utils import translation

from catalogue.models import DateStatus, Occurrence
from catalogue.templatetags.catalogue import date_status
from techniekkaart.languages import ALL

# public/_date_status.html as it was, with the newline that ended the file.
TEMPLATE = (
    "{% load i18n catalogue %}"
    '{% if o.status == "afgelast" %}'
    '<strong class="date-off">{% translate "Afgelast" %}:</strong> <s>{{ o.start|moment }}</s>'
    "{% if o.change_reason %} · {{ o.change_reason }}{% endif %}"
    '{% elif o.status == "uitgesteld" %}'
    '<strong class="date-off">{% translate "Uitgesteld" %}:</strong> <s>{{ o.start|moment }}</s>'
    ' · {% translate "de nieuwe datum komt later" %}'
    "{% if o.change_reason %} · {{ o.change_reason }}{% endif %}"
    '{% elif o.status == "verplaatst" %}'
    '<strong class="date-moved">{% blocktranslate with new=o.start|moment %}'
    "Verplaatst naar {{ new }}{% endblocktranslate %}</strong>"
    ' - {{ o.end|time:"H:i" }} · '
    "{% blocktranslate with old=o.previous_start|moment %}eerst was het {{ old }}"
    "{% endblocktranslate %}"
    "{% if o.change_reason %} · {{ o.change_reason }}{% endif %}"
    '{% else %}{{ o.start|moment }} - {{ o.end|time:"H:i" }}{% endif %}'
    "\n"
)
REASONS = ("", "De juf is ziek", "<b>Ziek</b> & 'moe' \"echt\"")


def occurrences():
    # as the database gives them: in UTC (10:00 and 12:05 on the page, in Amsterdam's winter)
    start = dt.datetime(2026, 12, 12, 9, 0, tzinfo=dt.UTC)
    for status in DateStatus.values:
        for reason in REASONS:
            moved = status == DateStatus.MOVED
            yield Occurrence(
                start=start,
                end=start + dt.timedelta(hours=2, minutes=5),
                status=status,
                previous_start=start - dt.timedelta(days=3, hours=1) if moved else None,
                change_reason=reason,
            )


@pytest.mark.parametrize("language", ALL)
def test_the_tag_writes_what_the_template_wrote(language):
    template = engines["django"].from_string(TEMPLATE).template
    with translation.override(language):
        for o in occurrences():
            expected = template.render(Context({"o": o}))
            assert date_status(o) == expected, (o.status, o.change_reason)


def test_a_moved_date_without_its_first_time_does_not_say_when_it_was():
    """Not the present moment, as the include wrote (timezone.localtime(None))."""
    start = dt.datetime(2026, 12, 12, 9, 0, tzinfo=dt.UTC)
    o = Occurrence(start=start, end=start + dt.timedelta(hours=2), status=DateStatus.MOVED)
    with translation.override("nl"):
        assert date_status(o) == (
            '<strong class="date-moved">Verplaatst naar zaterdag 12 december, 10:00</strong>'
            " - 12:00\n"
        )
