"""The transfer register: each data flow, its approval workflow and its stored evaluations.

A ``DataTransfer`` holds facts; the transfer engine (``transfers.rules.mechanisms``) judges them
on a date, and the result is stored as a ``TransferEvaluation``. The transfer keeps denormalised
copies of its current evaluation (``current_mechanism``, ``current_lawful``, ``has_blocker``) so
that the register can be filtered without joins.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from compliance.choices import Role
from compliance.inputs import BoundedTextField, validate_single_line
from compliance.registry.models import GroupEntity
from compliance.roles import permission
from compliance.workflow.models import VersionedModel
from transfers.choices import (
    DEROGATION_CHOICES,
    ExportRegime,
    Frequency,
    Mechanism,
    TransferState,
)
from transfers.models.parties import ExternalRecipient, ProcessingActivity
from transfers.rules.vocabulary import COMPELLING_INTERESTS

S = TransferState
# Written by the services from the engine's result, never typed in: kept out of the history,
# which records what people changed.
EVALUATION_COLUMNS = (
    "current_result",
    "current_lawful",
    "current_mechanism",
    "has_blocker",
)


class DataTransfer(ConcurrentTransitionMixin, VersionedModel):
    entity_scope = ("exporter", "importer")

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    exporter = models.ForeignKey(
        GroupEntity, on_delete=models.PROTECT, related_name="exports", verbose_name=_("exporter")
    )
    exporter_role = models.CharField(
        _("exporter's role"), max_length=10, choices=Role.choices, default=Role.CONTROLLER
    )
    importer = models.ForeignKey(
        GroupEntity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("importing group entity"),
    )
    external_recipient = models.ForeignKey(
        ExternalRecipient,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
        verbose_name=_("external recipient"),
    )
    importer_role = models.CharField(
        _("importer's role"), max_length=10, choices=Role.choices, default=Role.CONTROLLER
    )
    processing_activity = models.ForeignKey(
        ProcessingActivity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
        verbose_name=_("processing activity"),
    )
    data_categories = BoundedTextField(_("categories of personal data"), blank=True)
    special_categories = models.BooleanField(
        _("includes special categories"),
        default=False,
        help_text=_("GDPR Art. 9/10; APPI special care-required personal information"),
    )
    purpose = BoundedTextField(_("purpose"), blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.CONTINUOUS
    )
    start_date = models.DateField(_("starts on"))
    end_date = models.DateField(_("ends on"), null=True, blank=True)
    continues = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onward_transfers",
        verbose_name=_("onward transfer of"),
        help_text=_("the transfer that brought the data to this exporter (e.g. EU → JP → US)"),
    )
    hr_data = models.BooleanField(
        _("includes HR data of employees"),
        default=False,
        help_text=_(
            "Does the transfer include human-resources data of employees (collected in the "
            "context of employment)? A US recipient's DPF certification covers such data only "
            "if it certified for it (DPF Supplemental Principle 9)."
        ),
    )
    eu_origin = models.BooleanField(
        _("EU- or UK-origin data (set)"),
        default=False,
        help_text=_(
            "Did the data come to this Japanese exporter from the EEA or the UK under an adequacy "
            "decision? Then the PPC Supplementary Rules apply and APEC CBPR certification alone "
            "does not suffice (Supplementary Rule (4)). Derived from the onward chain when it "
            "starts in the EEA or the UK; tick it when the origin is known otherwise."
        ),
    )
    appi_consent = models.BooleanField(
        _("APPI: informed consent"), default=False, help_text=_("APPI Art. 28(1)-(2)")
    )
    appi_equivalent_measures = models.BooleanField(
        _("APPI: equivalent-measures system"),
        default=False,
        help_text=_("contract or binding intra-group rules (PPC Enforcement Rules Art. 16(i))"),
    )
    derogation = models.CharField(
        _("derogation relied on"),
        max_length=30,
        choices=DEROGATION_CHOICES,
        blank=True,
        help_text=_(
            "Only for an occasional transfer that no adequacy decision, BCRs or contract covers "
            "(GDPR Art. 49; EDPB Guidelines 2/2018)."
        ),
    )
    # GDPR / UK GDPR Art. 49(1) second subparagraph and 49(6): what the last-resort derogation
    # requires the controller to assess, document and tell.
    compelling_interests = models.TextField(
        _("compelling legitimate interests and safeguards"),
        blank=True,
        help_text=_(
            "Compelling legitimate interests only (Art. 49(1) second subparagraph): which "
            "compelling legitimate interest does the transfer serve, why no other tool or "
            "derogation is available, how few data subjects it concerns, and which safeguards "
            "you assessed? This is the documentation Art. 49(6) requires."
        ),
    )
    authority_informed_on = models.DateField(
        _("supervisory authority informed on"),
        null=True,
        blank=True,
        help_text=_(
            "Compelling legitimate interests only: the controller informs the supervisory "
            "authority of the transfer (Art. 49(1) second subparagraph)."
        ),
    )
    subjects_informed_on = models.DateField(
        _("data subjects informed on"),
        null=True,
        blank=True,
        help_text=_(
            "Compelling legitimate interests only: the data subjects are told of the transfer "
            "and of the compelling legitimate interests pursued (Art. 49(1) second "
            "subparagraph; Art. 13, 14)."
        ),
    )
    state = FSMField(
        _("state"), default=S.REQUESTED, choices=S.choices, protected=True, db_index=True
    )
    legal_approver = models.CharField(
        _("approving lawyer"),
        max_length=200,
        blank=True,
        help_text=_("the lawyer whose sign-off the DPO recorded"),
        validators=[validate_single_line],
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    # The engine's result of the newest evaluation, with its verdict copied into the columns
    # below (the lists filter on them); None before the first evaluation. A result is shared
    # by every evaluation with the same facts (``EvaluationResult``), so a re-evaluation that
    # finds what the last one found leaves the transfer row alone: a group re-evaluation
    # rewrites only the transfers whose result changed, not the whole register. The date and
    # instant of the newest evaluation are on the evaluation (``latest_evaluation``). No index
    # (it is followed, never searched) and no database constraint (only the services write
    # it, with a result they have just found or stored), so that writing it stays cheap.
    current_result = models.ForeignKey(
        "EvaluationResult",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        editable=False,
        related_name="+",
        verbose_name=_("current result"),
    )
    # None before the first evaluation (``current_result`` empty) and for "not assessed".
    current_lawful = models.BooleanField(_("lawful"), null=True, editable=False)
    current_mechanism = models.CharField(
        _("basis"), max_length=20, choices=Mechanism.choices, blank=True, editable=False
    )
    has_blocker = models.BooleanField(_("blocker"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=list(EVALUATION_COLUMNS))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("data transfer")
        verbose_name_plural = _("transfer register")
        indexes = [
            models.Index(fields=["has_blocker", "state"], name="transfer_blocker_state"),
            models.Index(fields=["current_mechanism"], name="transfer_mechanism"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(importer__isnull=False, external_recipient__isnull=True)
                | Q(importer__isnull=True, external_recipient__isnull=False),
                name="transfer_exactly_one_recipient",
                violation_error_message=_(
                    "A transfer goes to exactly one recipient: a group entity or an external "
                    "recipient."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(importer=models.F("exporter")),
                name="transfer_two_parties",
                violation_error_message=_("Exporter and importer are the same entity."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="transfer_period",
                violation_error_message=_("A transfer cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(derogation="") | Q(frequency=Frequency.OCCASIONAL),
                name="transfer_derogation_occasional",
                violation_error_message=_(
                    "A derogation (Art. 49) covers only occasional transfers."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(continues=models.F("id")),
                name="transfer_not_continuing_itself",
                violation_error_message=_("A transfer cannot continue itself."),
            ),
            # No verdict without the result it comes from: before the first evaluation the
            # verdict columns are empty (the dashboard counts them from an index that leaves
            # the pointer out, migration 0013).
            models.CheckConstraint(
                condition=Q(current_result__isnull=False)
                | Q(current_lawful__isnull=True, current_mechanism="", has_blocker=False),
                name="transfer_verdict_has_result",
                violation_error_message=_("A transfer's verdict comes from its current result."),
            ),
            models.CheckConstraint(
                condition=~Q(state=S.ACTIVE) | ~Q(legal_approver=""),
                name="transfer_active_has_legal_approver",
                violation_error_message=_("An active transfer names the approving lawyer."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    @property
    def reference(self) -> str:
        return "TR-new" if self.pk is None else _reference(self.pk)

    @property
    def current_verdict(self) -> str:
        """The current evaluation in words: "not evaluated" before the first one."""
        if self.current_result_id is None:
            return str(_("not evaluated"))
        return verdict_label(self.current_lawful)

    def latest_evaluation(self) -> TransferEvaluation | None:
        """The newest evaluation with its result (one query, through ``evaluation_latest``)."""
        if self.pk is None or self.current_result_id is None:
            return None
        return self.evaluations.select_related("result").order_by("-evaluated_at", "-pk").first()

    @property
    def recipient(self) -> GroupEntity | ExternalRecipient | None:
        if self.importer_id is not None:
            return self.importer
        return self.external_recipient if self.external_recipient_id is not None else None

    @property
    def importer_country_id(self) -> str | None:
        recipient = self.recipient
        return recipient.country_id if recipient is not None else None

    # Transitions. Guards that need the engine (no approval with a blocker) live in
    # transfers.services, so that a refusal names the blockers.

    @transition(
        field=state,
        source=S.REQUESTED,
        target=S.DPO_REVIEW,
        permission=permission("transfer.start_review"),
        custom={"admin": True, "label": _("Start DPO review")},
    )
    def start_review(self, **_: Any) -> None:
        pass

    @transition(
        field=state,
        source=S.DPO_REVIEW,
        target=S.LEGAL_APPROVAL,
        permission=permission("transfer.send_to_legal"),
        custom={"admin": True, "label": _("Review done: to legal approval")},
    )
    def send_to_legal(self, **_: Any) -> None:
        pass

    @transition(
        field=state,
        source=S.LEGAL_APPROVAL,
        target=S.DPO_REVIEW,
        permission=permission("transfer.return_to_review"),
        custom={
            "admin": True,
            "label": _("Legal asks for changes: back to review"),
            "form": "transfers.forms.TransitionReasonForm",
        },
    )
    def return_to_review(self, **_: Any) -> None:
        pass

    @transition(
        field=state,
        source=S.LEGAL_APPROVAL,
        target=S.ACTIVE,
        permission=permission("transfer.approve"),
        custom={
            "admin": True,
            "label": _("Record legal approval: activate"),
            "form": "transfers.forms.ApproveTransferForm",
        },
    )
    def approve(self, *, approving_lawyer: str, approved_on: Any, **_: Any) -> None:
        self.legal_approver = approving_lawyer
        self.approved_on = approved_on

    @transition(
        field=state,
        source=S.ACTIVE,
        target=S.SUSPENDED,
        permission=permission("transfer.suspend"),
        custom={
            "admin": True,
            "label": _("Suspend"),
            "form": "transfers.forms.TransitionReasonForm",
        },
    )
    def suspend(self, **_: Any) -> None:
        pass

    @transition(
        field=state,
        source=S.SUSPENDED,
        target=S.ACTIVE,
        permission=permission("transfer.resume"),
        custom={"admin": True, "label": _("Resume")},
    )
    def resume(self, **_: Any) -> None:
        pass

    # Anyone who may change the transfer may send it back to review: it grants nothing. The
    # update service does so itself when the processing changes.
    @transition(
        field=state,
        source=[S.ACTIVE, S.SUSPENDED],
        target=S.DPO_REVIEW,
        permission=permission("transfer.reopen_review"),
        custom={
            "admin": True,
            "label": _("Processing changed: back to review"),
            "form": "transfers.forms.TransitionReasonForm",
        },
    )
    def reopen_review(self, **_: Any) -> None:
        pass

    @transition(
        field=state,
        source=[S.REQUESTED, S.DPO_REVIEW, S.LEGAL_APPROVAL, S.ACTIVE, S.SUSPENDED],
        target=S.RETIRED,
        permission=permission("transfer.retire"),
        custom={
            "admin": True,
            "label": _("Retire / withdraw"),
            "form": "transfers.forms.TransitionReasonForm",
        },
    )
    def retire(self, **_: Any) -> None:
        pass

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        self._clean_parties(errors)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(
                _("The transfer cannot end (%(end)s) before it starts (%(start)s).")
                % {"end": self.end_date.isoformat(), "start": self.start_date.isoformat()}
            )
        if self.derogation and self.frequency != Frequency.OCCASIONAL:
            errors.setdefault("derogation", []).append(
                _(
                    "A derogation (GDPR Art. 49) covers only occasional, non-repetitive "
                    "transfers; this transfer is %(frequency)s. Rely on another tool, or record "
                    "the transfer as occasional if it is."
                )
                % {"frequency": self.get_frequency_display()}
            )
        self._clean_compelling_interests(errors)
        if self.continues_id is not None:
            self._clean_chain(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_compelling_interests(self, errors: dict[str, list[Any]]) -> None:
        if self.derogation == COMPELLING_INTERESTS:
            if not self.compelling_interests.strip():
                errors.setdefault("compelling_interests", []).append(
                    _(
                        "The compelling-legitimate-interests derogation must be documented "
                        "(GDPR Art. 49(6)): state the interest, why no other tool is available, "
                        "the number of data subjects and the safeguards assessed."
                    )
                )
            return
        filled = [
            name
            for name in ("compelling_interests", "authority_informed_on", "subjects_informed_on")
            if getattr(self, name) not in (None, "")
        ]
        for name in filled:
            errors.setdefault(name, []).append(
                _(
                    "Only for the compelling-legitimate-interests derogation (Art. 49(1) second "
                    "subparagraph): choose it as the derogation relied on, or leave this empty."
                )
            )

    def _clean_parties(self, errors: dict[str, list[Any]]) -> None:
        has_entity = self.importer_id is not None
        has_external = self.external_recipient_id is not None
        if has_entity == has_external:
            errors.setdefault("importer", []).append(
                _(
                    "A transfer goes to exactly one recipient: choose a group entity or an "
                    "external recipient, not both and not neither."
                )
            )
        if self.exporter_id is None:
            return
        exporter = self.exporter
        if has_entity and self.importer_id == self.exporter_id:
            errors.setdefault("importer", []).append(
                _("Exporter and importer are the same entity (%(entity)s): nothing is sent.")
                % {"entity": exporter.short_name}
            )
        elif has_entity and self.importer is not None:
            if self.importer.group_id != exporter.group_id:
                errors.setdefault("importer", []).append(
                    _("%(importer)s belongs to another group: record it as an external recipient.")
                    % {"importer": self.importer.short_name}
                )
            _check_role(self.importer, self.importer_role, "importer_role", errors)
        _check_role(exporter, self.exporter_role, "exporter_role", errors)

    def _clean_chain(self, errors: dict[str, list[Any]]) -> None:
        previous = self.continues
        if previous is None:
            return
        if self.pk is not None:
            loop = _chain_loop(self.pk, previous)
            if loop:
                errors.setdefault("continues", []).append(
                    _(
                        "This onward chain loops (%(chain)s): a transfer cannot continue itself "
                        "through any number of steps."
                    )
                    % {"chain": " → ".join(loop)}
                )
                return
        if previous.importer_id != self.exporter_id:
            arrived_at = previous.recipient
            errors.setdefault("continues", []).append(
                _(
                    "%(previous)s brings the data to %(where)s, not to %(exporter)s: an onward "
                    "transfer continues a transfer whose importer is its exporter."
                )
                % {
                    "previous": previous.reference,
                    "where": arrived_at if arrived_at is not None else "—",
                    "exporter": self.exporter if self.exporter_id else "—",
                }
            )


def _check_role(entity: GroupEntity, role: str, field: str, errors: dict[str, list[Any]]) -> None:
    capable = entity.is_processor if role == Role.PROCESSOR else entity.is_controller
    if not capable:
        errors.setdefault(field, []).append(
            _("%(entity)s is not recorded as a %(role)s in the group registry.")
            % {"entity": entity.short_name, "role": role}
        )


def _chain_loop(pk: int, start: DataTransfer) -> list[str]:
    """The references around the loop if following ``continues`` from ``start`` reaches ``pk``."""
    path = [_reference(pk)]
    seen: set[int] = set()
    current_id: int | None = start.pk
    next_id: int | None = start.continues_id
    while current_id is not None:
        path.append(_reference(current_id))
        if current_id == pk:
            return path
        if current_id in seen:
            return []  # a loop already in the data that does not pass through this transfer
        seen.add(current_id)
        current_id = next_id
        if current_id is not None and current_id != pk:
            next_id = (
                DataTransfer.objects.filter(pk=current_id)
                .values_list("continues_id", flat=True)
                .first()
            )
    return []


def _reference(pk: int) -> str:
    return f"TR-{pk:05d}"


class EvaluationResult(models.Model):
    """One distinct result of the engine with the facts it was given: what an evaluation found.

    The engine is a function of its facts (the date among them), and a group's transfers share
    few distinct facts (about one in five at group scale), so each distinct result (verdict,
    findings, and the facts without the date, which is the evaluation's) is stored once and
    every evaluation that found it refers to it (``digest``: SHA-256 of its canonical JSON).
    Rows are written once and never changed.

    The findings are kept without the evaluation's date either: where a finding names it (a
    decision "in force on" it, "no mechanism makes this transfer lawful on" it), the result
    holds ``EVALUATION_DATE`` and an evaluation puts its own date back (``findings_on``). So
    the same answer on another day is the same result, and a re-evaluation as of a new date
    that finds what the last one found rewrites no transfer. Results stored before hold the
    date itself, and are read as they are.
    """

    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    lawful = models.BooleanField(_("lawful"), null=True)
    regime = models.CharField(_("regime"), max_length=10, choices=ExportRegime.choices, blank=True)
    mechanism = models.CharField(_("basis"), max_length=20, choices=Mechanism.choices, blank=True)
    has_blocker = models.BooleanField(_("blocker"), default=False)
    findings = models.JSONField(
        _("findings"), default=list, help_text=_("[{code, severity, message, basis}]")
    )
    facts = models.JSONField(_("facts given to the engine"), default=dict)

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")

    def __str__(self) -> str:
        return f"{verdict_label(self.lawful)} ({self.digest[:12]})"

    def findings_on(self, on: date | None) -> list[dict[str, Any]]:
        """The findings of an evaluation as of ``on``: its date where a finding names it (None,
        a date not known: a dash there; a result is only reached from an evaluation)."""
        if on is None:
            return _replace_in_strings(self.findings, EVALUATION_DATE, "—")
        return with_evaluation_date(self.findings, on)

    def blockers_on(self, on: date | None) -> list[dict[str, Any]]:
        return [f for f in self.findings_on(on) if f.get("severity") == "blocker"]


# Where a result's findings name the date of the evaluation (``EvaluationResult``): a character
# of Unicode's private use area (U+E000), which no wording of the engine holds and no text a
# DPO types is expected to.
EVALUATION_DATE = "\ue000"


def without_evaluation_date(value: Any, on: date) -> Any:
    """``value`` (findings as JSON) with the date ``on`` written as ``EVALUATION_DATE``."""
    return _replace_in_strings(value, on.isoformat(), EVALUATION_DATE)


def with_evaluation_date(value: Any, on: date) -> Any:
    """``value`` (a result's findings) with ``EVALUATION_DATE`` written as the date ``on``."""
    return _replace_in_strings(value, EVALUATION_DATE, on.isoformat())


def _replace_in_strings(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new) if old in value else value
    if isinstance(value, list):
        return [_replace_in_strings(item, old, new) for item in value]
    if isinstance(value, dict):
        return {key: _replace_in_strings(item, old, new) for key, item in value.items()}
    return value


class TransferEvaluation(models.Model):
    """What the engine said about a transfer as of a date: when, and its result (with the facts
    it was given, shared with every evaluation that had the same facts).

    Rows are written once and never changed (a new evaluation is a new row), so they keep no
    separate history: like the workflow events, they are the history. The verdict columns
    repeat the result's, so that the log lists and filters them without a join.
    """

    entity_scope = ("transfer__exporter", "transfer__importer")
    coordinator_actions = ("view",)

    # Its index is ``evaluation_latest`` (transfer first): a second one on the transfer alone
    # would only cost every re-evaluation another index to write.
    transfer = models.ForeignKey(
        DataTransfer,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="evaluations",
        verbose_name=_("transfer"),
    )
    evaluated_on = models.DateField(_("as of"))
    evaluated_at = models.DateTimeField(_("evaluated at"))
    # No index: an evaluation is reached from its transfer, never from its result.
    result = models.ForeignKey(
        EvaluationResult,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
        verbose_name=_("result"),
    )
    lawful = models.BooleanField(
        _("lawful"),
        null=True,
        help_text=_(
            "empty: not assessed (no implemented export rule governs the exporter; never shown "
            "as lawful)"
        ),
    )
    regime = models.CharField(_("regime"), max_length=10, choices=ExportRegime.choices, blank=True)
    mechanism = models.CharField(_("basis"), max_length=20, choices=Mechanism.choices, blank=True)
    has_blocker = models.BooleanField(_("blocker"), default=False)

    class Meta:
        ordering = ["-evaluated_at", "-pk"]
        verbose_name = _("transfer evaluation")
        verbose_name_plural = _("transfer evaluations")
        indexes = [
            models.Index(fields=["transfer", "-evaluated_at"], name="evaluation_latest"),
            # The changelist's order: without it every evaluation (one more per transfer at each
            # group re-evaluation) is sorted to show the first page.
            models.Index(fields=["-evaluated_at", "-id"], name="evaluation_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id} as of {self.evaluated_on.isoformat()}: {self.verdict}"

    @property
    def verdict(self) -> str:
        """ "lawful", "not lawful" or "not assessed" (never "lawful" for a None, §8.3)."""
        return verdict_label(self.lawful)

    @property
    def findings(self) -> list[dict[str, Any]]:
        """The result's findings, with this evaluation's date where they name it."""
        return self.result.findings_on(self.evaluated_on)

    @property
    def facts(self) -> dict[str, Any]:
        """The facts given to the engine: the result's, with this evaluation's date."""
        return {"on": self.evaluated_on.isoformat(), **self.result.facts}

    @property
    def blockers(self) -> list[dict[str, Any]]:
        return self.result.blockers_on(self.evaluated_on)


def verdict_label(lawful: bool | None) -> str:
    """The engine's answer in words: None is "not assessed", never "lawful" (domain.md §8.3)."""
    if lawful is None:
        return str(_("not assessed"))
    return str(_("lawful")) if lawful else str(_("not lawful"))
