"""Writes to the group registry. Every write that matters goes through one of these functions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import update_change_reason

from compliance.access import Actor
from compliance.registry.models import CorporateGroup, GroupEntity, SupervisoryAuthority
from compliance.workflow.services import claim_version, save_versioned

# (main establishment, by): what follows the group's EU main establishment in other features
# (the BCR clocks remind its coordinators, in its time zone). Registered by those features.
MainEstablishmentFollower = Callable[[GroupEntity, Any], None]
_FOLLOWERS: list[MainEstablishmentFollower] = []


def register_main_establishment_follower(follower: MainEstablishmentFollower) -> None:
    if follower not in _FOLLOWERS:
        _FOLLOWERS.append(follower)


def derived_lead_authority(entity: GroupEntity) -> SupervisoryAuthority | None:
    """The authority competent for the group's EU main establishment (GDPR Art. 56(1))."""
    main = entity.main_establishment()
    if main is None:
        return None
    return SupervisoryAuthority.objects.competent_for(main.country_id, main.region)


@transaction.atomic
def save_entity(
    *,
    entity: GroupEntity,
    by: Actor | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> GroupEntity:
    """Validate and save an entity, deriving its lead authority when none is recorded.

    With ``expected_version`` (the version the form was loaded at) a save over someone else's
    is refused with ``EditConflict``.

    Nothing is written when validation fails: the caller gets a ``ValidationError`` whose
    messages name the field and the rule (parent cycle, second main establishment, lead
    authority of another country, unknown time zone, ...).
    """
    if entity.lead_authority_id is None:
        entity.lead_authority = derived_lead_authority(entity)
    entity.full_clean()
    if entity.pk is not None and expected_version is not None:
        claim_version(entity, expected_version)
    if by is not None:
        entity._history_user = by  # type: ignore[attr-defined]
    entity.save()
    if reason:
        update_change_reason(entity, reason)
    if entity.is_eu_main_establishment:
        _follow_main_establishment(entity, by)
    return entity


@transaction.atomic
def designate_main_establishment(
    *, entity: GroupEntity, since: date, reason: str, by: Actor | None = None
) -> GroupEntity:
    """Move the group's EU main establishment to ``entity`` and re-derive lead authorities.

    The previous main establishment is unmarked in the same transaction; entities whose lead
    authority was overridden with a recorded reason keep it. The history of both entities keeps
    the change, its author and ``reason`` (e.g. the EU headquarters moving after Brexit).
    """
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the main establishment moves."})
    group_entities = GroupEntity.objects.select_for_update().filter(group_id=entity.group_id)
    for previous in group_entities.filter(is_eu_main_establishment=True).exclude(pk=entity.pk):
        previous.is_eu_main_establishment = False
        previous.main_establishment_since = None
        _save_with_reason(
            previous, by, f"Main establishment moved to {entity.short_name}: {reason}"
        )
    entity.refresh_from_db()
    lead = SupervisoryAuthority.objects.competent_for(entity.country_id, entity.region)
    entity.is_eu_main_establishment = True
    entity.main_establishment_since = since
    entity.lead_authority = lead
    entity.lead_authority_reason = ""
    entity.full_clean()
    _save_with_reason(entity, by, f"Designated EU main establishment: {reason}")
    for member in group_entities.exclude(lead_authority_reason__gt=""):
        if member.lead_authority_id != (lead.pk if lead else None):
            member.lead_authority = lead
            _save_with_reason(
                member, by, f"Lead authority follows the main establishment: {reason}"
            )
    _follow_main_establishment(entity, by)
    return entity


def _follow_main_establishment(entity: GroupEntity, by: Actor | None) -> None:
    for follower in _FOLLOWERS:
        follower(entity, by)


def _save_with_reason(entity: GroupEntity, by: Actor | None, reason: str) -> None:
    if by is not None:
        entity._history_user = by  # type: ignore[attr-defined]
    entity._change_reason = reason  # type: ignore[attr-defined]
    entity.save()


def save_group(
    *,
    group: CorporateGroup,
    by: Actor | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> CorporateGroup:
    """Record or rename the group (refused with ``EditConflict`` over someone else's save)."""
    save_versioned(group, expected_version=expected_version, by=by, reason=reason)
    return group
