from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from compliance.registers import registry
from compliance.registers.exporting import register_queryset, render_register
from compliance.registers.spreadsheets import FORMATS


class Command(BaseCommand):
    help = (
        "Write a register (entities, processing_activities, transfers, breaches, deadlines, "
        "bcr_members, ...) to an XLSX or CSV file. The command runs as an operator: every "
        "record, or one group's with --group."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # Kinds are checked in handle(): the features register theirs at startup.
        parser.add_argument("kind", help="register kind, e.g. transfers")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, required=True)
        parser.add_argument("--group", type=int, help="id of the corporate group")
        parser.add_argument(
            "--as-of", dest="as_of", help="YYYY-MM-DD (default today): the date of judgements"
        )
        parser.add_argument("--lang", default="en", help="language of the headers: en, de, ja")
        parser.add_argument("--output", type=Path, required=True, help="file to write")
        parser.add_argument(
            "--force", action="store_true", help="overwrite the output file if it exists"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = registry.get_register(options["kind"])
        except registry.UnknownRegister as exc:
            raise CommandError(str(exc)) from exc
        languages = [code for code, _name in settings.LANGUAGES]
        if options["lang"] not in languages:
            raise CommandError(f"Unknown language {options['lang']!r}; use {', '.join(languages)}.")
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError(f"--as-of: {exc} (use YYYY-MM-DD)") from exc
        output: Path = options["output"]
        if output.exists() and not options["force"]:
            raise CommandError(f"{output} exists; use --force to overwrite it.")
        try:
            queryset = register_queryset(spec, user=None, group_id=options["group"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        rendered = render_register(
            spec,
            queryset,
            user=None,
            fmt=options["fmt"],
            lang=options["lang"],
            as_of=as_of or timezone.localdate(),
        )
        output.write_bytes(rendered.content)
        self.stdout.write(f"Wrote {output} ({len(rendered.content)} bytes).")
