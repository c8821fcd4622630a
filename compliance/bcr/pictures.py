"""The BCR approval procedure as a picture: the lead authority over time (with its changes),
each procedure clock from its start to its last day (or the day it was met), the recorded
events and today, on one time axis."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from compliance import charts
from compliance.bcr.models import BCRApplication
from compliance.bcr.selectors import procedure_clocks, timeline

LEAD_TONES = (0, 4, 3, 1)  # blue, sky, purple, orange: successive lead authorities
CLOCK_OPEN, CLOCK_MET, CLOCK_OVERDUE = 3, 2, 5


def procedure_timeline(application: BCRApplication, *, today: date) -> SafeString:
    statuses = procedure_clocks(application, on=today)
    events = list(timeline(application))
    changes = list(
        application.lead_changes.select_related("from_authority", "to_authority").order_by("on")
    )
    dates = [today, *(e.on for e in events), *(c.on for c in changes)]
    for status in statuses:
        dates += [status.clock.starts_on, status.clock.due_on]
    start, end = min(dates), max(dates) + timedelta(days=30)

    spans: list[charts.Span] = []
    first = changes[0].from_authority if changes else application.lead_authority
    lead_from = start
    authorities = [first, *(c.to_authority for c in changes)]
    boundaries = [c.on for c in changes] + [end]
    for i, (authority, until) in enumerate(zip(authorities, boundaries, strict=True)):
        if authority is not None:
            spans.append(
                charts.Span(
                    start=lead_from,
                    end=until,
                    label=str(authority.short_name),
                    tone=LEAD_TONES[i % len(LEAD_TONES)],
                    lane=0,
                )
            )
        lead_from = until
    for lane, status in enumerate(statuses, start=1):
        clock = status.clock
        tone = CLOCK_MET if not status.open else CLOCK_OVERDUE if status.overdue else CLOCK_OPEN
        spans.append(
            charts.Span(
                start=clock.starts_on,
                end=clock.met_on or clock.due_on,
                label=status.label,
                tone=tone,
                lane=lane,
            )
        )
    marks = [
        charts.Mark(on=e.on, label=f"{e.get_category_display()}: {e.note}", kind="event")
        for e in events
    ]
    marks += [
        charts.Mark(
            on=c.on,
            label=_("Lead: %(old)s → %(new)s")
            % {"old": c.from_authority.short_name, "new": c.to_authority.short_name},
            kind="lead-change",
        )
        for c in changes
    ]
    marks.append(charts.Mark(on=today, label=_("today"), kind="today"))
    return charts.timeline(
        element_id="bcr-procedure-timeline",
        title=_("The approval procedure over time"),
        start=start,
        end=end,
        lanes=[_("Lead authority"), *(s.label for s in statuses)],
        spans=spans,
        marks=marks,
    )
