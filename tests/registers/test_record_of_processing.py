"""The Art. 30 record of processing activities: XLSX (register kind) and PDF (report kind)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from compliance.registry import services as registry_services
from compliance.registry.models import CorporateGroup, GroupEntity
from compliance.reports.registry import render_report, report_context
from tests.registers.helpers import AS_OF, export, rows
from transfers import services
from transfers.models import ProcessingActivity

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> CorporateGroup:
    group = CorporateGroup.objects.create(name="Acme Group", short_name="ACME")
    entities = {}
    for short, country, zone in (
        ("ACME Berlin", "DE", "Europe/Berlin"),
        ("ACME Tokyo", "JP", "Asia/Tokyo"),
    ):
        entity = GroupEntity(
            group=group,
            short_name=short,
            legal_name=f"{short} Ltd",
            country_id=country,
            time_zone=zone,
        )
        entities[short] = registry_services.save_entity(entity=entity)
    activity = services.save_processing_activity(
        activity=ProcessingActivity(
            controller=entities["ACME Berlin"],
            name="Payroll",
            purposes="salary payment",
            data_categories="bank details",
            subject_categories="employees",
            retention="10 years",
            recipients="tax office, payroll provider",
            security_measures="encryption at rest",
            controller_contact="ACME Berlin, Hauptstr. 1",
            dpo_contact="dpo@acme.example",
        )
    )
    services.request_transfer(
        exporter=entities["ACME Berlin"],
        importer=entities["ACME Tokyo"],
        name="Payroll to Tokyo",
        processing_activity=activity,
        start_date=date(2024, 1, 1),
    )
    return group


def test_record_xlsx_lists_every_art_30_item_with_the_transfers_and_their_safeguards(
    group: CorporateGroup,
) -> None:
    (row,) = rows(export("record_of_processing", group_id=group.pk))

    assert row == {
        "group": "Acme Group",
        "controller": "ACME Berlin Ltd",
        "country": "DE",
        "controller contact": "ACME Berlin, Hauptstr. 1",
        "DPO contact": "dpo@acme.example",
        "processing activity": "Payroll",
        "purposes": "salary payment",
        "categories of data subjects": "employees",
        "categories of personal data": "bank details",
        "includes special categories": False,
        "categories of recipients": "tax office, payroll provider",
        "transfers to third countries and their safeguards": (
            f"TR-{_transfer_pk():05d} ACME Tokyo Ltd (JP): adequacy — "
            "GDPR Art. 45; Commission Implementing Decision (EU) 2019/419"
        ),
        "retention": "10 years",
        "technical and organisational security measures": "encryption at rest",
    }


def _transfer_pk() -> int:
    from transfers.models import DataTransfer

    return DataTransfer.objects.get(name="Payroll to Tokyo").pk


def test_record_pdf_is_per_entity(group: CorporateGroup) -> None:
    _spec, _obj, context = report_context(
        "record_of_processing", obj=group, user=None, lang="en", as_of=AS_OF
    )
    rendered = render_report("record_of_processing", obj=group, user=None, lang="de", as_of=AS_OF)

    assert [
        (r.entity.short_name, [a.activity.name for a in r.activities]) for r in context["records"]
    ] == [("ACME Berlin", ["Payroll"])]
    assert rendered.filename == "record-of-processing-ACME-2025-06-30-de.pdf"
    assert rendered.content.startswith(b"%PDF")


def test_coordinator_record_shows_only_their_entities(
    group: CorporateGroup, coordinator_user: Any
) -> None:
    GroupEntity.objects.get(short_name="ACME Tokyo").coordinators.add(coordinator_user)

    _spec, _obj, context = report_context(
        "record_of_processing", obj=group, user=coordinator_user, lang="en", as_of=AS_OF
    )

    assert context["records"] == []
    assert rows(export("record_of_processing", user=coordinator_user)) == []
