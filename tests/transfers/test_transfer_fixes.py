"""A transfer the engine marks unlawful: warned before Legal, refused with its fix, fixed from the
transfer page (SCC and TIA pre-filled); Legal records its own approval; DPF noise hidden."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from compliance.workflow.services import TransitionRefused
from tests.builders import approved_tia, recipient, signed_scc, transfer
from transfers import services
from transfers.choices import TransferState
from transfers.models import DataTransfer, SCCContract

pytestmark = pytest.mark.django_db

FIX = (
    "To make it lawful: add a Module 2 SCC with Adwise Media Inc. (US) and an approved transfer "
    "impact assessment (GDPR Art. 46(2)(c), SCC Clause 14)."
)


def _newsletter(entities: dict[str, Any]) -> DataTransfer:
    vendor = recipient("Adwise Media Inc.")  # US, not DPF certified, no SCCs
    return transfer(entities["DE"], vendor, name="Newsletter", importer_role="processor")


def test_an_unlawful_transfer_in_review_warns_beside_send_to_legal(
    entities: dict[str, Any], client_for: Any, dpo_user: Any
) -> None:
    t = _newsletter(entities)
    services.transition_transfer(transfer=t, name="start_review", by=dpo_user)

    html = (
        client_for(dpo_user)
        .get(reverse("admin:transfers_datatransfer_change", args=[t.pk]))
        .content.decode()
    )

    assert html.count('class="fsm-warn"') == 1
    warning_at = html.index('class="fsm-warn"')
    assert html.index('value="send_to_legal"') < warning_at
    assert "The engine marks this transfer unlawful: Legal cannot approve it yet." in html
    assert FIX in html


def test_a_lawful_transfer_in_review_has_no_warning(
    entities: dict[str, Any], client_for: Any, dpo_user: Any
) -> None:
    t = transfer(entities["DE"], entities["JP"], name="To Tokyo")
    services.transition_transfer(transfer=t, name="start_review", by=dpo_user)

    html = (
        client_for(dpo_user)
        .get(reverse("admin:transfers_datatransfer_change", args=[t.pk]))
        .content.decode()
    )

    assert 'class="fsm-warn"' not in html


def test_the_refused_approval_says_what_would_fix_it(
    entities: dict[str, Any], dpo_user: Any, walk: Callable[..., None]
) -> None:
    t = _newsletter(entities)
    walk(t)

    with pytest.raises(TransitionRefused) as excinfo:
        services.approve_transfer(transfer=t, by=dpo_user, approving_lawyer="Dr. Weber")

    assert str(excinfo.value).endswith(f"(GDPR Art. 44). {FIX}")


def test_add_scc_from_the_transfer_starts_prefilled_and_covers_it(
    entities: dict[str, Any], client_for: Any, dpo_user: Any
) -> None:
    t = _newsletter(entities)
    client = client_for(dpo_user)
    url = reverse("admin:transfers_datatransfer_add_scc", args=[t.pk])

    page = client.get(url)
    form = page.context["form"]

    assert (form["module"].value(), form["scc_version"].value()) == (2, "2021")
    response = client.post(
        url, {"reference": "SCC-2026-001", "scc_version": "2021", "module": "2", "notes": ""}
    )

    contract = SCCContract.objects.get(reference="SCC-2026-001")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:transfers_scccontract_change", args=[contract.pk])
    assert (contract.module, contract.state) == (2, "draft")
    assert sorted(
        (p.side, str(p.entity or p.external_recipient)) for p in contract.parties.all()
    ) == [("exporter", str(t.exporter)), ("importer", "Adwise Media Inc. (US)")]
    assert list(contract.transfers.all()) == [t]


def test_add_scc_refuses_a_module_the_roles_contradict_and_writes_nothing(
    entities: dict[str, Any], client_for: Any, dpo_user: Any
) -> None:
    t = _newsletter(entities)

    response = client_for(dpo_user).post(
        reverse("admin:transfers_datatransfer_add_scc", args=[t.pk]),
        {"reference": "SCC-2026-002", "scc_version": "2021", "module": "1", "notes": ""},
    )

    assert response.status_code == 200
    assert SCCContract.objects.filter(reference="SCC-2026-002").count() == 0
    assert response.context["form"].non_field_errors() == [
        "SCC-2026-002 is module 1 (controller to controller), which contradicts the transfer's "
        "roles (controller to processor): that transfer needs module 2 (Implementing Decision "
        "(EU) 2021/914, Annex)."
    ]


def test_add_scc_and_add_tia_buttons_on_the_transfer_page(
    entities: dict[str, Any], client_for: Any, dpo_user: Any, coordinator_user: Any
) -> None:
    t = _newsletter(entities)

    html = (
        client_for(dpo_user)
        .get(reverse("admin:transfers_datatransfer_change", args=[t.pk]))
        .content.decode()
    )

    assert reverse("admin:transfers_datatransfer_add_scc", args=[t.pk]) in html
    tia_url = reverse("admin:transfers_transferimpactassessment_add") + f"?transfer={t.pk}"
    assert tia_url in html
    tia_page = client_for(dpo_user).get(tia_url)
    assert tia_page.context["adminform"].form.initial["transfer"] == str(t.pk)


def test_legal_records_its_own_approval(
    entities: dict[str, Any], client_for: Any, dpo_user: Any, legal_user: Any
) -> None:
    vendor = recipient("Adwise Media Inc.")
    t = transfer(
        entities["DE"],
        vendor,
        name="Newsletter",
        importer_role="processor",
        start_date=date(2026, 2, 1),
    )
    contract = signed_scc(entities["DE"], vendor, module=2, signed_on=date(2026, 1, 5))
    services.link_scc(contract=contract, transfer=t)
    approved_tia(t, date(2026, 1, 20))
    services.evaluate(transfer=t, on=date(2026, 3, 2))
    services.transition_transfer(transfer=t, name="start_review", by=dpo_user)
    services.transition_transfer(transfer=t, name="send_to_legal", by=dpo_user)
    client = client_for(legal_user)
    url = reverse("admin:transfers_datatransfer_transition", args=[t.pk, "approve"])

    change = client.get(reverse("admin:transfers_datatransfer_change", args=[t.pk])).content
    form_page = client.get(url)
    response = client.post(
        url, {"approving_lawyer": "Dr. Weber", "approved_on": "2026-03-02", "note": ""}
    )

    assert url in change.decode()
    assert form_page.status_code == 200
    assert response.status_code == 302
    t.refresh_from_db()
    assert (t.state, t.legal_approver, t.approved_on) == (
        TransferState.ACTIVE,
        "Dr. Weber",
        date(2026, 3, 2),
    )


def test_legal_cannot_take_the_dpo_steps(
    entities: dict[str, Any], client_for: Any, legal_user: Any
) -> None:
    t = transfer(entities["DE"], entities["JP"], name="To Tokyo")

    html = (
        client_for(legal_user)
        .get(reverse("admin:transfers_datatransfer_change", args=[t.pk]))
        .content.decode()
    )

    assert 'value="start_review"' not in html


def test_dpf_not_certified_is_not_shown_on_a_transfer_relying_on_sccs(
    entities: dict[str, Any], client_for: Any, dpo_user: Any
) -> None:
    vendor = recipient("Adwise Media Inc.")
    t = transfer(
        entities["DE"],
        vendor,
        name="Newsletter",
        importer_role="processor",
        start_date=date(2026, 2, 1),
    )
    contract = signed_scc(entities["DE"], vendor, module=2, signed_on=date(2026, 1, 5))
    services.link_scc(contract=contract, transfer=t)
    approved_tia(t, date(2026, 1, 20))
    services.evaluate(transfer=t, on=date(2026, 3, 2))
    t.refresh_from_db()
    assert t.current_mechanism == "scc"
    assert "importer_not_certified" in [f["code"] for f in t.latest_evaluation().findings]
    client = client_for(dpo_user)

    change = client.get(reverse("admin:transfers_datatransfer_change", args=[t.pk])).content
    changelist = client.get(reverse("admin:transfers_datatransfer_changelist")).content

    assert b"importer not certified" not in change
    assert b"importer not certified" not in changelist


def test_dpf_not_certified_stays_on_a_transfer_without_a_tool(
    entities: dict[str, Any], client_for: Any, dpo_user: Any
) -> None:
    t = _newsletter(entities)

    change = (
        client_for(dpo_user)
        .get(reverse("admin:transfers_datatransfer_change", args=[t.pk]))
        .content
    )

    assert change.count(b"<td>blocker</td><td>importer not certified</td>") == 1


def test_legal_approving_without_a_name_is_recorded_under_its_own(
    entities: dict[str, Any], client_for: Any, dpo_user: Any, legal_user: Any
) -> None:
    t = transfer(entities["DE"], entities["JP"], name="To Tokyo", start_date=date(2026, 2, 1))
    services.transition_transfer(transfer=t, name="start_review", by=dpo_user)
    services.transition_transfer(transfer=t, name="send_to_legal", by=dpo_user)
    legal_user.first_name, legal_user.last_name = "Dana", "Weber"
    legal_user.save()

    response = client_for(legal_user).post(
        reverse("admin:transfers_datatransfer_transition", args=[t.pk, "approve"]),
        {"approving_lawyer": "", "approved_on": "2026-03-02", "note": ""},
    )

    t.refresh_from_db()
    assert response.status_code == 302
    assert (t.state, t.legal_approver) == (TransferState.ACTIVE, "Dana Weber")


def test_a_dpo_must_name_the_lawyer(
    entities: dict[str, Any], dpo_user: Any, walk: Callable[..., None]
) -> None:
    t = transfer(entities["DE"], entities["JP"], name="To Tokyo")
    walk(t)

    with pytest.raises(TransitionRefused) as excinfo:
        services.approve_transfer(transfer=t, by=dpo_user, approving_lawyer="")

    assert str(excinfo.value) == "Name the lawyer whose sign-off approves the transfer."
