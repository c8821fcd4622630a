"""Per-user calendar feeds: the tokens (issue, revoke, resolve) and the feed's events.

A feed lists every live deadline the user is responsible for: as incident (record) owner, as
coordinator of the entity, or every deadline for members of the DPO group. Deadlines with no
fixed instant appear at the policy's internal target, labelled as internal, not statutory.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from compliance import legal_text
from compliance.access import Actor, is_dpo, recorded_person
from compliance.reminders.ical import CalendarEvent, serialise
from compliance.reminders.models import CalendarToken, ReminderPolicy
from compliance.reminders.registry import all_sources
from compliance.reminders.schedule import Schedule, policy_for


class TokenRefused(Exception):
    """An unknown, revoked or expired token; the message is shown as the 404 body."""


EXPIRED_AT_ISSUE = gettext_lazy(
    "This expiry is already past: the link would never work. Give a later date or leave it "
    "empty for the default."
)


def token_lifetime() -> timedelta:
    """How long a calendar link works unless issued with another expiry: the setting
    ``CALENDAR_TOKEN_DAYS`` (default 365)."""
    return timedelta(days=int(getattr(settings, "CALENDAR_TOKEN_DAYS", 365)))


def effective_expiry(token: CalendarToken) -> datetime:
    """The instant the link stops working; links issued without one expire a lifetime after
    they were issued."""
    return token.expires_at or token.created_at + token_lifetime()


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def issue_calendar_token(
    *,
    user: Any,
    by: Actor | None = None,
    label: str = "",
    expires_at: datetime | None = None,
    token: CalendarToken | None = None,
) -> tuple[CalendarToken, str]:
    """A new secret feed token for ``user``; returns the row and the raw token, which is not
    stored (only its digest) and so can be shown this once. ``token``: an unsaved instance to
    fill (the admin's add form), else a new one."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": EXPIRED_AT_ISSUE})
    raw = secrets.token_urlsafe(32)
    token = token or CalendarToken()
    token.user = user
    token.label = label.strip()
    token.digest = _digest(raw)
    token.prefix = raw[:8]
    token.created_by = recorded_person(by)
    token.expires_at = expires_at or timezone.now() + token_lifetime()
    token.save()
    return token, raw


def revoke_calendar_tokens(*, tokens: Any, now: datetime | None = None) -> int:
    """Revoke (never delete: the admin shows when a link stopped working) the given tokens."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=now or timezone.now())


def feed_url(raw: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("calendar-feed", args=[raw])


def resolve_calendar_token(raw: str, *, now: datetime | None = None) -> CalendarToken:
    now = now or timezone.now()
    token = (
        CalendarToken.objects.select_related("user").filter(digest=_digest(raw)).first()
        if raw
        else None
    )
    if token is None:
        raise TokenRefused(
            "Unknown calendar link. It may have been mistyped or replaced; ask the DPO office "
            "for a new one."
        )
    if token.revoked_at is not None:
        raise TokenRefused(
            f"This calendar link was revoked on {token.revoked_at:%Y-%m-%d %H:%M} UTC. Ask the "
            "DPO office for a new one."
        )
    expiry = effective_expiry(token)
    if expiry <= now:
        raise TokenRefused(
            f"This calendar link expired on {expiry:%Y-%m-%d %H:%M} UTC. Ask the DPO "
            "office for a new one."
        )
    if not token.user.is_active:
        raise TokenRefused("This calendar link belongs to a deactivated account.")
    if not token.user.is_staff:
        raise TokenRefused("This calendar link belongs to an account without staff access.")
    return token


def deadline_events(user: Any, *, everything: bool | None = None) -> Iterator[CalendarEvent]:
    """The user's live deadlines as events; ``everything`` (default: a DPO) lists all of them,
    else those the user is responsible for (their records and their entities')."""
    policies = {p.kind: p for p in ReminderPolicy.objects.all()}
    site = settings.SITE_URL.rstrip("/")
    if everything is None:
        everything = is_dpo(user)
    for source in all_sources():
        queryset = source.queryset().filter(pk__in=source.live().values("pk"))
        if not everything:
            queryset = queryset.filter(
                pk__in=source.live().filter(source.responsible(user)).values("pk")
            )
        label = ContentType.objects.get_for_model(source.model).model
        for obj in queryset.iterator(chunk_size=500):
            deadline = source.describe(obj)
            schedule = Schedule(policy_for(deadline.kind, policies), deadline)
            if schedule.target is None:
                continue  # no instant in law and no internal target: nothing to place
            yield _event(obj.pk, label, deadline, schedule, site)


def _event(pk: int, label: str, deadline: Any, schedule: Schedule, site: str) -> CalendarEvent:
    assert schedule.target is not None
    if schedule.internal:
        summary = f"Internal target: {deadline.title}"
        nature = (
            "Internal target set by the DPO office's reminder policy; the law sets no fixed "
            "instant (“without undue delay”). This is not a statutory deadline."
        )
    elif deadline.nature:
        summary = f"Due: {deadline.title}"
        nature = f"{deadline.nature}."
    else:
        summary = f"Deadline: {deadline.title}"
        nature = "Statutory deadline."
    return CalendarEvent(
        uid=f"{label}-{pk}@dpo-desk",
        start=schedule.target,
        summary=summary,
        description=(
            f"{nature}\nLegal basis: {legal_text.render(deadline.basis)}\n"
            f"{site}{deadline.admin_url}"
        ),
        url=site + deadline.admin_url,
        categories=("DPO Desk", deadline.kind),
    )


def calendar_for(user: Any, *, now: datetime | None = None) -> str:
    name = f"DPO Desk deadlines ({user.get_username()})"
    return serialise(deadline_events(user), name=name, now=now or timezone.now())
