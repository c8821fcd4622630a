"""Restore a ``dumpdata`` backup into a freshly migrated, empty database (the restore drill)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = (
        "Load a full `dumpdata` backup into a freshly migrated database. The tables migrate "
        "filled (content types, permissions, role groups) are emptied first so that the backup's "
        "own rows, with their keys, come back unchanged. Refuses a database with domain records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="file written by dumpdata (.json, .json.gz, ...)")

    def handle(self, *args: Any, **options: Any) -> None:
        from compliance.models import BreachIncident, CorporateGroup

        if CorporateGroup.objects.exists() or BreachIncident.objects.exists():
            raise CommandError(
                f"{connection.settings_dict['NAME']} already holds records: restore into a new, "
                "migrated database only."
            )
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        call_command("loaddata", options["backup"], verbosity=options["verbosity"])
