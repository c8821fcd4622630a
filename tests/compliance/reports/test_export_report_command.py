from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.compliance.reports.conftest import Nordlicht, page_texts, squeeze

pytestmark = pytest.mark.django_db


def test_export_report_command_writes_the_pdf(nordlicht: Nordlicht, tmp_path: Path) -> None:
    output = tmp_path / "status.pdf"
    stdout = io.StringIO()

    call_command(
        "export_report",
        "group_status",
        "--id",
        str(nordlicht.group.pk),
        "--lang",
        "ja",
        "--as-of",
        "2025-03-31",
        "--output",
        str(output),
        stdout=stdout,
    )

    pages = [squeeze(t) for t in page_texts(output.read_bytes())]
    assert len(pages) == 4
    assert squeeze("主監督機関 LDI NRW") in pages[0]
    assert squeeze("データ基準日 2025年3月31日") in pages[0]
    assert stdout.getvalue() == (f"Wrote {output} ({output.stat().st_size} bytes, group_status).\n")


def test_export_report_command_with_a_user_applies_their_scope(
    nordlicht: Nordlicht, coordinator_user: Any, tmp_path: Path
) -> None:
    nordlicht.france.coordinators.add(coordinator_user)
    output = tmp_path / "status.pdf"

    call_command(
        "export_report",
        "group_status",
        "--id",
        str(nordlicht.group.pk),
        "--as-of",
        "2025-03-31",
        "--user",
        coordinator_user.username,
        "--output",
        str(output),
        stdout=io.StringIO(),
    )

    pages = [squeeze(t) for t in page_texts(output.read_bytes())]
    assert len(pages) == 2
    assert squeeze("Nordlicht France SAS") in pages[1]


def test_export_report_command_names_the_file_after_the_report(
    nordlicht: Nordlicht, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    call_command(
        "export_report",
        "group_status",
        "--id",
        str(nordlicht.group.pk),
        "--lang",
        "de",
        "--as-of",
        "2025-03-31",
        stdout=io.StringIO(),
    )

    assert [p.name for p in tmp_path.iterdir()] == ["group-status-NLH-2025-03-31-de.pdf"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "fr"], "--lang must be one of en, de, ja, not 'fr'."),
        (["--as-of", "2025-13-01"], "--as-of must be a date as YYYY-MM-DD, not '2025-13-01'."),
        (["--as-of", "31.03.2025"], "--as-of must be a date as YYYY-MM-DD, not '31.03.2025'."),
        (["--user", "nobody"], "No user 'nobody'."),
    ],
)
def test_export_report_command_rejects_bad_options(
    nordlicht: Nordlicht, tmp_path: Path, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "export_report",
            "group_status",
            "--id",
            str(nordlicht.group.pk),
            "--output",
            str(tmp_path / "x.pdf"),
            *args,
        )

    assert str(excinfo.value) == message
    assert list(tmp_path.iterdir()) == []


def test_export_report_command_rejects_an_unknown_id(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "export_report", "group_status", "--id", "999999", "--output", str(tmp_path / "x.pdf")
        )

    assert str(excinfo.value) == "No corporate group with id 999999."


def test_export_report_command_rejects_an_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "export_report", "breach_gossip", "--id", "1", "--output", str(tmp_path / "x.pdf")
        )

    # Other apps add kinds to the list; this one is always there.
    assert str(excinfo.value).startswith("Unknown report kind 'breach_gossip'; known kinds: ")
    assert "group_status" in str(excinfo.value)
