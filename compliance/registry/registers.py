"""The entity register in and out (``compliance.registers``): one row per group entity.

Natural key: the group (by name) and the entity's short name. An import creates the group when
it does not exist yet (its short name from the "group short name" column). Rows are written
parents first; an entity's lead authority is recorded after every row is in, since it follows
the group's EU main establishment, which may come later in the file. Writes go through
``services.save_entity``, the same validation as the admin form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance.registers.importing import (
    CHANGED,
    CREATED,
    UNCHANGED,
    ImportContext,
    ImportRow,
    changes,
    ordered_by_reference,
)
from compliance.registers.registry import Column, register_register
from compliance.registry import services
from compliance.registry.models import CorporateGroup, Country, GroupEntity, SupervisoryAuthority

COLUMNS = (
    Column("group", _("group"), imported=True, width=28),
    Column("group_short_name", _("group short name"), imported=True, width=12),
    Column("short_name", _("short name"), imported=True, width=18),
    Column("legal_name", _("legal name"), imported=True, width=36),
    Column("registration_id", _("registration identifier"), imported=True, width=22),
    Column("country", _("country"), imported=True, width=8),
    Column("region", _("region"), imported=True, width=8),
    Column("time_zone", _("time zone"), imported=True, width=20),
    Column("parent", _("parent entity"), imported=True, width=18),
    Column("is_controller", _("controller"), "bool", imported=True, width=11),
    Column("is_processor", _("processor"), "bool", imported=True, width=11),
    Column("is_eu_main_establishment", _("EU main establishment"), "bool", imported=True),
    Column("main_establishment_since", _("main establishment since"), "date", imported=True),
    Column("lead_authority", _("lead supervisory authority"), imported=True, width=14),
    Column("lead_authority_reason", _("reason for overriding the lead authority"), imported=True),
    Column("active_from", _("active from"), "date", imported=True, width=12),
    Column("active_to", _("active until"), "date", imported=True, width=12),
    Column("coordinators", _("privacy coordinators"), width=24),
)
FIELDS = (
    "legal_name",
    "registration_id",
    "country",
    "region",
    "time_zone",
    "is_controller",
    "is_processor",
    "is_eu_main_establishment",
    "main_establishment_since",
    "lead_authority_reason",
    "active_from",
    "active_to",
)


def entity_rows(queryset: QuerySet[GroupEntity], as_of: date) -> Iterable[Mapping[str, Any]]:
    qs = (
        queryset.select_related("group", "parent", "lead_authority")
        .prefetch_related("coordinators")
        .order_by("group__name", "short_name")
    )
    for entity in qs:
        yield {
            "group": entity.group.name,
            "group_short_name": entity.group.short_name,
            "short_name": entity.short_name,
            "legal_name": entity.legal_name,
            "registration_id": entity.registration_id,
            "country": entity.country_id,
            "region": entity.region,
            "time_zone": entity.time_zone,
            "parent": entity.parent.short_name if entity.parent else "",
            "is_controller": entity.is_controller,
            "is_processor": entity.is_processor,
            "is_eu_main_establishment": entity.is_eu_main_establishment,
            "main_establishment_since": entity.main_establishment_since,
            "lead_authority": entity.lead_authority.key if entity.lead_authority else "",
            "lead_authority_reason": entity.lead_authority_reason,
            "active_from": entity.active_from,
            "active_to": entity.active_to,
            "coordinators": ", ".join(sorted(u.get_username() for u in entity.coordinators.all())),
        }


def _group(row: ImportRow, context: ImportContext, created: dict[str, CorporateGroup]) -> Any:
    name = row.text("group")
    if not name:
        context.error(row.number, "group", gettext("Name the group."))
        return None
    group = created.get(name) or CorporateGroup.objects.filter(name=name).first()
    if group is None:
        short = row.text("group_short_name") or name[:60]
        group = CorporateGroup(name=name, short_name=short)
        try:
            group.full_clean()
        except ValidationError as exc:
            context.validation_error(row.number, exc)
            return None
        group._change_reason = context.reason  # type: ignore[attr-defined]
        group.save()
        created[name] = group
    return group


def _values(row: ImportRow, context: ImportContext, group: CorporateGroup) -> dict[str, Any] | None:
    values: dict[str, Any] = {f: row.get(f) for f in FIELDS if row.has(f)}
    ok = True
    for flag in ("is_controller", "is_processor", "is_eu_main_establishment"):
        if flag in values and values[flag] is None:
            values[flag] = flag == "is_controller"
    if "country" in values:
        code = str(values["country"]).upper()
        country = Country.objects.filter(code=code).first()
        if country is None:
            context.error(
                row.number,
                "country",
                gettext("Unknown country code “%(code)s” (ISO 3166-1 alpha-2, e.g. DE).")
                % {"code": code},
            )
            ok = False
        values["country"] = country
    if row.has("parent"):
        name = row.text("parent")
        parent = GroupEntity.objects.filter(group=group, short_name=name).first() if name else None
        if name and parent is None:
            context.error(
                row.number,
                "parent",
                gettext("No entity “%(name)s” in the group %(group)s.")
                % {"name": name, "group": group.name},
            )
            ok = False
        values["parent"] = parent
    return values if ok else None


def _authority(row: ImportRow, context: ImportContext) -> tuple[bool, SupervisoryAuthority | None]:
    key = row.text("lead_authority")
    if not key:
        return True, None
    authority = SupervisoryAuthority.objects.filter(key=key).first()
    if authority is None:
        context.error(
            row.number,
            "lead_authority",
            gettext("Unknown supervisory authority “%(key)s” (use its key, e.g. de_nw_ldi).")
            % {"key": key},
        )
        return False, None
    return True, authority


def import_entities(rows: Sequence[ImportRow], context: ImportContext) -> None:
    groups: dict[str, CorporateGroup] = {}
    ordered = ordered_by_reference(
        rows,
        key=lambda r: (r.text("group"), r.text("short_name")),
        refers_to=lambda r: (r.text("group"), r.text("parent")),
    )
    deferred: list[tuple[ImportRow, GroupEntity, SupervisoryAuthority | None, str, list[str]]] = []
    for row in ordered:
        short_name = row.text("short_name")
        if not short_name:
            context.error(row.number, "short_name", gettext("Give the entity's short name."))
            continue
        group = _group(row, context, groups)
        if group is None:
            continue
        values = _values(row, context, group)
        ok, authority = _authority(row, context)
        if values is None or not ok:
            continue
        entity = GroupEntity.objects.filter(group=group, short_name=short_name).first()
        action = CREATED if entity is None else CHANGED
        if entity is None:
            entity = GroupEntity(group=group, short_name=short_name)
        changed = changes(entity, values)
        if action == CHANGED and not changed:
            deferred.append((row, entity, authority, UNCHANGED, []))
            continue
        saved = context.attempt(
            row.number,
            partial(services.save_entity, entity=entity, by=context.by, reason=context.reason),
        )
        if saved is not None:
            deferred.append((row, saved, authority, action, changed))
    # The lead authority follows the main establishment, which may be a later row.
    for row, entity, authority, action, changed in deferred:
        wanted = authority.pk if authority is not None else None
        if row.text("lead_authority") and entity.lead_authority_id != wanted:
            entity.lead_authority = authority
            saved = context.attempt(
                row.number,
                partial(services.save_entity, entity=entity, by=context.by, reason=context.reason),
            )
            if saved is None:
                continue
            if action == UNCHANGED:
                action = CHANGED
            if action == CHANGED:
                changed = [*changed, "lead_authority"]
        label = f"{entity.short_name} ({entity.group.name})"
        context.record(row.number, action, label, changed if action == CHANGED else ())


def register() -> None:
    register_register(
        "entities",
        model=GroupEntity,
        title=_("Group entities"),
        columns=COLUMNS,
        rows=entity_rows,
        group_path="group",
        importer=import_entities,
    )
