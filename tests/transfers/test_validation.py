"""Bad input is refused with a clear message, and nothing is half-saved."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from compliance.workflow.models import WorkflowEvent
from compliance.workflow.services import TransitionRefused
from tests.builders import entity_in, recipient, signed_scc, transfer
from transfers import services, validation
from transfers.models import (
    DataTransfer,
    ExternalRecipient,
    SCCContract,
    TransferEvaluation,
)

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return (
        DataTransfer.objects.count(),
        TransferEvaluation.objects.count(),
        WorkflowEvent.objects.count(),
    )


def _refused(entities: dict[str, Any], **facts: Any) -> dict[str, list[str]]:
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        services.request_transfer(
            exporter=entities["DE"], name="Bad", start_date=date(2022, 1, 10), **facts
        )
    assert _counts() == before
    return excinfo.value.message_dict


def test_request_transfer_exporter_equal_importer_refused(entities: dict[str, Any]) -> None:
    errors = _refused(entities, importer=entities["DE"])

    assert errors == {
        "importer": ["Exporter and importer are the same entity (Berlin): nothing is sent."]
    }


def test_request_transfer_both_recipients_refused(entities: dict[str, Any]) -> None:
    vendor = recipient()

    errors = _refused(entities, importer=entities["US"], external_recipient=vendor)

    assert errors["importer"] == [
        "A transfer goes to exactly one recipient: choose a group entity or an external "
        "recipient, not both and not neither."
    ]


def test_request_transfer_without_recipient_refused(entities: dict[str, Any]) -> None:
    errors = _refused(entities)

    assert "A transfer goes to exactly one recipient" in errors["importer"][0]


def test_request_transfer_end_before_start_refused(entities: dict[str, Any]) -> None:
    errors = _refused(entities, importer=entities["US"], end_date=date(2021, 12, 31))

    assert errors == {
        "end_date": ["The transfer cannot end (2021-12-31) before it starts (2022-01-10)."]
    }


def test_request_transfer_derogation_on_regular_flow_refused(entities: dict[str, Any]) -> None:
    errors = _refused(entities, importer=entities["US"], frequency="regular", derogation="49(1)(a)")

    assert errors["derogation"][0].startswith(
        "A derogation (GDPR Art. 49) covers only occasional, non-repetitive transfers; this "
        "transfer is regular."
    )


def test_request_transfer_processor_role_of_a_controller_only_entity_refused(
    entities: dict[str, Any],
) -> None:
    errors = _refused(entities, importer=entities["FR"], importer_role="processor")

    assert errors == {
        "importer_role": ["Paris is not recorded as a processor in the group registry."]
    }


def test_request_transfer_importer_of_another_group_refused(entities: dict[str, Any]) -> None:
    from tests.factories import CorporateGroupFactory

    stranger = entity_in(CorporateGroupFactory(name="Other"), "Stranger", "US")

    errors = _refused(entities, importer=stranger)

    assert errors == {
        "importer": ["Stranger belongs to another group: record it as an external recipient."]
    }


def test_record_external_recipient_unknown_country_refused(db: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.record_external_recipient(name="Nowhere Ltd", country="XX")

    assert excinfo.value.message_dict == {
        "country": ["Unknown country code 'XX' (use ISO 3166-1 alpha-2, e.g. US)."]
    }
    assert not ExternalRecipient.objects.filter(name="Nowhere Ltd").exists()


def test_external_recipient_uk_extension_without_dpf_refused(db: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        recipient(uk_extension_from=date(2023, 10, 12))

    assert excinfo.value.messages == [
        "The UK Extension is part of a DPF certification: record the DPF certification first."
    ]


def test_onward_chain_must_start_where_the_previous_transfer_ended(
    entities: dict[str, Any],
) -> None:
    first = transfer(entities["DE"], entities["JP"], name="EU to JP")

    with pytest.raises(ValidationError) as excinfo:
        transfer(entities["US"], entities["SG"], name="US to SG", continues=first)

    assert excinfo.value.message_dict == {
        "continues": [
            f"{first.reference} brings the data to Tokyo (JP), not to Boston (US): an onward "
            "transfer continues a transfer whose importer is its exporter."
        ]
    }


def test_onward_chain_loop_through_two_steps_refused_and_nothing_saved(
    entities: dict[str, Any],
) -> None:
    a = transfer(entities["DE"], entities["JP"], name="A")
    b = transfer(entities["JP"], entities["DE"], name="B", continues=a)
    before = DataTransfer.objects.get(pk=a.pk).version

    with pytest.raises(ValidationError) as excinfo:
        services.update_transfer(
            transfer=a, by=None, expected_version=a.version, changes={"continues": b}
        )

    assert excinfo.value.message_dict == {
        "continues": [
            f"This onward chain loops ({a.reference} → {b.reference} → {a.reference}): a "
            "transfer cannot continue itself through any number of steps."
        ]
    }
    stored = DataTransfer.objects.get(pk=a.pk)
    assert (stored.continues_id, stored.version) == (None, before)


def test_onward_chain_loop_through_three_steps_refused(entities: dict[str, Any]) -> None:
    a = transfer(entities["DE"], entities["JP"], name="A")
    b = transfer(entities["JP"], entities["US"], name="B", continues=a)
    c = transfer(entities["US"], entities["DE"], name="C", continues=b)

    with pytest.raises(ValidationError) as excinfo:
        services.update_transfer(
            transfer=a, by=None, expected_version=a.version, changes={"continues": c}
        )

    loop = f"{a.reference} → {c.reference} → {b.reference} → {a.reference}"
    assert loop in excinfo.value.message_dict["continues"][0]


def test_transfer_continuing_itself_refused(entities: dict[str, Any]) -> None:
    a = transfer(entities["DE"], entities["FR"], name="A")
    b = transfer(entities["FR"], entities["DE"], name="B", continues=a)

    with pytest.raises(ValidationError) as excinfo:
        services.update_transfer(
            transfer=b, by=None, expected_version=b.version, changes={"continues": b}
        )

    assert "loops" in excinfo.value.message_dict["continues"][0]


def test_database_refuses_exporter_equal_importer(entities: dict[str, Any]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        DataTransfer.objects.create(
            name="Raw",
            exporter=entities["DE"],
            importer=entities["DE"],
            start_date=date(2022, 1, 1),
        )


def test_database_refuses_two_recipients(entities: dict[str, Any]) -> None:
    vendor = recipient()

    with pytest.raises(IntegrityError), transaction.atomic():
        DataTransfer.objects.create(
            name="Raw",
            exporter=entities["DE"],
            importer=entities["US"],
            external_recipient=vendor,
            start_date=date(2022, 1, 1),
        )


@pytest.mark.parametrize(
    ("exporter_role", "importer_role", "module", "needed"),
    [
        ("controller", "controller", 2, 1),
        ("controller", "processor", 1, 2),
        ("processor", "processor", 4, 3),
        ("processor", "controller", 3, 4),
    ],
)
def test_link_scc_module_contradicting_roles_refused(
    entities: dict[str, Any], exporter_role: str, importer_role: str, module: int, needed: int
) -> None:
    t = transfer(
        entities["DE"], entities["US"], exporter_role=exporter_role, importer_role=importer_role
    )
    contract = signed_scc(entities["DE"], entities["US"], module=module)

    with pytest.raises(ValidationError) as excinfo:
        services.link_scc(contract=contract, transfer=t)

    message = excinfo.value.message_dict["transfers"][0]
    assert message.startswith(f"SCC-1 is module {module} (")
    assert message.endswith(
        f"contradicts the transfer's roles ({exporter_role} to {importer_role}): that transfer "
        f"needs module {needed} (Implementing Decision (EU) 2021/914, Annex)."
    )
    assert not contract.transfers.exists()


def test_change_of_roles_contradicting_a_linked_scc_refused(entities: dict[str, Any]) -> None:
    t = transfer(entities["DE"], entities["US"])
    contract = signed_scc(entities["DE"], entities["US"], module=1)
    services.link_scc(contract=contract, transfer=t)

    with pytest.raises(ValidationError) as excinfo:
        services.update_transfer(
            transfer=t, by=None, expected_version=t.version, changes={"importer_role": "processor"}
        )

    assert "needs module 2" in excinfo.value.message_dict["exporter_role"][0]
    assert DataTransfer.objects.get(pk=t.pk).importer_role == "controller"


def test_link_scc_importer_not_a_party_refused(entities: dict[str, Any]) -> None:
    t = transfer(entities["DE"], entities["SG"])
    contract = signed_scc(entities["DE"], entities["US"], module=1)

    with pytest.raises(ValidationError) as excinfo:
        services.link_scc(contract=contract, transfer=t)

    assert excinfo.value.message_dict == {
        "transfers": [
            "Singapore (SG) is not a data importer party to SCC-1: add it as a party (or let it "
            "accede under the docking clause)."
        ]
    }


def test_scc_termination_before_signature_refused(entities: dict[str, Any]) -> None:
    contract = signed_scc(entities["DE"], entities["US"], signed_on=date(2022, 3, 1))

    with pytest.raises(TransitionRefused) as excinfo:
        services.terminate_scc(contract=contract, terminated_on=date(2022, 1, 1))

    assert str(excinfo.value) == (
        "The contract cannot end on 2022-01-01, before it was signed (2022-03-01): a signature "
        "after termination is impossible."
    )
    contract.refresh_from_db()
    assert (contract.state, contract.terminated_on) == ("signed", None)


def test_scc_signed_after_termination_refused_by_clean(db: Any) -> None:
    contract = SCCContract(
        reference="X",
        scc_version="2021",
        module=1,
        signed_on=date(2022, 3, 1),
        terminated_on=date(2022, 1, 1),
    )

    with pytest.raises(ValidationError) as excinfo:
        contract.full_clean(exclude=["state"])

    assert excinfo.value.message_dict["signed_on"] == [
        "The contract cannot be signed (2022-03-01) after it was terminated (2022-01-01)."
    ]


def test_database_refuses_scc_signed_after_termination(db: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SCCContract.objects.create(
            reference="X",
            scc_version="2021",
            module=1,
            state="terminated",
            signed_on=date(2022, 3, 1),
            terminated_on=date(2022, 1, 1),
        )


@pytest.mark.parametrize(
    ("version", "module", "field", "message"),
    [
        ("uk_idta", 1, "module", "The IDTA has no modules: leave it empty."),
        ("2021", None, "module", "Choose the module (1-4) matching the parties' roles."),
        (
            "2010",
            3,
            "module",
            "The 2010 SCCs had only controller-to-controller (1) and controller-to-processor "
            "(2) sets; leave the module empty, the set follows from the roles.",
        ),
        ("uk_addendum", None, "module", "Choose the module (1-4) matching the parties' roles."),
    ],
)
def test_record_scc_module_not_fitting_the_version_refused(
    db: Any, version: str, module: int | None, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.record_scc(reference="Bad", scc_version=version, module=module)

    assert excinfo.value.message_dict[field] == [message]
    assert not SCCContract.objects.filter(reference="Bad").exists()


@pytest.mark.parametrize("module", [None, 1, 2])
def test_record_scc_2010_without_module_or_with_its_two_sets_accepted(
    db: Any, module: int | None
) -> None:
    contract = services.record_scc(reference="Old", scc_version="2010", module=module)

    assert SCCContract.objects.filter(pk=contract.pk).values_list("module", flat=True).get() == (
        module
    )


@pytest.mark.parametrize(
    ("roles", "problem"),
    [
        (("controller", "controller"), None),
        (("controller", "processor"), None),
        (
            ("processor", "processor"),
            "Old: the 2010 SCCs have no set for a processor to processor transfer (only "
            "controller to controller and controller to processor); use the 2021 SCCs, module 3.",
        ),
        (
            ("processor", "controller"),
            "Old: the 2010 SCCs have no set for a processor to controller transfer (only "
            "controller to controller and controller to processor); use the 2021 SCCs, module 4.",
        ),
    ],
)
def test_module_problem_2010_without_module_follows_the_roles(
    db: Any, roles: tuple[str, str], problem: str | None
) -> None:
    contract = services.record_scc(reference="Old", scc_version="2010", module=None)

    assert validation.module_problem(contract, *roles) == problem


def test_scc_signature_needs_both_sides(entities: dict[str, Any]) -> None:
    contract = services.record_scc(reference="Lonely", scc_version="2021", module=1)
    services.add_scc_party(contract=contract, side="exporter", entity=entities["DE"])

    with pytest.raises(TransitionRefused) as excinfo:
        services.sign_scc(contract=contract, signed_on=date(2022, 1, 1))

    assert str(excinfo.value) == (
        "Name the parties (at least one data exporter and one data importer) first."
    )


def test_scc_party_after_signature_without_docking_clause_refused(
    entities: dict[str, Any],
) -> None:
    contract = signed_scc(entities["DE"], entities["US"])

    with pytest.raises(ValidationError) as excinfo:
        services.add_scc_party(
            contract=contract, side="exporter", entity=entities["FR"], acceded_on=date(2023, 1, 1)
        )

    assert excinfo.value.message_dict == {
        "acceded_on": [
            "SCC-1 is signed and has no docking clause (Clause 7): a new party needs a new "
            "contract."
        ]
    }


def test_scc_accession_before_signature_refused(entities: dict[str, Any]) -> None:
    contract = signed_scc(entities["DE"], entities["US"], docking_clause=True)

    with pytest.raises(ValidationError) as excinfo:
        services.add_scc_party(
            contract=contract, side="exporter", entity=entities["FR"], acceded_on=date(2021, 1, 1)
        )

    assert excinfo.value.message_dict == {
        "acceded_on": [
            "An accession (2021-01-01) cannot precede the signature of the contract (2022-01-05)."
        ]
    }


def test_tia_review_before_approval_refused(entities: dict[str, Any]) -> None:
    t = transfer(entities["DE"], entities["US"])
    tia = services.record_tia(transfer=t, destination_laws="FISA 702, EO 12333")

    with pytest.raises(TransitionRefused) as excinfo:
        services.approve_tia(tia=tia, approved_on=date(2022, 1, 1), next_review_on=date(2021, 1, 1))

    assert str(excinfo.value) == (
        "The next review (2021-01-01) must come after the approval (2022-01-01)."
    )
    tia.refresh_from_db()
    assert (tia.state, tia.approved_on) == ("draft", None)
