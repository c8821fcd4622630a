"""The restore drill of docs/operations.md, on a copy: dump, load into a fresh database, compare."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.compliance.reports.breach_setup import portal_breach

ROOT = Path(__file__).resolve().parents[2]
REGISTER = [
    "compliance.breachincident",
    "compliance.notificationdeadline",
    "compliance.breachnotification",
    "compliance.notificationphase",
]
BACKUP_EXCLUDES = ["sessions", "axes"]


def _dump(*labels: str, **options: Any) -> str:
    out = io.StringIO()
    call_command("dumpdata", *labels, stdout=out, **options)
    return out.getvalue()


def _manage(*args: str, database: Path, tmp_path: Path) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DPO_DESK_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_LOG_FORMAT": "text",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_restore_drill_reproduces_the_breach_register(dpo_user: Any, tmp_path: Path) -> None:
    breach = portal_breach(dpo_user)
    backup = tmp_path / "dpo_desk.json"
    backup.write_text(_dump(exclude=BACKUP_EXCLUDES))
    source_register = _dump(*REGISTER)

    copy = tmp_path / "restored.sqlite3"
    _manage("migrate", "--noinput", database=copy, tmp_path=tmp_path)
    _manage("load_backup", str(backup), database=copy, tmp_path=tmp_path)
    restored_register = _manage("dumpdata", *REGISTER, database=copy, tmp_path=tmp_path)

    incidents = [
        r for r in json.loads(source_register) if r["model"] == "compliance.breachincident"
    ]
    assert [r["pk"] for r in incidents] == [breach.incident.pk]
    assert json.loads(restored_register) == json.loads(source_register)
    with pytest.raises(AssertionError, match="already holds records"):
        _manage("load_backup", str(backup), database=copy, tmp_path=tmp_path)
