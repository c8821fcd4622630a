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

from compliance.models.entities import CorporateGroup, GroupEntity
from compliance.models.reference import SupervisoryAuthority


class BCRKind(models.TextChoices):
    CONTROLLER = "BCR-C", _("controller BCRs (BCR-C)")
    PROCESSOR = "BCR-P", _("processor BCRs (BCR-P)")


class BindingCorporateRules(models.Model):
    coordinator_actions = ("view",)

    group = models.ForeignKey(
        CorporateGroup, on_delete=models.PROTECT, related_name="bcrs", verbose_name=_("group")
    )
    kind = models.CharField(_("kind"), max_length=5, choices=BCRKind.choices)
    title = models.CharField(_("title"), max_length=200)
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
    reference = models.CharField(_("approval reference"), max_length=100, blank=True)

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
