"""The filter form's widgets write their HTML in Python (techniekkaart/widgets.py, issue 17): the
text must be exactly what Django's widget templates give, in every state, hostile input included."""

import pytest
from django import forms
from django.forms.widgets import Widget
from django.http import QueryDict
from django.utils.safestring import mark_safe

from catalogue.filters import FilterForm
from catalogue.models import Theme
from techniekkaart import widgets

EVIL = '"><script>alert(1)</script>&amp;'


def django_render(widget, template_name, context):
    return Widget._render(widget, template_name, context, None)


def assert_same_as_django(form):
    checked = 0
    for bound in form:
        widget = bound.field.widget
        if not isinstance(widget, widgets.PythonRendered):
            continue
        context = widget.get_context(bound.html_name, bound.value(), bound.build_widget_attrs({}))
        context["widget"]["attrs"].setdefault("id", bound.auto_id)
        assert widget._render(widget.template_name, context) == django_render(
            widget, widget.template_name, context
        ), bound.name
        checked += 1
        if isinstance(widget, forms.CheckboxSelectMultiple):
            for option in bound.subwidgets:
                for wrap in (False, True):
                    data = {"widget": {**option.data, "wrap_label": wrap}}
                    assert option.parent_widget._render(option.template_name, data) == (
                        django_render(option.parent_widget, option.template_name, data)
                    ), (bound.name, wrap)
                    checked += 1
    return checked


class Hostile(forms.Form):
    text = forms.CharField(widget=widgets.TextInput({"data-x": EVIL, "hidden": True, "no": False}))
    day = forms.DateField(widget=widgets.DateInput({"type": "date"}))
    box = forms.BooleanField(widget=widgets.CheckboxInput({"data-n": 3}))
    pick = forms.ChoiceField(
        choices=[("", "—"), (EVIL, EVIL), ("Groep", [("a", mark_safe("<b>a</b>")), ("b", 2000)])],
        widget=widgets.Select({"class": EVIL}),
    )
    many = forms.MultipleChoiceField(
        choices=[(EVIL, EVIL), ("x", "<i>x</i>"), (3, 4000)], widget=widgets.CheckboxSelectMultiple
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "afstand=10&gratis=on&rolstoel=on&voor=gezin&thema=bouwen&thema=water&soort=workshop",
        "afstand=xx&van=2026-12-10&tot=2026-12-01&voor=<x>&thema=nope&soort=%22%3E",
        "van=" + EVIL + "&tot=31-02-2026&gratis=" + EVIL,
    ],
)
def test_the_filter_forms_widgets_write_what_djangos_templates_write(query):
    form = FilterForm(QueryDict(query), themes=list(Theme.objects.all()))
    form.is_valid()
    assert assert_same_as_django(form) > 20


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"text": EVIL, "day": EVIL, "box": "on", "pick": EVIL, "many": [EVIL, "3"]},
        {"text": mark_safe("<em>x</em>"), "pick": "a", "many": ["x"]},
    ],
)
def test_hostile_values_labels_and_attributes_are_escaped_as_django_escapes_them(data):
    form = Hostile(data or None)
    form.is_valid()
    assert assert_same_as_django(form) >= 11
    html = str(form["pick"]) + str(form["text"]) + "".join(o.tag() for o in form["many"])
    assert "<script>" not in html
