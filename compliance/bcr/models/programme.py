"""Approved Binding Corporate Rules and the entities bound by them (GDPR Art. 46(2)(b), 47).

A transfer between two group entities is covered by BCRs only while both are bound members of
an approved BCR of the right kind (BCR-C for controllers, BCR-P for processors) — from the
approval date and from the day each member joined (no transfers to a member before it is bound).
The approval procedure itself is a separate workflow.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from compliance import legal_text
from compliance.inputs import BoundedTextField, validate_single_line
from compliance.registry.models.entities import CorporateGroup, GroupEntity
from compliance.registry.models.reference import SupervisoryAuthority


class BCRKind(models.TextChoices):
    CONTROLLER = "BCR-C", _("controller BCRs (BCR-C)")
    PROCESSOR = "BCR-P", _("processor BCRs (BCR-P)")


class BindingCorporateRules(models.Model):
    coordinator_actions = ("view",)

    group = models.ForeignKey(
        CorporateGroup, on_delete=models.PROTECT, related_name="bcrs", verbose_name=_("group")
    )
    kind = models.CharField(_("kind"), max_length=5, choices=BCRKind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    lead_authority = models.ForeignKey(
        SupervisoryAuthority,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approving lead authority"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    invalid_from = models.DateField(
        _("invalid from"),
        null=True,
        blank=True,
        help_text=_("e.g. ICO approvals ceased to be valid for the EU after the transition period"),
    )
    reference = models.CharField(
        _("approval reference"), max_length=100, blank=True, validators=[validate_single_line]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "kind", "approved_on"]
        verbose_name = _("approved BCR")
        verbose_name_plural = _("approved BCRs")

    def __str__(self) -> str:
        when = (
            f" approved {self.approved_on.isoformat()}" if self.approved_on else " (not approved)"
        )
        return f"{self.get_kind_display()}{when}"

    def in_force_on(self, on: date) -> bool:
        return (
            self.approved_on is not None
            and self.approved_on <= on
            and (self.invalid_from is None or on < self.invalid_from)
        )


class BCRMember(models.Model):
    entity_scope = ("entity",)
    coordinator_actions = ("view",)

    bcr = models.ForeignKey(
        BindingCorporateRules,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("BCR"),
    )
    entity = models.ForeignKey(
        GroupEntity,
        on_delete=models.PROTECT,
        related_name="bcr_memberships",
        verbose_name=_("entity"),
    )
    joined_on = models.DateField(_("bound from"))
    left_on = models.DateField(_("bound until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bcr", "entity", "joined_on"]
        verbose_name = _("BCR member")
        verbose_name_plural = _("BCR members")
        constraints = [
            models.UniqueConstraint(
                fields=["bcr", "entity", "joined_on"], name="bcr_member_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="bcr_member_valid_range",
                violation_error_message=_("A member cannot leave before it joined."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} in {self.bcr}"

    def bound_on(self, on: date) -> bool:
        return self.joined_on <= on and (self.left_on is None or on <= self.left_on)


def bcr_covering(
    exporter: GroupEntity, importer: GroupEntity, kind: str, on: date
) -> BindingCorporateRules | None:
    """The approved BCR of ``kind`` binding both entities on ``on``, or None."""
    for bcr in BindingCorporateRules.objects.filter(kind=kind, group_id=exporter.group_id):
        if not bcr.in_force_on(on):
            continue
        bound = {
            m.entity_id
            for m in bcr.members.filter(entity__in=[exporter, importer])
            if m.bound_on(on)
        }
        if {exporter.pk, importer.pk} <= bound:
            return bcr
    return None


# Life after approval: what approved BCRs oblige the group to keep doing (GDPR Art. 47(2)(h)–(k),
# (n)). Plain records, written through compliance.bcr.services.


class BCRAnnualUpdate(models.Model):
    """The yearly report to the BCR Lead: changes since the last one and the member list."""

    coordinator_actions = ("view",)

    bcr = models.ForeignKey(
        BindingCorporateRules,
        on_delete=models.PROTECT,
        related_name="annual_updates",
        verbose_name=_("BCR"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    due_on = models.DateField(
        _("due on"), help_text=_("one year after the approval or the last update")
    )
    sent_on = models.DateField(_("sent on"))
    sent_to = models.ForeignKey(
        SupervisoryAuthority, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent to")
    )
    members_snapshot = models.JSONField(
        _("member list sent"), default=list, blank=True, help_text=_("as it stood when sent")
    )
    changes = BoundedTextField(_("changes since the last update"), blank=True)
    basis = models.TextField(_("legal basis of the due date"), blank=True)
    # The English basis's templates and parameters (compliance.legal_text), so that the reader
    # gets it in their language; ``basis`` stays the English text of record.
    basis_parts = models.JSONField(
        _("legal basis (parts)"), default=list, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["bcr", "-sent_on"]
        verbose_name = _("BCR annual update")
        verbose_name_plural = _("BCR annual updates")
        constraints = [
            models.UniqueConstraint(fields=["bcr", "period_end"], name="bcr_annual_update_unique"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="bcr_annual_update_period",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bcr} update {self.period_start}–{self.period_end}"

    @property
    def late(self) -> bool:
        return self.sent_on > self.due_on

    @property
    def basis_text(self) -> str:
        """The legal basis of the due date in the active language (the stored English text
        when it has no parts)."""
        return legal_text.render(self.basis, self.basis_parts)


class BCRSubstantialChange(models.Model):
    """A change that may affect the level of protection: reported to the Lead promptly."""

    coordinator_actions = ("view",)

    bcr = models.ForeignKey(
        BindingCorporateRules,
        on_delete=models.PROTECT,
        related_name="substantial_changes",
        verbose_name=_("BCR"),
    )
    changed_on = models.DateField(_("changed on"))
    description = BoundedTextField(_("what changed"))
    affects_protection = models.BooleanField(
        _("may affect the level of protection"),
        default=True,
        help_text=_("or the binding nature of the BCRs: then the Lead is told promptly"),
    )
    reported_on = models.DateField(_("reported to the Lead on"), null=True, blank=True)
    reported_to = models.ForeignKey(
        SupervisoryAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported to"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["bcr", "-changed_on"]
        verbose_name = _("BCR substantial change")
        verbose_name_plural = _("BCR substantial changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(reported_on__isnull=True) | Q(reported_on__gte=models.F("changed_on")),
                name="bcr_change_reported_after_change",
                violation_error_message=_("A change cannot be reported before it happened."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bcr}: change of {self.changed_on}"


class BCRTrainingRecord(models.Model):
    """Training of staff with access to personal data (GDPR Art. 47(2)(n))."""

    entity_scope = ("entity",)

    bcr = models.ForeignKey(
        BindingCorporateRules,
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name=_("BCR"),
    )
    entity = models.ForeignKey(
        GroupEntity,
        on_delete=models.PROTECT,
        related_name="bcr_trainings",
        verbose_name=_("entity"),
    )
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bcr", "-held_on"]
        verbose_name = _("BCR training record")
        verbose_name_plural = _("BCR training records")

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on})"


class BCRComplaint(models.Model):
    """A data subject's complaint under the BCR complaint procedure (GDPR Art. 47(2)(i))."""

    entity_scope = ("entity",)
    coordinator_actions = ("view",)

    bcr = models.ForeignKey(
        BindingCorporateRules,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("BCR"),
    )
    entity = models.ForeignKey(
        GroupEntity,
        on_delete=models.PROTECT,
        related_name="bcr_complaints",
        verbose_name=_("member concerned"),
    )
    received_on = models.DateField(_("received on"))
    subject = models.CharField(_("subject"), max_length=200)
    handled_on = models.DateField(_("handled on"), null=True, blank=True)
    outcome = BoundedTextField(_("outcome"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bcr", "-received_on"]
        verbose_name = _("BCR complaint")
        verbose_name_plural = _("BCR complaints")
        constraints = [
            models.CheckConstraint(
                condition=Q(handled_on__isnull=True) | Q(handled_on__gte=models.F("received_on")),
                name="bcr_complaint_handled_after_receipt",
                violation_error_message=_("A complaint cannot be handled before it was received."),
            ),
            models.CheckConstraint(
                condition=Q(handled_on__isnull=True) | ~Q(outcome=""),
                name="bcr_complaint_handled_has_outcome",
                violation_error_message=_("Record the outcome of a handled complaint."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.received_on})"

    @property
    def handled(self) -> bool:
        return self.handled_on is not None
