"""References (TR-00020, SCC-2026-020) find their record in list searches and autocompletes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from compliance.registry.models import GroupEntity
from tests.builders import signed_scc, transfer
from transfers import services

pytestmark = pytest.mark.django_db


def _search(client: Any, model: str, term: str) -> list[Any]:
    response = client.get(reverse(f"admin:transfers_{model}_changelist"), {"q": term})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def _autocomplete(client: Any, model: str, field: str, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "transfers", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_transfer_list_and_autocompletes_find_a_transfer_by_reference(
    client_for: Any, dpo_user: Any, entities: dict[str, GroupEntity]
) -> None:
    payroll = transfer(entities["DE"], entities["US"], name="Payroll")
    crm = transfer(entities["FR"], entities["JP"], name="CRM")
    client = client_for(dpo_user)

    assert _search(client, "datatransfer", crm.reference) == [crm]
    assert _search(client, "datatransfer", f"tr-{payroll.pk}") == [payroll]
    assert _autocomplete(client, "datatransfer", "continues", crm.reference) == [str(crm.pk)]
    assert _autocomplete(client, "transferimpactassessment", "transfer", payroll.reference) == [
        str(payroll.pk)
    ]


def test_tia_list_finds_the_assessment_of_a_transfer_reference(
    client_for: Any, dpo_user: Any, entities: dict[str, GroupEntity]
) -> None:
    payroll = transfer(entities["DE"], entities["US"], name="Payroll")
    crm = transfer(entities["FR"], entities["JP"], name="CRM")
    services.record_tia(transfer=payroll, destination_laws="reviewed")
    tia = services.record_tia(transfer=crm, destination_laws="reviewed")

    assert _search(client_for(dpo_user), "transferimpactassessment", crm.reference) == [tia]


def test_scc_list_finds_a_contract_by_its_reference(
    client_for: Any, dpo_user: Any, entities: dict[str, GroupEntity]
) -> None:
    wanted = signed_scc(entities["DE"], entities["US"], reference="SCC-2026-020")
    signed_scc(entities["DE"], entities["JP"], reference="SCC-2026-021", signed_on=date(2022, 1, 6))

    assert _search(client_for(dpo_user), "scccontract", "SCC-2026-020") == [wanted]
