"""Standard contractual clauses (GDPR Art. 46(2)(c); UK IDTA and Addendum, DPA 2018 s. 119A).

A contract binds its parties from the signature (or, for a party acceding under the docking
clause, Clause 7 of the 2021 SCCs, from its accession) until it is terminated or superseded.
It covers the transfers linked to it whose exporter and importer are its parties on the date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from compliance.inputs import BoundedTextField, validate_single_line
from compliance.registry.models import GroupEntity
from compliance.roles import permission
from compliance.workflow.models import VersionedModel
from transfers.choices import PartySide, SCCModule, SCCState, SCCVersion
from transfers.models.parties import ExternalRecipient
from transfers.models.transfers import DataTransfer

# The roles each module of the 2021 SCCs is written for (Decision (EU) 2021/914, Annex, Section I).
MODULE_ROLES = {
    1: ("controller", "controller"),
    2: ("controller", "processor"),
    3: ("processor", "processor"),
    4: ("processor", "controller"),
}

WITH_MODULES = (SCCVersion.V2021, SCCVersion.UK_ADDENDUM)


class SCCContract(ConcurrentTransitionMixin, VersionedModel):
    entity_scope = ("parties__entity",)
    coordinator_actions = ("view",)

    reference = models.CharField(
        _("reference"), max_length=100, unique=True, validators=[validate_single_line]
    )
    scc_version = models.CharField(_("version"), max_length=12, choices=SCCVersion.choices)
    module = models.PositiveSmallIntegerField(
        _("module"),
        choices=SCCModule.choices,
        null=True,
        blank=True,
        help_text=_(
            "empty for the IDTA, which has no modules; 2010 SCCs: normally empty (they had no "
            "modules: the set follows from the roles), or 1 or 2"
        ),
    )
    docking_clause = models.BooleanField(
        _("docking clause"),
        default=False,
        help_text=_("Clause 7 of the 2021 SCCs: new parties may accede"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    terminated_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("first day the contract no longer applies (terminated or superseded)"),
    )
    next_review_on = models.DateField(
        _("next review on"),
        null=True,
        blank=True,
        help_text=_("periodic review of the clauses and of the TIA they rely on"),
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    state = FSMField(_("state"), default=SCCState.DRAFT, choices=SCCState.choices, protected=True)
    transfers = models.ManyToManyField(
        DataTransfer, blank=True, related_name="scc_contracts", verbose_name=_("transfers covered")
    )
    entity_parties = models.ManyToManyField(
        GroupEntity,
        through="SCCParty",
        through_fields=("contract", "entity"),
        related_name="scc_contracts",
        verbose_name=_("group entities party to it"),
    )
    recipient_parties = models.ManyToManyField(
        ExternalRecipient,
        through="SCCParty",
        through_fields=("contract", "external_recipient"),
        related_name="scc_contracts",
        verbose_name=_("external recipients party to it"),
    )
    notes = BoundedTextField(_("notes"), blank=True)

    history = HistoricalRecords(m2m_fields=[transfers])

    class Meta:
        ordering = ["reference"]
        verbose_name = _("SCC contract")
        verbose_name_plural = _("SCC contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True)
                | (Q(signed_on__isnull=False) & Q(terminated_on__gte=models.F("signed_on"))),
                name="scc_signed_before_termination",
                violation_error_message=_(
                    "A contract cannot be signed after it was terminated, nor end unsigned."
                ),
            ),
            models.CheckConstraint(
                condition=Q(scc_version=SCCVersion.UK_IDTA, module__isnull=True)
                | Q(scc_version__in=WITH_MODULES, module__isnull=False)
                | Q(scc_version=SCCVersion.V2010, module__isnull=True)
                | Q(scc_version=SCCVersion.V2010, module__in=[1, 2]),
                name="scc_module_fits_version",
                violation_error_message=_(
                    "The 2021 SCCs and the UK Addendum need a module; the 2010 SCCs had no "
                    "modules (empty, or 1 or 2 for their two sets); the IDTA has no modules."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state=SCCState.DRAFT) | Q(signed_on__isnull=False),
                name="scc_signed_state_has_date",
            ),
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(next_review_on__gt=models.F("signed_on")),
                name="scc_review_after_signature",
                violation_error_message=_("The next review comes after the signature."),
            ),
        ]

    def __str__(self) -> str:
        module = f" module {self.module}" if self.module else ""
        return f"{self.reference} ({self.scc_version}{module})"

    def in_force_on(self, on: date) -> bool:
        return (
            self.state != SCCState.DRAFT
            and self.signed_on is not None
            and self.signed_on <= on
            and (self.terminated_on is None or on < self.terminated_on)
        )

    @transition(
        field=state,
        source=SCCState.DRAFT,
        target=SCCState.SIGNED,
        permission=permission("scc.sign"),
        custom={"admin": True, "label": _("Record signature"), "form": "transfers.forms.SignForm"},
    )
    def sign(self, *, signed_on: date, next_review_on: date | None = None, **_: Any) -> None:
        self.signed_on = signed_on
        if next_review_on is not None:
            self.next_review_on = next_review_on

    @transition(
        field=state,
        source=SCCState.SIGNED,
        target=SCCState.TERMINATED,
        permission=permission("scc.terminate"),
        custom={
            "admin": True,
            "label": _("Record termination"),
            "form": "transfers.forms.TerminateForm",
        },
    )
    def terminate(self, *, terminated_on: date, **_: Any) -> None:
        self.terminated_on = terminated_on

    @transition(
        field=state,
        source=SCCState.SIGNED,
        target=SCCState.SUPERSEDED,
        permission=permission("scc.supersede"),
        custom={
            "admin": True,
            "label": _("Superseded by a new contract"),
            "form": "transfers.forms.SupersedeForm",
        },
    )
    def supersede(self, *, successor: SCCContract, **_: Any) -> None:
        self.superseded_by = successor
        self.terminated_on = successor.signed_on

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.signed_on and self.terminated_on and self.signed_on > self.terminated_on:
            errors.setdefault("signed_on", []).append(
                _("The contract cannot be signed (%(signed)s) after it was terminated (%(end)s).")
                % {"signed": self.signed_on.isoformat(), "end": self.terminated_on.isoformat()}
            )
        review, signed = self.next_review_on, self.signed_on
        if review is not None and signed is not None and review <= signed:
            errors.setdefault("next_review_on", []).append(
                _("The next review (%(review)s) must come after the signature (%(signed)s).")
                % {"review": review.isoformat(), "signed": signed.isoformat()}
            )
        if self.scc_version == SCCVersion.UK_IDTA and self.module is not None:
            errors.setdefault("module", []).append(_("The IDTA has no modules: leave it empty."))
        elif self.scc_version in WITH_MODULES and self.module is None:
            errors.setdefault("module", []).append(
                _("Choose the module (1-4) matching the parties' roles.")
            )
        elif self.scc_version == SCCVersion.V2010 and self.module not in (None, 1, 2):
            errors.setdefault("module", []).append(
                _(
                    "The 2010 SCCs had only controller-to-controller (1) and "
                    "controller-to-processor (2) sets; leave the module empty, the set follows "
                    "from the roles."
                )
            )
        with_docking = (SCCVersion.V2021, SCCVersion.UK_ADDENDUM)
        if self.docking_clause and self.scc_version not in with_docking:
            errors.setdefault("docking_clause", []).append(
                _("Only the 2021 SCCs (and the UK Addendum to them) have a docking clause.")
            )
        if errors:
            raise ValidationError(errors)


class SCCParty(models.Model):
    """A party to an SCC contract: a group entity or an external recipient, on one side."""

    entity_scope = ("entity",)
    coordinator_actions = ("view",)

    contract = models.ForeignKey(
        SCCContract, on_delete=models.CASCADE, related_name="parties", verbose_name=_("contract")
    )
    entity = models.ForeignKey(
        GroupEntity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group entity"),
    )
    external_recipient = models.ForeignKey(
        ExternalRecipient,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("external recipient"),
    )
    side = models.CharField(_("side"), max_length=8, choices=PartySide.choices)
    acceded_on = models.DateField(
        _("acceded on"),
        null=True,
        blank=True,
        help_text=_("docking clause (Clause 7): empty for a party from the signature"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "side", "pk"]
        verbose_name = _("SCC party")
        verbose_name_plural = _("SCC parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(entity__isnull=False, external_recipient__isnull=True)
                | Q(entity__isnull=True, external_recipient__isnull=False),
                name="scc_party_exactly_one",
                violation_error_message=_(
                    "A party is a group entity or an external recipient, not both."
                ),
            ),
            models.UniqueConstraint(
                fields=["contract", "entity", "side"],
                condition=Q(entity__isnull=False),
                name="scc_party_entity_once",
            ),
            models.UniqueConstraint(
                fields=["contract", "external_recipient", "side"],
                condition=Q(external_recipient__isnull=False),
                name="scc_party_recipient_once",
            ),
        ]

    def __str__(self) -> str:
        who = self.entity if self.entity_id is not None else self.external_recipient
        return f"{who} ({self.side})"

    def bound_on(self, on: date, contract: SCCContract) -> bool:
        start = self.acceded_on or contract.signed_on
        return start is not None and start <= on and contract.in_force_on(on)
