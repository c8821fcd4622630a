"""The demo group of domain.md §1, and synthetic groups of any size for benchmarks.

Both are idempotent services. The features add their part (breaches, the BCR timeline,
transfers, reminder policies) with ``register_demo`` / ``register_scale`` from their
``registration.register()``: the registry never imports them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from compliance.choices import COORDINATOR_GROUP, DPO_GROUP, LEGAL_GROUP
from compliance.registry import services
from compliance.registry.models import CorporateGroup, GroupEntity

DEMO_GROUP = "Example Internet Group"
DEMO_PASSWORD = "dpo-desk-demo"  # noqa: S105 - printed demo login for a local workspace


@dataclass(frozen=True)
class DemoEntity:
    short_name: str
    legal_name: str
    country: str
    region: str
    time_zone: str
    parent: str | None
    processor: bool = False
    registration_id: str = ""


DEMO_ENTITIES = (
    DemoEntity(
        "EIG Tokyo",
        "Example Internet Group K.K.",
        "JP",
        "",
        "Asia/Tokyo",
        None,
        True,
        "5299000EXAMPLEJP0001",
    ),
    DemoEntity(
        "EIG London",
        "Example Internet Europe Ltd",
        "GB",
        "",
        "Europe/London",
        "EIG Tokyo",
        True,
        "5299000EXAMPLEGB0002",
    ),
    DemoEntity(
        "EIG Düsseldorf",
        "Example Internet Deutschland GmbH",
        "DE",
        "DE-NW",
        "Europe/Berlin",
        "EIG Tokyo",
        True,
        "5299000EXAMPLEDE0003",
    ),
    DemoEntity(
        "EIG Amsterdam",
        "Example Internet Netherlands B.V.",
        "NL",
        "",
        "Europe/Amsterdam",
        "EIG Düsseldorf",
        False,
        "5299000EXAMPLENL0004",
    ),
    DemoEntity(
        "EIG US",
        "Example Internet America, Inc.",
        "US",
        "",
        "America/Los_Angeles",
        "EIG Tokyo",
        True,
        "5299000EXAMPLEUS0005",
    ),
    DemoEntity(
        "EIG Singapore",
        "Example Internet Singapore Pte. Ltd.",
        "SG",
        "",
        "Asia/Singapore",
        "EIG Tokyo",
        True,
        "5299000EXAMPLESG0006",
    ),
    DemoEntity(
        "EIG Hong Kong",
        "Example Internet Hong Kong Limited",
        "HK",
        "",
        "Asia/Hong_Kong",
        "EIG Tokyo",
        False,
        "5299000EXAMPLEHK0007",
    ),
    DemoEntity(
        "EIG Seoul",
        "Example Internet Korea Co., Ltd.",
        "KR",
        "",
        "Asia/Seoul",
        "EIG Tokyo",
        False,
        "5299000EXAMPLEKR0008",
    ),
    DemoEntity(
        "EIG São Paulo",
        "Example Internet Brasil Ltda.",
        "BR",
        "",
        "America/Sao_Paulo",
        "EIG Tokyo",
        False,
        "5299000EXAMPLEBR0009",
    ),
)

# (username, role group, entities coordinated)
DEMO_USERS = (
    ("dpo", DPO_GROUP, ()),
    ("legal", LEGAL_GROUP, ()),
    ("coordinator.nl", COORDINATOR_GROUP, ("EIG Amsterdam",)),
)

DemoSeeder = Callable[[CorporateGroup], None]
ScaleSeeder = Callable[[CorporateGroup, dict[str, Any]], None]
DEMO_EXTENSIONS: list[DemoSeeder] = []
SCALE_EXTENSIONS: list[ScaleSeeder] = []
_ORDER: dict[Any, int] = {}


def register_demo(seeder: DemoSeeder, *, order: int = 50) -> None:
    """Run ``seeder(group)`` after the demo group is created, in ``order`` (idempotent)."""
    _ORDER[seeder] = order
    if seeder not in DEMO_EXTENSIONS:
        DEMO_EXTENSIONS.append(seeder)
    DEMO_EXTENSIONS.sort(key=lambda s: _ORDER.get(s, 50))


def register_scale(seeder: ScaleSeeder, *, order: int = 50) -> None:
    """Run ``seeder(group, options)`` after a synthetic group is created, in ``order``."""
    _ORDER[seeder] = order
    if seeder not in SCALE_EXTENSIONS:
        SCALE_EXTENSIONS.append(seeder)
    SCALE_EXTENSIONS.sort(key=lambda s: _ORDER.get(s, 50))


@transaction.atomic
def seed_demo() -> CorporateGroup:
    group, _ = CorporateGroup.objects.get_or_create(name=DEMO_GROUP, defaults={"short_name": "EIG"})
    by_name: dict[str, GroupEntity] = {}
    for spec in DEMO_ENTITIES:
        entity = GroupEntity.objects.filter(group=group, short_name=spec.short_name).first()
        if entity is None:
            entity = GroupEntity(
                group=group,
                short_name=spec.short_name,
                legal_name=spec.legal_name,
                registration_id=spec.registration_id,
                country_id=spec.country,
                region=spec.region,
                time_zone=spec.time_zone,
                parent=by_name.get(spec.parent or ""),
                is_controller=True,
                is_processor=spec.processor,
            )
            services.save_entity(entity=entity, reason="seed_demo")
        by_name[spec.short_name] = entity
    _replay_main_establishment(by_name)
    _seed_users(by_name)
    for extend in DEMO_EXTENSIONS:
        extend(group)
    return group


def _replay_main_establishment(by_name: dict[str, GroupEntity]) -> None:
    """London was the EU main establishment; after Brexit it moved to Düsseldorf (§1)."""
    london, duesseldorf = by_name["EIG London"], by_name["EIG Düsseldorf"]
    london.refresh_from_db()
    duesseldorf.refresh_from_db()
    if duesseldorf.is_eu_main_establishment:
        return
    if not london.is_eu_main_establishment and london.history.count() <= 1:
        services.designate_main_establishment(
            entity=london, since=date(2016, 1, 1), reason="EU headquarters in London (seed_demo)"
        )
    services.designate_main_establishment(
        entity=duesseldorf,
        since=date(2020, 12, 2),
        reason="EU headquarters moved from London to Düsseldorf after Brexit (seed_demo)",
    )


def _seed_users(by_name: dict[str, GroupEntity]) -> None:
    user_model = get_user_model()
    for username, role, entities in DEMO_USERS:
        user, _ = user_model.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.is_staff = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        for short_name in entities:
            entity = by_name[short_name]
            if not entity.coordinators.filter(pk=user.pk).exists():
                entity.coordinators.add(user)


_SCALE_PLACES = (
    ("DE", "DE-NW", "Europe/Berlin"),
    ("DE", "DE-BY", "Europe/Berlin"),
    ("FR", "", "Europe/Paris"),
    ("NL", "", "Europe/Amsterdam"),
    ("IE", "", "Europe/Dublin"),
    ("ES", "", "Europe/Madrid"),
    ("IT", "", "Europe/Rome"),
    ("PL", "", "Europe/Warsaw"),
    ("GB", "", "Europe/London"),
    ("US", "", "America/New_York"),
    ("JP", "", "Asia/Tokyo"),
    ("SG", "", "Asia/Singapore"),
    ("HK", "", "Asia/Hong_Kong"),
    ("CH", "", "Europe/Zurich"),
    ("KR", "", "Asia/Seoul"),
    ("BR", "", "America/Sao_Paulo"),
    ("IN", "", "Asia/Kolkata"),
)


@transaction.atomic
def seed_scale(*, entities: int, seed: int = 1, **options: Any) -> CorporateGroup:
    """A synthetic group named "Scale Group N" with ``entities`` entities (bulk inserted)."""
    if entities < 1:
        raise ValueError("A group needs at least one entity.")
    rng = random.Random(seed)
    group, _ = CorporateGroup.objects.get_or_create(
        name=f"Scale Group {entities}", defaults={"short_name": f"SG{entities}"}
    )
    if not group.entities.exists():
        root = GroupEntity.objects.create(
            group=group,
            short_name="S0000",
            legal_name="Scale Holdings K.K.",
            country_id="JP",
            time_zone="Asia/Tokyo",
        )
        main = GroupEntity.objects.create(
            group=group,
            short_name="S0001",
            legal_name="Scale Europe GmbH",
            country_id="DE",
            region="DE-NW",
            time_zone="Europe/Berlin",
            parent=root,
            is_eu_main_establishment=True,
            main_establishment_since=date(2018, 5, 25),
        )
        services.designate_main_establishment(
            entity=main, since=date(2018, 5, 25), reason="seed_scale"
        )
        main.refresh_from_db()
        rows = []
        for n in range(2, entities):
            country, region, tz = rng.choice(_SCALE_PLACES)
            rows.append(
                GroupEntity(
                    group=group,
                    short_name=f"S{n:04d}",
                    legal_name=f"Scale Entity {n}",
                    country_id=country,
                    region=region,
                    time_zone=tz,
                    parent=rng.choice((root, main)),
                    is_controller=True,
                    is_processor=rng.random() < 0.4,
                    lead_authority_id=main.lead_authority_id,
                )
            )
        GroupEntity.objects.bulk_create(rows, batch_size=1000)
    for extend in SCALE_EXTENSIONS:
        extend(group, options)
    return group
