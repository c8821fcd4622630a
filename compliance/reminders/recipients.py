"""Who receives a reminder, and in which time zone: resolved for a whole batch at once.

Audiences are stored on the reminder as roles ("owner", "coordinators", "dpo") and resolved at
send time, so a coordinator appointed after the reminder was planned still receives it. If a
deadline's audience resolves to nobody (no owner, no coordinator), the DPO group receives it: a
reminder that reaches no one is the failure this feature exists to prevent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compliance.choices import DPO_GROUP
from compliance.registry.models import GroupEntity
from compliance.reminders.models import COORDINATORS, DPO, OWNER

# Lazy: each e-mail says them in its own reader's language.
ROLE_WORDS = {
    OWNER: gettext_lazy("the record's owner"),
    COORDINATORS: gettext_lazy("a coordinator of the entity"),
    DPO: gettext_lazy("a member of the DPO group"),
}
FALLBACK_ROLE = gettext_lazy(
    "a member of the DPO group (the record has no owner or coordinator to remind)"
)


@dataclass(frozen=True)
class Recipient:
    user: Any
    time_zone: str
    roles: tuple[Any, ...] = ()
    # The language the user chose for their screens ("" for none): their e-mails' language.
    language: str = ""

    @property
    def role_words(self) -> str:
        return _(" and ").join(str(role) for role in self.roles)


class Directory:
    """The active users a batch can reach, the DPO group, and where each coordinator sits;
    three queries whatever the batch size (each user's chosen language comes with them)."""

    def __init__(self, user_ids: Iterable[int]) -> None:
        user_model = get_user_model()
        self.dpo_ids: tuple[int, ...] = tuple(
            user_model.objects.filter(is_active=True, groups__name=DPO_GROUP)
            .order_by("pk")
            .values_list("pk", flat=True)
            .distinct()
        )
        wanted = set(user_ids) | set(self.dpo_ids)
        self.users = {
            u.pk: u
            for u in user_model.objects.filter(pk__in=wanted, is_active=True).select_related(
                "preference"
            )
        }
        self.zones: dict[int, list[str]] = {}
        through = GroupEntity.coordinators.through
        rows = (
            through.objects.filter(user_id__in=wanted)
            .order_by("groupentity_id")
            .values_list("user_id", "groupentity__time_zone")
        )
        for user_id, zone in rows:
            self.zones.setdefault(user_id, []).append(zone)

    def resolve(
        self,
        audience: Iterable[str],
        audiences: Mapping[str, Iterable[int]],
        *,
        time_zone: str,
    ) -> list[Recipient]:
        roles: dict[int, list[Any]] = {}
        for name in audience:
            for user_id in self.dpo_ids if name == DPO else audiences.get(name, ()):
                if user_id in self.users:
                    roles.setdefault(user_id, []).append(ROLE_WORDS[name])
        if not roles:
            roles = {i: [FALLBACK_ROLE] for i in self.dpo_ids if i in self.users}
        return [
            Recipient(
                user=self.users[i],
                time_zone=self.zone_of(i, time_zone),
                roles=tuple(dict.fromkeys(r)),
                language=_language(self.users[i]),
            )
            for i, r in roles.items()
        ]

    def zone_of(self, user_id: int, deadline_zone: str) -> str:
        """A coordinator reads times in the zone of the entity they coordinate (the deadline's
        own entity if it is one of theirs); everyone else in the deadline entity's zone."""
        zones = self.zones.get(user_id, [])
        if not zones or deadline_zone in zones:
            return deadline_zone
        return zones[0]


def _language(user: Any) -> str:
    try:
        return str(user.preference.language)
    except ObjectDoesNotExist:
        return ""
