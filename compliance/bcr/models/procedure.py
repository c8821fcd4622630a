"""The BCR approval procedure as a workflow (GDPR Art. 47, 63, 64, 65; domain brief §5).

One ``BCRApplication`` per set of rules (BCR-C or BCR-P): each ends in its own EDPB opinion and its
own decision of the lead authority, and the transfers engine reads coverage per kind. Its state
changes only through the ``@transition`` methods below, called by ``compliance.bcr.services``,
which adds the guards that need the database and records a ``BCRTimelineEvent`` for each step.
The timeline is dated by when things happened (a day, or only a month), not by when they were
typed in; the ``WorkflowEvent`` of each transition keeps who recorded it and when.
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

from compliance.bcr.models.programme import BCRKind, BindingCorporateRules
from compliance.inputs import BoundedTextField, validate_single_line
from compliance.registry.models.entities import CorporateGroup
from compliance.registry.models.reference import SupervisoryAuthority
from compliance.roles import permission
from compliance.workflow.models import VersionedModel, WorkflowEvent

BCR_STEP = permission("bcr.step")  # compliance.roles: the procedure is the DPO's


class ApplicationState(models.TextChoices):
    DRAFTING = "drafting", _("drafting")
    LEAD_REQUESTED = "lead_requested", _("lead authority requested")
    LEAD_REVIEW = "lead_review", _("lead review")
    CO_REVIEW = "co_review", _("co-review")
    CONCERNED_REVIEW = "concerned_review", _("concerned authorities' review (ITES pre-review)")
    SUBMITTED_TO_EDPB = "submitted_to_edpb", _("submitted to the EDPB")
    OPINION_PENDING = "opinion_pending", _("EDPB plenary held, opinion pending")
    LEAD_RESPONSE = "lead_response", _("lead authority's response to the opinion")
    EDPB_DISPUTE = "edpb_dispute", _("EDPB dispute resolution (Art. 65)")
    APPROVED = "approved", _("approved")
    WITHDRAWN = "withdrawn", _("withdrawn")


S = ApplicationState
REVIEW_STATES = [S.LEAD_REVIEW, S.CO_REVIEW, S.CONCERNED_REVIEW]
FINAL_STATES = [S.APPROVED, S.WITHDRAWN]
NON_FINAL_STATES = [s for s in S.values if s not in FINAL_STATES]
# From the request to a lead on: before it there is no lead to change.
LEAD_KNOWN_STATES = [s for s in NON_FINAL_STATES if s != S.DRAFTING]


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month (day unknown)")


class EventCategory(models.TextChoices):
    PROCEDURE = "procedure", _("procedure")
    INTERNAL = "internal", _("internal")
    CONTEXT = "context", _("context")


class OrganisationKind(models.TextChoices):
    AUTHORITY = "authority", _("supervisory authority")
    EDPB = "edpb", _("EDPB")
    INTERNAL = "internal", _("internal unit")
    CONTEXT = "context", _("context (state, EU, world)")


# Conditions of the transitions: what the record alone decides (the admin shows a button only
# when they hold); the service's guards say why when they do not.


def _revision_requested(app: Any) -> bool:
    return bool(app.awaiting_revision)


def _no_revision_pending(app: Any) -> bool:
    return not app.awaiting_revision


def _checklist_complete(app: Any) -> bool:
    return not app.open_checklist_letters()


def _file_complete(app: Any) -> bool:
    return app.file_complete_on is not None


def _file_pending(app: Any) -> bool:
    return app.file_complete_on is None


def _opinion_given(app: Any) -> bool:
    return app.opinion_on is not None


def _opinion_not_extended(app: Any) -> bool:
    return not app.opinion_extended


def _dispute_undecided(app: Any) -> bool:
    return app.dispute_decided_on is None


def _dispute_not_extended(app: Any) -> bool:
    return not app.dispute_extended


def _receipt_unrecorded(app: Any) -> bool:
    return app.opinion_on is not None and app.opinion_received_on is None


def _notification_unrecorded(app: Any) -> bool:
    return app.dispute_decided_on is not None and app.dispute_notified_on is None


def step(source: Any, target: Any, label: Any, *conditions: Any) -> Any:
    """A step of the procedure: a transition of ``state`` that only the DPO may take."""
    return transition(
        field="state",
        source=source,
        target=target,
        permission=BCR_STEP,
        conditions=list(conditions),
        custom={"admin": True, "label": label},
    )


class BCRApplication(ConcurrentTransitionMixin, VersionedModel):
    coordinator_actions = ("view",)

    group = models.ForeignKey(
        CorporateGroup,
        on_delete=models.PROTECT,
        related_name="bcr_applications",
        verbose_name=_("group"),
    )
    kind = models.CharField(_("kind"), max_length=5, choices=BCRKind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    lead_authority = models.ForeignKey(
        SupervisoryAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bcr_applications_led",
        verbose_name=_("lead authority (current)"),
        help_text=_("earlier leads are kept in the lead-authority changes"),
    )
    co_reviewers = models.ManyToManyField(
        SupervisoryAuthority,
        blank=True,
        related_name="bcr_applications_co_reviewed",
        verbose_name=_("co-reviewer authorities"),
    )
    state = FSMField(
        _("state"), default=S.DRAFTING, choices=S.choices, protected=True, db_index=True
    )
    run = models.PositiveSmallIntegerField(
        _("procedure run"), default=1, help_text=_("incremented when an approval is invalidated")
    )
    round = models.PositiveSmallIntegerField(
        _("review round"), default=0, help_text=_("round of the current review state")
    )
    awaiting_revision = models.BooleanField(
        _("revision requested"),
        default=False,
        help_text=_("the reviewers' comments of this round await a revised draft"),
    )
    lead_requested_on = models.DateField(_("lead requested on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted to the EDPB on"), null=True, blank=True)
    file_complete_on = models.DateField(
        _("file complete on"),
        null=True,
        blank=True,
        help_text=_("the EDPB's 8-week period runs from here (GDPR Art. 64(3))"),
    )
    opinion_extended = models.BooleanField(_("opinion period extended (+6 weeks)"), default=False)
    plenary_on = models.DateField(_("EDPB plenary on"), null=True, blank=True)
    opinion_on = models.DateField(_("EDPB opinion on"), null=True, blank=True)
    opinion_reference = models.CharField(
        _("opinion reference"), max_length=100, blank=True, validators=[validate_single_line]
    )
    opinion_received_on = models.DateField(
        _("EDPB opinion received on"),
        null=True,
        blank=True,
        help_text=_(
            "the lead's 2 weeks run from its receipt of the opinion (GDPR Art. 64(7)); empty: "
            "counted from the opinion's date and marked assumed"
        ),
    )
    response_on = models.DateField(
        _("lead's response to the EDPB on"), null=True, blank=True, help_text="GDPR Art. 64(7)"
    )
    dispute_referred_on = models.DateField(_("dispute referred on"), null=True, blank=True)
    dispute_extended = models.BooleanField(_("dispute period extended (+1 month)"), default=False)
    dispute_decided_on = models.DateField(_("binding decision on"), null=True, blank=True)
    dispute_notified_on = models.DateField(
        _("binding decision notified on"),
        null=True,
        blank=True,
        help_text=_("the lead's final decision is due one month later (GDPR Art. 65(5), 65(6))"),
    )
    final_decision_on = models.DateField(
        _("lead's final decision on"), null=True, blank=True, help_text="GDPR Art. 65(6)"
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_reference = models.CharField(
        _("approval reference"), max_length=100, blank=True, validators=[validate_single_line]
    )
    invalidated_on = models.DateField(_("approval invalid from"), null=True, blank=True)
    invalidation_reason = BoundedTextField(_("reason of the invalidation"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    bcr = models.ForeignKey(
        BindingCorporateRules,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("approved BCR"),
        help_text=_("the approval this application produced (set by the approval)"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[co_reviewers])

    class Meta:
        ordering = ["group", "kind", "-created_at"]
        verbose_name = _("BCR application")
        verbose_name_plural = _("BCR applications")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "kind"],
                condition=~Q(state=ApplicationState.WITHDRAWN),
                name="bcr_one_open_application_per_kind",
                violation_error_message=_(
                    "The group already has an application for this kind of BCR."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    # Transitions. Every one takes ``on``, the day it happened. Guards that need other rows or
    # the arguments live in compliance.bcr.services so that a refusal comes with its reason;
    # ``conditions`` cover what the record alone decides, so that the admin offers only buttons
    # that can work.

    @step(S.DRAFTING, S.LEAD_REQUESTED, _("Request a lead authority"))
    def request_lead(self, *, on: date, lead: SupervisoryAuthority, **_: Any) -> None:
        self.lead_authority = lead
        self.lead_requested_on = on

    @step(S.LEAD_REQUESTED, S.LEAD_REVIEW, _("Lead accepted: review starts"))
    def accept_lead(self, *, on: date, **_: Any) -> None:
        self._enter_review()

    @step(REVIEW_STATES, None, _("Comments received: revision requested"))
    def request_revision(self, *, on: date, **_: Any) -> None:
        # Several reviewers may comment in the same round (both co-reviewers, say): the round
        # ends when the revised draft goes back, not when the first comments arrive.
        self.awaiting_revision = True

    @step(REVIEW_STATES, None, _("Revised draft sent: next round"), _revision_requested)
    def submit_revision(self, *, on: date, **_: Any) -> None:
        self.awaiting_revision = False
        self.round += 1

    @step(S.LEAD_REVIEW, S.CO_REVIEW, _("Lead review done: to co-reviewers"), _no_revision_pending)
    def start_co_review(self, *, on: date, **_: Any) -> None:
        self._enter_review()

    @step(
        S.CO_REVIEW,
        S.CONCERNED_REVIEW,
        _("Co-review done: to concerned authorities (ITES)"),
        _no_revision_pending,
    )
    def start_concerned_review(self, *, on: date, **_: Any) -> None:
        self._enter_review()

    @step(
        S.CONCERNED_REVIEW,
        S.SUBMITTED_TO_EDPB,
        _("Lead submitted its draft decision to the EDPB"),
        _no_revision_pending,
        _checklist_complete,
    )
    def submit_to_edpb(self, *, on: date, file_complete_on: date | None = None, **_: Any) -> None:
        self.submitted_on = on
        self.file_complete_on = file_complete_on
        self.round = 0

    @step(S.SUBMITTED_TO_EDPB, None, _("EDPB confirmed the file complete"), _file_pending)
    def confirm_file_complete(self, *, on: date, **_: Any) -> None:
        self.file_complete_on = on

    @step(
        [S.SUBMITTED_TO_EDPB, S.OPINION_PENDING],
        None,
        _("EDPB extended the opinion period (+6 weeks)"),
        _file_complete,
        _opinion_not_extended,
    )
    def extend_opinion_period(self, *, on: date, **_: Any) -> None:
        self.opinion_extended = True

    @step(S.SUBMITTED_TO_EDPB, S.OPINION_PENDING, _("EDPB plenary deliberated"), _file_complete)
    def record_plenary(self, *, on: date, **_: Any) -> None:
        self.plenary_on = on

    @step(S.OPINION_PENDING, S.LEAD_RESPONSE, _("EDPB opinion received"))
    def record_opinion(
        self, *, on: date, reference: str = "", received_on: date | None = None, **_: Any
    ) -> None:
        # ``on`` is the opinion's date; the lead's two weeks run from its receipt (Art. 64(7)).
        self.opinion_on = on
        self.opinion_reference = reference
        self.opinion_received_on = received_on

    @step(
        S.LEAD_RESPONSE,
        None,
        _("Lead's receipt of the EDPB opinion dated"),
        _receipt_unrecorded,
    )
    def record_opinion_receipt(self, *, on: date, **_: Any) -> None:
        self.opinion_received_on = on

    @step(S.LEAD_RESPONSE, S.EDPB_DISPUTE, _("Lead does not follow the opinion: Art. 65 dispute"))
    def refer_to_dispute(self, *, on: date, **_: Any) -> None:
        self.response_on = on
        self.dispute_referred_on = on

    @step(
        S.EDPB_DISPUTE,
        None,
        _("EDPB extended the dispute period (+1 month)"),
        _dispute_undecided,
        _dispute_not_extended,
    )
    def extend_dispute_period(self, *, on: date, **_: Any) -> None:
        self.dispute_extended = True

    @step(S.EDPB_DISPUTE, None, _("EDPB binding decision adopted"), _dispute_undecided)
    def record_dispute_decision(
        self, *, on: date, notified_on: date | None = None, **_: Any
    ) -> None:
        self.dispute_decided_on = on
        self.dispute_notified_on = notified_on

    @step(
        S.EDPB_DISPUTE,
        None,
        _("Binding decision notified to the lead authority"),
        _notification_unrecorded,
    )
    def record_dispute_notification(self, *, on: date, **_: Any) -> None:
        self.dispute_notified_on = on

    # GDPR Art. 64(6): never before the EDPB opinion, whatever calls this method.
    @step(
        [S.LEAD_RESPONSE, S.EDPB_DISPUTE],
        S.APPROVED,
        _("Approved by the lead authority"),
        _opinion_given,
    )
    def approve(
        self,
        *,
        on: date,
        reference: str = "",
        response_on: date | None = None,
        **_: Any,
    ) -> None:
        if self.response_on is None:
            # Following the opinion: the approval is the lead's answer unless dated separately.
            self.response_on = response_on or on
        if self.state == S.EDPB_DISPUTE:
            # After a binding decision the approval is the lead's final decision (Art. 65(6)).
            self.final_decision_on = on
        self.approved_on = on
        self.approval_reference = reference

    @step(S.APPROVED, S.LEAD_REVIEW, _("Approval invalidated: re-run the procedure"))
    def invalidate(self, *, on: date, reason: str, **_: Any) -> None:
        self.invalidated_on = on
        self.invalidation_reason = reason
        self.run += 1
        for name in (
            "submitted_on",
            "file_complete_on",
            "plenary_on",
            "opinion_on",
            "opinion_received_on",
            "response_on",
            "dispute_referred_on",
            "dispute_decided_on",
            "dispute_notified_on",
            "final_decision_on",
            "approved_on",
        ):
            setattr(self, name, None)
        self.opinion_extended = self.dispute_extended = False
        self.opinion_reference = self.approval_reference = ""
        self._enter_review()

    @step([s for s in S.values if s != S.WITHDRAWN], S.WITHDRAWN, _("Withdraw"))
    def withdraw(self, *, on: date, reason: str = "", **_: Any) -> None:
        self.withdrawn_on = on
        self.awaiting_revision = False

    @step(LEAD_KNOWN_STATES, None, _("Change the lead authority"))
    def change_lead(self, *, on: date, lead: SupervisoryAuthority, reason: str, **_: Any) -> None:
        self.lead_authority = lead

    def open_checklist_letters(self) -> list[str]:
        return list(
            self.checklist.filter(status=Art47ChecklistItem.Status.OPEN)
            .order_by("letter")
            .values_list("letter", flat=True)
        )

    def _enter_review(self) -> None:
        self.round = 1
        self.awaiting_revision = False


class LeadAuthorityChange(models.Model):
    """A change of BCR Lead (e.g. ICO → an EEA authority after Brexit): both sides are kept."""

    coordinator_actions = ("view",)

    application = models.ForeignKey(
        BCRApplication,
        on_delete=models.PROTECT,
        related_name="lead_changes",
        verbose_name=_("application"),
    )
    from_authority = models.ForeignKey(
        SupervisoryAuthority,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from"),
    )
    to_authority = models.ForeignKey(
        SupervisoryAuthority, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    on = models.DateField(_("effective on"))
    reason = BoundedTextField(_("reason"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "on", "pk"]
        verbose_name = _("lead authority change")
        verbose_name_plural = _("lead authority changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_authority=models.F("to_authority")),
                name="bcr_lead_change_changes",
                violation_error_message=_("The new lead authority is the current one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_authority.short_name} → {self.to_authority.short_name} ({self.on})"


class BCRDocument(models.Model):
    """One document of an application in one language; its versions follow."""

    coordinator_actions = ("view",)

    class Kind(models.TextChoices):
        BCR_TEXT = "bcr_text", _("BCR text")
        APPLICATION_FORM = "application_form", _("application form")
        ANNEX = "annex", _("annex")

    application = models.ForeignKey(
        BCRApplication,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    language = models.CharField(
        _("language"), max_length=8, help_text=_("ISO 639-1 code, e.g. en, de")
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, validators=[validate_single_line]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "kind", "language"]
        verbose_name = _("BCR document")
        verbose_name_plural = _("BCR documents")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "language"], name="bcr_document_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} ({self.language})"


class BCRDocumentVersion(models.Model):
    coordinator_actions = ("view",)

    document = models.ForeignKey(
        BCRDocument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("document")
    )
    label = models.CharField(_("version"), max_length=40, validators=[validate_single_line])
    created_on = models.DateField(_("dated"))
    file = models.FileField(_("file"), upload_to="bcr/%Y/", blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    note = BoundedTextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "created_on", "pk"]
        verbose_name = _("BCR document version")
        verbose_name_plural = _("BCR document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "label"], name="bcr_version_unique"),
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="bcr_version_has_file_or_link",
                violation_error_message=_("Attach the file or give a link to it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.label}"


class BCRTimelineEvent(models.Model):
    """One dated line of the application's history, as a DPO would present it to the board."""

    coordinator_actions = ("view",)

    application = models.ForeignKey(
        BCRApplication,
        on_delete=models.PROTECT,
        related_name="timeline",
        verbose_name=_("application"),
    )
    on = models.DateField(_("date"), help_text=_("the first of the month when only it is known"))
    precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    category = models.CharField(_("kind"), max_length=10, choices=EventCategory.choices)
    organisation_kind = models.CharField(
        _("organisation kind"), max_length=10, choices=OrganisationKind.choices
    )
    authority = models.ForeignKey(
        SupervisoryAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("authority"),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("when not an authority"),
        validators=[validate_single_line],
    )
    action = models.CharField(
        _("action"), max_length=60, blank=True, help_text=_("the transition, if any")
    )
    note = BoundedTextField(_("what happened"))
    state_before = models.CharField(_("state before"), max_length=20, choices=S.choices)
    state_after = models.CharField(_("state after"), max_length=20, choices=S.choices)
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    documents = models.ManyToManyField(
        BCRDocumentVersion,
        blank=True,
        related_name="events",
        verbose_name=_("documents sent or received"),
    )
    workflow_event = models.OneToOneField(
        WorkflowEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transition record"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "on", "pk"]
        verbose_name = _("BCR timeline event")
        verbose_name_plural = _("BCR timeline")
        indexes = [models.Index(fields=["application", "on"])]

    def __str__(self) -> str:
        return f"{self.when} {self.organisation_name}: {self.note[:60]}"

    @property
    def when(self) -> str:
        return self.on.strftime("%Y-%m") if self.precision == DatePrecision.MONTH else str(self.on)

    @property
    def organisation_name(self) -> str:
        if self.authority is not None:
            return str(self.authority.short_name)
        return self.organisation

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.organisation_kind == OrganisationKind.AUTHORITY and self.authority_id is None:
            errors["authority"] = _("Name the authority.")
        if self.organisation_kind != OrganisationKind.AUTHORITY and not self.organisation:
            errors["organisation"] = _("Name the organisation.")
        if self.precision == DatePrecision.MONTH and self.on is not None and self.on.day != 1:
            # A month-precision date is stored as the 1st so that it sorts before the dated
            # events of the same month.
            errors["on"] = _("Store a month-precision date as the first day of the month.")
        if errors:
            raise ValidationError(errors)


class Art47ChecklistItem(models.Model):
    """One element GDPR Art. 47(2) requires the BCRs to specify, with the evidence where it is."""

    coordinator_actions = ("view",)

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")

    application = models.ForeignKey(
        BCRApplication,
        on_delete=models.PROTECT,
        related_name="checklist",
        verbose_name=_("application"),
    )
    letter = models.CharField(_("Art. 47(2)"), max_length=1)
    description = BoundedTextField(_("requirement"))
    status = models.CharField(_("status"), max_length=4, choices=Status.choices, default="open")
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500)
    evidence = BoundedTextField(_("evidence"), blank=True, help_text=_("e.g. section of the BCR"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "letter"]
        verbose_name = _("Art. 47(2) checklist item")
        verbose_name_plural = _("Art. 47(2) checklist")
        constraints = [
            models.UniqueConstraint(fields=["application", "letter"], name="bcr_checklist_unique"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(evidence_url="") | ~Q(evidence=""),
                name="bcr_checklist_done_has_evidence",
                violation_error_message=_("An item is done only with its evidence."),
            ),
        ]

    def __str__(self) -> str:
        return f"Art. 47(2)({self.letter})"
