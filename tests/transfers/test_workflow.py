"""The transfer approval workflow: each transition, each forbidden source, the blocker guard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from compliance.workflow.models import WorkflowEvent
from compliance.workflow.services import EditConflict, TransitionRefused
from tests.builders import approved_tia, bcr, recipient, transfer
from transfers import services
from transfers.choices import TransferState
from transfers.models import DataTransfer

pytestmark = pytest.mark.django_db

S = TransferState
TRANSITIONS = {
    "start_review": ([S.REQUESTED], S.DPO_REVIEW, {}),
    "send_to_legal": ([S.DPO_REVIEW], S.LEGAL_APPROVAL, {}),
    "return_to_review": ([S.LEGAL_APPROVAL], S.DPO_REVIEW, {}),
    "approve": ([S.LEGAL_APPROVAL], S.ACTIVE, {"approving_lawyer": "Dr. Weber"}),
    "suspend": ([S.ACTIVE], S.SUSPENDED, {}),
    "resume": ([S.SUSPENDED], S.ACTIVE, {}),
    "reopen_review": ([S.ACTIVE, S.SUSPENDED], S.DPO_REVIEW, {}),
    "retire": (
        [S.REQUESTED, S.DPO_REVIEW, S.LEGAL_APPROVAL, S.ACTIVE, S.SUSPENDED],
        S.RETIRED,
        {},
    ),
}
# How to reach each state from "requested", by transitions.
PATHS = {
    S.REQUESTED: [],
    S.DPO_REVIEW: ["start_review"],
    S.LEGAL_APPROVAL: ["start_review", "send_to_legal"],
    S.ACTIVE: ["start_review", "send_to_legal", "approve"],
    S.SUSPENDED: ["start_review", "send_to_legal", "approve", "suspend"],
    S.RETIRED: ["retire"],
}


@pytest.fixture
def lawful(entities: dict[str, Any]) -> DataTransfer:
    """DE → JP under the Japan adequacy decision: no blocker."""
    return transfer(entities["DE"], entities["JP"], name="To Tokyo")


def _reach(t: DataTransfer, state: str) -> None:
    for name in PATHS[state]:
        services.transition_transfer(transfer=t, name=name, by=None, **TRANSITIONS[name][2])


@pytest.mark.parametrize(
    ("name", "source"),
    [(name, source) for name, (sources, _t, _k) in TRANSITIONS.items() for source in sources],
)
def test_transfer_transition_moves_state_and_records_event(
    lawful: DataTransfer, dpo_user: Any, name: str, source: str
) -> None:
    _reach(lawful, source)
    kwargs = TRANSITIONS[name][2]

    event = services.transition_transfer(
        transfer=lawful, name=name, by=dpo_user, note="checked", **kwargs
    )

    lawful.refresh_from_db()
    assert lawful.state == TRANSITIONS[name][1]
    assert (event.transition, event.from_state, event.to_state, event.by, event.note) == (
        name,
        source,
        TRANSITIONS[name][1],
        dpo_user,
        "checked",
    )


@pytest.mark.parametrize(
    ("name", "source"),
    [
        (name, source)
        for name, (sources, _t, _k) in TRANSITIONS.items()
        for source in S.values
        if source not in sources
    ],
)
def test_transfer_transition_from_forbidden_source_refused(
    lawful: DataTransfer, name: str, source: str
) -> None:
    _reach(lawful, source)
    events = WorkflowEvent.objects.count()

    with pytest.raises(TransitionRefused) as excinfo:
        services.transition_transfer(transfer=lawful, name=name, by=None, **TRANSITIONS[name][2])

    assert str(excinfo.value).startswith("Not possible while the data transfer is ")
    assert DataTransfer.objects.get(pk=lawful.pk).state == source
    assert WorkflowEvent.objects.count() == events


def test_approve_refused_while_engine_reports_a_blocker(
    entities: dict[str, Any], dpo_user: Any, walk: Callable[..., None]
) -> None:
    vendor = recipient("Adwise Media Inc.")  # US, not DPF certified, no SCCs
    t = transfer(entities["DE"], vendor, name="Newsletter")
    walk(t)

    with pytest.raises(TransitionRefused) as excinfo:
        services.approve_transfer(transfer=t, by=dpo_user, approving_lawyer="Dr. Weber")

    assert str(excinfo.value) == (
        f"{t.reference} cannot be active: as of 2026-03-02 the engine reports "
        "importer_not_certified: United States (EU-US Data Privacy Framework) covers only "
        "certified organisations (organisations with active DPF certification covering the "
        "data transferred); the importer is not certified. (Commission Implementing Decision "
        "(EU) 2023/1795, Art. 1); no_mechanism: No transfer mechanism makes this transfer "
        "lawful on 2026-03-02. (GDPR Art. 44). To make it lawful: add a Module 1 SCC with "
        "Adwise Media Inc. (US) and an approved transfer impact assessment (GDPR Art. 46(2)(c), "
        "SCC Clause 14)."
    )
    assert DataTransfer.objects.get(pk=t.pk).state == S.LEGAL_APPROVAL


def test_approve_needs_the_lawyers_name(
    lawful: DataTransfer, dpo_user: Any, walk: Callable[..., None]
) -> None:
    walk(lawful)

    with pytest.raises(TransitionRefused) as excinfo:
        services.approve_transfer(transfer=lawful, by=dpo_user, approving_lawyer="  ")

    assert str(excinfo.value) == ("Name the lawyer whose sign-off approves the transfer.")


def test_approve_records_lawyer_date_and_author(
    lawful: DataTransfer, dpo_user: Any, walk: Callable[..., None]
) -> None:
    walk(lawful)

    event = services.approve_transfer(
        transfer=lawful,
        by=dpo_user,
        approving_lawyer="Dr. Anna Weber",
        approved_on=date(2026, 3, 1),
    )

    lawful.refresh_from_db()
    assert (lawful.state, lawful.legal_approver, lawful.approved_on) == (
        S.ACTIVE,
        "Dr. Anna Weber",
        date(2026, 3, 1),
    )
    assert event.by == dpo_user
    assert event.details == {"approving_lawyer": "Dr. Anna Weber", "approved_on": "2026-03-01"}


def test_resume_refused_while_engine_reports_a_blocker(
    entities: dict[str, Any], dpo_user: Any
) -> None:
    vendor = recipient("Insight Analytics LLC", dpf_certified_from=date(2023, 9, 1))
    t = transfer(entities["DE"], vendor, name="Analytics")
    _reach(t, S.SUSPENDED)
    vendor.dpf_certified_until = date(2026, 1, 31)  # certification lapsed meanwhile
    services.save_external_recipient(recipient=vendor)

    with pytest.raises(TransitionRefused) as excinfo:
        services.transition_transfer(transfer=t, name="resume", by=dpo_user)

    assert "no_mechanism" in str(excinfo.value)
    assert DataTransfer.objects.get(pk=t.pk).state == S.SUSPENDED


def test_legal_user_records_its_own_approval(
    lawful: DataTransfer, legal_user: Any, walk: Callable[..., None]
) -> None:
    walk(lawful)

    event = services.approve_transfer(transfer=lawful, by=legal_user, approving_lawyer="Dr. Weber")

    assert (event.transition, event.by, DataTransfer.objects.get(pk=lawful.pk).state) == (
        "approve",
        legal_user,
        S.ACTIVE,
    )


def test_coordinator_may_not_approve(
    lawful: DataTransfer, coordinator_user: Any, walk: Callable[..., None]
) -> None:
    lawful.exporter.coordinators.add(coordinator_user)
    walk(lawful)

    with pytest.raises(TransitionRefused) as excinfo:
        services.approve_transfer(
            transfer=lawful, by=coordinator_user, approving_lawyer="Dr. Weber"
        )

    assert str(excinfo.value) == "You do not have permission for this action."


def test_coordinator_may_not_start_review(lawful: DataTransfer, coordinator_user: Any) -> None:
    lawful.exporter.coordinators.add(coordinator_user)

    with pytest.raises(TransitionRefused) as excinfo:
        services.transition_transfer(transfer=lawful, name="start_review", by=coordinator_user)

    assert str(excinfo.value) == "You do not have permission for this action."


def test_update_material_fact_sends_active_transfer_back_to_review(
    lawful: DataTransfer, coordinator_user: Any
) -> None:
    lawful.exporter.coordinators.add(coordinator_user)
    _reach(lawful, S.ACTIVE)
    lawful.refresh_from_db()

    services.update_transfer(
        transfer=lawful,
        by=coordinator_user,
        expected_version=lawful.version,
        changes={"data_categories": "health data", "special_categories": True},
        reason="new product",
    )

    lawful.refresh_from_db()
    event = WorkflowEvent.objects.filter(object_id=lawful.pk, transition="reopen_review").get()
    assert lawful.state == S.DPO_REVIEW
    assert (event.from_state, event.by, event.note) == (
        S.ACTIVE,
        coordinator_user,
        "Processing changed (data_categories, special_categories): new product",
    )


def test_update_of_name_only_keeps_an_active_transfer_active(lawful: DataTransfer) -> None:
    _reach(lawful, S.ACTIVE)
    lawful.refresh_from_db()

    services.update_transfer(
        transfer=lawful, by=None, expected_version=lawful.version, changes={"name": "Renamed"}
    )

    assert DataTransfer.objects.get(pk=lawful.pk).state == S.ACTIVE


def test_update_with_stale_version_refused(lawful: DataTransfer) -> None:
    stale = lawful.version
    services.update_transfer(
        transfer=lawful, by=None, expected_version=stale, changes={"purpose": "first edit"}
    )
    other = DataTransfer.objects.get(pk=lawful.pk)

    with pytest.raises(EditConflict):
        services.update_transfer(
            transfer=other, by=None, expected_version=stale, changes={"purpose": "second edit"}
        )

    assert DataTransfer.objects.get(pk=lawful.pk).purpose == "first edit"


def test_request_transfer_records_event_and_current_evaluation(
    entities: dict[str, Any], dpo_user: Any
) -> None:
    t = services.request_transfer(
        exporter=entities["DE"],
        importer=entities["JP"],
        name="To Tokyo",
        start_date=date(2022, 1, 1),
        by=dpo_user,
    )

    event = WorkflowEvent.objects.get(object_id=t.pk, content_type__model="datatransfer")
    assert (event.transition, event.to_state, event.by) == ("request", S.REQUESTED, dpo_user)
    latest = t.latest_evaluation()
    assert latest is not None
    assert (t.current_lawful, t.current_mechanism, t.has_blocker, latest.evaluated_on) == (
        True,
        "adequacy",
        False,
        date(2026, 3, 2),
    )
    assert t.requested_by == dpo_user


def test_bcr_transfer_becomes_approvable_once_tia_is_approved(
    group: Any, entities: dict[str, Any], walk: Callable[..., None]
) -> None:
    bcr(group, {entities["DE"]: date(2021, 8, 5), entities["US"]: date(2021, 8, 5)})
    t = transfer(entities["DE"], entities["US"], name="HR")
    walk(t)
    with pytest.raises(TransitionRefused, match="tia_missing"):
        services.approve_transfer(transfer=t, by=None, approving_lawyer="Dr. Weber")

    approved_tia(t, date(2022, 1, 5))
    services.approve_transfer(transfer=t, by=None, approving_lawyer="Dr. Weber")

    t.refresh_from_db()
    assert (t.state, t.current_mechanism) == (S.ACTIVE, "bcr")
