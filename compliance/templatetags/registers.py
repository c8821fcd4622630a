"""The export (and, for the DPO, import) buttons on the admin lists of register models."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

from compliance.registers import registry
from compliance.registers.views import may_import

register = template.Library()


@register.inclusion_tag("admin/registers/tools.html", takes_context=True)
def register_tools(context: Any, changelist: Any) -> dict[str, Any]:
    request = context.get("request")
    links: list[dict[str, str]] = []
    if request is None:
        return {"links": links}
    # The list's filters, search and order, without its page: the export is the whole list.
    query = urlencode([(k, v) for k, values in request.GET.lists() for v in values if k != "p"])
    for spec in registry.kinds_for_model(changelist.model):
        for fmt in ("xlsx", "csv"):
            url = reverse("registers:export", kwargs={"kind": spec.kind, "fmt": fmt})
            label = gettext("Export %(register)s (%(format)s)") % {
                "register": spec.title,
                "format": fmt.upper(),
            }
            links.append({"url": f"{url}?{query}" if query else url, "label": label, "css": fmt})
        if spec.importable and may_import(request.user):
            url = reverse("registers:import") + "?" + urlencode({"kind": spec.kind})
            links.append({"url": url, "label": gettext("Import…"), "css": "import"})
    return {"links": links}
