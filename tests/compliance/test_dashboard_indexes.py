"""The indexes the dashboard reads its panels from (issue 21): the next reminders in their
list order among the pending ones only, the failed and retrying deliveries among the few rows
of their state, and on PostgreSQL both counts of the blockers panel from one covering index."""

from __future__ import annotations

import pytest
from django.db import connection

from compliance.reminders.models import Reminder, ReminderDelivery
from transfers.models import DataTransfer

pytestmark = pytest.mark.django_db


def index_columns(model: type, name: str) -> list[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return found[name]["columns"]


def test_pending_reminders_are_indexed_in_the_list_order():
    assert index_columns(Reminder, "reminder_due") == ["next_reminder_at", "id"]


def test_failed_and_retrying_deliveries_have_their_own_indexes():
    assert index_columns(ReminderDelivery, "delivery_failed") == ["recorded_at", "id"]
    assert index_columns(ReminderDelivery, "delivery_retrying") == ["next_attempt_at"]


def test_register_counts_index_holds_the_pointer_at_the_current_result():
    with connection.cursor() as cursor:
        names = connection.introspection.get_constraints(cursor, DataTransfer._meta.db_table)
        if connection.vendor != "postgresql":
            # PostgreSQL's alone (a covering, partial index); SQLite counts by scanning.
            assert "transfer_register_counts" not in names
            return
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'transfer_register_counts'"
        )
        (definition,) = cursor.fetchone()
    assert definition.endswith(
        "(importer_id, external_recipient_id, current_mechanism, current_lawful, has_blocker) "
        "INCLUDE (exporter_id, current_result_id) WHERE (NOT ((state)::text = 'retired'::text))"
    )
