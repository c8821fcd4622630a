"""A correction of the facts re-judges every deadline, met or waived too (issue 13 item 4).

The finding: moving a breach's awareness back five days after the GDPR notification was recorded
recomputed the APPI deadlines but not the met GDPR one, and the regulator's PDF then said "due 8
days after awareness, late: no".
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachNotification, NotificationDeadline
from compliance.breaches.reports.notification import notification_report_context
from compliance.breaches.reports.register import breach_register_context
from compliance.breaches.selectors import due_corrections
from compliance.reports import registry
from tests.compliance.reports.breach_setup import (
    AS_OF,
    AWARE,
    GENERATED_AT,
    NOW,
    example_group,
    portal_facts,
)
from tests.compliance.reports.conftest import page_texts, squeeze

pytestmark = pytest.mark.django_db

EARLIER = AWARE - timedelta(days=5)
REASON = "Log review: the entity's SOC saw the alert five days earlier."


def _notified_breach(dpo: Any) -> tuple[Any, BreachNotification, NotificationDeadline]:
    """The portal breach of a Tokyo entity, its GDPR notification to the BfDI... submitted 30
    hours after awareness: on time."""
    _group, tokyo, _duesseldorf = example_group()
    with time_machine.travel(NOW, tick=False):
        incident = breaches.record_breach(
            entity=tokyo, by=dpo, affected_countries=["JP", "DE"], owner=dpo, **portal_facts()
        )
        deadline = incident.deadlines.get(regime="EU_GDPR", kind="authority_notification")
        notification = breaches.start_notification(deadline=deadline, by=dpo)
        breaches.submit_notification(
            notification=notification, submitted_at=AWARE + timedelta(hours=30), by=dpo
        )
    deadline.refresh_from_db()
    return incident, notification, deadline


def _move_awareness_back(incident: Any, dpo: Any) -> None:
    incident.refresh_from_db()
    with time_machine.travel(NOW, tick=False):
        breaches.update_breach(
            incident=incident,
            by=dpo,
            expected_version=incident.version,
            changes={"aware_at": EARLIER, "occurred_at": EARLIER - timedelta(hours=34)},
            reason=REASON,
        )


def test_moving_awareness_back_re_judges_the_met_gdpr_deadline(dpo_user: Any) -> None:
    incident, notification, deadline = _notified_breach(dpo_user)
    assert (deadline.status, deadline.due_at, deadline.late) == (
        "met",
        AWARE + timedelta(hours=72),
        False,
    )

    _move_awareness_back(incident, dpo_user)

    deadline.refresh_from_db()
    notification.refresh_from_db()
    appi = incident.deadlines.get(regime="JP_APPI", kind="preliminary_report")
    # the met obligation keeps its submission, gets the new due instant and is now late
    assert (deadline.status, deadline.met_at, deadline.due_at, deadline.late) == (
        "met",
        AWARE + timedelta(hours=30),
        EARLIER + timedelta(hours=72),
        True,
    )
    assert (deadline.lateness, notification.needs_late_reasons) == ("late", True)
    # the open APPI report moved as before: end of day 5 from 2024-06-05 JST
    assert appi.due_at == datetime(2024, 6, 9, 14, 59, 59, tzinfo=UTC)
    assert breaches.notifications_needing_late_reasons(incident) == [notification]


def test_the_earlier_due_instant_stays_in_the_history_as_a_correction(dpo_user: Any) -> None:
    incident, _notification, deadline = _notified_breach(dpo_user)

    _move_awareness_back(incident, dpo_user)

    corrections = due_corrections(deadline)
    assert [(c.before, c.after, c.by, c.late_before, c.late_after) for c in corrections] == [
        (AWARE + timedelta(hours=72), EARLIER + timedelta(hours=72), dpo_user, False, True)
    ]
    assert corrections[0].reason == f"re-judged after a correction of the facts: {REASON}"
    assert corrections[0].at == NOW


def test_a_waived_deadline_gets_the_corrected_due_instant_and_stays_waived(
    dpo_user: Any,
) -> None:
    incident, _notification, _deadline = _notified_breach(dpo_user)
    final = incident.deadlines.get(regime="JP_APPI", kind="final_report")
    with time_machine.travel(NOW, tick=False):
        breaches.waive_deadline(deadline=final, by=dpo_user, reason="Reported with the PPC.")

    _move_awareness_back(incident, dpo_user)

    final.refresh_from_db()
    # wrongful purpose: day 60 from Wed 2024-06-05 JST is Sat 08-03, moved to Mon 08-05
    assert (final.status, final.due_at, final.late) == (
        "waived",
        datetime(2024, 8, 5, 14, 59, 59, tzinfo=UTC),
        None,
    )


def test_reasons_for_the_delay_can_be_given_once_the_correction_makes_it_late(
    dpo_user: Any,
) -> None:
    incident, notification, _deadline = _notified_breach(dpo_user)
    with pytest.raises(ValidationError):
        breaches.give_late_reasons(notification=notification, reasons="n/a", by=dpo_user)

    _move_awareness_back(incident, dpo_user)
    breaches.give_late_reasons(
        notification=notification, reasons="Awareness was only established later.", by=dpo_user
    )

    notification.refresh_from_db()
    assert notification.late_reasons == "Awareness was only established later."
    assert notification.needs_late_reasons is False
    with pytest.raises(ValidationError):
        breaches.give_late_reasons(notification=notification, reasons="other", by=dpo_user)


def test_notification_report_prints_the_correction_and_the_new_lateness(dpo_user: Any) -> None:
    incident, notification, _deadline = _notified_breach(dpo_user)
    _move_awareness_back(incident, dpo_user)

    context = notification_report_context(
        notification, user=None, as_of=AS_OF, generated_at=GENERATED_AT
    )
    lines = {str(line.label): line.value for line in context["deadline_lines"]}

    assert lines["Became aware at"] == "2024-06-05 17:00 JST (08:00 UTC)"
    # Tokyo's reach under the GDPR was not assessed: the obligation says it is assumed
    assert lines["Due at"] == (
        "2024-06-08 17:00 JST (08:00 UTC) — period fixed by law — assumed: the regime's reach "
        "to the entity from outside has not been assessed"
    )
    assert lines["Late"] == "yes"
    assert lines["Corrections"] == (
        "due changed from 2024-06-13 17:00 JST (08:00 UTC) to 2024-06-08 17:00 JST (08:00 UTC) "
        f"on 2024-07-01 18:00 JST (09:00 UTC) by dpo-user: re-judged after a correction of the "
        f"facts: {REASON} (late: no → yes)"
    )
    assert lines["Reasons for the delay (GDPR Art. 33(1))"] == (
        "not given yet: the submission is after the corrected deadline; record the reasons"
    )


def test_notification_pdf_no_longer_says_due_8_days_after_awareness_not_late(
    dpo_user: Any,
) -> None:
    incident, notification, _deadline = _notified_breach(dpo_user)
    _move_awareness_back(incident, dpo_user)

    report = registry.render_report(
        "breach_notification",
        obj=notification,
        user=None,
        lang="en",
        as_of=AS_OF,
        generated_at=GENERATED_AT,
    )
    text = squeeze(" ".join(page_texts(report.content)))

    assert squeeze("Due at 2024-06-08 17:00 JST (08:00 UTC)") in text
    assert squeeze("Late yes Reasons for the delay") in text
    assert squeeze("due changed from 2024-06-13 17:00 JST (08:00 UTC) to 2024-06-08") in text


def test_register_prints_the_correction_under_the_outcome(dpo_user: Any) -> None:
    incident, _notification, deadline = _notified_breach(dpo_user)
    _move_awareness_back(incident, dpo_user)

    context = breach_register_context(
        incident.entity.group, user=None, as_of=AS_OF, generated_at=GENERATED_AT
    )
    rows = {d.obligation + " " + d.recipient: d for row in context["rows"] for d in row.deadlines}
    gdpr = rows["EU GDPR: notification to the authority " + deadline.recipient_authority.short_name]

    assert (gdpr.due, gdpr.late, gdpr.is_late) == ("2024-06-08 08:00", "yes", True)
    assert gdpr.corrections == [
        "due changed from 2024-06-13 08:00 UTC to 2024-06-08 08:00 UTC on 2024-07-01 09:00 UTC "
        f"by dpo-user: re-judged after a correction of the facts: {REASON} (late: no → yes)"
    ]
    assert context["summary"]["late"] == 1
