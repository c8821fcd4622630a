from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from compliance.registry.reference_loader import ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = (
        "Load countries, EU/EEA memberships, supervisory authorities and adequacy decisions from "
        "the versioned CSV files. Idempotent; all-or-nothing, naming every bad row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir", type=Path, default=None, help="load the files from this folder instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_reference_data(directory=options["dir"])
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded: {report.changed} changes."))
