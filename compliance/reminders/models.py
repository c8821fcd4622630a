"""Deadline reminders as rows: the policy per kind of deadline, one row per (deadline,
threshold), one delivery row per (reminder, recipient, channel), the in-admin notification list
and the per-user calendar tokens.

Reminders point at their deadline generically (content type + id) because deadlines live in
several models and apps (breach deadlines here; transfer and BCR reviews in ``transfers``, which
compliance must not import): a foreign key per source would make compliance depend on every app
that registers a source. The sweep loads the deadline objects in bulk per content type, so the
generic relation costs one query per model, not one per row.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.reminders.durations import (
    MAX_LEAD_TIME,
    DurationError,
    format_durations,
    parse_durations,
)
from compliance.workflow.models import VersionedModel

OWNER = "owner"
COORDINATORS = "coordinators"
DPO = "dpo"
AUDIENCES = (OWNER, COORDINATORS, DPO)
DEFAULT_KIND = "default"


def validate_lead_times(value: str) -> None:
    try:
        parse_durations(value)
    except DurationError as exc:
        raise ValidationError(str(exc), code="invalid_lead_time") from exc


class ReminderPolicy(VersionedModel):
    """When, and to whom, to remind of one kind of deadline; escalation once it is overdue."""

    kind = models.CharField(
        _("kind of deadline"),
        max_length=80,
        unique=True,
        help_text=_(
            "regime.obligation, e.g. EU_GDPR.authority_notification, JP_APPI.final_report, "
            "bcr.annual_update, transfers.tia_review; 'default' covers kinds without a policy"
        ),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    after_start = models.CharField(
        _("reminders after the clock starts"),
        max_length=200,
        blank=True,
        validators=[validate_lead_times],
        help_text=_("comma-separated, e.g. 0h = when the entity became aware"),
    )
    lead_times = models.CharField(
        _("lead times before the deadline"),
        max_length=200,
        blank=True,
        validators=[validate_lead_times],
        help_text=_("comma-separated, e.g. 24h, 6h, 0h (0h = at expiry); units d, h, m"),
    )
    internal_target = models.DurationField(
        _("internal target after the clock starts"),
        null=True,
        blank=True,
        help_text=_(
            "For deadlines with no fixed instant in law ('without undue delay'): the office's "
            "own target, shown as internal, not statutory. Format: '1 00:00:00' = 1 day."
        ),
    )
    notify_owner = models.BooleanField(_("incident / record owner"), default=True)
    notify_coordinators = models.BooleanField(_("entity coordinators"), default=True)
    notify_dpo = models.BooleanField(_("DPO group"), default=False)
    send_email = models.BooleanField(_("by e-mail"), default=True)
    notify_in_admin = models.BooleanField(_("in the admin notification list"), default=True)
    escalation_interval = models.DurationField(
        _("repeat every, once overdue"),
        null=True,
        blank=True,
        help_text=_("empty: no repeat after the deadline. Format: '06:00:00' = 6 hours"),
    )
    escalation_max = models.PositiveSmallIntegerField(_("at most this many repeats"), default=10)
    escalate_to_owner = models.BooleanField(_("repeats also to the owner"), default=True)
    escalate_to_coordinators = models.BooleanField(
        _("repeats also to the coordinators"), default=True
    )
    escalate_to_dpo = models.BooleanField(_("repeats also to the DPO group"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")

    def __str__(self) -> str:
        return self.kind

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        for name in ("after_start", "lead_times"):
            # Stored in canonical form; an invalid value is reported by the field validator,
            # next to the field.
            with contextlib.suppress(DurationError):
                setattr(self, name, format_durations(parse_durations(getattr(self, name))))
        self._check_duration("internal_target", self.internal_target, errors, zero_ok=True)
        self._check_duration("escalation_interval", self.escalation_interval, errors)
        if not (self.notify_owner or self.notify_coordinators or self.notify_dpo):
            errors.setdefault("notify_dpo", []).append(
                "Choose at least one audience: the owner, the coordinators or the DPO group."
            )
        if not (self.send_email or self.notify_in_admin):
            errors.setdefault("send_email", []).append(
                "Choose at least one channel: e-mail or the admin notification list."
            )
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _check_duration(
        name: str, value: timedelta | None, errors: dict[str, list[str]], zero_ok: bool = False
    ) -> None:
        if value is None:
            return
        if value < timedelta(0) or (not zero_ok and value == timedelta(0)):
            errors.setdefault(name, []).append(
                "This duration must be positive." if not zero_ok else "This cannot be negative."
            )
        elif value > MAX_LEAD_TIME:
            errors.setdefault(name, []).append(
                f"More than {MAX_LEAD_TIME.days} days is surely a typo."
            )

    def audience(self, *, escalated: bool = False) -> tuple[str, ...]:
        flags = {
            OWNER: self.notify_owner or (escalated and self.escalate_to_owner),
            COORDINATORS: self.notify_coordinators or (escalated and self.escalate_to_coordinators),
            DPO: self.notify_dpo or (escalated and self.escalate_to_dpo),
        }
        return tuple(a for a in AUDIENCES if flags[a])


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def pending(self) -> ReminderQuerySet:
        return self.filter(sent_at__isnull=True, cancelled_at__isnull=True)

    def due(self, *, at: Any, token: str = "") -> ReminderQuerySet:
        """Pending rows whose time has come and that no live worker holds, or that ``token``
        holds (the same sweep delivered again after its worker was lost); the sweep's
        selection, served by the partial index ``reminder_due``."""
        free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=at)
        if token:
            free |= Q(claim_token=token)
        return (
            self.pending()
            .filter(next_reminder_at__lte=at)
            .filter(free)
            .order_by("next_reminder_at", "pk")
        )


class Reminder(models.Model):
    """One threshold of one deadline: sent once (``sent_at``) or cancelled, never both."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    deadline = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind of deadline"), max_length=80)
    # Names its own offset (start+0h, due-24h, overdue-2), so a policy change can be reconciled.
    threshold = models.CharField(_("threshold"), max_length=40)
    label = models.CharField(_("when"), max_length=200)
    escalation = models.PositiveSmallIntegerField(_("overdue repeat"), default=0)
    audience = models.CharField(_("audience"), max_length=60)
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    internal_target = models.BooleanField(
        _("internal target"), default=False, help_text=_("the deadline is not statutory")
    )
    next_reminder_at = models.DateTimeField(_("send at"))
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    # The worker node holding the claim: a worker that starts under the same name releases
    # them at once (``compliance.reminders.recovery``), its predecessor being dead.
    claimed_by = models.CharField(max_length=200, blank=True, editable=False)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["next_reminder_at", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "threshold"],
                name="reminder_one_per_threshold",
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(cancelled_at__isnull=True),
                name="reminder_sent_or_cancelled",
            ),
        ]
        indexes = [
            # Partial: only pending rows, so the index stays as small as the work to do while
            # sent rows accumulate for the audit trail. In the list's order, so the next
            # reminders to go out (dashboard, calendar) are its first entries, not found among
            # the sent ones of the order below.
            models.Index(
                fields=["next_reminder_at", "id"],
                name="reminder_due",
                condition=Q(sent_at__isnull=True, cancelled_at__isnull=True),
            ),
            # The reminder list's order: its first page read from the index, not sorted.
            models.Index(fields=["next_reminder_at", "id"], name="reminder_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.threshold} #{self.object_id}"

    @property
    def audience_list(self) -> tuple[str, ...]:
        return tuple(a for a in self.audience.split(",") if a)

    @property
    def state(self) -> str:
        if self.sent_at:
            return "sent"
        if self.cancelled_at:
            return "cancelled"
        return "pending"


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    IN_ADMIN = "in_admin", _("admin notification list")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class ReminderDeliveryQuerySet(models.QuerySet["ReminderDelivery"]):
    def mail_due(self, *, at: Any, token: str = "") -> ReminderDeliveryQuerySet:
        """E-mails recorded but not sent yet whose (next) attempt is due, unclaimed or claimed
        by ``token`` (the same task, delivered again after its worker was lost)."""
        free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=at)
        if token:
            free |= Q(claim_token=token)
        return (
            self.filter(status=DeliveryStatus.PENDING, channel=Channel.EMAIL)
            .filter(next_attempt_at__lte=at)
            .filter(free)
            .order_by("next_attempt_at", "pk")
        )


class ReminderDelivery(models.Model):
    """One reminder to one person on one channel; the unique constraint is the exactly-once
    guarantee (a second worker's insert fails, whatever the claims did).

    An e-mail is recorded first (``pending``, the intent) in the sweep's transaction and sent
    afterwards by the mail task, with a Message-ID derived from this row: a retry after a crash
    between the server's acceptance and the commit repeats the same Message-ID, so the repeat
    is recognisable (and dropped by mail systems that deduplicate on it)."""

    reminder = models.ForeignKey(
        Reminder, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("reminder")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reminder_deliveries",
        verbose_name=_("recipient"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices)
    address = models.CharField(_("address"), max_length=254, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    sent_at = models.DateTimeField(
        _("at"), null=True, blank=True, help_text=_("when it was sent, or given up")
    )
    late = models.BooleanField(
        _("late"), default=False, help_text=_("catch-up: sent after its moment had passed")
    )
    error = models.TextField(_("reason of the failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    # The worker node holding the claim: a worker that starts under the same name releases
    # them at once (``compliance.reminders.recovery``), its predecessor being dead.
    claimed_by = models.CharField(max_length=200, blank=True, editable=False)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    # The e-mail as composed when the reminder fell due (late or not, in the recipient's zone):
    # a retry sends the same message.
    subject = models.CharField(_("subject"), max_length=300, blank=True, editable=False)
    body = models.TextField(blank=True, editable=False)
    html = models.TextField(blank=True, editable=False)
    escalated_at = models.DateTimeField(
        _("DPO group told at"), null=True, blank=True, help_text=_("of a failed delivery")
    )

    objects = ReminderDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder delivery log")
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "recipient", "channel"], name="delivery_once_per_channel"
            ),
        ]
        indexes = [
            # Partial: only e-mails still to be sent, the mail task's selection.
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_mail_due",
                condition=Q(status="pending"),
            ),
            # The log's order, newest first: its first page read from the index.
            models.Index(fields=["-recorded_at", "-id"], name="delivery_log_order"),
            # The dashboard's failed deliveries (newest first) and e-mails waiting for a
            # retry: a few rows each, found without reading the whole log, which grows with
            # every reminder sent.
            models.Index(
                fields=["-recorded_at", "-id"],
                name="delivery_failed",
                condition=Q(status="failed"),
            ),
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_retrying",
                condition=Q(status="pending", attempts__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reminder} → {self.recipient} ({self.channel}, {self.status})"


class UserNotification(models.Model):
    """The in-admin notification list: each user sees their own."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dpo_notifications",
        verbose_name=_("user"),
    )
    reminder = models.ForeignKey(
        Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    late = models.BooleanField(_("late reminder"), default=False)
    created_at = models.DateTimeField(_("at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("my notification")
        verbose_name_plural = _("my notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class CalendarToken(models.Model):
    """A secret calendar-feed URL for one user. Only a SHA-256 digest is stored: the URL is
    shown once when issued, and a database leak does not reveal working feed links."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
        verbose_name=_("user"),
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"
