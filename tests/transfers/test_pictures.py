"""Transfers by destination and basis, and the SCC mesh matrix: exact shapes from known data,
entity scope kept, data escaped."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.builders import recipient, transfer
from transfers import services
from transfers.models import DataTransfer
from transfers.pictures import counts_by_destination_and_basis

pytestmark = pytest.mark.django_db


@pytest.fixture
def flows(entities: dict[str, Any], coordinator_user: Any) -> dict[str, Any]:
    entities["FR"].coordinators.add(coordinator_user)
    vendor = recipient("Adwise Media Inc.")
    made = {
        "de_vendor": transfer(entities["DE"], vendor, name="Newsletter"),
        "de_jp": transfer(entities["DE"], entities["JP"], name="To Tokyo"),
        "fr_jp": transfer(entities["FR"], entities["JP"], name="Paris to Tokyo"),
        "fr_us": transfer(entities["FR"], entities["US"], name="Paris to Boston"),
        "gone": transfer(entities["FR"], vendor, name="Retired"),
    }
    services.transition_transfer(transfer=made["gone"], name="retire", by=None, note="ended")
    return made


def _svg(html: str, element_id: str) -> str:
    found = re.search(rf'<svg id="{element_id}".*?</svg>', html, flags=re.S)
    assert found is not None
    return found.group(0)


def test_counts_by_destination_and_basis(flows: dict[str, Any]) -> None:
    assert dict(counts_by_destination_and_basis(DataTransfer.objects.all())) == {
        ("US", "none"): 2,
        ("JP", "adequacy"): 2,
    }


def test_counts_by_destination_and_basis_of_transfers_not_yet_evaluated(
    flows: dict[str, Any],
) -> None:
    # Without a current result there is no verdict (a constraint): "not assessed"; the
    # recipient's country is the destination, as the entity's is for entities.
    never = {"current_result": None, "current_lawful": None, "current_mechanism": ""}
    DataTransfer.objects.filter(pk=flows["de_vendor"].pk).update(has_blocker=False, **never)
    DataTransfer.objects.filter(pk=flows["de_jp"].pk).update(has_blocker=False, **never)

    assert dict(counts_by_destination_and_basis(DataTransfer.objects.all())) == {
        ("US", "none"): 1,
        ("US", "not_assessed"): 1,
        ("JP", "adequacy"): 1,
        ("JP", "not_assessed"): 1,
    }


def test_dashboard_picture_of_transfers(
    flows: dict[str, Any], client_for: Any, dpo_user: Any
) -> None:
    svg = _svg(
        client_for(dpo_user).get(reverse("admin:index")).content.decode(),
        "chart-transfer-destinations",
    )

    assert re.findall(r'<text class="category"[^>]*>([^<]*)<', svg) == ["JP", "US"]
    assert svg.count('<rect class="bar"') == 2
    assert "<title>adequacy: 2</title>" in svg
    assert "<title>no mechanism (unlawful): 2</title>" in svg
    # Unlawful is always the alarm colour, never a palette colour shared with a mechanism.
    assert svg.count('data-series="none"') == 1
    assert re.search(r'data-series="none"[^>]*fill="#B00020"', svg) is not None


def test_coordinator_picture_counts_only_their_entitys_transfers(
    flows: dict[str, Any], client_for: Any, coordinator_user: Any
) -> None:
    svg = _svg(
        client_for(coordinator_user).get(reverse("admin:index")).content.decode(),
        "chart-transfer-destinations",
    )

    # Paris exports one flow to Tokyo and one to Boston; Berlin's flows are not theirs.
    assert "<title>adequacy: 1</title>" in svg
    assert "<title>no mechanism (unlawful): 1</title>" in svg
    assert svg.count('<rect class="bar"') == 2


def _mesh_group(group: Any) -> dict[str, Any]:
    from datetime import date

    from tests.builders import bcr, entity_in

    de = entity_in(group, "DE", "DE", processor=True)
    fr = entity_in(group, "FR", "FR")
    us = entity_in(group, "US", "US", processor=True)
    sg = entity_in(group, "SG", "SG", processor=True)
    jp = entity_in(group, "JP", "JP")
    gb = entity_in(group, "<b>GB</b>", "GB")
    bcr(group, {e: date(2021, 8, 5) for e in (de, fr, us, sg)})
    c2p = {"importer_role": "processor"}
    transfer(de, us, name="1 payroll", **c2p)
    transfer(fr, us, name="3 hosting", **c2p)
    transfer(de, sg, name="4 sales")
    transfer(de, sg, name="5 sub-processing", exporter_role="processor", **c2p)
    transfer(de, fr, name="6 inside the EEA")
    transfer(de, jp, name="7 adequacy")
    transfer(gb, us, name="9 UK export")
    return {"de": de, "gb": gb}


def test_scc_mesh_matrix_has_a_cell_per_pair_needing_a_contract(
    group: Any, client_for: Any, dpo_user: Any
) -> None:
    _mesh_group(group)

    html = (
        client_for(dpo_user)
        .get(reverse("admin:transfers_datatransfer_mesh"), {"group": group.pk, "on": "2026-03-02"})
        .content.decode()
    )
    svg = _svg(html, "scc-mesh-matrix")

    assert re.findall(r'<text class="row"[^>]*>([^<]*)<', svg) == [
        "&lt;b&gt;GB&lt;/b&gt;",
        "DE",
        "FR",
        "JP",
        "SG",
        "US",
    ]
    assert svg.count('<g class="cell">') == 4
    assert re.findall(r'text-anchor="middle" fill="#fff">([^<]*)<', svg) == [
        "M1",
        "M1+3",
        "M2",
        "M2",
    ]
    # DE→US and FR→US: controller BCRs cover them; DE→SG also carries a processor-to-processor
    # flow the controller BCRs do not cover, so that pair stays a contract to sign.
    assert svg.count('fill="#009E73"') == 2
    assert svg.count('<rect class="self"') == 6
    assert "<b>GB</b>" not in svg
    assert "&lt;b&gt;GB&lt;/b&gt; → US: UK SCC module 1</title>" in svg


def test_scc_mesh_matrix_is_not_shown_to_a_coordinator(
    group: Any, client_for: Any, coordinator_user: Any
) -> None:
    parts = _mesh_group(group)
    parts["de"].coordinators.add(coordinator_user)

    response = client_for(coordinator_user).get(
        reverse("admin:transfers_datatransfer_mesh"), {"group": group.pk, "on": "2026-03-02"}
    )

    assert response.status_code == 403
