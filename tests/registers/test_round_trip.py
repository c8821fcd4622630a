"""Export the demo group's registers, import them into an empty database: the same registers,
and (with the demo's transfer tools recorded again) the same judgements of the engine."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from compliance.registry.demo import DEMO_GROUP, seed_demo
from compliance.registry.models import CorporateGroup, GroupEntity
from tests.registers.helpers import columns, export, project, rows, run_import
from transfers import demo as transfer_demo
from transfers import services
from transfers.models import DataTransfer, ExternalRecipient, ProcessingActivity

pytestmark = pytest.mark.django_db

KINDS = ("entities", "external_recipients", "processing_activities", "transfers")
JUDGEMENT = ["judged as of", "regime", "judgement", "mechanism", "legal basis", "blockers",
             "warnings"]  # fmt: skip


class _RolledBack(Exception):
    pass


_FILES: dict[str, dict[str, bytes]] = {}


def _exported_demo(fmt: str) -> dict[str, bytes]:
    """The demo's registers as files, from a transaction rolled back: the database is empty
    again afterwards (reference data only). Seeded once per format: the files are bytes."""
    if fmt in _FILES:
        return _FILES[fmt]
    files: dict[str, bytes] = {}
    try:
        with transaction.atomic():
            group = seed_demo()
            for kind in KINDS:
                files[kind] = export(kind, group_id=group.pk, fmt=fmt)
            raise _RolledBack
    except _RolledBack:
        pass
    _FILES[fmt] = files
    return files


def _record_demo_tools(group: CorporateGroup) -> None:
    """The transfer tools the demo records (BCRs, SCCs and their links, approved impact
    assessments): registers of their own, not imported, that the engine's judgement reads."""
    entities = {e.short_name: e for e in group.entities.all()}
    transfer_demo._seed_bcrs(group, list(entities.values()))
    recipients = {r.name: r for r in ExternalRecipient.objects.all()}
    parties: dict[str, Any] = {**entities, **recipients}
    contracts = {c.reference: transfer_demo._contract(c, parties) for c in transfer_demo.CONTRACTS}
    for flow in transfer_demo.FLOWS:
        transfer = DataTransfer.objects.get(exporter=entities[flow.exporter], name=flow.name)
        for reference in flow.contracts:
            services.link_scc(contract=contracts[reference], transfer=transfer)
        if flow.tia_on is not None:
            tia = services.record_tia(transfer=transfer, destination_laws="reviewed")
            services.approve_tia(tia=tia, approved_on=flow.tia_on)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_into_an_empty_database_gives_the_same_registers(fmt: str) -> None:
    files = _exported_demo(fmt)
    assert not GroupEntity.objects.exists()

    results = [run_import(kind, files[kind], fmt=fmt) for kind in KINDS]

    assert [r.errors for r in results] == [(), (), (), ()]
    assert [r.count("created") for r in results] == [9, 9, 7, 23]
    group = CorporateGroup.objects.get(name=DEMO_GROUP)
    for kind in KINDS:
        names = columns(kind, imported=True)
        again = rows(export(kind, group_id=group.pk, fmt=fmt), fmt)
        assert project(again, names) == project(rows(files[kind], fmt), names), kind
    assert ProcessingActivity.objects.count() == 7


def test_round_trip_gives_the_same_judgements_once_the_tools_are_recorded() -> None:
    files = _exported_demo("xlsx")
    for kind in KINDS:
        assert run_import(kind, files[kind]).errors == ()
    group = CorporateGroup.objects.get(name=DEMO_GROUP)

    _record_demo_tools(group)

    names = ["group", "exporter", "name", *JUDGEMENT]
    again = project(rows(export("transfers", group_id=group.pk)), names)
    before = project(rows(files["transfers"]), names)
    assert again == before
    flagged = [r[2] for r in before if r[5] == "not lawful"]
    # Judged on the export's date, before the EPO adequacy decision (2025-07-15) applied.
    epo = "Patent filings to the European Patent Office"
    assert sorted(flagged) == sorted([*transfer_demo.FLAGGED, epo])


def test_importing_the_same_files_twice_changes_nothing() -> None:
    files = _exported_demo("xlsx")
    for kind in KINDS:
        run_import(kind, files[kind])
    history = (
        GroupEntity.history.count(),
        ProcessingActivity.history.count(),
        ExternalRecipient.history.count(),
        DataTransfer.history.count(),
    )

    again = [run_import(kind, files[kind]) for kind in KINDS]

    assert [(r.count("unchanged"), r.count("created"), r.count("changed")) for r in again] == [
        (9, 0, 0),
        (9, 0, 0),
        (7, 0, 0),
        (23, 0, 0),
    ]
    assert (
        GroupEntity.history.count(),
        ProcessingActivity.history.count(),
        ExternalRecipient.history.count(),
        DataTransfer.history.count(),
    ) == history


def test_import_records_the_file_as_the_change_reason() -> None:
    files = _exported_demo("xlsx")
    for kind in KINDS:
        run_import(kind, files[kind])

    entity = GroupEntity.objects.get(short_name="EIG Amsterdam")
    transfer = DataTransfer.objects.get(name="Accounting consolidation")

    assert entity.history.latest().history_change_reason == "Imported from entities.xlsx"
    assert transfer.history.latest().history_change_reason == "Imported from transfers.xlsx"
