from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from compliance.breaches import services as breaches
from compliance.breaches.choices import DeadlineStatus, IncidentState, NotificationState
from compliance.breaches.models import BreachIncident, NotificationDeadline
from compliance.workflow.models import WorkflowEvent
from compliance.workflow.services import EditConflict, TransitionRefused
from tests.builders import NOTIFIABLE_FACTS, tokyo
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)
AWARE = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)  # Monday 17:00 JST


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _facts(**overrides: Any) -> dict[str, Any]:
    facts = {
        "title": "Customer database exfiltrated",
        "description": "Attacker used stolen credentials.",
        "aware_at": AWARE,
        "aware_time_zone": "Asia/Tokyo",
        "occurred_at": AWARE - timedelta(days=2),
        "cause": "cyber_attack",
        "subject_count": 1500,
        "wrongful_purpose": True,
        **NOTIFIABLE_FACTS,
    }
    facts.update(overrides)
    return facts


def _rows(incident: BreachIncident) -> set[tuple[str, str, str, bool, datetime | None, str]]:
    return {
        (d.regime, d.kind, d.recipient_key, d.required, d.due_at, d.status)
        for d in incident.deadlines.all()
    }


def test_record_breach_stores_one_deadline_per_obligation_with_authority(dpo_user: Any) -> None:
    incident = breaches.record_breach(
        entity=tokyo(), by=dpo_user, affected_countries=["JP", "DE", "FR"], **_facts()
    )

    assert _rows(incident) == {
        ("EU_GDPR", "authority_notification", "DE", True, AWARE + timedelta(hours=72), "open"),
        ("EU_GDPR", "authority_notification", "FR", True, AWARE + timedelta(hours=72), "open"),
        ("EU_GDPR", "data_subject_notification", "", False, None, "not_required"),
        # day 1 = Mon 2024-06-10 JST; day 5 = Fri 06-14 23:59:59 JST = 14:59:59Z
        (
            "JP_APPI",
            "preliminary_report",
            "JP",
            True,
            datetime(2024, 6, 14, 14, 59, 59, tzinfo=UTC),
            "open",
        ),
        # wrongful purpose: day 60 = Thu 2024-08-08 (open), 23:59:59 JST
        (
            "JP_APPI",
            "final_report",
            "JP",
            True,
            datetime(2024, 8, 8, 14, 59, 59, tzinfo=UTC),
            "open",
        ),
        ("JP_APPI", "data_subject_notification", "", True, None, "open"),
    }
    authorities = {
        d.recipient_key: d.recipient_authority.short_name
        for d in incident.deadlines.exclude(recipient_authority=None)
    }
    # no Land known for a Japanese entity in a group without a German main establishment
    assert authorities == {"FR": "CNIL", "JP": "PPC"}
    assert all(d.basis for d in incident.deadlines.all())


def test_record_breach_german_entity_notifies_its_land_authority(dpo_user: Any) -> None:
    entity = GroupEntityFactory(country_id="DE", region="DE-NW")

    incident = breaches.record_breach(entity=entity, by=dpo_user, **_facts(wrongful_purpose=False))

    deadline = incident.deadlines.get(kind="authority_notification")
    assert (deadline.recipient_key, deadline.recipient_authority.short_name) == ("DE", "LDI NRW")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"aware_at": datetime(2024, 6, 10, 8, 0)}, "aware_at", "cannot be placed on the clock"),  # noqa: DTZ001
        ({"aware_at": NOW + timedelta(hours=1)}, "aware_at", "in the future"),
        ({"occurred_at": AWARE + timedelta(hours=1)}, "aware_at", "before it occurred"),
        ({"subject_count": -5}, "subject_count", "cannot be negative"),
        ({"aware_time_zone": "Mars/Olympus"}, "aware_time_zone", "is not an IANA time zone"),
    ],
)
def test_record_breach_refuses_bad_input_and_saves_nothing(
    dpo_user: Any, overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        breaches.record_breach(entity=tokyo(), by=dpo_user, **_facts(**overrides))

    assert message in " ".join(excinfo.value.message_dict[field])
    assert BreachIncident.objects.count() == 0
    assert NotificationDeadline.objects.count() == 0


def test_record_breach_refuses_unknown_countries(dpo_user: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        breaches.record_breach(
            entity=tokyo(), by=dpo_user, affected_countries=["DE", "QQ", "UK"], **_facts()
        )

    assert excinfo.value.message_dict["affected_countries"] == [
        "Unknown country code(s): QQ, UK (use ISO 3166-1 alpha-2, e.g. GB)."
    ]
    assert BreachIncident.objects.count() == 0


def test_changed_facts_recompute_deadlines_and_keep_history(dpo_user: Any) -> None:
    incident = breaches.record_breach(entity=tokyo(), by=dpo_user, **_facts())
    final = incident.deadlines.get(kind="final_report")

    breaches.update_breach(
        incident=incident,
        by=dpo_user,
        expected_version=incident.version,
        changes={"wrongful_purpose": False},
        reason="forensics: no attacker",
    )

    final.refresh_from_db()
    # day 30 = Tue 2024-07-09 (open day), 23:59:59 JST
    assert final.due_at == datetime(2024, 7, 9, 14, 59, 59, tzinfo=UTC)
    earlier = [h.due_at for h in final.history.order_by("history_date")]
    assert earlier == [datetime(2024, 8, 8, 14, 59, 59, tzinfo=UTC), final.due_at]
    assert final.history.first().history_user == dpo_user


def test_obligations_that_stop_applying_are_withdrawn_not_deleted(dpo_user: Any) -> None:
    incident = breaches.record_breach(
        entity=tokyo(), by=dpo_user, affected_countries=["FR"], **_facts()
    )

    breaches.update_breach(
        incident=incident,
        by=dpo_user,
        expected_version=incident.version,
        changes={},
        affected_countries=[],
    )

    fr = incident.deadlines.get(recipient_key="FR")
    assert fr.status == DeadlineStatus.WITHDRAWN


def test_concurrent_edits_of_a_breach_cannot_both_win(dpo_user: Any, legal_user: Any) -> None:
    incident = breaches.record_breach(entity=tokyo(), by=dpo_user, **_facts())
    first = BreachIncident.objects.get(pk=incident.pk)
    second = BreachIncident.objects.get(pk=incident.pk)

    breaches.update_breach(
        incident=first, by=dpo_user, expected_version=first.version, changes={"subject_count": 2000}
    )
    with pytest.raises(EditConflict) as excinfo:
        breaches.update_breach(
            incident=second,
            by=legal_user,
            expected_version=second.version,
            changes={"subject_count": 10},
        )

    assert "was changed by dpo-user" in str(excinfo.value)
    incident.refresh_from_db()
    assert incident.subject_count == 2000


def _submit_ready(dpo_user: Any) -> Any:
    incident = breaches.record_breach(entity=tokyo(), by=dpo_user, **_facts())
    deadline = incident.deadlines.get(kind="preliminary_report")
    return breaches.start_notification(deadline=deadline, by=dpo_user), deadline


def test_submit_notification_meets_deadline_on_time(dpo_user: Any) -> None:
    notification, deadline = _submit_ready(dpo_user)
    at = datetime(2024, 6, 12, 1, 0, tzinfo=UTC)

    breaches.submit_notification(notification=notification, submitted_at=at, by=dpo_user)

    deadline.refresh_from_db()
    notification.refresh_from_db()
    assert (deadline.status, deadline.met_at, deadline.late) == ("met", at, False)
    assert notification.state == NotificationState.SUBMITTED


def test_late_submission_of_a_statutory_deadline_requires_reasons_then_is_late(
    dpo_user: Any,
) -> None:
    incident = breaches.record_breach(
        entity=tokyo(), by=dpo_user, affected_countries=["DE"], **_facts()
    )
    deadline = incident.deadlines.get(regime="EU_GDPR", kind="authority_notification")
    notification = breaches.start_notification(deadline=deadline, by=dpo_user)
    with time_machine.travel(datetime(2024, 6, 20, tzinfo=UTC), tick=False):
        late_at = datetime(2024, 6, 19, 3, 0, tzinfo=UTC)
        with pytest.raises(TransitionRefused) as excinfo:
            breaches.submit_notification(
                notification=notification, submitted_at=late_at, by=dpo_user
            )
        breaches.submit_notification(
            notification=notification,
            submitted_at=late_at,
            by=dpo_user,
            late_reasons="Forensic report awaited",
        )

    assert "give the reasons for the delay (GDPR Art. 33(1))" in str(excinfo.value)
    deadline.refresh_from_db()
    assert (deadline.status, deadline.late, deadline.deadline_source) == ("met", True, "statute")
    assert (deadline.lateness, deadline.asks_reasons_for_delay) == ("late", True)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            "Nach Ablauf der Frist übermittelt (2024-06-13 08:00 UTC): geben Sie die Gründe für "
            "die Verzögerung an (Art. 33 Abs. 1 DSGVO).",
        ),
        (
            "ja",
            "期限（2024-06-13 08:00 UTC）後に提出されました：遅延の理由を記入してください"
            "（GDPR 第33条第1項）。",
        ),
    ],
)
def test_a_late_submission_is_refused_in_the_readers_language(
    dpo_user: Any, language: str, expected: str
) -> None:
    incident = breaches.record_breach(
        entity=tokyo(), by=dpo_user, affected_countries=["DE"], **_facts()
    )
    deadline = incident.deadlines.get(regime="EU_GDPR", kind="authority_notification")
    notification = breaches.start_notification(deadline=deadline, by=dpo_user)
    with (
        time_machine.travel(datetime(2024, 6, 20, tzinfo=UTC), tick=False),
        translation.override(language),
        pytest.raises(TransitionRefused) as excinfo,
    ):
        breaches.submit_notification(
            notification=notification,
            submitted_at=datetime(2024, 6, 19, 3, tzinfo=UTC),
            by=dpo_user,
        )

    assert str(excinfo.value) == expected


def test_submission_after_the_ppc_yardstick_needs_no_reasons_and_is_not_called_late(
    dpo_user: Any,
) -> None:
    notification, deadline = _submit_ready(dpo_user)
    with time_machine.travel(datetime(2024, 6, 20, tzinfo=UTC), tick=False):
        late_at = datetime(2024, 6, 19, 3, 0, tzinfo=UTC)
        breaches.submit_notification(notification=notification, submitted_at=late_at, by=dpo_user)

    deadline.refresh_from_db()
    notification.refresh_from_db()
    assert (deadline.status, deadline.late, deadline.deadline_source) == ("met", True, "guideline")
    assert (deadline.lateness, deadline.asks_reasons_for_delay) == (
        "after the regulator's yardstick",
        False,
    )
    assert notification.needs_late_reasons is False


def test_submission_before_awareness_is_refused(dpo_user: Any) -> None:
    notification, _deadline = _submit_ready(dpo_user)

    with pytest.raises(TransitionRefused) as excinfo:
        breaches.submit_notification(
            notification=notification, submitted_at=AWARE - timedelta(minutes=1), by=dpo_user
        )

    assert "before the entity became aware" in str(excinfo.value)
    notification.refresh_from_db()
    assert notification.state == NotificationState.DRAFT


def test_concurrent_submissions_of_one_notification_cannot_both_win(dpo_user: Any) -> None:
    notification, _deadline = _submit_ready(dpo_user)
    from compliance.breaches.models import BreachNotification

    stale = BreachNotification.objects.get(pk=notification.pk)
    breaches.submit_notification(
        notification=notification, submitted_at=AWARE + timedelta(hours=1), by=dpo_user
    )

    with pytest.raises((EditConflict, TransitionRefused)):
        breaches.submit_notification(
            notification=stale, submitted_at=AWARE + timedelta(hours=2), by=dpo_user
        )

    notification.refresh_from_db()
    assert notification.submitted_at == AWARE + timedelta(hours=1)


def test_follow_up_phase_does_not_reset_the_clock(dpo_user: Any) -> None:
    notification, deadline = _submit_ready(dpo_user)
    at = AWARE + timedelta(hours=10)
    breaches.submit_notification(notification=notification, submitted_at=at, by=dpo_user)

    phase = breaches.add_follow_up(
        notification=notification,
        submitted_at=at + timedelta(days=3),
        content="Root cause identified",
        by=dpo_user,
    )

    deadline.refresh_from_db()
    assert (phase.number, deadline.met_at, deadline.late) == (2, at, False)


def test_waiver_needs_named_decider_and_reason(dpo_user: Any) -> None:
    incident = breaches.record_breach(entity=tokyo(), by=dpo_user, **_facts())
    deadline = incident.deadlines.get(kind="data_subject_notification", regime="JP_APPI")

    with pytest.raises(ValidationError):
        breaches.waive_deadline(deadline=deadline, by=dpo_user, reason="  ")
    breaches.waive_deadline(
        deadline=deadline,
        by=dpo_user,
        reason="Principals unreachable; public notice instead (Art. 26(2))",
    )

    deadline.refresh_from_db()
    assert (deadline.status, deadline.decided_by) == ("waived", dpo_user)


def test_incident_lifecycle_guards_and_events(dpo_user: Any) -> None:
    incident = breaches.record_breach(entity=tokyo(), by=dpo_user, **_facts())
    breaches.transition_incident(incident=incident, name="start_assessment", by=dpo_user)

    with pytest.raises(TransitionRefused) as no_risk:
        breaches.transition_incident(incident=incident, name="complete_assessment", by=dpo_user)
    breaches.update_breach(
        incident=incident,
        by=dpo_user,
        expected_version=incident.version,
        changes={"risk": "high", "risk_reasoning": "Financial data"},
    )
    breaches.transition_incident(incident=incident, name="complete_assessment", by=dpo_user)
    with pytest.raises(TransitionRefused) as open_deadlines:
        breaches.transition_incident(incident=incident, name="start_monitoring", by=dpo_user)

    assert "Record the risk assessment" in str(no_risk.value)
    assert "Cannot move to monitoring while required notifications are open" in str(
        open_deadlines.value
    )
    incident.refresh_from_db()
    assert incident.state == IncidentState.NOTIFYING
    events = WorkflowEvent.objects.filter(
        object_id=incident.pk, content_type__model="breachincident"
    )
    assert [(e.transition, e.from_state, e.to_state, e.by) for e in events] == [
        ("record", "", "detected", dpo_user),
        ("start_assessment", "detected", "assessing", dpo_user),
        ("complete_assessment", "assessing", "notifying", dpo_user),
    ]


def test_legal_user_may_not_transition_an_incident(dpo_user: Any, legal_user: Any) -> None:
    incident = breaches.record_breach(entity=tokyo(), by=dpo_user, **_facts())

    with pytest.raises(TransitionRefused) as excinfo:
        breaches.transition_incident(incident=incident, name="start_assessment", by=legal_user)

    assert "permission" in str(excinfo.value)


def test_coordinator_of_an_involved_entity_sees_the_breach_and_its_deadlines(
    dpo_user: Any, coordinator_user: Any
) -> None:
    from compliance import access

    home = tokyo()
    duesseldorf = GroupEntityFactory(
        group=home.group, short_name="Düsseldorf", country_id="DE", time_zone="Europe/Berlin"
    )
    duesseldorf.coordinators.add(coordinator_user)
    incident = breaches.record_breach(
        entity=home,
        by=dpo_user,
        affected_countries=["JP", "DE"],
        involved=[breaches.Involvement(entity=duesseldorf, targeted_regimes=frozenset())],
        **_facts(),
    )

    assert list(access.scope_queryset(BreachIncident.objects.all(), coordinator_user)) == [incident]
    visible = access.scope_queryset(NotificationDeadline.objects.all(), coordinator_user)
    assert visible.count() == incident.deadlines.count()
    assert incident.deadlines.filter(entity=duesseldorf, regime="EU_GDPR").count() == 2
