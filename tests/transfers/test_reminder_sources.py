"""TIA and SCC reviews as deadline sources: reminder rows, cancellation, the sweep, the feed."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import translation

from compliance.choices import COORDINATOR_GROUP
from compliance.registry.models import GroupEntity
from compliance.reminders.calendar import issue_calendar_token
from compliance.reminders.defaults import ensure_default_policies
from compliance.reminders.mail import send_pending_mail
from compliance.reminders.models import Reminder, ReminderDelivery, ReminderPolicy
from compliance.reminders.sweep import send_due_reminders
from compliance.workflow.services import TransitionRefused
from tests.builders import approved_tia, recipient, signed_scc, transfer
from tests.transfers.conftest import NOW
from transfers import services
from transfers.models import SCCContract, TransferImpactAssessment

pytestmark = pytest.mark.django_db

# 2026-09-30 ends at 23:59:59 in Berlin, summer time; 2027-01-15 in winter time. Lead times are
# elapsed days from that instant, so a threshold across a clock change is an hour off the
# wall-clock 23:59:59.
TIA_DUE = datetime(2026, 9, 30, 21, 59, 59, tzinfo=UTC)
SCC_DUE = datetime(2027, 1, 15, 22, 59, 59, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _policies(db: Any) -> None:
    ensure_default_policies()


def _coordinator(django_user_model: Any, entity: GroupEntity, username: str) -> Any:
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.com", is_staff=True
    )
    user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    entity.coordinators.add(user)
    return user


def _tia(entities: dict[str, GroupEntity]) -> TransferImpactAssessment:
    return approved_tia(
        transfer(entities["DE"], recipient(), name="CRM hosting"),
        date(2026, 3, 1),
        destination_laws="FISA 702 reviewed",
        next_review_on=date(2026, 9, 30),
    )


def _scc(entities: dict[str, GroupEntity]) -> SCCContract:
    return signed_scc(
        entities["DE"],
        recipient("Cloud Ltd"),
        reference="SCC-9",
        module=2,
        signed_on=date(2026, 3, 1),
        next_review_on=date(2027, 1, 15),
    )


def _rows(obj: Any) -> dict[str, tuple[datetime, str]]:
    return {
        r.threshold: (r.next_reminder_at, r.state)
        for r in Reminder.objects.filter(object_id=obj.pk, kind__startswith="transfers.")
    }


def test_approved_tia_with_a_review_date_is_reminded_60_30_7_0_days_before(
    entities: dict[str, GroupEntity],
) -> None:
    tia = _tia(entities)

    assert _rows(tia) == {
        "due-60d": (TIA_DUE - timedelta(days=60), "pending"),
        "due-30d": (TIA_DUE - timedelta(days=30), "pending"),
        "due-7d": (TIA_DUE - timedelta(days=7), "pending"),
        "due-0h": (TIA_DUE, "pending"),
        "overdue-1": (TIA_DUE + timedelta(days=7), "pending"),
    }
    row = Reminder.objects.get(object_id=tia.pk, threshold="due-60d")
    assert (row.kind, row.audience, row.due_at) == (
        "transfers.tia_review",
        "owner,coordinators",
        TIA_DUE,
    )


def test_tia_approved_without_a_review_date_has_no_reminders(
    entities: dict[str, GroupEntity],
) -> None:
    tia = services.record_tia(
        transfer=transfer(entities["DE"], recipient()), destination_laws="reviewed"
    )

    services.approve_tia(tia=tia, approved_on=date(2026, 3, 1))

    assert _rows(tia) == {}


def test_flagging_a_tia_for_reassessment_cancels_its_review_reminders(
    entities: dict[str, GroupEntity], dpo_user: Any
) -> None:
    tia = _tia(entities)

    services.transition_tia(tia=tia, name="flag_reassessment", by=dpo_user)

    reasons = Reminder.objects.filter(object_id=tia.pk, kind="transfers.tia_review")
    assert set(reasons.values_list("cancel_reason", flat=True)) == {"deadline reassessment due"}
    assert {state for _at, state in _rows(tia).values()} == {"cancelled"}


def test_moving_the_review_date_of_an_approved_tia_moves_its_reminders(
    entities: dict[str, GroupEntity], dpo_user: Any
) -> None:
    tia = _tia(entities)
    tia.next_review_on = date(2026, 10, 30)

    services.save_tia(tia=tia, by=dpo_user)

    later = datetime(2026, 10, 30, 22, 59, 59, tzinfo=UTC)  # winter time from 25 October
    assert _rows(tia)["due-0h"] == (later, "pending")
    assert _rows(tia)["due-60d"] == (datetime(2026, 8, 31, 22, 59, 59, tzinfo=UTC), "pending")


def test_signed_scc_with_a_review_date_is_reminded_90_30_7_0_days_before(
    entities: dict[str, GroupEntity],
) -> None:
    contract = _scc(entities)

    assert _rows(contract) == {
        "due-90d": (SCC_DUE - timedelta(days=90), "pending"),
        "due-30d": (SCC_DUE - timedelta(days=30), "pending"),
        "due-7d": (SCC_DUE - timedelta(days=7), "pending"),
        "due-0h": (SCC_DUE, "pending"),
        "overdue-1": (SCC_DUE + timedelta(days=7), "pending"),
    }


def test_review_date_of_a_draft_scc_plans_nothing_until_it_is_signed(
    entities: dict[str, GroupEntity], dpo_user: Any
) -> None:
    contract = services.record_scc(
        reference="SCC-10", scc_version="2021", module=2, next_review_on=date(2027, 1, 15)
    )

    services.save_scc(contract=contract, by=dpo_user)

    assert _rows(contract) == {}


def test_scc_signature_refused_when_the_review_is_not_after_it(
    entities: dict[str, GroupEntity],
) -> None:
    contract = services.record_scc(reference="SCC-11", scc_version="2021", module=2)
    services.add_scc_party(contract=contract, side="exporter", entity=entities["DE"])
    services.add_scc_party(contract=contract, side="importer", external_recipient=recipient())

    with pytest.raises(TransitionRefused) as refused:
        services.sign_scc(
            contract=contract, signed_on=date(2026, 3, 1), next_review_on=date(2026, 3, 1)
        )

    assert str(refused.value) == (
        "The next review (2026-03-01) must come after the signature (2026-03-01)."
    )
    assert SCCContract.objects.get(pk=contract.pk).state == "draft"


def test_terminating_an_scc_cancels_its_review_reminders(
    entities: dict[str, GroupEntity], dpo_user: Any
) -> None:
    contract = _scc(entities)

    services.terminate_scc(contract=contract, terminated_on=date(2026, 3, 2), by=dpo_user)

    reasons = Reminder.objects.filter(object_id=contract.pk, kind="transfers.scc_review")
    assert set(reasons.values_list("cancel_reason", flat=True)) == {"deadline terminated"}


def test_superseding_an_scc_cancels_its_review_reminders(
    entities: dict[str, GroupEntity], dpo_user: Any
) -> None:
    contract = _scc(entities)
    successor = services.record_scc(reference="SCC-9b", scc_version="2021", module=2)
    services.add_scc_party(contract=successor, side="exporter", entity=entities["DE"])
    services.add_scc_party(contract=successor, side="importer", entity=entities["US"])
    services.sign_scc(contract=successor, signed_on=date(2026, 3, 2))

    services.transition_scc(contract=contract, name="supersede", by=dpo_user, successor=successor)

    reasons = Reminder.objects.filter(object_id=contract.pk, kind="transfers.scc_review")
    assert set(reasons.values_list("cancel_reason", flat=True)) == {"deadline superseded"}
    assert _rows(successor) == {}  # signed without a review date


def test_sweep_delivers_the_tia_review_to_the_coordinators_of_the_exporter(
    entities: dict[str, GroupEntity], django_user_model: Any, mailoutbox: list[Any]
) -> None:
    _coordinator(django_user_model, entities["DE"], "coord-berlin")
    _coordinator(django_user_model, entities["FR"], "coord-paris")
    tia = _tia(entities)

    with time_machine.travel(TIA_DUE - timedelta(days=60) + timedelta(minutes=1), tick=False):
        result = send_due_reminders()
        send_pending_mail()  # the mail task that follows the sweep

    assert (result.sent, result.deliveries) == (1, 2)
    deliveries = ReminderDelivery.objects.filter(reminder__object_id=tia.pk).order_by("channel")
    assert [(d.recipient.username, d.channel, d.status) for d in deliveries] == [
        ("coord-berlin", "email", "sent"),
        ("coord-berlin", "in_admin", "sent"),
    ]
    assert [m.subject for m in mailoutbox] == [
        "[DPO Desk] Reminder: Review of the transfer impact assessment: CRM hosting "
        "(60 days before the deadline)"
    ]
    # A review date is the office's choice: never presented as a statutory deadline.
    body = mailoutbox[0].body
    assert "Review date set by the DPO office (not a statutory deadline):" in body
    assert "Statutory deadline" not in body


def _summaries(body: str) -> list[str]:
    unfolded = body.replace("\r\n ", "")
    return sorted(re.findall(r"^SUMMARY:(.*)\r$", unfolded, re.MULTILINE))


def test_calendar_feed_of_a_coordinator_lists_the_reviews_they_are_responsible_for(
    entities: dict[str, GroupEntity], django_user_model: Any, client: Any
) -> None:
    berlin = _coordinator(django_user_model, entities["DE"], "coord-berlin")
    paris = _coordinator(django_user_model, entities["FR"], "coord-paris")
    _tia(entities)
    _scc(entities)
    _t1, mine = issue_calendar_token(user=berlin)
    _t2, theirs = issue_calendar_token(user=paris)

    with time_machine.travel(NOW, tick=False):
        body = client.get(f"/calendar/{mine}.ics").content.decode()
        other = client.get(f"/calendar/{theirs}.ics").content.decode()

    assert _summaries(body) == [
        "Due: Review of the standard contractual clauses SCC-9 (2021 module 2)",
        "Due: Review of the transfer impact assessment: CRM hosting",
    ]
    unfolded = body.replace("\r\n ", "")
    assert "DESCRIPTION:Review date set by the DPO office (not a statutory deadline).\\n" in (
        unfolded
    )
    assert "Statutory deadline" not in unfolded
    assert "DTSTART:20260930T215959Z\r\n" in unfolded
    assert "DTSTART:20270115T225959Z\r\n" in unfolded
    assert _summaries(other) == []


def test_reminder_labels_are_stored_in_english_whatever_the_actors_language(
    entities: dict[str, GroupEntity],
) -> None:
    # A policy that also reminds at the start of the clock puts the source's start label into
    # the stored label: a German-speaking DPO approving the TIA must not store "at die …".
    ReminderPolicy.objects.filter(kind="transfers.tia_review").update(after_start="0h")

    with translation.override("de"):
        tia = _tia(entities)

    labels = set(
        Reminder.objects.filter(object_id=tia.pk, kind="transfers.tia_review").values_list(
            "label", flat=True
        )
    )
    assert "at the approval" in labels
