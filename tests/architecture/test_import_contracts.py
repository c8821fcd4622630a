"""The directions of docs/architecture.md hold: the import contracts of pyproject.toml."""

from __future__ import annotations

from pathlib import Path

from importlinter import cli

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)

    exit_code = cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)

    assert exit_code == cli.EXIT_STATUS_SUCCESS


def test_import_contracts_fail_when_infrastructure_imports_a_feature(monkeypatch):
    # The reminder infrastructure made to depend on the breach register for the duration of the
    # test: the contract must break (a check that cannot fail proves nothing).
    probe = ROOT / "compliance" / "reminders" / "_contract_probe.py"
    probe.write_text("from compliance.breaches import models  # noqa: F401\n")
    try:
        monkeypatch.chdir(ROOT)
        exit_code = cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    finally:
        probe.unlink()

    assert exit_code == cli.EXIT_STATUS_ERROR
