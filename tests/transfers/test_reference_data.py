"""Adequacy decisions: the reference file, the database and the engine's tables agree."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from compliance.registry.reference_loader import load_reference_data
from transfers import adequacy_csv
from transfers.models import AdequacyDecision
from transfers.rules.adequacy import EU_DECISIONS, UK_DECISIONS


def test_adequacy_csv_is_generated_from_the_engine_tables() -> None:
    on_disk = adequacy_csv.CSV_PATH.read_text(encoding="utf-8")

    assert on_disk == adequacy_csv.render()


@pytest.mark.django_db
def test_adequacy_rows_in_database_equal_the_engine_tables() -> None:
    fields = list(asdict(EU_DECISIONS[0]))
    in_db = {d.key: {f: getattr(d, f) for f in fields} for d in AdequacyDecision.objects.all()}
    in_rules = {d.key: asdict(d) for d in (*EU_DECISIONS, *UK_DECISIONS)}

    assert in_db == in_rules


@pytest.mark.django_db
def test_adequacy_reference_file_second_load_changes_nothing(reference_data: Any) -> None:
    report = load_reference_data()

    assert report.created["adequacy_decisions.csv"] == 0
    assert report.updated["adequacy_decisions.csv"] == 0
    assert report.unchanged["adequacy_decisions.csv"] == len(EU_DECISIONS) + len(UK_DECISIONS)
