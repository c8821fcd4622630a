"""The register's counts index holds the pointer at the current result too (issue 21).

The blockers panel counts the blocked transfers and the transfers not assessed (evaluated, no
verdict) in one pass. The second needs the pointer at the current result, which 0013 left out
of ``transfer_register_counts`` so that a re-evaluation as of a new date, which pointed most
transfers at a new result then, could update them on their page (heap-only). Results no longer
hold the evaluation's date: a new date points a transfer at another result only where its
answer changed. With the pointer in the index the count is an index-only scan (a quarter of the
table's pages) instead of a scan of the whole table: 7.1 -> 2.5 ms at 20,000 transfers, on every
view of the dashboard. What it costs: an update that moves the pointer alone (a transfer not
assessed before and after) is no longer heap-only; a group's first evaluation of 20,000
transfers took about 90 ms more (benchmarks/results/issue21.md). PostgreSQL's alone, like 0013;
SQLite keeps its scans.
"""

from django.db import migrations

NAME = "transfer_register_counts"
COLUMNS = (
    "transfers_datatransfer (importer_id, external_recipient_id, current_mechanism, "
    "current_lawful, has_blocker) INCLUDE ({include}) WHERE NOT (state = 'retired')"
)


def recreate(include: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")
            schema_editor.execute(f"CREATE INDEX {NAME} ON {COLUMNS.format(include=include)}")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("transfers", "0013_register_counts_index"),
    ]

    operations = [
        migrations.RunPython(recreate("exporter_id, current_result_id"), recreate("exporter_id")),
    ]
