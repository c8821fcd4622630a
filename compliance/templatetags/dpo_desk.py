from __future__ import annotations

from typing import Any

from django import template
from django.contrib.messages import constants
from django.utils import timezone

from compliance import labels, legal_text
from compliance.countdowns import countdown, day_countdown, due_in_zones, instant_words
from compliance.dashboard import panels_for

register = template.Library()


@register.inclusion_tag("admin/compliance/dashboard/panels.html", takes_context=True)
def dpo_dashboard(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    return {"panels": panels_for(request.user, timezone.now()), "request": request}


@register.simple_tag
def countdown_to(due: Any, now: Any) -> str:
    return countdown(due, now)


@register.filter
def in_zones(instant: Any, zone: str | None) -> str:
    """A timeline's instant as the deadline list shows a due instant: in the record's zone
    with the zone named, UTC beside it (UTC alone for a record without a zone)."""
    return due_in_zones(instant, zone or "UTC")


@register.filter
def in_zones_words(instant: Any, zone: str | None) -> str:
    """``in_zones`` as plain text on one line, for a tooltip."""
    return instant_words(instant, zone or "UTC")


@register.simple_tag
def clock_countdown(status: Any) -> str:
    """The countdown of a day-counted clock's status (``due_on``, ``days_left``, met or not)."""
    clock = status.clock
    return day_countdown(
        due_on=clock.due_on,
        days_left=status.days_left,
        met_on=clock.met_on,
        met_late=clock.met_late,
    )


@register.simple_tag
def split_messages(messages: Any) -> dict[str, list[Any]]:
    """Warnings and errors (announced at once) apart from confirmations (announced politely)."""
    listed = list(messages)
    return {
        "alerts": [m for m in listed if m.level >= constants.WARNING],
        "statuses": [m for m in listed if m.level < constants.WARNING],
    }


@register.filter
def legal(value: str) -> str:
    """An engine's legal sentence (a basis, a finding) in the reader's language."""
    return legal_text.render(value)


@register.filter
def page_in(anchor: str, pages: dict[str, int] | None) -> str:
    """The page number of ``anchor`` in a report rendered in parts (``pdf.render_pdf_in_parts``
    gives the numbers once every part is laid out); empty while they are not known."""
    number = (pages or {}).get(anchor)
    return "" if number is None else str(number)


@register.filter
def finding_label(code: str) -> str:
    """An engine finding's code in the reader's words."""
    return labels.finding(code)


@register.filter
def severity_label(code: str) -> str:
    return labels.severity(code)


@register.filter
def regime_label(code: str | None) -> str:
    """'EU_GDPR' → 'EU GDPR' in the reader's language."""
    return labels.regime(code) if code else "—"


@register.filter
def reminder_kind_label(code: str) -> str:
    return labels.reminder_kind(code)


@register.filter
def reminder_moment(reminder: Any) -> str:
    """A reminder row's moment ("24 hours before the deadline") in the reader's language."""
    return labels.reminder_threshold(
        reminder.threshold, internal=reminder.internal_target, stored=reminder.label
    )
