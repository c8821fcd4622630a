from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from compliance.registry.demo import seed_scale


class Command(BaseCommand):
    help = "Create a synthetic group of any size for benchmarks (idempotent per size)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--entities", type=int, default=300)
        parser.add_argument("--seed", type=int, default=1, help="random seed (reproducible data)")
        parser.add_argument("--breaches", type=int, default=0, help="synthetic breaches")
        parser.add_argument("--transfers", type=int, default=0, help="synthetic transfers")
        parser.add_argument(
            "--reminders",
            type=int,
            default=0,
            help="pending reminder rows on the open breach deadlines (none due)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["entities"] < 2:
            raise CommandError("--entities must be at least 2 (a parent and a main establishment).")
        group = seed_scale(
            entities=options["entities"],
            seed=options["seed"],
            breaches=options["breaches"],
            transfers=options["transfers"],
            reminders=options["reminders"],
        )
        self.stdout.write(self.style.SUCCESS(f"{group}: {group.entities.count()} entities."))
