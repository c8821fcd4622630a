"""The breach notification report: one notification, with the content the law asks for.

- GDPR / UK GDPR (authority, data subjects, controller): the content of Art. 33(3) — (a) the
  nature of the breach with categories and approximate numbers, (b) the contact point, (c) the
  likely consequences, (d) the measures taken or proposed — and the deadline of Art. 33(1) with
  whether it was met and the reasons for a delay; follow-up phases of Art. 33(4).
- APPI preliminary and final reports to the PPC: the nine items of PPC Rules Art. 8(1), headed
  in Japanese and in the order of the PPC's report form, each filled from the record's fields.
  The same nine items in the entrusted business's notice to the entrusting business (Rule 9;
  GL 3-5-3-5), and items (1), (2), (4), (5), (9) in the notice to the principals (Rule 10).
  An item the record has nothing for prints "—": the report never invents text for a regulator.

The mapping from the PPC's items to the record is the one place to check when the form changes
(``_appi_items``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from compliance import legal_text
from compliance.breaches.choices import DeadlineStatus, NotificationState, ObligationKind, Regime
from compliance.breaches.models import BreachIncident, BreachNotification, NotificationDeadline
from compliance.breaches.reports import regimes
from compliance.breaches.reports.formatting import (
    correction,
    deadline_outcome,
    instant,
    lateness,
    person,
    persons,
    records,
    yes_no,
)
from compliance.breaches.selectors import due_corrections
from compliance.reports.registry import safe_filename_part
from compliance.rules.breach import APPI_SUBJECT_THRESHOLD

APPI_REPORTS = (ObligationKind.PRELIMINARY_REPORT, ObligationKind.FINAL_REPORT)
JST = "Asia/Tokyo"
# The items of PPC Rules Art. 8(1) each APPI document carries, and the provision that says so.
APPI_DOCUMENT_ITEMS: dict[str, tuple[Sequence[int], str | Promise]] = {
    ObligationKind.PRELIMINARY_REPORT: (range(1, 10), _("APPI Art. 26(1); PPC Rules Art. 8(1)")),
    ObligationKind.FINAL_REPORT: (range(1, 10), _("APPI Art. 26(1); PPC Rules Art. 8(1)")),
    ObligationKind.CONTROLLER_NOTIFICATION: (
        range(1, 10),
        _("APPI Art. 26(1) proviso; PPC Rules Art. 9 and 8(1)"),
    ),
    ObligationKind.DATA_SUBJECT_NOTIFICATION: (
        (1, 2, 4, 5, 9),
        _("APPI Art. 26(2); PPC Rules Art. 10"),
    ),
}


@dataclass(frozen=True)
class Line:
    """One labelled value of an item; an empty value prints "—", or "not yet known" when
    ``code`` (a ``compliance.breaches.contents`` item) was recorded so at submission."""

    label: str | Promise
    value: str
    code: str = ""


@dataclass(frozen=True)
class Item:
    """One numbered item of the report: "(a)" of Art. 33(3), or "(1)" of the PPC form.

    ``original`` is the PPC form's Japanese heading, printed in every language (the form is
    Japanese); ``heading`` is the item's name in the report's language.
    """

    number: str
    heading: str | Promise
    lines: tuple[Line, ...]
    citation: str | Promise = ""
    original: str = ""
    # The language of ``original`` (a lang attribute, so that Korean and Chinese get their
    # own CJK faces); the translation is printed when the report is in another language.
    original_lang: str = "ja"

    @property
    def is_empty(self) -> bool:
        return not any(line.value for line in self.lines)


# The nine items of PPC Rules Art. 8(1), as headed on the PPC's report form, in its order.
PPC_ITEMS = (
    ("概要", _("Overview")),
    (
        "漏えい等が発生し、又は発生したおそれがある個人データの項目",
        _("Items of the personal data leaked or possibly leaked"),
    ),
    (
        "漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数",
        _("Number of principals whose personal data was leaked or possibly leaked"),
    ),
    ("原因", _("Cause")),
    (
        "二次被害又はそのおそれの有無及びその内容",
        _("Whether there is secondary damage or a risk of it, and its nature"),
    ),
    ("本人への対応の実施状況", _("Measures taken towards the principals")),
    ("公表の実施状況", _("Public announcement")),
    ("再発防止のための措置", _("Measures to prevent recurrence")),
    ("その他参考となる事項", _("Other matters for reference")),
)


def notification_report_context(
    notification: BreachNotification,
    /,
    *,
    user: Any,
    as_of: date,
    generated_at: datetime,
    period_start: date | None = None,
) -> dict[str, Any]:
    """The report's context; ``notification`` was looked up through the caller's scope."""
    notification = _load(notification.pk)
    incident = notification.incident
    deadline = notification.deadline
    appi = is_appi_report(deadline)
    appi_items = (
        APPI_DOCUMENT_ITEMS.get(deadline.kind) if deadline.regime == Regime.JP_APPI else None
    )
    other = regimes.covers(deadline.regime, deadline.kind)
    zone = JST if appi else regimes.zone_for(deadline.regime, incident)
    original_title = regimes.ORIGINAL_TITLES.get((deadline.regime, deadline.kind), ("", ""))
    siblings = list(
        incident.notifications.exclude(pk=notification.pk)
        .exclude(state=NotificationState.DRAFT)
        .select_related("deadline", "recipient_authority")
        .order_by("submitted_at", "pk")
    )
    return {
        "report_title": report_title(deadline),
        "group": incident.entity.group,
        "as_of": as_of,
        "generated_at": generated_at,
        "notification": notification,
        "incident": incident,
        "deadline": deadline,
        "appi": appi,
        "zone": zone,
        "facts": _header_lines(notification, zone),
        "deadline_lines": _deadline_lines(notification, zone),
        "original_title": original_title[0],
        "original_title_lang": original_title[1],
        "items": _not_yet_known(
            _appi_items(
                notification,
                # the principals are told of their own breach, not of the other notices
                [] if deadline.kind == ObligationKind.DATA_SUBJECT_NOTIFICATION else siblings,
                appi_items[0],
            )
            if appi_items
            else regimes.items(notification)
            if other
            else _gdpr_items(notification),
            notification,
        ),
        "items_citation": appi_items[1]
        if appi_items
        else regimes.citation(deadline.regime, deadline.kind)
        if other
        else _items_citation(deadline),
        "risk_lines": () if appi_items else _risk_lines(incident),
        "phases": [
            {
                "number": phase.number,
                "submitted_at": instant(phase.submitted_at, zone),
                "content": phase.content,
                "by": person(phase.submitted_by),
            }
            for phase in notification.phases.all()
        ],
        # Notification in phases is the authority's (Art. 33(4)), not the data subjects'.
        "phases_citation": _cite(deadline.regime, "Art. 33(4)")
        if deadline.kind == ObligationKind.AUTHORITY_NOTIFICATION
        else "",
    }


def notification_report_filename(notification: BreachNotification, as_of: date, lang: str) -> str:
    deadline = notification.deadline
    parts = (notification.incident.reference, deadline.regime, deadline.kind, str(notification.pk))
    return f"{safe_filename_part('-'.join(parts))}-{lang}.pdf"


def is_appi_report(deadline: NotificationDeadline) -> bool:
    return deadline.regime == Regime.JP_APPI and deadline.kind in APPI_REPORTS


def report_title(deadline: NotificationDeadline) -> str:
    """The document's title, naming the law as it is cited in the report's language."""
    kind = deadline.kind
    if deadline.regime == Regime.JP_APPI:
        if kind == ObligationKind.PRELIMINARY_REPORT:
            return gettext("Report of a personal data breach to the PPC: preliminary report")
        if kind == ObligationKind.FINAL_REPORT:
            return gettext("Report of a personal data breach to the PPC: final report")
        if kind == ObligationKind.CONTROLLER_NOTIFICATION:
            return gettext("Notification of a personal data breach to the entrusting business")
        return gettext("Notification of a personal data breach to the principals")
    if regimes.covers(deadline.regime, kind):
        return regimes.title(deadline.regime, kind)
    law = _law(deadline.regime)
    if kind == ObligationKind.DATA_SUBJECT_NOTIFICATION:
        return gettext(
            "Communication of a personal data breach to the data subjects (%(law)s Art. 34)"
        ) % {"law": law}
    if kind == ObligationKind.CONTROLLER_NOTIFICATION:
        return gettext(
            "Notification of a personal data breach to the controller (%(law)s Art. 33(2))"
        ) % {"law": law}
    return gettext(
        "Notification of a personal data breach to the supervisory authority (%(law)s Art. 33)"
    ) % {"law": law}


def _load(pk: int) -> BreachNotification:
    return (
        BreachNotification.objects.select_related(
            "incident__entity__country",
            "incident__entity__group",
            "deadline__recipient_authority__country",
            "deadline__entity__country",
            "recipient_authority__country",
        )
        .prefetch_related("phases__submitted_by", "incident__affected_countries")
        .get(pk=pk)
    )


def _law(regime: str) -> str:
    return gettext("UK GDPR") if regime == Regime.UK_GDPR else gettext("GDPR")


def _cite(regime: str, article: str) -> str:
    """A GDPR citation as customary in the report's language ('Art. 33 Abs. 3 lit. a DSGVO');
    nothing for other regimes, whose notifications the deadline's legal basis cites."""
    if regime not in (Regime.EU_GDPR, Regime.UK_GDPR):
        return ""
    return gettext("%(law)s %(article)s") % {"law": _law(regime), "article": _article(article)}


def _article(article: str) -> str:
    # Translated whole, because German and Japanese order and spell the parts differently.
    articles = {
        "Art. 33(1)": _("Art. 33(1)"),
        "Art. 33(3)": _("Art. 33(3)"),
        "Art. 33(3)(a)": _("Art. 33(3)(a)"),
        "Art. 33(3)(b)": _("Art. 33(3)(b)"),
        "Art. 33(3)(c)": _("Art. 33(3)(c)"),
        "Art. 33(3)(d)": _("Art. 33(3)(d)"),
        "Art. 33(4)": _("Art. 33(4)"),
        "Art. 34(2)": _("Art. 34(2)"),
        "Art. 34(2), 33(3)(b)": _("Art. 34(2) with Art. 33(3)(b)"),
        "Art. 34(2), 33(3)(c)": _("Art. 34(2) with Art. 33(3)(c)"),
        "Art. 34(2), 33(3)(d)": _("Art. 34(2) with Art. 33(3)(d)"),
    }
    return str(articles[article])


def _items_citation(deadline: NotificationDeadline) -> str:
    """What the content rests on: Art. 33(3) for the authority and the controller; for the data
    subjects Art. 34(2), which asks for plain language and the items (b) to (d) of Art. 33(3)."""
    if not deadline.is_art34_communication:
        return _cite(deadline.regime, "Art. 33(3)")
    return gettext(
        "%(citation)s: described in clear and plain language, with at least the information "
        "and measures of Art. 33(3)(b) to (d)"
    ) % {"citation": _cite(deadline.regime, "Art. 34(2)")}


def _item_citation(deadline: NotificationDeadline, point: str) -> str:
    """The citation of item ``point`` ("a" to "d") of the content."""
    if not deadline.is_art34_communication:
        return _cite(deadline.regime, f"Art. 33(3)({point})")
    if point == "a":
        return _cite(deadline.regime, "Art. 34(2)")
    return _cite(deadline.regime, f"Art. 34(2), 33(3)({point})")


def _header_lines(notification: BreachNotification, zone: str) -> tuple[Line, ...]:
    incident = notification.incident
    # The entity that owes the obligation notifies (domain brief §8.2), with its role for the
    # breach; for most breaches the reporting entity.
    entity = notification.deadline.entity
    involvement = incident.involvements.filter(entity=entity).first()
    role = (
        involvement.get_role_display() if involvement is not None else incident.get_role_display()
    )
    authority = notification.recipient_authority
    return (
        Line(_("Breach"), f"{incident.reference} {incident.title}"),
        Line(
            _("Notifying entity"),
            f"{entity.legal_name} ({entity.short_name}), {entity.country.display_name}",
        ),
        Line(_("Role of the entity"), str(role)),
        Line(_("Obligation"), str(notification.deadline)),
        Line(
            _("Recipient"),
            f"{authority.short_name} — {authority.display_name} ({authority.country.display_name})"
            if authority is not None
            else "",
        ),
        Line(_("State"), str(notification.get_state_display())),
        Line(_("Submitted at"), instant(notification.submitted_at, zone)),
        Line(_("Authority's case reference"), notification.authority_reference),
        Line(_("Acknowledged at"), instant(notification.acknowledged_at, zone)),
        Line(_("Content as submitted"), notification.summary),
    )


def _deadline_lines(notification: BreachNotification, zone: str) -> tuple[Line, ...]:
    deadline = notification.deadline
    due = (
        instant(deadline.due_at, zone)
        if deadline.due_at is not None
        else gettext("without undue delay (no fixed instant in law)")
    )
    source = _source(deadline)
    lines = [
        Line(_("Became aware at"), instant(notification.incident.aware_at, zone)),
        # Where the instant comes from (a period of law, a yardstick, an internal target).
        Line(_("Due at"), f"{due} — {source}" if source else due),
        Line(_("Legal basis (as computed)"), deadline.basis_text),
        Line(_("Required by law"), yes_no(deadline.required)),
        Line(_("Outcome"), deadline_outcome(deadline, zone)),
        Line(_("Late"), lateness(deadline)),
    ]
    if deadline.asks_reasons_for_delay:
        # Only where the law asks a late notification for them (GDPR Art. 33(1)); the PPC
        # Rules ask none.
        lines.append(_reasons_line(notification))
    corrections = due_corrections(deadline)
    if corrections:
        lines.append(
            Line(_("Corrections"), "\n".join(correction(found, zone) for found in corrections))
        )
    return tuple(lines)


def _reasons_line(notification: BreachNotification) -> Line:
    deadline = notification.deadline
    citation = _cite(deadline.regime, "Art. 33(1)") or legal_text.render(
        deadline.reasons_for_delay_basis or ""
    )
    reasons = notification.late_reasons
    if notification.needs_late_reasons:
        reasons = gettext(
            "not given yet: the submission is after the corrected deadline; record the reasons"
        )
    return Line(gettext("Reasons for the delay (%(citation)s)") % {"citation": citation}, reasons)


def _source(deadline: NotificationDeadline) -> str:
    if not deadline.deadline_source:
        return ""
    text = str(deadline.get_deadline_source_display())
    if deadline.assumed:
        text += " — " + gettext(
            "assumed: the regime's reach to the entity from outside has not been assessed"
        )
    return text


def _nature_lines(incident: BreachIncident, zone: str) -> tuple[Line, ...]:
    countries = ", ".join(f"{c.display_name} ({c.code})" for c in incident.affected_countries.all())
    return (
        Line(_("What happened"), f"{incident.title}\n{incident.description}"),
        Line(_("Occurred at"), instant(incident.occurred_at, zone)),
        Line(_("Became aware at"), instant(incident.aware_at, zone)),
        Line(_("Cause"), str(incident.get_cause_display())),
        Line(_("Categories of data subjects"), incident.subject_categories, "subject_categories"),
        Line(
            _("Approximate number of data subjects"),
            persons(incident.subject_count),
            "subject_count",
        ),
        Line(_("Categories of personal data"), incident.data_categories, "data_categories"),
        Line(_("Approximate number of records"), records(incident.record_count), "record_count"),
        Line(_("Countries of affected persons"), countries),
    )


def _gdpr_items(notification: BreachNotification) -> tuple[Item, ...]:
    incident = notification.incident
    zone = incident.aware_time_zone
    return (
        Item(
            "(a)",
            _("Nature of the personal data breach"),
            _nature_lines(incident, zone),
            citation=_item_citation(notification.deadline, "a"),
        ),
        Item(
            "(b)",
            _("Name and contact details of the data protection officer or other contact point"),
            (Line(_("Contact point"), incident.contact_point, "contact_point"),),
            citation=_item_citation(notification.deadline, "b"),
        ),
        Item(
            "(c)",
            _("Likely consequences of the personal data breach"),
            (Line(_("Likely consequences"), incident.likely_consequences, "likely_consequences"),),
            citation=_item_citation(notification.deadline, "c"),
        ),
        Item(
            "(d)",
            _("Measures taken or proposed, including to mitigate possible adverse effects"),
            (
                Line(_("Containment measures"), incident.containment, "measures"),
                Line(_("Remediation measures"), incident.remediation, "measures"),
            ),
            citation=_item_citation(notification.deadline, "d"),
        ),
    )


def _not_yet_known(items: tuple[Item, ...], notification: BreachNotification) -> tuple[Item, ...]:
    """Empty lines of items recorded as not yet known at submission say so instead of "—"."""
    unknown = set(notification.not_yet_known or ())
    if not unknown:
        return items
    text = gettext("not yet known")
    return tuple(
        replace(
            item,
            lines=tuple(
                replace(line, value=text)
                if line.code in unknown and not line.value.strip()
                else line
                for line in item.lines
            ),
        )
        for item in items
    )


def _risk_lines(incident: BreachIncident) -> tuple[Line, ...]:
    return (
        Line(_("Risk to the rights and freedoms of persons"), str(incident.get_risk_display())),
        Line(_("Reasoning"), incident.risk_reasoning),
    )


def _appi_items(
    notification: BreachNotification, siblings: list[BreachNotification], numbers: Any
) -> tuple[Item, ...]:
    incident = notification.incident
    lines: tuple[tuple[Line, ...], ...] = (
        (
            Line(_("What happened"), f"{incident.title}\n{incident.description}"),
            Line(_("Occurred at"), instant(incident.occurred_at, JST)),
            Line(_("Became aware at"), instant(incident.aware_at, JST)),
            Line(_("How the breach was discovered"), incident.discovery, "discovery"),
            Line(
                _("Reporting entity"),
                f"{notification.deadline.entity.legal_name} "
                f"({notification.deadline.entity.short_name})",
            ),
            Line(_("Entrusting or entrusted businesses"), incident.entrustment),
            Line(_("Reportable situations (PPC Rules Art. 7)"), _appi_situations(incident)),
        ),
        (Line(_("Categories of personal data"), incident.data_categories, "data_categories"),),
        (
            Line(_("Number of principals"), persons(incident.subject_count), "subject_count"),
            Line(_("Categories of principals"), incident.subject_categories),
            Line(_("Approximate number of records"), records(incident.record_count)),
        ),
        (
            Line(_("Cause"), str(incident.get_cause_display())),
            Line(_("Cause in detail"), incident.cause_detail, "cause_detail"),
        ),
        (
            Line(
                _("Secondary damage or its risk"),
                incident.likely_consequences,
                "likely_consequences",
            ),
        ),
        _principal_lines(incident),
        _announcement_lines(incident),
        (Line(_("Measures to prevent recurrence"), incident.remediation, "remediation"),),
        (
            Line(_("Containment measures"), incident.containment),
            Line(_("Contact point"), incident.contact_point),
            Line(_("Other notifications of this breach"), _others(siblings)),
        ),
    )
    return tuple(
        Item(f"({n})", heading, item_lines, original=original)
        for n, ((original, heading), item_lines) in enumerate(
            zip(PPC_ITEMS, lines, strict=True), start=1
        )
        if n in numbers
    )


def _announcement_lines(incident: BreachIncident) -> tuple[Line, ...]:
    """Item (7): the public announcement, or that none was made."""
    if incident.announced_on is None:
        return (Line(_("Announcement"), gettext("not made")),)
    return (
        Line(_("Day of the announcement"), f"{incident.announced_on:%Y-%m-%d}"),
        Line(_("Where announced"), incident.announcement_where),
        Line(_("Text of the announcement"), incident.announcement_text),
    )


def _appi_situations(incident: BreachIncident) -> str:
    found = []
    if incident.special_category:
        found.append(gettext("special care-required personal information (item i)"))
    if incident.property_damage_risk:
        found.append(gettext("personal data whose misuse may cause property damage (item ii)"))
    if incident.wrongful_purpose:
        found.append(gettext("suspected wrongful purpose (item iii)"))
    if incident.subject_count is not None and incident.subject_count > APPI_SUBJECT_THRESHOLD:
        found.append(gettext("more than 1,000 principals (item iv)"))
    return pgettext("list separator", ", ").join(found)


def _principal_lines(incident: BreachIncident) -> tuple[Line, ...]:
    deadline = (
        incident.deadlines.filter(
            regime=Regime.JP_APPI, kind=ObligationKind.DATA_SUBJECT_NOTIFICATION
        )
        .select_related("decided_by")
        .first()
    )
    if deadline is None:
        return ()
    lines = [
        Line(
            _("Notification of the principals (APPI Art. 26(2))"),
            deadline_outcome(deadline, JST),
        )
    ]
    if deadline.status == DeadlineStatus.WAIVED and incident.announced_on is not None:
        # Where notifying the principals is difficult, a public announcement is the measure
        # taken in its place (APPI Art. 26(2) proviso; PPC GL 3-5-4-5).
        lines.append(
            Line(
                _("Alternative measure (APPI Art. 26(2) proviso)"),
                gettext("public announcement on %(day)s: %(where)s")
                % {
                    "day": f"{incident.announced_on:%Y-%m-%d}",
                    "where": incident.announcement_where,
                },
            )
        )
    return tuple(lines)


def _others(siblings: list[BreachNotification]) -> str:
    return "\n".join(
        f"{n.deadline}: {n.recipient_authority.short_name if n.recipient_authority else '—'}, "
        f"{n.get_state_display()} {instant(n.submitted_at, JST)}".rstrip()
        for n in siblings
    )
