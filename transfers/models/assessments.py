"""Transfer impact assessments (CJEU C-311/18; EDPB Recommendations 01/2020; SCC Clause 14).

Required for every Art. 46 tool relied on since 2020-07-16 (the UK calls it a transfer risk
assessment). The engine is told whether one was approved on or before the date evaluated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from compliance.inputs import BoundedTextField
from compliance.roles import permission
from compliance.workflow.models import VersionedModel
from transfers.choices import TIAState
from transfers.models.transfers import DataTransfer


class TransferImpactAssessment(ConcurrentTransitionMixin, VersionedModel):
    entity_scope = ("transfer__exporter", "transfer__importer")

    transfer = models.ForeignKey(
        DataTransfer, on_delete=models.PROTECT, related_name="tias", verbose_name=_("transfer")
    )
    destination_laws = BoundedTextField(
        _("laws on public-authority access"),
        help_text=_("EDPB Recommendations 01/2020, step 3: the destination's laws"),
    )
    practice = BoundedTextField(
        _("practice of the authorities"), blank=True, help_text=_("step 3: how they are applied")
    )
    supplementary_measures = BoundedTextField(
        _("supplementary measures"), blank=True, help_text=_("step 4: technical, contractual")
    )
    conclusion = BoundedTextField(_("conclusion"), blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    state = FSMField(_("state"), default=TIAState.DRAFT, choices=TIAState.choices, protected=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["transfer", "-approved_on"]
        verbose_name = _("transfer impact assessment")
        verbose_name_plural = _("transfer impact assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(state=TIAState.DRAFT) | Q(approved_on__isnull=False),
                name="tia_approved_has_date",
                violation_error_message=_("An approved assessment has an approval date."),
            ),
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True)
                | Q(approved_on__isnull=True)
                | Q(next_review_on__gt=models.F("approved_on")),
                name="tia_review_after_approval",
                violation_error_message=_("The next review comes after the approval."),
            ),
        ]

    def __str__(self) -> str:
        when = f" approved {self.approved_on.isoformat()}" if self.approved_on else " (draft)"
        return f"TIA for {self.transfer.reference}{when}"

    @transition(
        field=state,
        source=TIAState.DRAFT,
        target=TIAState.APPROVED,
        permission=permission("tia.approve"),
        custom={"admin": True, "label": _("Approve"), "form": "transfers.forms.ApproveTIAForm"},
    )
    def approve(self, *, approved_on: date, next_review_on: date | None = None, **_: Any) -> None:
        self.approved_on = approved_on
        self.next_review_on = next_review_on

    @transition(
        field=state,
        source=TIAState.APPROVED,
        target=TIAState.REASSESSMENT_DUE,
        permission=permission("tia.flag_reassessment"),
        custom={"admin": True, "label": _("Reassessment due")},
    )
    def flag_reassessment(self, **_: Any) -> None:
        pass
