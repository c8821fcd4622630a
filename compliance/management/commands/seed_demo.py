from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from compliance.registry.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo


class Command(BaseCommand):
    help = "Create or update the demo group of the domain brief (idempotent) and its demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        group = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo group ready: {group} ({group.entities.count()} entities).")
        )
        self.stdout.write(f"Open {settings.SITE_URL}/ and log in as:")
        for username, role, _entities in DEMO_USERS:
            self.stdout.write(f"  {username:<16} password {DEMO_PASSWORD}   ({role})")
