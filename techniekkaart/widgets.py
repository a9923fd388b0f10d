"""Form widgets that write Django's own widget HTML in Python (issue 17: cheaper first renders).

The list page's filter form draws some 27 widgets and options (distance, quick chips, every theme
and kind as a checkbox); through Django's widget templates (input.html, attrs.html, select.html,
one select_option.html or checkbox_option.html per option, each an include) that was about a
fifth of the page's first render. These widgets produce the same text, byte for byte, as those
templates (tests/test_fast_widgets.py compares them with Django's in every state the form has);
any other template a widget is asked for (a whole checkbox list, say) still goes through Django.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe

W = "django/forms/widgets/"
# Templates whose whole text is `{% include "django/forms/widgets/input.html" %}`.
INPUTS = {f"{W}{name}.html" for name in ("input", "text", "date", "checkbox", "number", "search")}
OPTIONS = {f"{W}{name}.html" for name in ("input_option", "checkbox_option", "radio_option")}


def _text(value: Any) -> str:
    """{{ value }}: localized, then escaped unless already safe."""
    return conditional_escape(localize(value))


def _s(value: Any) -> str:
    """{{ value|stringformat:'s' }}: the text of the value, escaped unless it was safe."""
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(" " + _text(name))
            if value is not True:
                out.append('="' + _s(value) + '"')
    return "".join(out)


def _input(w: dict[str, Any]) -> str:
    """django/forms/widgets/input.html (without the file's last newline)"""
    html = '<input type="' + _text(w["type"]) + '" name="' + _text(w["name"]) + '"'
    if w["value"] is not None:
        html += ' value="' + _s(w["value"]) + '"'
    return html + _attrs(w["attrs"]) + ">"


def _input_option(w: dict[str, Any]) -> str:
    """django/forms/widgets/input_option.html, stripped as the form renderer strips it."""
    if not w.get("wrap_label"):
        return _input(w)
    label_for = f' for="{_text(w["attrs"]["id"])}"' if w["attrs"].get("id") else ""
    return f"<label{label_for}>{_input(w)}\n {_text(w['label'])}</label>"


def _select_option(w: dict[str, Any]) -> str:
    """django/forms/widgets/select_option.html, with the newline that ends the file."""
    return f'<option value="{_s(w["value"])}"{_attrs(w["attrs"])}>{_text(w["label"])}</option>\n'


def _select(w: dict[str, Any]) -> str:
    """django/forms/widgets/select.html, stripped."""
    out = ['<select name="', _text(w["name"]), '"', _attrs(w["attrs"]), ">"]
    for group_name, group_choices, _index in w["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            out.append("\n  " + _select_option(option))
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class PythonRendered(forms.Widget):
    """Renders the templates above in Python; any other template through Django."""

    def _render(
        self, template_name: str, context: dict[str, Any], renderer: Any = None
    ) -> SafeString:
        widget = context["widget"]
        if template_name in INPUTS:
            return mark_safe(_input(widget))  # noqa: S308 - every value above is escaped
        if template_name in OPTIONS:
            return mark_safe(_input_option(widget))  # noqa: S308 - every value above is escaped
        if template_name == f"{W}select.html" and all(
            option["template_name"] == f"{W}select_option.html"
            for _name, group, _index in widget["optgroups"]
            for option in group
        ):
            return mark_safe(_select(widget))  # noqa: S308 - every value above is escaped
        return super()._render(template_name, context, renderer)  # type: ignore[misc]


class TextInput(PythonRendered, forms.TextInput):
    pass


class DateInput(PythonRendered, forms.DateInput):
    pass


class CheckboxInput(PythonRendered, forms.CheckboxInput):
    pass


class Select(PythonRendered, forms.Select):
    pass


class CheckboxSelectMultiple(PythonRendered, forms.CheckboxSelectMultiple):
    pass
