"""SCC contract and impact assessment workflows: each transition and each forbidden source."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from compliance.workflow.models import WorkflowEvent
from compliance.workflow.services import TransitionRefused
from tests.builders import recipient, signed_scc, transfer
from transfers import services
from transfers.choices import SCCState, TIAState
from transfers.models import DataTransfer, SCCContract, TransferImpactAssessment

pytestmark = pytest.mark.django_db


def _contract_in(state: str, entities: dict[str, Any]) -> SCCContract:
    if state == SCCState.DRAFT:
        contract = services.record_scc(reference="C", scc_version="2021", module=1)
        services.add_scc_party(contract=contract, side="exporter", entity=entities["DE"])
        services.add_scc_party(contract=contract, side="importer", entity=entities["US"])
        return contract
    contract = signed_scc(entities["DE"], entities["US"], reference="C")
    if state == SCCState.TERMINATED:
        services.terminate_scc(contract=contract, terminated_on=date(2023, 1, 1))
    if state == SCCState.SUPERSEDED:
        successor = signed_scc(
            entities["DE"], entities["US"], reference="C2", signed_on=date(2023, 1, 1)
        )
        services.transition_scc(contract=contract, name="supersede", by=None, successor=successor)
    contract.refresh_from_db()
    return contract


def _scc_kwargs(name: str, entities: dict[str, Any]) -> dict[str, Any]:
    if name == "sign":
        return {"signed_on": date(2022, 1, 5)}
    if name == "terminate":
        return {"terminated_on": date(2023, 1, 1)}
    successor = signed_scc(
        entities["DE"], entities["US"], reference="NEXT", signed_on=date(2023, 6, 1)
    )
    return {"successor": successor}


SCC_TRANSITIONS = {
    "sign": (SCCState.DRAFT, SCCState.SIGNED),
    "terminate": (SCCState.SIGNED, SCCState.TERMINATED),
    "supersede": (SCCState.SIGNED, SCCState.SUPERSEDED),
}


@pytest.mark.parametrize("name", list(SCC_TRANSITIONS))
def test_scc_transition_moves_state_and_records_event(
    entities: dict[str, Any], dpo_user: Any, name: str
) -> None:
    source, target = SCC_TRANSITIONS[name]
    contract = _contract_in(source, entities)
    kwargs = _scc_kwargs(name, entities)

    event = services.transition_scc(contract=contract, name=name, by=dpo_user, **kwargs)

    contract.refresh_from_db()
    assert contract.state == target
    assert (event.transition, event.from_state, event.to_state, event.by) == (
        name,
        source,
        target,
        dpo_user,
    )


@pytest.mark.parametrize(
    ("name", "state"),
    [
        (name, state)
        for name, (source, _target) in SCC_TRANSITIONS.items()
        for state in SCCState.values
        if state != source
    ],
)
def test_scc_transition_from_forbidden_source_refused(
    entities: dict[str, Any], name: str, state: str
) -> None:
    contract = _contract_in(state, entities)
    kwargs = _scc_kwargs(name, entities)

    with pytest.raises(TransitionRefused) as excinfo:
        services.transition_scc(contract=contract, name=name, by=None, **kwargs)

    assert str(excinfo.value).startswith("Not possible while the SCC contract is ")
    assert SCCContract.objects.get(pk=contract.pk).state == state


def test_scc_signature_in_the_future_refused(entities: dict[str, Any]) -> None:
    contract = _contract_in(SCCState.DRAFT, entities)

    with pytest.raises(TransitionRefused) as excinfo:
        services.sign_scc(contract=contract, signed_on=date(2026, 3, 3))

    assert str(excinfo.value) == "The signature date 2026-03-03 is in the future."


def test_scc_superseded_by_an_earlier_contract_refused(entities: dict[str, Any]) -> None:
    contract = signed_scc(
        entities["DE"], entities["US"], reference="LATE", signed_on=date(2023, 1, 1)
    )
    earlier = signed_scc(entities["DE"], entities["US"], reference="EARLY")

    with pytest.raises(TransitionRefused) as excinfo:
        services.transition_scc(contract=contract, name="supersede", by=None, successor=earlier)

    assert str(excinfo.value) == "EARLY was signed before LATE."


def test_scc_signature_reevaluates_the_transfers_it_covers(entities: dict[str, Any]) -> None:
    vendor = recipient()
    t = transfer(entities["DE"], vendor, importer_role="processor")
    services.record_tia(transfer=t, destination_laws="x")
    tia = t.tias.get()
    services.approve_tia(tia=tia, approved_on=date(2022, 1, 1))
    contract = services.record_scc(reference="S", scc_version="2021", module=2)
    services.add_scc_party(contract=contract, side="exporter", entity=entities["DE"])
    services.add_scc_party(contract=contract, side="importer", external_recipient=vendor)
    services.link_scc(contract=contract, transfer=t)
    assert DataTransfer.objects.get(pk=t.pk).has_blocker is True

    services.sign_scc(contract=contract, signed_on=date(2026, 3, 1))

    t.refresh_from_db()
    assert (t.has_blocker, t.current_mechanism) == (False, "scc")


TIA_TRANSITIONS = {
    "approve": (TIAState.DRAFT, TIAState.APPROVED, {"approved_on": date(2022, 1, 1)}),
    "flag_reassessment": (TIAState.APPROVED, TIAState.REASSESSMENT_DUE, {}),
}


def _tia_in(state: str, entities: dict[str, Any]) -> TransferImpactAssessment:
    t = transfer(entities["DE"], entities["US"])
    tia = services.record_tia(transfer=t, destination_laws="FISA 702")
    if state != TIAState.DRAFT:
        services.approve_tia(tia=tia, approved_on=date(2022, 1, 1))
    if state == TIAState.REASSESSMENT_DUE:
        services.transition_tia(tia=tia, name="flag_reassessment", by=None)
    tia.refresh_from_db()
    return tia


@pytest.mark.parametrize("name", list(TIA_TRANSITIONS))
def test_tia_transition_moves_state(entities: dict[str, Any], dpo_user: Any, name: str) -> None:
    source, target, kwargs = TIA_TRANSITIONS[name]
    tia = _tia_in(source, entities)

    services.transition_tia(tia=tia, name=name, by=dpo_user, **kwargs)

    tia.refresh_from_db()
    event = WorkflowEvent.objects.filter(object_id=tia.pk, transition=name).get()
    assert (tia.state, event.from_state, event.by) == (target, source, dpo_user)


@pytest.mark.parametrize(
    ("name", "state"),
    [
        (name, state)
        for name, (source, _t, _k) in TIA_TRANSITIONS.items()
        for state in TIAState.values
        if state != source
    ],
)
def test_tia_transition_from_forbidden_source_refused(
    entities: dict[str, Any], name: str, state: str
) -> None:
    tia = _tia_in(state, entities)

    with pytest.raises(TransitionRefused):
        services.transition_tia(tia=tia, name=name, by=None, **TIA_TRANSITIONS[name][2])

    assert TransferImpactAssessment.objects.get(pk=tia.pk).state == state


def test_flag_due_reassessments_flags_only_those_due(entities: dict[str, Any]) -> None:
    due = services.record_tia(
        transfer=transfer(entities["DE"], entities["US"]), destination_laws="a"
    )
    later = services.record_tia(
        transfer=transfer(entities["DE"], entities["SG"]), destination_laws="b"
    )
    services.approve_tia(tia=due, approved_on=date(2024, 1, 1), next_review_on=date(2026, 3, 2))
    services.approve_tia(tia=later, approved_on=date(2024, 1, 1), next_review_on=date(2026, 3, 3))

    flagged = services.flag_due_reassessments(today=date(2026, 3, 2))

    assert flagged == 1
    assert TransferImpactAssessment.objects.get(pk=due.pk).state == TIAState.REASSESSMENT_DUE
    assert TransferImpactAssessment.objects.get(pk=later.pk).state == TIAState.APPROVED
