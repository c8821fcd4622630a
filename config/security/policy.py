"""Who must pass a second factor, and who administers sign-in security."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp import user_has_device

from compliance.access import is_dpo


def second_factor_required(user: Any) -> bool:
    """Whether ``user`` must pass a second factor before reaching any page.

    Members of ``DPO_DESK_2FA_REQUIRED_GROUPS`` (and superusers whenever that list is not empty)
    must; so must anyone who enrolled a device of their own accord.
    """
    if not user.is_authenticated:
        return False
    groups: list[str] = settings.DPO_DESK_2FA_REQUIRED_GROUPS
    if groups and (user.is_superuser or user.groups.filter(name__in=groups).exists()):
        return True
    return bool(user_has_device(user, confirmed=True))


def administers_security(user: Any) -> bool:
    """The DPO (or a superuser) unlocks sign-ins and resets other users' second factors."""
    return bool(user.is_active and user.is_staff and is_dpo(user))
