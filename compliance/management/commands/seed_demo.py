from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from compliance.registry.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo


class Command(BaseCommand):
    help = (
        "Create or update the demo group of the domain brief (idempotent) and its demo logins. "
        "The logins get the well-known demo password, so this runs only with DJANGO_DEBUG on, "
        "or with --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even though DEBUG is off (resets the demo accounts' passwords)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refused: DEBUG is off, so this may be a real database, and seeding would reset "
                f"the demo accounts ({', '.join(u for u, _r, _e in DEMO_USERS)}) to a published "
                "password. Run with DJANGO_DEBUG=1 (as `make run` does), or add --force if this "
                "database is a demo."
            )
        group = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo group ready: {group} ({group.entities.count()} entities).")
        )
        self.stdout.write(f"Open {settings.SITE_URL}/ and log in as:")
        for username, role, _entities in DEMO_USERS:
            self.stdout.write(f"  {username:<16} password {DEMO_PASSWORD}   ({role})")
