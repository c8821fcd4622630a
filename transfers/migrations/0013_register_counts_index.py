"""The register's counts read from an index (issue 21).

The dashboard counts the transfers not retired on every visit: by destination and basis (the
chart) and the blocked and not assessed ones (the blockers panel). Each was a scan of the whole
table (its rows are wide: purpose, data categories). On PostgreSQL a partial covering index of the
columns these counts read lets them scan the index alone (an index-only scan; a twentieth of the
pages at group scale). The reviews due are read from an index of the assessments not in draft
by their next review. Both are PostgreSQL's alone, made in SQL as the table's fill factor is (0010); SQLite keeps its
scans.

Its price: the pointer at the current result is now an indexed column, so rewriting it for a
transfer whose verdict did not change is no longer a heap-only update.
"""

from django.db import migrations

INDEXES = {
    "transfer_register_counts": (
        "transfers_datatransfer (importer_id, external_recipient_id, current_mechanism, "
        "current_lawful, has_blocker) INCLUDE (current_result_id, exporter_id) "
        "WHERE NOT (state = 'retired')"
    ),
    # The reviews due (dashboard): the assessments not in draft by their next review.
    "tia_review_due": (
        "transfers_transferimpactassessment (next_review_on, id) WHERE NOT (state = 'draft')"
    ),
}


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("transfers", "0012_evaluation_results"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
