"""The role matrix: which auth group may do what, declared once.

- DPO: full edit of every domain record, and export.
- Legal: read everything and export, edit nothing.
- Entity coordinator: read reference data; read and edit the records of the entities assigned to
  them (``GroupEntity.coordinators``). The *which records* part is enforced by
  ``compliance.access`` in querysets and object permissions; this module grants the model-level
  permissions that make the admin pages reachable at all.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

from compliance.choices import COORDINATOR_GROUP, DPO_GROUP, LEGAL_GROUP

DOMAIN_APPS = ("compliance", "transfers")
ROLE_GROUPS = (DPO_GROUP, LEGAL_GROUP, COORDINATOR_GROUP)
EXPORT_PERMISSION = "export_reports"


def _codenames_for(role: str, model: Any) -> set[str]:
    name = model._meta.model_name
    scoped = getattr(model, "entity_scope", None) is not None
    if role == DPO_GROUP:
        return {f"{action}_{name}" for action in ("view", "add", "change", "delete")}
    if role == LEGAL_GROUP:
        return {f"view_{name}"}
    default = ("view", "add", "change") if scoped else ()
    return {f"{action}_{name}" for action in getattr(model, "coordinator_actions", default)}


def sync_role_permissions(apps: Any = global_apps) -> None:
    """Create the role groups if needed and set their permissions to the matrix (idempotent)."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for app_label in DOMAIN_APPS:
        try:
            app_config = apps.get_app_config(app_label)
        except LookupError:
            continue
        create_permissions(app_config, verbosity=0, apps=apps)
    for role in ROLE_GROUPS:
        group, _ = group_model.objects.get_or_create(name=role)
        wanted: set[tuple[str, str]] = set()
        for app_label in DOMAIN_APPS:
            try:
                models = apps.get_app_config(app_label).get_models()
            except LookupError:
                continue
            for model in models:
                if model._meta.model_name.startswith("historical"):
                    continue
                wanted |= {(app_label, c) for c in _codenames_for(role, model)}
        if role in (DPO_GROUP, LEGAL_GROUP):
            wanted.add(("compliance", EXPORT_PERMISSION))
        perms = [
            p
            for p in permission_model.objects.filter(
                content_type__app_label__in=DOMAIN_APPS
            ).select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        ]
        group.permissions.set(perms)


def sync_role_permissions_handler(sender: Any, **kwargs: Any) -> None:
    # Runs once per migrate, after the last domain app; uses the real models (not the migration
    # state) because the matrix reads class attributes such as ``entity_scope``.
    if getattr(sender, "name", None) != DOMAIN_APPS[-1]:
        return
    sync_role_permissions(global_apps)
