"""The role matrix: which auth group may do what, declared once.

- DPO: full edit of every domain record, and export.
- Legal: read everything and export, edit nothing; records its own approval of a transfer
  (a decision, ``ACTIONS`` below, not an edit).
- Entity coordinator: read reference data; read and edit the records of the entities assigned to
  them (``GroupEntity.coordinators``). The *which records* part is enforced by
  ``compliance.access`` in querysets and object permissions; this module grants the model-level
  permissions that make the admin pages reachable at all.
"""

from __future__ import annotations

from dataclasses import dataclass
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
        if role in roles_for("reports.export"):
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


# --- The decisions: which role may take which transition or action --------------------------------
#
# Model permissions (above) open the admin pages; the decisions below are checked by name,
# wherever they can be taken: the ``permission=`` of every FSM transition
# (``permission("breach.close")``) and the admin views and actions that are not transitions. The
# table in docs/user-guide.md ("Who decides what") is generated from ``ACTIONS``
# (``matrix_markdown``) and a test keeps the two equal.

DPO_ONLY_ROLES = frozenset({DPO_GROUP})
DPO_AND_COORDINATOR = frozenset({DPO_GROUP, COORDINATOR_GROUP})
DPO_AND_LEGAL = frozenset({DPO_GROUP, LEGAL_GROUP})


@dataclass(frozen=True)
class Action:
    key: str
    area: str
    label: str
    roles: frozenset[str]


ACTIONS: tuple[Action, ...] = (
    # Breaches (GDPR Art. 33/34, APPI Art. 26 and the other regimes of the breach engine)
    Action("breach.start_assessment", "Breach", "Start the assessment", DPO_ONLY_ROLES),
    Action("breach.complete_assessment", "Breach", "Assessment done: notify", DPO_ONLY_ROLES),
    Action("breach.start_monitoring", "Breach", "Notifications done: monitor", DPO_ONLY_ROLES),
    Action("breach.close", "Breach", "Close a breach", DPO_ONLY_ROLES),
    Action("breach.reopen", "Breach", "Reopen a closed breach", DPO_ONLY_ROLES),
    Action(
        "deadline.waive",
        "Breach",
        "Mark a statutory notification “not required” (waiver)",
        DPO_ONLY_ROLES,
    ),
    Action(
        "notification.start", "Notification", "Start a notification (draft)", DPO_AND_COORDINATOR
    ),
    Action("notification.submit", "Notification", "Record a submission", DPO_AND_COORDINATOR),
    Action(
        "notification.acknowledge", "Notification", "Record an acknowledgement", DPO_AND_COORDINATOR
    ),
    Action(
        "notification.follow_up",
        "Notification",
        "Record follow-up information",
        DPO_AND_COORDINATOR,
    ),
    # BCR (GDPR Art. 47, 63-65)
    Action(
        "bcr.step",
        "BCR application",
        "Take a step of the procedure (including approval, invalidation, withdrawal)",
        DPO_ONLY_ROLES,
    ),
    # Transfers (GDPR Chapter V, UK GDPR, APPI Art. 28)
    Action("transfer.start_review", "Transfer", "Start the DPO review", DPO_ONLY_ROLES),
    Action("transfer.send_to_legal", "Transfer", "Send to Legal", DPO_ONLY_ROLES),
    Action("transfer.return_to_review", "Transfer", "Return to review", DPO_ONLY_ROLES),
    # Legal signs off on a transfer itself; the DPO may record a sign-off given outside the tool.
    Action("transfer.approve", "Transfer", "Approve (record Legal's sign-off)", DPO_AND_LEGAL),
    Action("transfer.suspend", "Transfer", "Suspend", DPO_ONLY_ROLES),
    Action("transfer.resume", "Transfer", "Resume", DPO_ONLY_ROLES),
    Action(
        "transfer.reopen_review",
        "Transfer",
        "Back to review (follows a change of the processing)",
        DPO_AND_COORDINATOR,
    ),
    Action("transfer.retire", "Transfer", "Retire", DPO_ONLY_ROLES),
    Action("transfer.reevaluate", "Transfer", "Re-evaluate as of a date", DPO_ONLY_ROLES),
    Action("tia.approve", "TIA", "Approve a transfer impact assessment", DPO_ONLY_ROLES),
    Action("tia.flag_reassessment", "TIA", "Flag for reassessment", DPO_ONLY_ROLES),
    Action("scc.sign", "SCC", "Record the signature", DPO_ONLY_ROLES),
    Action("scc.terminate", "SCC", "Terminate", DPO_ONLY_ROLES),
    Action("scc.supersede", "SCC", "Supersede by a new contract", DPO_ONLY_ROLES),
    Action("scc.add_party", "SCC", "Add a party (docking clause)", DPO_ONLY_ROLES),
    Action("scc.link_transfer", "SCC", "Cover a transfer", DPO_ONLY_ROLES),
    # The group
    Action(
        "entity.designate_main_establishment",
        "Group",
        "Designate the EU main establishment",
        DPO_ONLY_ROLES,
    ),
    Action("reports.export", "Reports", "Export a PDF report", DPO_AND_LEGAL),
)
ACTION_KEYS = frozenset(a.key for a in ACTIONS)
_BY_KEY = {a.key: a for a in ACTIONS}


def roles_for(action: str) -> frozenset[str]:
    """The role groups that may take ``action`` (a ``KeyError`` for an unknown one)."""
    return _BY_KEY[action].roles


def may(user: Any, action: str) -> bool:
    """Whether ``user`` may take ``action``: an active member of one of its role groups, or a
    superuser (the admin itself admits staff only). Which *records* a coordinator may act on
    is ``compliance.access``'s question."""
    allowed = roles_for(action)
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    groups = getattr(user, "_dpo_desk_groups", None)
    if groups is None:
        groups = frozenset(user.groups.values_list("name", flat=True))
        user._dpo_desk_groups = groups
    return bool(groups & allowed)


class Permission:
    """An FSM ``permission=`` callable for ``action``: ``transition(..., permission=
    permission("breach.close"))``. django-fsm calls it with ``(instance, user)``."""

    def __init__(self, action: str) -> None:
        roles_for(action)  # fail at import time for a name not in the matrix
        self.action = action

    def __call__(self, instance: Any, user: Any) -> bool:
        return may(user, self.action)

    def __repr__(self) -> str:
        return f"permission({self.action!r})"


def permission(action: str) -> Permission:
    return Permission(action)


ROLE_COLUMNS = ((DPO_GROUP, "DPO"), (LEGAL_GROUP, "Legal"), (COORDINATOR_GROUP, "Coordinator"))


def matrix_markdown() -> str:
    """The table of docs/user-guide.md, "Who decides what"."""
    lines = [
        "| area | action | " + " | ".join(label for _, label in ROLE_COLUMNS) + " |",
        "|---|---|" + "---|" * len(ROLE_COLUMNS),
    ]
    for action in ACTIONS:
        cells = ["yes" if role in action.roles else "—" for role, _ in ROLE_COLUMNS]
        lines.append(f"| {action.area} | {action.label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
