"""A group re-evaluation builds facts from lean rows (``FactsRow``, issue 21): they must be the
facts the model instances give, notes included, for every transfer of a synthetic group."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from compliance.registry.demo import seed_scale
from transfers.selectors import (
    FactsRow,
    build_facts,
    group_transfers,
    load_context,
    load_facts_context,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("on", [date(2020, 6, 1), date(2026, 1, 1)])
def test_lean_rows_build_the_facts_of_the_model_instances(on: date) -> None:
    call_command("load_reference_data", verbosity=0)
    group = seed_scale(entities=12, transfers=150, breaches=0)
    transfers = group_transfers(group)
    instances, context = load_context(transfers)
    rows, lean_context = load_facts_context(transfers)

    assert len(rows) == len(instances) == 150
    assert all(isinstance(row, FactsRow) for row in rows)
    assert [row.pk for row in rows] == [t.pk for t in instances]
    assert [row.reference for row in rows] == [t.reference for t in instances]
    assert [build_facts(row, on, lean_context) for row in rows] == [
        build_facts(t, on, context) for t in instances
    ]
