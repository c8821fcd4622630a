"""Submit an admin change page as a browser would: the form's current values, as POST data."""

from __future__ import annotations

from typing import Any

from django import forms


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, (sub, part) in enumerate(zip(widget.widgets, parts, strict=False)):
                data[f"{bound.html_name}_{index}"] = sub.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif value is None and getattr(widget, "allow_multiple_selected", False):
            continue  # a browser sends nothing for a list with nothing selected
        elif value is None:
            data[bound.html_name] = ""
        else:
            formatted = widget.format_value(value)
            data[bound.html_name] = "" if formatted is None else formatted
    return data


def page_data(response: Any) -> dict[str, Any]:
    """The change form and its inline formsets (management forms included)."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data
