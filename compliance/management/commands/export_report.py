from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from compliance.reports import registry
from compliance.reports.pdf import REPORT_LANGUAGES


class Command(BaseCommand):
    help = (
        "Render a PDF report (e.g. group_status) for one record to a file. Without --user the "
        "report covers every entity; with --user it shows what that user may see."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # Kinds are checked in handle() rather than with argparse choices: other apps register
        # theirs at startup, and the error can then list what is known.
        parser.add_argument("kind", help="report kind, e.g. group_status")
        parser.add_argument("--id", dest="object_id", required=True, help="id of the record")
        parser.add_argument("--lang", default="en", help="en, de or ja (default en)")
        parser.add_argument(
            "--as-of", dest="as_of", help="YYYY-MM-DD (default today); a period's last day"
        )
        parser.add_argument(
            "--from",
            dest="period_start",
            help="YYYY-MM-DD: first day of the period, for reports with one (breach_register; "
            "default twelve months before --as-of)",
        )
        parser.add_argument("--output", type=Path, help="file to write (default: report name)")
        parser.add_argument("--user", help="username whose entity scope applies")
        parser.add_argument(
            "--force", action="store_true", help="overwrite the output file if it exists"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = registry.get_report(options["kind"])
        except registry.UnknownReport as exc:
            raise CommandError(str(exc)) from exc
        lang = options["lang"]
        if lang not in REPORT_LANGUAGES:
            raise CommandError(
                f"--lang must be one of {', '.join(REPORT_LANGUAGES)}, not {lang!r}."
            )
        as_of = _parse_date(options["as_of"], "--as-of") or timezone.localdate()
        period_start = _parse_date(options["period_start"], "--from")
        if period_start is not None and not spec.period:
            with_period = ", ".join(
                k for k in registry.report_kinds() if registry.get_report(k).period
            )
            raise CommandError(
                f"--from applies to reports with a period ({with_period}), not to {spec.kind}."
            )
        try:
            registry.check_period(spec, period_start, as_of, today=timezone.localdate())
        except registry.InvalidPeriod as exc:
            raise CommandError(str(exc)) from exc
        user = _find_user(options["user"])
        try:
            obj = spec.get_object(options["object_id"])
        except registry.UnknownReport as exc:
            raise CommandError(str(exc)) from exc

        if options["output"] is not None and options["output"].exists() and not options["force"]:
            raise CommandError(
                f"{options['output']} exists; not overwritten. Choose another --output, or add "
                "--force to replace it."
            )
        report = registry.render_report(
            spec, obj=obj, user=user, lang=lang, as_of=as_of, period_start=period_start
        )
        output: Path = options["output"] or Path(report.filename)
        if output.exists() and not options["force"]:
            raise CommandError(f"{output} exists; not overwritten. Add --force to replace it.")
        try:
            output.write_bytes(report.content)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {output} ({len(report.content)} bytes, {spec.kind}).")
        )


def _parse_date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be a date as YYYY-MM-DD, not {value!r}.") from None


def _find_user(username: str | None) -> Any:
    if username is None:
        return None
    user_model = get_user_model()
    try:
        return user_model._default_manager.get_by_natural_key(username)
    except user_model.DoesNotExist:
        raise CommandError(f"No user {username!r}.") from None
