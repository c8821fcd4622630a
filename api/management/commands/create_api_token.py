from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.models import ApiToken


class Command(BaseCommand):
    help = (
        "Issue a personal API token for a user and print it once (only its hash is kept). "
        "The API acts as that user, within their entity scope."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. SIEM")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user {options['username']!r}.")
        record, token = ApiToken.issue(user=user, name=options["name"])
        self.stdout.write(f"Token {record.prefix}… for {user.get_username()} ({record.name}):")
        self.stdout.write(token)
