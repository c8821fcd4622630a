"""The register's counts read from an index (issue 21).

The dashboard counts the transfers not retired on every visit: by destination and basis (the
chart) and the blocked and not assessed ones (the blockers panel). Each was a scan of the whole
table (its rows are wide: purpose, data categories). On PostgreSQL a partial covering index of the
columns these counts read lets them scan the index alone (an index-only scan; a twentieth of the
pages at group scale). The reviews due are read from an index of the assessments not in draft
by their next review. Both are PostgreSQL's alone, made in SQL as the table's fill factor is (0010); SQLite keeps its
scans.

The pointer at the current result is left out of it on purpose: a re-evaluation as of a new
date points most transfers at a new result (their findings name the date) with the same verdict,
an UPDATE of an unindexed column that PostgreSQL keeps on the row's page (heap-only, 0010);
an index naming the pointer would make each such update write every index of the table. The
blockers panel's count of the transfers not assessed (evaluated, no verdict) reads the pointer
from the rows it finds through the index.
"""

from django.db import migrations, models
from django.db.models import Q

INDEXES = {
    "transfer_register_counts": (
        "transfers_datatransfer (importer_id, external_recipient_id, current_mechanism, "
        "current_lawful, has_blocker) INCLUDE (exporter_id) "
        "WHERE NOT (state = 'retired')"
    ),
    # The reviews due (dashboard): the assessments not in draft by their next review.
    "tia_review_due": (
        "transfers_transferimpactassessment (next_review_on, id) WHERE NOT (state = 'draft')"
    ),
}


def clear_verdicts_without_result(apps, schema_editor):
    # A verdict whose evaluation is gone (the pointer of before had no constraint) is no
    # verdict: the transfer is shown as not evaluated until it is evaluated again.
    apps.get_model("transfers", "DataTransfer").objects.filter(current_result__isnull=True).update(
        current_lawful=None, current_mechanism="", has_blocker=False
    )


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

    operations = [
        migrations.RunPython(clear_verdicts_without_result, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="datatransfer",
            constraint=models.CheckConstraint(
                condition=Q(current_result__isnull=False)
                | Q(current_lawful__isnull=True, current_mechanism="", has_blocker=False),
                name="transfer_verdict_has_result",
                violation_error_message="A transfer's verdict comes from its current result.",
            ),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
