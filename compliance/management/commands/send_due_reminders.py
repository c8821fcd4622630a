from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from compliance.reminders.mail import send_pending_mail
from compliance.reminders.registry import all_sources
from compliance.reminders.sweep import DEFAULT_LIMIT, send_due_reminders
from compliance.reminders.sync import resync_all


class Command(BaseCommand):
    help = (
        "Run one reminder sweep now (the same sweep Celery beat runs every minute), then send "
        "the e-mails it recorded. Safe while workers run: rows are claimed, each delivery "
        "happens once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=DEFAULT_LIMIT, help="at most this many due rows"
        )
        parser.add_argument(
            "--resync",
            action="store_true",
            help="first store the deadline rows anew (e.g. the BCR clocks) and (re)plan the "
            "reminders of every live deadline from the current policies: after editing a "
            "policy, or once after deploying reminders",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["resync"]:
            # Some deadline rows are written by services (the BCR clocks): store them first
            # for records whose last change predates them.
            for source in all_sources():
                if source.refresh is not None:
                    self.stdout.write(source.refresh())
            count = resync_all()
            self.stdout.write(f"Reminders planned for {count} live deadline(s).")
        result = send_due_reminders(limit=options["limit"], budget=float("inf"))
        mail = send_pending_mail(limit=options["limit"], budget=float("inf"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.selected} due, {result.sent} sent ({result.deliveries} deliveries, "
                f"{result.failed} failed), {result.superseded} superseded, "
                f"{result.cancelled} cancelled (deadline done), {result.skipped} taken by "
                f"another worker, {result.errors} error(s). E-mails: {mail.sent} sent, "
                f"{mail.retried} to be retried, {mail.failed} failed."
            )
        )
