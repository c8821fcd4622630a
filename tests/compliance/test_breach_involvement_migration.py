"""The data migration of §8.2: existing breaches get their reporting entity as the one involved
entity; nothing recorded is lost or changes its due instant.

Applied for real: the database is migrated back to the state before the breach engine v2
fields, rows are made with the models of that state, then it is migrated forward again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("compliance", "0016_reminder_delivery_intent_and_scheduler_heartbeats")]
AWARE = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def migrator(transactional_db: Any, reference_data: Any) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        yield MigrationExecutor(connection)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)


def _old_breach(apps: Any) -> dict[str, Any]:
    group = apps.get_model("compliance", "CorporateGroup").objects.create(
        name="Migrated Group", short_name="MG"
    )
    tokyo = apps.get_model("compliance", "GroupEntity").objects.create(
        group=group,
        legal_name="Migrated K.K.",
        short_name="MG Tokyo",
        country_id="JP",
        time_zone="Asia/Tokyo",
    )
    incident = apps.get_model("compliance", "BreachIncident").objects.create(
        entity=tokyo,
        role="controller",
        title="Old breach",
        description="recorded before v2",
        aware_at=AWARE,
        aware_time_zone="Asia/Tokyo",
        cause="cyber_attack",
        subject_count=1500,
        wrongful_purpose=True,
        next_due_at=AWARE + timedelta(hours=72),
    )
    incident.affected_countries.set(["JP", "DE"])
    deadline = apps.get_model("compliance", "NotificationDeadline")
    common = {"incident": incident, "required": True, "basis": "as computed in v1"}
    rows = {
        "gdpr": deadline.objects.create(
            regime="EU_GDPR",
            kind="authority_notification",
            recipient_key="DE",
            recipient_country_id="DE",
            due_at=AWARE + timedelta(hours=72),
            status="met",
            met_at=AWARE + timedelta(hours=30),
            late=False,
            **common,
        ),
        "preliminary": deadline.objects.create(
            regime="JP_APPI",
            kind="preliminary_report",
            recipient_key="JP",
            recipient_country_id="JP",
            due_at=datetime(2024, 6, 14, 14, 59, 59, tzinfo=UTC),
            **common,
        ),
        "final": deadline.objects.create(
            regime="JP_APPI",
            kind="final_report",
            recipient_key="JP",
            recipient_country_id="JP",
            due_at=datetime(2024, 8, 8, 14, 59, 59, tzinfo=UTC),
            **common,
        ),
        "principals": deadline.objects.create(
            regime="JP_APPI",
            kind="data_subject_notification",
            recipient_key="",
            due_at=None,
            **common,
        ),
    }
    return {"incident": incident, "entity": tokyo, "rows": rows}


def test_existing_breach_gets_its_reporting_entity_and_keeps_every_due_instant(
    migrator: MigrationExecutor,
) -> None:
    old = _old_breach(migrator.loader.project_state(BEFORE).apps)
    due_before = {name: row.due_at for name, row in old["rows"].items()}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from compliance.breaches.models import BreachIncident, NotificationDeadline

    incident = BreachIncident.objects.get(pk=old["incident"].pk)
    assert list(incident.involvements.values_list("entity_id", "role", "targeted_regimes")) == [
        (old["entity"].pk, "controller", None)
    ]
    rows = {name: NotificationDeadline.objects.get(pk=row.pk) for name, row in old["rows"].items()}
    assert {name: row.due_at for name, row in rows.items()} == due_before
    assert {
        name: (row.entity_id, row.deadline_source, row.assumed, row.status, row.late, row.basis)
        for name, row in rows.items()
    } == {
        # Tokyo is not established in the EU: the GDPR reached it only as assumed (not assessed)
        "gdpr": (old["entity"].pk, "statute", True, "met", False, "as computed in v1"),
        "preliminary": (old["entity"].pk, "guideline", False, "open", None, "as computed in v1"),
        "final": (old["entity"].pk, "statute", False, "open", None, "as computed in v1"),
        "principals": (old["entity"].pk, "", False, "open", None, "as computed in v1"),
    }
    assert incident.next_due_at == AWARE + timedelta(hours=72)
