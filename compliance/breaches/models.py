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
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from compliance import labels, legal_text
from compliance.breaches.choices import (
    Art34Exemption,
    BreachCause,
    DeadlineSource,
    DeadlineStatus,
    IncidentState,
    NotificationState,
    ObligationKind,
    Regime,
    Risk,
    SccModule,
    TransferTool,
)
from compliance.choices import Role
from compliance.inputs import BoundedTextField, validate_single_line
from compliance.registry.models.entities import GroupEntity, validate_time_zone
from compliance.registry.models.reference import Country, SupervisoryAuthority
from compliance.roles import permission
from compliance.rules.breach import asks_reasons_for_delay, lateness_label, reasons_for_delay_basis
from compliance.workflow.models import VersionedModel

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


# A coordinator sees a breach that involves one of their entities (domain brief §8.2), reported
# by it or not; the records under a breach follow the breach.
BREACH_SCOPE = ("entity", "involvements__entity")


def _under(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}__{path}" for path in BREACH_SCOPE)


class BreachIncident(ConcurrentTransitionMixin, VersionedModel):
    entity_scope = BREACH_SCOPE

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
        _("special categories of personal data"),
        default=False,
        help_text=_(
            "GDPR Art. 9/10: health, ethnic origin, beliefs, trade-union membership, sex life, "
            "biometrics, criminal convictions. Also counts as APPI special care-required data "
            "unless that question is answered separately."
        ),
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
    # APPI report items (PPC Rules Art. 8(1); PPC GL 3-5-3-3): item (1) overview with how the
    # leak came to light and the entrusting/entrusted businesses, item (4) the cause in words,
    # item (7) the public announcement (also the alternative to notifying the principals,
    # APPI Art. 26(2) proviso).
    discovery = BoundedTextField(
        _("how the breach was discovered"),
        blank=True,
        help_text=_("who found it, when and how (PPC Rules Art. 8(1)(i): overview)"),
    )
    entrustment = BoundedTextField(
        _("entrusting or entrusted businesses"),
        blank=True,
        help_text=_(
            "The business that entrusted the data to this entity, or the businesses this entity "
            "entrusted it to, with their names; 'none' when the data was not entrusted "
            "(PPC Rules Art. 8(1)(i): overview)"
        ),
    )
    cause_detail = BoundedTextField(
        _("cause in detail"),
        blank=True,
        help_text=_(
            "How the breach came about, beyond the category above (PPC Rules Art. 8(1)(iv))"
        ),
    )
    announced_on = models.DateField(
        _("public announcement made on"),
        null=True,
        blank=True,
        help_text=_("empty: no public announcement made (PPC Rules Art. 8(1)(vii))"),
    )
    announcement_where = models.CharField(
        _("where the announcement was made"),
        max_length=300,
        blank=True,
        validators=[validate_single_line],
        help_text=_("e.g. the web address of the notice on the company's website"),
    )
    announcement_text = BoundedTextField(
        _("text of the public announcement"),
        blank=True,
    )
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
    # --- v2 facts (domain brief §8.1, §8.5); each default keeps the v1 result -------------------
    appi_special_care = models.BooleanField(
        _("special care-required personal information (APPI)"),
        null=True,
        blank=True,
        help_text=_(
            "APPI Art. 2(3): race, creed, social status, medical history, criminal record, "
            "having been a crime victim, disability, health checks and treatment, criminal or "
            "juvenile procedure. Trade-union membership, sex life and biometrics are GDPR "
            "special categories but not this. Not answered: the GDPR answer is used."
        ),
    )
    possibly_over_1000 = models.BooleanField(
        _("more than 1,000 people possibly affected"),
        default=False,
        help_text=_(
            "More than 1,000 people cannot be ruled out, even if not confirmed "
            "(PPC Rules Art. 7(iv); PPC Guidelines 3-5-3-1)."
        ),
    )
    controller_subject_to_appi = models.BooleanField(
        _("the entrusting business is under the APPI"),
        default=True,
        help_text=_(
            "Only for an entity handling the data for another business: whether that business "
            "is itself under the APPI. If not (e.g. an EU controller), the entrusted business "
            "reports to the PPC itself: the Art. 26(1) proviso cannot exempt it."
        ),
    )
    assessed_at = models.DateTimeField(
        _("notifiability assessment completed at"),
        null=True,
        blank=True,
        help_text=_(
            "When the assessment whether the breach is notifiable was completed (Singapore "
            "PDPA s. 26D: the 3 days to the PDPC run from here). Empty while not assessed."
        ),
    )
    minors = models.BooleanField(
        _("data of children"), default=False, help_text=_("e.g. Brazil LGPD, ANPD Res. 15/2024")
    )
    authentication_data = models.BooleanField(
        _("credentials or authentication data"),
        default=False,
        help_text=_("passwords, tokens, security questions (ANPD Res. 15/2024 Art. 5)"),
    )
    financial_data = models.BooleanField(
        _("financial data"),
        default=False,
        help_text=_("bank, card or payment data (ANPD Res. 15/2024 Art. 5)"),
    )
    unique_identifiers = models.BooleanField(
        _("national identification numbers"),
        default=False,
        help_text=_("e.g. Korea's resident registration number, Singapore's NRIC (PIPA Art. 24)"),
    )
    large_scale = models.BooleanField(
        _("large scale"),
        default=False,
        help_text=_("a significant number of people affected (ANPD Res. 15/2024 Art. 5)"),
    )
    small_agent = models.BooleanField(
        _("small processing agent (Brazil)"),
        default=False,
        help_text=_("ANPD Res. 2/2022: the ANPD period doubles to 6 business days"),
    )
    nis2_entity = models.BooleanField(
        _("essential or important entity under NIS2"),
        default=False,
        help_text=_("NIS2 Art. 3, as transposed by the member state"),
    )
    significant_incident = models.BooleanField(
        _("significant incident (NIS2)"),
        default=False,
        help_text=_(
            "NIS2 Art. 23(3): severe operational disruption or financial loss, or considerable "
            "damage to others"
        ),
    )
    nis2_notified_at = models.DateTimeField(
        _("NIS2 incident notification submitted at"),
        null=True,
        blank=True,
        help_text=_(
            "The one-month final report (NIS2 Art. 23(4)(d)) runs from here; filled in when "
            "the incident notification is recorded as submitted."
        ),
    )
    # Items of the §8.5 regimes' notifications that no other field holds.
    recommended_steps = BoundedTextField(
        _("steps recommended to the affected persons"),
        blank=True,
        help_text=_(
            "What the affected persons should do in response to the breach, e.g. change their "
            "password, watch their bank statements (Australia Privacy Act s 26WK(3)(d); "
            "Singapore PDPA s 26D(2); Korea PIPA Art. 34(1) item 3; China PIPL Art. 57(2))"
        ),
    )
    processing_subject_count = models.PositiveIntegerField(
        _("data subjects of the processing affected"),
        null=True,
        blank=True,
        help_text=_(
            "The total number of persons whose data the affected processing activities hold, "
            "not only those affected by the incident (Brazil ANPD Res. 15/2024 Art. 6, XII). "
            "Leave empty when unknown."
        ),
    )
    indicators_of_compromise = BoundedTextField(
        _("indicators of compromise"),
        blank=True,
        help_text=_(
            "Where available: attacker addresses, domains, file hashes or other traces that "
            "let others detect the same attack (NIS2 Art. 23(4)(b))"
        ),
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
        permission=permission("breach.start_assessment"),
        custom={"admin": True, "label": _("Start assessment")},
    )
    def start_assessment(self) -> None:
        pass

    @transition(
        field=state,
        source=IncidentState.ASSESSING,
        target=IncidentState.NOTIFYING,
        permission=permission("breach.complete_assessment"),
        conditions=[lambda self: self.assessment_problem() is None],  # type: ignore[attr-defined]
        custom={"admin": True, "label": _("Assessment done: notify")},
    )
    def complete_assessment(self) -> None:
        pass

    @transition(
        field=state,
        source=IncidentState.NOTIFYING,
        target=IncidentState.MONITORING,
        permission=permission("breach.start_monitoring"),
        conditions=[lambda self: not self.open_required_deadlines()],  # type: ignore[attr-defined]
        custom={"admin": True, "label": _("Notifications done: monitor")},
    )
    def start_monitoring(self) -> None:
        pass

    @transition(
        field=state,
        source=IncidentState.MONITORING,
        target=IncidentState.CLOSED,
        permission=permission("breach.close"),
        conditions=[lambda self: not self.open_required_deadlines()],  # type: ignore[attr-defined]
        custom={"admin": True, "label": _("Close")},
    )
    def close(self) -> None:
        pass

    @transition(
        field=state,
        source=IncidentState.CLOSED,
        target=IncidentState.ASSESSING,
        permission=permission("breach.reopen"),
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


class BreachInvolvement(models.Model):
    """A group entity the breach concerns, with its role for this breach (domain brief §8.2).

    The engine runs once per involved entity, with that entity's establishment. The reporting
    entity (``incident.entity``, the one that found the breach) is always one of them, with the
    breach's ``role``. ``targeted_regimes`` is the assessment of which regimes reach the entity
    from outside their territory (GDPR Art. 3(2), APPI Art. 171, ...): NULL = not assessed (a
    real answer: the regimes are applied as a precaution and marked assumed), a list = assessed
    (a regime not in it does not reach the entity). ``exporter`` and ``transfer_tool``: the
    EEA/UK group member the entity received the data from, and under what, which makes it owe
    that member a group notification.
    """

    entity_scope = _under("incident")

    incident = models.ForeignKey(
        BreachIncident,
        on_delete=models.PROTECT,
        related_name="involvements",
        verbose_name=_("breach"),
    )
    entity = models.ForeignKey(
        GroupEntity,
        on_delete=models.PROTECT,
        related_name="breach_involvements",
        verbose_name=_("group entity"),
    )
    role = models.CharField(
        _("role for this breach"), max_length=10, choices=Role.choices, default=Role.CONTROLLER
    )
    targeted_regimes = models.JSONField(
        _("regimes reaching the entity from outside"),
        null=True,
        blank=True,
        help_text=_("empty (null): not assessed; a list of regime ids: assessed"),
    )
    exporter = models.ForeignKey(
        GroupEntity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received the data from"),
        help_text=_("the EEA or UK group member that transferred the breached data to this entity"),
    )
    transfer_tool = models.CharField(
        _("transferred under"), max_length=3, choices=TransferTool.choices, blank=True
    )
    scc_module = models.PositiveSmallIntegerField(
        _("SCC module"), choices=SccModule.choices, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["incident", "pk"]
        verbose_name = _("involved entity")
        verbose_name_plural = _("involved entities")
        constraints = [
            models.UniqueConstraint(fields=["incident", "entity"], name="involvement_once"),
            models.CheckConstraint(
                condition=~Q(exporter=models.F("entity")),
                name="involvement_exporter_other",
                violation_error_message=_("An entity does not export data to itself."),
            ),
            models.CheckConstraint(
                condition=(Q(exporter__isnull=True) & Q(transfer_tool=""))
                | (Q(exporter__isnull=False) & ~Q(transfer_tool="")),
                name="involvement_exporter_with_tool",
                violation_error_message=_(
                    "Name both the exporting member and the tool the data was transferred under."
                ),
            ),
            models.CheckConstraint(
                condition=Q(scc_module__isnull=True) | Q(transfer_tool=TransferTool.SCC),
                name="involvement_module_only_for_scc",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} ({self.get_role_display()})"

    @property
    def targeted(self) -> frozenset[str] | None:
        """``targeted_regimes`` as the engine takes it."""
        if self.targeted_regimes is None:
            return None
        return frozenset(str(r) for r in self.targeted_regimes)


class NotificationDeadline(VersionedModel):
    """One obligation the engine returned for one involved entity of a breach, with its due
    instant, where that instant comes from and its legal basis."""

    entity_scope = _under("incident")

    incident = models.ForeignKey(
        BreachIncident,
        on_delete=models.PROTECT,
        related_name="deadlines",
        verbose_name=_("breach"),
    )
    entity = models.ForeignKey(
        GroupEntity,
        on_delete=models.PROTECT,
        related_name="breach_deadlines",
        verbose_name=_("owed by"),
        help_text=_("the involved group entity that owes the obligation"),
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
    deadline_source = models.CharField(
        _("source of the due instant"),
        max_length=10,
        choices=DeadlineSource.choices,
        blank=True,
        help_text=_(
            "statute: a period the law fixes (missing it is late); guideline: a regulator's "
            "yardstick; internal: the office's own target. Empty without a due instant."
        ),
    )
    assumed = models.BooleanField(
        _("assumed"),
        default=False,
        help_text=_(
            "The regime was applied only because its reach to the entity from outside has not "
            "been assessed: answer that question on the breach."
        ),
    )
    basis = models.TextField(_("legal basis"))
    # The English basis's templates and parameters (compliance.legal_text), so that the reader
    # gets it in their language; ``basis`` stays the English text of record.
    basis_parts = models.JSONField(
        _("legal basis (parts)"), default=list, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    late = models.BooleanField(
        _("late"),
        null=True,
        blank=True,
        help_text=_(
            "met after the due instant; decided when the obligation is met and re-decided when "
            "a correction of the facts moves the due instant"
        ),
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
    exemption = models.CharField(
        _("ground of GDPR Art. 34(3)"),
        max_length=1,
        choices=Art34Exemption.choices,
        blank=True,
        help_text=_(
            "Why the communication to the data subjects is not required although the risk is "
            "high; chosen when it is marked not required."
        ),
    )

    history = HistoricalRecords()

    objects = NotificationDeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["incident", "due_at", "regime", "kind"]
        verbose_name = _("notification deadline")
        verbose_name_plural = _("notification deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "entity", "regime", "kind", "recipient_key"],
                name="deadline_one_per_entity_obligation",
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
            # The deadlines that are reminded and counted (``open_required``) by due instant:
            # the dashboard counts the overdue and the urgent ones and lists the first from
            # here, without reading the rows of every open deadline of the group.
            models.Index(
                fields=["due_at"],
                condition=Q(required=True, status=DeadlineStatus.OPEN),
                name="deadline_open_required_due",
            ),
            # The deadline list's order (NotificationDeadlineAdmin.get_ordering): open ones
            # first, then by due instant: its first page is read from here, not sorted from
            # every deadline of the group on each view.
            models.Index(
                Case(When(status=DeadlineStatus.OPEN, then=Value(0)), default=Value(1)),
                # Ascending is NULLS LAST in PostgreSQL, as the list orders (SQLite's CREATE
                # INDEX takes no NULLS clause).
                "due_at",
                F("incident").desc(),
                "id",
                name="deadline_list_order",
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.recipient_country_id})" if self.recipient_country_id else ""
        return f"{self.get_regime_display()} {self.get_kind_display()}{where}"

    def is_late_at(self, instant: datetime) -> bool:
        return self.due_at is not None and instant > self.due_at

    @property
    def source(self) -> str | None:
        """``deadline_source`` as the engine names it (None without a due instant)."""
        return self.deadline_source or None

    @property
    def lateness(self) -> str | None:
        """What to call this obligation met after its due instant ("late", "after the
        regulator's yardstick", "after the internal target"); None when it was not."""
        return lateness_label(self.source) if self.late else None

    @property
    def lateness_words(self) -> str:
        """``lateness`` in the reader's language ("" when not met late)."""
        return str(labels.LATENESS.get(self.source or "", "")) if self.late else ""

    @property
    def is_art34_communication(self) -> bool:
        """The communication to the data subjects of GDPR or UK GDPR Art. 34, which is not
        required only on one of the grounds of Art. 34(3)."""
        return (
            self.regime in (Regime.EU_GDPR, Regime.UK_GDPR)
            and self.kind == ObligationKind.DATA_SUBJECT_NOTIFICATION
        )

    @property
    def late_in_law(self) -> bool:
        """Met after a statutory period: late in law (domain brief §8.1)."""
        return bool(self.late) and asks_reasons_for_delay(self.source)

    @property
    def basis_text(self) -> str:
        """The legal basis in the active language (the stored English text when it has no
        parts)."""
        return legal_text.render(self.basis, self.basis_parts)

    @property
    def reasons_for_delay_basis(self) -> str | None:
        """The provision asking this obligation's notification, made after its statutory
        period, for the reasons of the delay (GDPR Art. 33(1)); None where the law asks none
        (the PPC Rules)."""
        return reasons_for_delay_basis(self.regime, self.kind, self.source)

    @property
    def asks_reasons_for_delay(self) -> bool:
        """Late in law under a provision that asks for the reasons of the delay."""
        return self.late_in_law and self.reasons_for_delay_basis is not None


class BreachNotification(ConcurrentTransitionMixin, VersionedModel):
    """A notification or report sent to fulfil a deadline: draft → submitted → acknowledged."""

    entity_scope = _under("incident")

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
    # Codes of compliance.breaches.contents items the law asks for that were not known when the
    # notification was submitted (GDPR Art. 33(4); PPC GL 3-5-3-3): printed "not yet known".
    not_yet_known = models.JSONField(
        _("items not yet known at submission"),
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "Items the law asks for that were recorded as not yet known when the notification "
            "was submitted; they follow in phases (GDPR Art. 33(4))."
        ),
    )
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

    @property
    def needs_late_reasons(self) -> bool:
        """Submitted after a statutory deadline (perhaps only since a correction of the facts
        moved it) and no reasons for the delay recorded yet."""
        return (
            self.state != NotificationState.DRAFT
            and self.deadline.asks_reasons_for_delay
            and not self.late_reasons.strip()
        )

    @transition(
        field=state,
        source=NotificationState.DRAFT,
        target=NotificationState.SUBMITTED,
        permission=permission("notification.submit"),
        custom={"admin": True, "label": _("Record submission")},
    )
    def submit(
        self,
        *,
        submitted_at: datetime,
        late_reasons: str = "",
        not_yet_known: list[str] | None = None,
        **_: Any,
    ) -> None:
        self.submitted_at = submitted_at
        self.late_reasons = late_reasons
        self.not_yet_known = list(not_yet_known or [])

    @transition(
        field=state,
        source=NotificationState.SUBMITTED,
        target=NotificationState.ACKNOWLEDGED,
        permission=permission("notification.acknowledge"),
        custom={"admin": True, "label": _("Record acknowledgement")},
    )
    def acknowledge(
        self, *, acknowledged_at: datetime, authority_reference: str = "", **_: Any
    ) -> None:
        self.acknowledged_at = acknowledged_at
        self.authority_reference = authority_reference


class NotificationPhase(models.Model):
    """Information given in phases (GDPR Art. 33(4)); a follow-up never resets the clock."""

    entity_scope = _under("notification__incident")

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
