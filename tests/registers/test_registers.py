"""Exports (files, admin buttons, command) and imports (errors, dry run, scope)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from compliance.registry import services as registry_services
from compliance.registry.models import CorporateGroup, GroupEntity
from tests.registers.helpers import export, rows, run_import
from transfers import services
from transfers.models import DataTransfer

pytestmark = pytest.mark.django_db

ENTITY_HEADER = "group,short name,legal name,country,time zone,parent entity,controller,processor"


def _entity(group: CorporateGroup, short: str, country: str, zone: str) -> GroupEntity:
    entity = GroupEntity(
        group=group,
        short_name=short,
        legal_name=f"{short} GmbH",
        country_id=country,
        time_zone=zone,
    )
    return registry_services.save_entity(entity=entity)


@pytest.fixture
def group() -> CorporateGroup:
    group = CorporateGroup.objects.create(name="Acme Group", short_name="ACME")
    berlin = _entity(group, "ACME Berlin", "DE", "Europe/Berlin")
    paris = _entity(group, "ACME Paris", "FR", "Europe/Paris")
    tokyo = _entity(group, "ACME Tokyo", "JP", "Asia/Tokyo")
    services.request_transfer(
        exporter=berlin, importer=tokyo, name="HR to Tokyo", start_date=date(2024, 1, 1)
    )
    services.request_transfer(
        exporter=paris, importer=tokyo, name="CRM to Tokyo", start_date=date(2024, 2, 1)
    )
    return group


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_xlsx_has_typed_cells_a_frozen_header_and_an_autofilter(group: CorporateGroup) -> None:
    content = export("transfers", group_id=group.pk)

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    start = sheet.cell(row=2, column=headers.index("starts on") + 1)
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", f"A1:AL{sheet.max_row}")
    assert (start.value.date(), start.number_format) == (date(2024, 1, 1), "yyyy-mm-dd")
    assert sheet.cell(row=2, column=headers.index("includes special categories") + 1).value is False


@pytest.mark.parametrize(
    ("lang", "headers"),
    [
        ("en", ["group", "group short name", "short name", "legal name"]),
        ("de", ["Unternehmensgruppe", "Kurzname der Gruppe", "Kurzname", "Firma"]),
        ("ja", ["企業グループ", "グループの略称", "略称", "正式名称"]),
    ],
)
def test_headers_are_translated(group: CorporateGroup, lang: str, headers: list[str]) -> None:
    table = rows(export("entities", group_id=group.pk, lang=lang))

    assert list(table[0])[:4] == headers


def test_transfer_register_says_not_assessed_never_lawful_without_an_export_rule(
    group: CorporateGroup,
) -> None:
    table = rows(export("transfers", group_id=group.pk, fmt="csv"), "csv")

    judgements = {r["name"]: (r["judgement"], r["mechanism"]) for r in table}
    assert judgements == {
        "HR to Tokyo": ("lawful", "adequacy"),
        "CRM to Tokyo": ("lawful", "adequacy"),
    }
    tokyo = GroupEntity.objects.get(short_name="ACME Tokyo")
    singapore = _entity(group, "ACME Singapore", "SG", "Asia/Singapore")
    services.request_transfer(
        exporter=singapore, importer=tokyo, name="SG to JP", start_date=date(2024, 1, 1)
    )
    table = rows(export("transfers", group_id=group.pk, fmt="csv"), "csv")
    assert [(r["judgement"], r["mechanism"]) for r in table if r["name"] == "SG to JP"] == [
        ("not assessed", "")
    ]


def test_bad_file_gets_row_and_column_errors_and_changes_nothing(group: CorporateGroup) -> None:
    before = (GroupEntity.objects.count(), GroupEntity.history.count())
    content = _csv(
        ENTITY_HEADER,
        "Acme Group,ACME Rome,Acme Italia S.r.l.,IT,Europe/Rome,ACME Berlin,yes,no",
        "Acme Group,ACME Oslo,Acme Norge AS,XX,Europe/Oslo,,yes,no",
        "Acme Group,ACME Madrid,Acme España S.L.,ES,Europe/Madrit,ACME Nowhere,maybe,no",
    )

    result = run_import("entities", content, fmt="csv")

    assert [str(e) for e in result.errors] == [
        "row 3, column “country”: Unknown country code “XX” (ISO 3166-1 alpha-2, e.g. DE).",
        "row 4, column “controller”: “maybe” is not yes or no.",
    ]
    assert (GroupEntity.objects.count(), GroupEntity.history.count()) == before
    content = _csv(
        ENTITY_HEADER,
        "Acme Group,ACME Madrid,Acme España S.L.,ES,Europe/Madrit,ACME Nowhere,yes,no",
    )
    result = run_import("entities", content, fmt="csv")
    assert [(e.row, e.column) for e in result.errors] == [(2, "parent entity")]
    content = _csv(
        ENTITY_HEADER, "Acme Group,ACME Madrid,Acme España S.L.,ES,Europe/Madrit,,yes,no"
    )
    result = run_import("entities", content, fmt="csv")
    assert [(e.row, e.column) for e in result.errors] == [(2, "time zone")]
    assert (GroupEntity.objects.count(), GroupEntity.history.count()) == before


def test_unknown_column_is_refused_before_any_row(group: CorporateGroup) -> None:
    result = run_import("entities", _csv("group,short name,colour", "Acme Group,X,red"), fmt="csv")

    assert [(e.row, e.column) for e in result.errors] == [(1, "colour")]
    assert result.outcomes == ()


def test_dry_run_lists_what_would_change_and_writes_nothing(group: CorporateGroup) -> None:
    content = _csv(
        "group,exporter,name,importing group entity,starts on,purpose",
        "Acme Group,ACME Berlin,HR to Tokyo,ACME Tokyo,2024-01-01,payroll",
        "Acme Group,ACME Paris,Marketing to Tokyo,ACME Tokyo,2024-03-01,campaigns",
    )

    result = run_import("transfers", content, fmt="csv", dry_run=True)

    assert [str(o) for o in result.outcomes] == [
        "row 2: HR to Tokyo (ACME Berlin) — changed (purpose)",
        "row 3: Marketing to Tokyo (ACME Paris) — created",
    ]
    assert result.summary() == "Dry run, nothing written: 1 created, 1 changed, 0 unchanged."
    assert DataTransfer.objects.filter(purpose="payroll").count() == 0
    assert DataTransfer.objects.count() == 2


def test_transfer_errors_name_the_column_of_the_field(group: CorporateGroup) -> None:
    content = _csv(
        "group,exporter,name,importing group entity,starts on,ends on",
        "Acme Group,ACME Berlin,Loop,ACME Berlin,2024-01-01,",
        "Acme Group,ACME Paris,Backwards,ACME Tokyo,2024-03-01,2024-02-01",
    )

    result = run_import("transfers", content, fmt="csv")

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "importing group entity"),
        (3, "ends on"),
    ]
    assert DataTransfer.objects.count() == 2


def test_only_the_dpo_imports(
    group: CorporateGroup, coordinator_user: Any, client_for: Any
) -> None:
    with pytest.raises(PermissionDenied):
        run_import("entities", _csv(ENTITY_HEADER), fmt="csv", by=coordinator_user)

    response = client_for(coordinator_user).get(reverse("registers:import"))

    assert response.status_code == 403


def test_import_page_runs_a_dry_run_for_the_dpo(
    group: CorporateGroup, dpo_user: Any, client_for: Any
) -> None:
    upload = io.BytesIO(
        _csv(ENTITY_HEADER, "Acme Group,ACME Rome,Acme Italia,IT,Europe/Rome,,yes,no")
    )
    upload.name = "entities.csv"

    response = client_for(dpo_user).post(
        reverse("registers:import"), {"kind": "entities", "file": upload, "dry_run": "on"}
    )

    html = response.content.decode()
    assert "row 2: ACME Rome (Acme Group) — created" in html
    assert "Dry run, nothing written: 1 created, 0 changed, 0 unchanged." in html
    assert not GroupEntity.objects.filter(short_name="ACME Rome").exists()


def test_admin_export_honours_the_list_filters(
    group: CorporateGroup, dpo_user: Any, client_for: Any
) -> None:
    paris = GroupEntity.objects.get(short_name="ACME Paris")
    url = reverse("registers:export", kwargs={"kind": "transfers", "fmt": "csv"})

    response = client_for(dpo_user).get(url, {"exporter__id__exact": paris.pk})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="transfers-')
    assert [r["name"] for r in rows(response.content, "csv")] == ["CRM to Tokyo"]


def test_coordinator_exports_only_their_entities(
    group: CorporateGroup, coordinator_user: Any, client_for: Any
) -> None:
    paris = GroupEntity.objects.get(short_name="ACME Paris")
    paris.coordinators.add(coordinator_user)
    client = client_for(coordinator_user)

    entities = client.get(reverse("registers:export", kwargs={"kind": "entities", "fmt": "csv"}))
    transfers = client.get(reverse("registers:export", kwargs={"kind": "transfers", "fmt": "xlsx"}))

    assert [r["short name"] for r in rows(entities.content, "csv")] == ["ACME Paris"]
    assert [r["name"] for r in rows(transfers.content)] == ["CRM to Tokyo"]
    assert [r["name"] for r in rows(export("transfers", user=coordinator_user))] == ["CRM to Tokyo"]


def test_changelist_shows_the_export_buttons(
    group: CorporateGroup, dpo_user: Any, client_for: Any
) -> None:
    response = client_for(dpo_user).get(
        reverse("admin:transfers_datatransfer_changelist"), {"state__exact": "requested"}
    )

    html = response.content.decode()
    assert "/registers/export/transfers.xlsx?state__exact=requested" in html
    assert "/registers/import/?kind=transfers" in html


def test_export_command_refuses_to_overwrite_without_force(
    group: CorporateGroup, tmp_path: Path
) -> None:
    output = tmp_path / "entities.xlsx"
    output.write_bytes(b"keep")

    with pytest.raises(CommandError, match="exists; use --force"):
        call_command("export_register", "entities", "--format", "xlsx", "--output", str(output))
    assert output.read_bytes() == b"keep"
    call_command(
        "export_register",
        "entities",
        "--format",
        "xlsx",
        "--group",
        str(group.pk),
        "--as-of",
        "2025-01-31",
        "--output",
        str(output),
        "--force",
    )
    assert [r["short name"] for r in rows(output.read_bytes())] == [
        "ACME Berlin",
        "ACME Paris",
        "ACME Tokyo",
    ]


def test_import_command_dry_run_and_errors(group: CorporateGroup, tmp_path: Path) -> None:
    good = tmp_path / "entities.csv"
    good.write_bytes(_csv(ENTITY_HEADER, "Acme Group,ACME Rome,Acme Italia,IT,Europe/Rome,,yes,no"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(ENTITY_HEADER, "Acme Group,ACME Oslo,Acme Norge,XX,Europe/Oslo,,yes,no"))
    out = io.StringIO()

    call_command("import_register", "entities", str(good), "--dry-run", stdout=out)
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_register", "entities", str(bad), stdout=io.StringIO(), stderr=out)

    assert "row 2: ACME Rome (Acme Group) — created" in out.getvalue()
    assert "row 2, column “country”: Unknown country code “XX”" in out.getvalue()
    assert not GroupEntity.objects.filter(short_name__in=["ACME Rome", "ACME Oslo"]).exists()


def test_breach_and_deadline_registers_are_exportable_but_not_importable() -> None:
    from compliance.registers.registry import get_register, importable_kinds, register_kinds

    assert register_kinds() == [
        "bcr_members",
        "breaches",
        "deadlines",
        "entities",
        "external_recipients",
        "processing_activities",
        "record_of_processing",
        "transfers",
    ]
    assert importable_kinds() == [
        "entities",
        "external_recipients",
        "processing_activities",
        "transfers",
    ]
    assert [
        c.key
        for c in get_register("breaches").columns
        if c.key
        in ("description", "likely_consequences", "containment", "remediation", "decisions")
    ] == ["description", "likely_consequences", "containment", "remediation", "decisions"]
