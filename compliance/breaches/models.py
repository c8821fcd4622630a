"""The breach register (GDPR Art. 33(5)): incidents, their statutory deadlines, notifications.

Facts live on ``BreachIncident``; the breach engine (``compliance.rules.breach``) turns them into
obligations, stored one row each as ``NotificationDeadline`` with their due instant and basis.
Nothing here is ever deleted: rows that stop applying are marked withdrawn, earlier values stay in
the history, and every transition is a ``WorkflowEvent``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from compliance.breaches.choices import (
    BreachCause,
    DeadlineStatus,
    IncidentState,
    NotificationState,
    ObligationKind,
    Regime,
    Risk,
)
from compliance.choices import Role
from compliance.inputs import BoundedTextField, validate_single_line
from compliance.registry.models.entities import GroupEntity, validate_time_zone
from compliance.registry.models.reference import Country, SupervisoryAuthority
from compliance.workflow.models import VersionedModel

DPO_ONLY = "compliance.change_breachincident"

# "Due soon" on the dashboard and in the saved filters: the GDPR's own horizon.
URGENT_HORIZON = timedelta(hours=72)


def open_required(prefix: str = "") -> Q:
    """An obligation the law requires and nobody has met or decided yet: the deadlines that are
    reminded, counted as due and shown as overdue. ``prefix`` reaches them through a relation
    (``"deadlines__"`` from a breach)."""
    return Q(**{f"{prefix}required": True, f"{prefix}status": DeadlineStatus.OPEN})


def due_between(start: datetime, end: datetime, prefix: str = "") -> Q:
    return Q(**{f"{prefix}due_at__gte": start, f"{prefix}due_at__lt": end})


class NotificationDeadlineQuerySet(models.QuerySet["NotificationDeadline"]):
    def open_required(self) -> NotificationDeadlineQuerySet:
        return self.filter(open_required())

    def due_within(self, horizon: timedelta, *, now: datetime) -> NotificationDeadlineQuerySet:
        """Due from ``now`` (inclusive) to ``now + horizon`` (exclusive)."""
        return self.filter(due_between(now, now + horizon))

    def overdue(self, *, at: datetime) -> NotificationDeadlineQuerySet:
        return self.filter(due_at__lt=at)


class BreachIncident(ConcurrentTransitionMixin, VersionedModel):
    entity_scope = ("entity",)

    entity = models.ForeignKey(
        GroupEntity,
        on_delete=models.PROTECT,
        related_name="breaches",
        verbose_name=_("reporting entity"),
    )
    role = models.CharField(
        _("role of the entity"), max_length=10, choices=Role.choices, default=Role.CONTROLLER
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    description = BoundedTextField(_("what happened"))
    occurred_at = models.DateTimeField(
        _("occurred at"), null=True, blank=True, help_text=_("leave empty when unknown")
    )
    aware_at = models.DateTimeField(
        _("became aware at"),
        help_text=_("The instant the entity became aware of the breach: the clocks start here."),
    )
    aware_time_zone = models.CharField(
        _("time zone of the report"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("IANA zone the awareness time was reported in, e.g. Asia/Tokyo"),
    )
    data_categories = BoundedTextField(_("categories of personal data"), blank=True)
    subject_categories = BoundedTextField(_("categories of data subjects"), blank=True)
    subject_count = models.PositiveIntegerField(
        _("approximate number of data subjects"),
        null=True,
        blank=True,
        help_text=_("leave empty when unknown"),
    )
    record_count = models.PositiveIntegerField(
        _("approximate number of records"), null=True, blank=True
    )
    affected_countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries of affected persons")
    )
    special_category = models.BooleanField(
        _("special categories / special care-required data"),
        default=False,
        help_text=_("GDPR Art. 9/10; APPI special care-required personal information"),
    )
    property_damage_risk = models.BooleanField(
        _("misuse may cause property damage"),
        default=False,
        help_text=_("e.g. card numbers with security codes (PPC Rules Art. 7(ii))"),
    )
    wrongful_purpose = models.BooleanField(
        _("suspected wrongful purpose"),
        default=False,
        help_text=_("unauthorised access, ransomware, theft (PPC Rules Art. 7(iii))"),
    )
    encrypted = models.BooleanField(
        _("data unintelligible (strong encryption)"),
        default=False,
        help_text=_("GDPR Art. 34(3)(a); APPI advanced encryption"),
    )
    cause = models.CharField(_("cause"), max_length=20, choices=BreachCause.choices)
    risk = models.CharField(
        _("risk assessment"),
        max_length=10,
        choices=Risk.choices,
        blank=True,
        help_text=_("empty until assessed; the clocks assume a risk until then"),
    )
    risk_reasoning = BoundedTextField(_("reasoning of the risk assessment"), blank=True)
    likely_consequences = BoundedTextField(_("likely consequences"), blank=True)
    containment = BoundedTextField(_("containment measures"), blank=True)
    remediation = BoundedTextField(_("remediation measures"), blank=True)
    contact_point = models.CharField(
        _("contact point"),
        max_length=200,
        blank=True,
        help_text=_("DPO or other contact point (GDPR Art. 33(3)(b))"),
        validators=[validate_single_line],
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_breaches",
        verbose_name=_("incident owner"),
    )
    state = FSMField(
        _("state"),
        default=IncidentState.DETECTED,
        choices=IncidentState.choices,
        protected=True,
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Derived: the earliest due instant of the open required deadlines, None when nothing is open
    # (or nothing open has a fixed instant). Kept by compliance.breaches.services in the
    # transaction that changes the deadlines, so the register orders and filters on one indexed
    # column instead of an aggregate over every deadline. Not a fact: no history of its own.
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[affected_countries], excluded_fields=["next_due_at"])

    class Meta:
        ordering = ["-aware_at"]
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")
        indexes = [
            models.Index(fields=["state", "aware_at"]),
            # The register's order: nearest open deadline first (NULLs last), newest breach next.
            models.Index(fields=["next_due_at", "-aware_at"], name="breach_next_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(occurred_at__isnull=True) | Q(occurred_at__lte=models.F("aware_at")),
                name="breach_aware_after_occurrence",
                violation_error_message=_(
                    "The entity cannot have become aware of the breach before it occurred."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        """A stable human reference, e.g. BR-2024-00042 (year of awareness, record number)."""
        if self.pk is None or self.aware_at is None:
            return "BR-new"
        return f"BR-{self.aware_at:%Y}-{self.pk:05d}"

    # Transitions. Guards live in compliance.breaches.services so that a refused transition
    # comes with the reason; ``conditions`` repeat them so can_proceed() agrees.

    @transition(
        field=state,
        source=IncidentState.DETECTED,
        target=IncidentState.ASSESSING,
        permission=DPO_ONLY,
        custom={"admin": True, "label": _("Start assessment")},
    )
    def start_assessment(self) -> None:
        pass

    @transition(
        field=state,
        source=IncidentState.ASSESSING,
        target=IncidentState.NOTIFYING,
        permission=DPO_ONLY,
        conditions=[lambda self: self.assessment_problem() is None],  # type: ignore[attr-defined]
        custom={"admin": True, "label": _("Assessment done: notify")},
    )
    def complete_assessment(self) -> None:
        pass

    @transition(
        field=state,
        source=IncidentState.NOTIFYING,
        target=IncidentState.MONITORING,
        permission=DPO_ONLY,
        conditions=[lambda self: not self.open_required_deadlines()],  # type: ignore[attr-defined]
        custom={"admin": True, "label": _("Notifications done: monitor")},
    )
    def start_monitoring(self) -> None:
        pass

    @transition(
        field=state,
        source=IncidentState.MONITORING,
        target=IncidentState.CLOSED,
        permission=DPO_ONLY,
        conditions=[lambda self: not self.open_required_deadlines()],  # type: ignore[attr-defined]
        custom={"admin": True, "label": _("Close")},
    )
    def close(self) -> None:
        pass

    @transition(
        field=state,
        source=IncidentState.CLOSED,
        target=IncidentState.ASSESSING,
        permission=DPO_ONLY,
        custom={"admin": True, "label": _("Reopen")},
    )
    def reopen(self) -> None:
        pass

    def assessment_problem(self) -> str | None:
        if not self.risk or not self.risk_reasoning.strip():
            return str(
                _(
                    "Record the risk assessment and its reasoning before leaving the assessment "
                    "(GDPR Art. 33(1), 33(5))."
                )
            )
        return None

    def open_required_deadlines(self) -> list[NotificationDeadline]:
        return list(self.deadlines.filter(open_required()).order_by("due_at"))


class NotificationDeadline(VersionedModel):
    """One obligation the engine returned for a breach, with its due instant and legal basis."""

    entity_scope = ("incident__entity",)

    incident = models.ForeignKey(
        BreachIncident,
        on_delete=models.PROTECT,
        related_name="deadlines",
        verbose_name=_("breach"),
    )
    regime = models.CharField(_("regime"), max_length=10, choices=Regime.choices)
    kind = models.CharField(_("obligation"), max_length=30, choices=ObligationKind.choices)
    recipient_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("authority's country"),
    )
    recipient_authority = models.ForeignKey(
        SupervisoryAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="breach_deadlines",
        verbose_name=_("recipient authority"),
    )
    # The recipient country code, or "" where the obligation has no authority recipient: part of
    # the obligation's identity, kept non-null so that uniqueness holds on every database.
    recipient_key = models.CharField(max_length=2, blank=True, default="", editable=False)
    required = models.BooleanField(_("required by law"))
    due_at = models.DateTimeField(
        _("due at"),
        null=True,
        blank=True,
        help_text=_("empty where the law sets no fixed instant ('without undue delay')"),
    )
    basis = models.TextField(_("legal basis"))
    status = models.CharField(
        _("status"), max_length=12, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    late = models.BooleanField(
        _("late"),
        null=True,
        blank=True,
        help_text=_("frozen when the obligation is met: met after the due instant"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = BoundedTextField(_("reason of the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords()

    objects = NotificationDeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["incident", "due_at", "regime", "kind"]
        verbose_name = _("notification deadline")
        verbose_name_plural = _("notification deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "regime", "kind", "recipient_key"],
                name="deadline_one_per_obligation",
            ),
            models.CheckConstraint(
                condition=~Q(status=DeadlineStatus.WAIVED)
                | (Q(decided_by__isnull=False) & ~Q(decision_reason="")),
                name="deadline_waiver_named_and_reasoned",
                violation_error_message=_(
                    "An obligation is marked not required only with a named decider and a reason."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=DeadlineStatus.MET) | Q(met_at__isnull=False),
                name="deadline_met_has_instant",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
        ]

    def __str__(self) -> str:
        where = f" ({self.recipient_country_id})" if self.recipient_country_id else ""
        return f"{self.get_regime_display()} {self.get_kind_display()}{where}"

    def is_late_at(self, instant: datetime) -> bool:
        return self.due_at is not None and instant > self.due_at


class BreachNotification(ConcurrentTransitionMixin, VersionedModel):
    """A notification or report sent to fulfil a deadline: draft → submitted → acknowledged."""

    entity_scope = ("incident__entity",)

    incident = models.ForeignKey(
        BreachIncident,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("breach"),
    )
    deadline = models.ForeignKey(
        NotificationDeadline,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("obligation fulfilled"),
    )
    recipient_authority = models.ForeignKey(
        SupervisoryAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient authority"),
    )
    summary = BoundedTextField(
        _("content"),
        blank=True,
        help_text=_(
            "What is notified: nature, categories and numbers, contact point, likely "
            "consequences, measures (GDPR Art. 33(3))"
        ),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late_reasons = BoundedTextField(
        _("reasons for the delay"), blank=True, help_text=_("GDPR Art. 33(1), second sentence")
    )
    authority_reference = models.CharField(
        _("authority's case reference"),
        max_length=100,
        blank=True,
        validators=[validate_single_line],
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    state = FSMField(
        _("state"),
        default=NotificationState.DRAFT,
        choices=NotificationState.choices,
        protected=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["incident", "pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.incident.reference}: {self.deadline}"

    @transition(
        field=state,
        source=NotificationState.DRAFT,
        target=NotificationState.SUBMITTED,
        permission="compliance.change_breachnotification",
        custom={"admin": True, "label": _("Record submission")},
    )
    def submit(self, *, submitted_at: datetime, late_reasons: str = "", **_: Any) -> None:
        self.submitted_at = submitted_at
        self.late_reasons = late_reasons

    @transition(
        field=state,
        source=NotificationState.SUBMITTED,
        target=NotificationState.ACKNOWLEDGED,
        permission="compliance.change_breachnotification",
        custom={"admin": True, "label": _("Record acknowledgement")},
    )
    def acknowledge(
        self, *, acknowledged_at: datetime, authority_reference: str = "", **_: Any
    ) -> None:
        self.acknowledged_at = acknowledged_at
        self.authority_reference = authority_reference


class NotificationPhase(models.Model):
    """Information given in phases (GDPR Art. 33(4)); a follow-up never resets the clock."""

    entity_scope = ("notification__incident__entity",)

    notification = models.ForeignKey(
        BreachNotification,
        on_delete=models.PROTECT,
        related_name="phases",
        verbose_name=_("notification"),
    )
    number = models.PositiveIntegerField(_("phase"))
    submitted_at = models.DateTimeField(_("submitted at"))
    content = BoundedTextField(_("information provided"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["notification", "number"]
        verbose_name = _("follow-up phase")
        verbose_name_plural = _("follow-up phases (Art. 33(4))")
        constraints = [
            models.UniqueConstraint(fields=["notification", "number"], name="phase_number_unique")
        ]

    def __str__(self) -> str:
        return f"phase {self.number}"
