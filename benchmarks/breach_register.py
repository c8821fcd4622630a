"""Breach register at scale: deadlines for N breaches, and the admin register page.

Run: DJANGO_SECRET_KEY=x .venv/bin/python benchmarks/breach_register.py [--breaches 10000]
(DATABASE_URL selects the database; a dedicated one is recommended: the script adds a scale group.)
Writes benchmarks/results/breaches.md. Targets are ratios and counts, not timed assertions.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from common import RESULTS, machine, measure, setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--breaches", type=int, default=10000)
    args = parser.parse_args()
    setup_django()

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from compliance.breaches.models import BreachIncident, NotificationDeadline
    from compliance.registry.demo import seed_scale

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    rows = []
    for size in (args.breaches // 10, args.breaches):
        start = time.perf_counter()
        group = seed_scale(entities=300, breaches=size)
        seeded = time.perf_counter() - start
        incidents = BreachIncident.objects.filter(entity__group=group).count()
        deadlines = NotificationDeadline.objects.filter(incident__entity__group=group).count()
        user, _ = get_user_model().objects.get_or_create(
            username="bench-dpo", defaults={"is_staff": True, "is_superuser": True}
        )
        client = Client()
        client.force_login(user)

        def page(url: str, client: Client = client) -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        some = BreachIncident.objects.filter(entity__group=group).first()
        assert some is not None
        for name, url in (
            ("register changelist", "/compliance/breachincident/"),
            ("register, overdue filter", "/compliance/breachincident/?deadlines=overdue"),
            ("deadline changelist", "/compliance/notificationdeadline/"),
            ("breach change page", f"/compliance/breachincident/{some.pk}/change/"),
        ):
            queries, median, p95 = measure(lambda url=url: page(url))
            rows.append((size, incidents, deadlines, name, queries, median, p95, seeded))
    lines = [
        "# Breach register benchmark",
        "",
        f"Run {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        "Seeding computes every deadline with the breach engine and bulk-inserts the rows.",
        "",
        "| breaches asked | breaches | deadlines | page | queries | median ms | p95 ms | seed s |",
        "|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for size, incidents, deadlines, name, queries, median, p95, seeded in rows:
        lines.append(
            f"| {size} | {incidents} | {deadlines} | {name} | {queries} | {median:.0f} | "
            f"{p95:.0f} | {seeded:.1f} |"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "breaches.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
