from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from compliance.registers import registry
from compliance.registers.importing import import_register
from compliance.registers.spreadsheets import UnreadableFile


class Command(BaseCommand):
    help = (
        "Import a register (entities, processing_activities, external_recipients, transfers) "
        "from an XLSX or CSV file, all or nothing. With --dry-run nothing is written and each "
        "row says what would be created or changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="register kind, e.g. entities")
        parser.add_argument("file", type=Path, help=".xlsx or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument("--reason", default="", help="change reason kept in the history")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = registry.get_register(options["kind"])
        except registry.UnknownRegister as exc:
            raise CommandError(str(exc)) from exc
        if not spec.importable:
            known = ", ".join(registry.importable_kinds())
            raise CommandError(
                f"The register {spec.kind!r} cannot be imported; these can: {known}."
            )
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            result = import_register(
                spec,
                path.read_bytes(),
                path.name,
                by=None,
                dry_run=options["dry_run"],
                reason=options["reason"],
            )
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from exc
        for outcome in result.outcomes:
            self.stdout.write(str(outcome))
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
