"""Admin of the BCR programme: applications with their steps, clocks, timeline and checklist;
the approved BCRs, their members and the records their upkeep requires."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from compliance.bcr import checklist
from compliance.bcr import services as services
from compliance.bcr.documents import max_bytes as max_document_bytes
from compliance.bcr.documents import readable_size, validate_document
from compliance.bcr.models import (
    Art47ChecklistItem,
    BCRAnnualUpdate,
    BCRApplication,
    BCRComplaint,
    BCRDocument,
    BCRDocumentVersion,
    BCRMember,
    BCRSubstantialChange,
    BCRTrainingRecord,
    BindingCorporateRules,
)
from compliance.bcr.models.procedure import (
    ApplicationState,
    DatePrecision,
    EventCategory,
    OrganisationKind,
)
from compliance.bcr.pictures import procedure_timeline
from compliance.bcr.selectors import ClockStatus, procedure_clocks, timeline
from compliance.countdowns import day_countdown as day_countdown_html
from compliance.inputs import IsoDateField, LineField, ProseField
from compliance.registry.models import SupervisoryAuthority
from compliance.workflow.admin import (
    EntityScopedAdminMixin,
    ServiceRefusalAdminMixin,
    WorkflowAdminMixin,
)
from compliance.workflow.history import HistoryAdmin

# Links typed without a scheme are web links (Django 6 default; silences its warning).
HTTPS_LINKS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


def day_countdown(status: ClockStatus) -> str:
    """'overdue 3 d' / '12 d left' / 'met 2021-08-02', coloured like the breach countdowns."""
    clock = status.clock
    return day_countdown_html(
        due_on=clock.due_on,
        days_left=status.days_left,
        met_on=clock.met_on,
        # Only a statutory period met after its last day is late (not a guideline date or an
        # internal target).
        met_late=clock.met_late and status.statutory,
    )


def action_labels() -> dict[str, str]:
    """The button label of each step, which the timeline shows as its action."""
    labels = {}
    for name in services.PARAMS:
        transitions = getattr(BCRApplication, name)._django_fsm.transitions
        first = next(iter(transitions.values()))
        labels[name] = str(first.custom.get("label", name))
    return labels


# Forms of the steps: every step is dated; some take more.


class StepForm(forms.Form):
    on = IsoDateField(
        not_future=True, label=_("Date"), widget=AdminDateWidget, initial=timezone.localdate
    )
    precision = forms.ChoiceField(
        label=_("Date known to the"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    note = forms.CharField(
        label=_("What happened"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("as the timeline shows it"),
    )
    organisation_authority = forms.ModelChoiceField(
        SupervisoryAuthority.objects.all(),
        label=_("Acting authority"),
        required=False,
        help_text=_("when not the lead authority (e.g. the co-reviewer that commented)"),
    )


class LeadForm(StepForm):
    lead = forms.ModelChoiceField(SupervisoryAuthority.objects.all(), label=_("Lead authority"))


class ChangeLeadForm(LeadForm):
    reason = ProseField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CoReviewForm(StepForm):
    co_reviewers = forms.ModelMultipleChoiceField(
        SupervisoryAuthority.objects.all(),
        label=_("Co-reviewer authorities"),
        help_text=_("one or two"),
    )


class SubmitForm(StepForm):
    file_complete_on = IsoDateField(
        not_future=True,
        label=_("File complete on"),
        required=False,
        widget=AdminDateWidget,
        help_text=_("leave empty until the EDPB confirms it; the 8 weeks run from here"),
    )


class OpinionForm(StepForm):
    reference = forms.CharField(label=_("Opinion reference"), required=False, max_length=100)
    received_on = IsoDateField(
        not_future=True,
        label=_("Received by the lead authority on"),
        required=False,
        widget=AdminDateWidget,
        help_text=_(
            "the lead's 2 weeks run from the receipt (GDPR Art. 64(7)); empty: counted from "
            "the opinion's date (the Date above) and shown as assumed until recorded"
        ),
    )


class DisputeDecisionForm(StepForm):
    notified_on = IsoDateField(
        not_future=True,
        label=_("Notified to the lead authority on"),
        required=False,
        widget=AdminDateWidget,
        help_text=_("the lead's final decision is due one month later (GDPR Art. 65(6))"),
    )


class ApproveForm(StepForm):
    reference = forms.CharField(label=_("Approval reference"), required=False, max_length=100)
    response_on = IsoDateField(
        not_future=True,
        label=_("Lead's response to the EDPB on"),
        required=False,
        widget=AdminDateWidget,
        help_text=_("GDPR Art. 64(7); empty: the approval date"),
    )


class ReasonForm(StepForm):
    reason = ProseField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(StepForm):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


STEP_FORMS: dict[str, type[StepForm]] = {
    "request_lead": LeadForm,
    "change_lead": ChangeLeadForm,
    "start_co_review": CoReviewForm,
    "submit_to_edpb": SubmitForm,
    "record_opinion": OpinionForm,
    "record_dispute_decision": DisputeDecisionForm,
    "approve": ApproveForm,
    "invalidate": ReasonForm,
    "withdraw": WithdrawForm,
}


class TimelineEventForm(forms.Form):
    on = IsoDateField(not_future=True, label=_("Date"))
    precision = forms.ChoiceField(label=_("Date known to the"), choices=DatePrecision.choices)
    category = forms.ChoiceField(label=_("Kind"), choices=EventCategory.choices)
    organisation_kind = forms.ChoiceField(
        label=_("Organisation kind"), choices=OrganisationKind.choices
    )
    authority = forms.ModelChoiceField(SupervisoryAuthority.objects.all(), required=False)
    organisation = LineField(label=_("Organisation"), required=False, max_length=200)
    note = ProseField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    documents = forms.ModelMultipleChoiceField(
        BCRDocumentVersion.objects.none(), required=False, label=_("Documents")
    )

    def __init__(self, *args: Any, application: BCRApplication, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["documents"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = BCRDocumentVersion.objects.filter(
            document__application=application
        ).select_related("document")


class DocumentVersionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=BCRDocument.Kind.choices)
    language = forms.CharField(label=_("Language"), max_length=8, initial="en")
    label = forms.CharField(label=_("Version"), max_length=40)
    created_on = IsoDateField(not_future=True, label=_("Dated"), widget=AdminDateWidget)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False, validators=[validate_document])
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument, an image (PNG, JPEG, GIF, TIFF, WebP) "
            "or plain text, checked by its content; at most %(size)s"
        ) % {"size": readable_size(max_document_bytes())}


class ChecklistInline(admin.TabularInline):
    model = Art47ChecklistItem
    extra = 0
    can_delete = False
    fields = ("cited", "requirement", "status", "evidence", "evidence_url")
    readonly_fields = ("cited", "requirement")
    formfield_overrides = HTTPS_LINKS

    @admin.display(description=_("legal basis"))
    def cited(self, obj: Art47ChecklistItem) -> str:
        return checklist.citation(obj.letter)

    @admin.display(description=_("requirement"))
    def requirement(self, obj: Art47ChecklistItem) -> str:
        return checklist.requirement(obj.letter, obj.description)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the items are Art. 47(2)(a)–(n), created with the application


class ClockOverdueFilter(admin.SimpleListFilter):
    """Saved question: applications with a procedure clock past its due date."""

    title = _("saved filters")
    parameter_name = "clocks"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("overdue", _("clock overdue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() != "overdue":
            return queryset
        # The clocks are computed from the application's dates, not stored: applications are
        # few, so they are read once and the overdue ones kept by id.
        today = timezone.localdate()
        overdue = [
            app.pk
            for app in queryset.exclude(state=ApplicationState.WITHDRAWN)
            .select_related("bcr")
            .prefetch_related("bcr__substantial_changes")
            if any(
                s.open and s.overdue
                for s in procedure_clocks(
                    app, on=today, last_update_on=app.last_update_on, lookup=False
                )
            )
        ]
        return queryset.filter(pk__in=overdue)


class BCRApplicationAddForm(forms.ModelForm):
    """Starting an application: refused on the form (keeping what was typed) when the group
    already has an open one of the kind."""

    class Meta:
        model = BCRApplication
        fields = ("group", "kind", "title")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        group, kind = cleaned.get("group"), cleaned.get("kind")
        if (
            self.instance.pk is None
            and group is not None
            and kind
            and (problem := services.start_problem(group, kind))
        ):
            self.add_error("kind", problem)
        return cleaned


@admin.register(BCRApplication)
class BCRApplicationAdmin(ServiceRefusalAdminMixin, WorkflowAdminMixin, HistoryAdmin):
    change_form_template = "admin/compliance/bcrapplication/change_form.html"
    list_display = ("title", "group", "kind", "state", "lead_authority", "round", "next_clock")
    list_filter = (ClockOverdueFilter, "state", "kind", "group")
    search_fields = ("title", "group__name", "lead_authority__short_name")
    list_select_related = ("group", "lead_authority", "bcr")
    inlines = [ChecklistInline]
    fsm_forms = {name: STEP_FORMS.get(name, StepForm) for name in services.PARAMS}
    fields = (
        "group",
        "kind",
        "title",
        "state",
        "lead_authority",
        "co_reviewers",
        "run",
        "round",
        "awaiting_revision",
        "lead_requested_on",
        "submitted_on",
        "file_complete_on",
        "opinion_extended",
        "plenary_on",
        "opinion_on",
        "opinion_reference",
        "opinion_received_on",
        "response_on",
        "dispute_referred_on",
        "dispute_extended",
        "dispute_decided_on",
        "dispute_notified_on",
        "final_decision_on",
        "approved_on",
        "approval_reference",
        "invalidated_on",
        "invalidation_reason",
        "withdrawn_on",
        "bcr",
    )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("group", "kind", "title") if obj is None else self.fields

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = BCRApplicationAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Everything after the start changes through the steps of the procedure.
        return () if obj is None else self.fields

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return self.inlines if obj is not None else []

    def get_queryset(self, request: HttpRequest) -> QuerySet[BCRApplication]:
        return (
            super()
            .get_queryset(request)
            .annotate(last_update_on=Max("bcr__annual_updates__sent_on"))
            .prefetch_related("bcr__substantial_changes")
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # withdraw instead: the history of an application is a record

    @admin.display(description=_("next clock"))
    def next_clock(self, obj: Any) -> str:
        open_clocks = [
            s
            for s in procedure_clocks(obj, last_update_on=obj.last_update_on, lookup=False)
            if s.open
        ]
        if not open_clocks:
            return "—"
        first = min(open_clocks, key=lambda s: s.clock.due_on)
        return format_html("{}: {}", first.label, day_countdown(first))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return  # nothing editable: the steps change the application
        created = services.start_application(
            group=form.cleaned_data["group"],
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            by=request.user,
        )
        obj.pk = created.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:
            # The change message of the admin log reads what formset.save() would have set.
            formset.new_objects, formset.deleted_objects, formset.changed_objects = [], [], []
            if formset.model is not Art47ChecklistItem:
                continue
            for item_form in formset.forms:
                if item_form.has_changed():
                    item = services.update_checklist_item(
                        item=item_form.instance,
                        status=item_form.cleaned_data["status"],
                        evidence=item_form.cleaned_data.get("evidence", ""),
                        evidence_url=item_form.cleaned_data.get("evidence_url", ""),
                        by=request.user,
                    )
                    formset.changed_objects.append((item, item_form.changed_data))

    def perform_transition(
        self, request: HttpRequest, obj: Any, name: str, data: dict[str, Any]
    ) -> None:
        acting = data.pop("organisation_authority", None)
        services.transition_application(
            application=obj,
            name=name,
            by=request.user,
            organisation=services.Organisation.of(acting) if acting else None,
            **data,
        )

    def get_urls(self) -> list[Any]:
        # Imported here to keep the report wiring inside the admin classes.
        from compliance.reports.views import export_view

        return [
            # The PDF of the timeline: DPO and Legal (who may export, not edit).
            path(
                "<path:object_id>/export-timeline/",
                self.admin_site.admin_view(export_view(self, "bcr_timeline")),
                name="compliance_bcrapplication_export_timeline",
            ),
            path(
                "<int:pk>/timeline/add/",
                self.admin_site.admin_view(self.add_event_view),
                name="compliance_bcrapplication_add_event",
            ),
            path(
                "<int:pk>/documents/add/",
                self.admin_site.admin_view(self.add_document_view),
                name="compliance_bcrapplication_add_document",
            ),
            *super().get_urls(),
        ]

    def _for_action(self, request: HttpRequest, pk: int) -> BCRApplication:
        application = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        return application

    def add_event_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._for_action(request, pk)
        form = TimelineEventForm(request.POST or None, application=application)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.record_timeline_event(
                    application=application,
                    on=data["on"],
                    precision=data["precision"],
                    category=data["category"],
                    organisation=services.Organisation(
                        data["organisation_kind"], data["authority"], data["organisation"]
                    ),
                    note=data["note"],
                    documents=data["documents"],
                    by=request.user,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(request, _("Recorded on the timeline."), messages.SUCCESS)
                return HttpResponseRedirect(_change_url(pk))
        return self._form_page(request, application, form, _("Record a timeline event"))

    def add_document_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._for_action(request, pk)
        form = DocumentVersionForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_document_version(
                    application=application, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(request, _("Document version recorded."), messages.SUCCESS)
                return HttpResponseRedirect(_change_url(pk))
        return self._form_page(request, application, form, _("Add a document version"))

    def _form_page(
        self, request: HttpRequest, application: BCRApplication, form: forms.Form, title: Any
    ) -> HttpResponse:
        return TemplateResponse(
            request,
            "admin/compliance/bcrapplication/form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "form": form,
                "title": f"{title}: {application}",
                "back_url": _change_url(application.pk),
            },
        )

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        from compliance.reports.views import may_export

        obj = kwargs.get("obj")
        if obj is not None:
            context.update(application_panel_context(request, obj, self))
            context["export_timeline_url"] = (
                reverse("admin:compliance_bcrapplication_export_timeline", args=[obj.pk])
                if may_export(request.user)
                else None
            )
        return super().render_change_form(request, context, *args, **kwargs)


def _change_url(pk: int) -> str:
    return reverse("admin:compliance_bcrapplication_change", args=[pk])


def _application_zone(application: BCRApplication) -> str:
    """The zone the application's recorded instants read in: its group's EU main
    establishment's (the office that runs the procedure with the lead authority), else UTC."""
    main = application.group.entities.main_establishments().order_by("pk").first()
    return main.time_zone if main is not None else "UTC"


def application_panel_context(
    request: HttpRequest, application: BCRApplication, model_admin: BCRApplicationAdmin
) -> dict[str, Any]:
    """What the change page shows beside the form: clocks, timeline, documents, lead changes."""
    labels = action_labels()
    may_edit = model_admin.has_change_permission(request, application)
    return {
        "procedure_picture": procedure_timeline(application, today=timezone.localdate()),
        "clock_rows": [
            {"status": s, "countdown": day_countdown(s)} for s in procedure_clocks(application)
        ],
        "timeline_rows": [
            {"event": e, "action_label": labels.get(e.action, "")} for e in timeline(application)
        ],
        "event_zone": _application_zone(application),
        "document_versions": BCRDocumentVersion.objects.filter(document__application=application)
        .select_related("document")
        .prefetch_related("events")
        .order_by("document__kind", "document__language", "created_on"),
        "lead_changes": application.lead_changes.select_related("from_authority", "to_authority"),
        "co_reviewer_list": list(application.co_reviewers.all()),
        "add_event_url": reverse("admin:compliance_bcrapplication_add_event", args=[application.pk])
        if may_edit
        else None,
        "add_document_url": reverse(
            "admin:compliance_bcrapplication_add_document", args=[application.pk]
        )
        if may_edit
        else None,
    }


class MemberInline(admin.TabularInline):
    model = BCRMember
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("entity", "joined_on", "left_on")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # bound by the approval, or one by one on the BCR members page

    def get_queryset(self, request: HttpRequest) -> QuerySet[BCRMember]:
        return super().get_queryset(request).select_related("entity", "entity__country")


@admin.register(BCRMember)
class BCRMemberAdmin(ServiceRefusalAdminMixin, EntityScopedAdminMixin, HistoryAdmin):
    """Binding one more entity (from a day), or recording that a member left."""

    list_display = ("entity", "bcr", "joined_on", "left_on")
    list_select_related = ("entity", "entity__country", "bcr")
    list_filter = ("bcr",)
    autocomplete_fields = ("entity",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (
            ("bcr", "entity", "joined_on")
            if obj is None
            else ("bcr", "entity", "joined_on", "left_on")
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A membership's start is a fact transfers were judged on; only its end is recorded.
        return ("bcr", "entity", "joined_on") if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            if "left_on" in form.changed_data and obj.left_on:
                services.release_member(member=obj, left_on=obj.left_on, by=request.user)
            return
        bound = services.bind_members(
            bcr=obj.bcr, on=obj.joined_on, entities=[obj.entity], by=request.user
        )
        if not bound:
            raise ValidationError(f"{obj.entity} is already bound by {obj.bcr}.")
        obj.pk = bound[0].pk


@admin.register(BindingCorporateRules)
class BindingCorporateRulesAdmin(HistoryAdmin):
    list_display = ("__str__", "group", "kind", "lead_authority", "approved_on", "invalid_from")
    list_filter = ("kind", "group")
    list_select_related = ("group", "lead_authority")
    search_fields = ("title", "reference", "group__name")
    inlines = [MemberInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The approval and its end come from the procedure (approve, invalidate, withdraw).
        return (
            ("group", "kind", "lead_authority", "approved_on", "invalid_from")
            if obj is not None
            else ()
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # transfers were judged on it

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_record(record=obj, by=request.user, reason="edited in the admin")


class BCRRecordAdmin(ServiceRefusalAdminMixin, HistoryAdmin):
    """Post-approval records: saved through the service that validates and attributes them."""

    list_select_related: tuple[str, ...] = ("bcr",)
    formfield_overrides = HTTPS_LINKS

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_record(record=obj, by=request.user, reason="edited in the admin")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class BCRAnnualUpdateForm(forms.ModelForm):
    """The add form checks what the service checks, so a refusal keeps what was typed."""

    class Meta:
        model = BCRAnnualUpdate
        fields = ("bcr", "sent_on", "changes")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        rules, sent_on = cleaned.get("bcr"), cleaned.get("sent_on")
        if (
            self.instance.pk is None
            and rules is not None
            and sent_on is not None
            and (problem := services.annual_update_problem(rules, sent_on))
        ):
            self.add_error("sent_on", problem)
        return cleaned


@admin.register(BCRAnnualUpdate)
class BCRAnnualUpdateAdmin(BCRRecordAdmin):
    form = BCRAnnualUpdateForm
    list_display = ("bcr", "period_start", "period_end", "due_on", "sent_on", "late_flag")
    list_select_related = ("bcr",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A sent update is a record of what the Lead received. Its legal basis is shown in the
        # reader's language (the stored parts); the parts themselves are not shown.
        if obj is None:
            return ()
        return [
            "basis_in_language" if f.name == "basis" else f.name
            for f in BCRAnnualUpdate._meta.fields
            if f.name != "basis_parts"
        ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("bcr", "sent_on", "changes")
        return super().get_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return
        created = services.record_annual_update(
            bcr=form.cleaned_data["bcr"],
            sent_on=form.cleaned_data["sent_on"],
            changes=form.cleaned_data["changes"],
            by=request.user,
        )
        obj.pk = created.pk

    @admin.display(description=_("late"), boolean=True)
    def late_flag(self, obj: BCRAnnualUpdate) -> bool:
        return obj.late

    @admin.display(description=_("legal basis of the due date"))
    def basis_in_language(self, obj: BCRAnnualUpdate) -> str:
        return obj.basis_text


@admin.register(BCRSubstantialChange)
class BCRSubstantialChangeAdmin(BCRRecordAdmin):
    """A change that may affect the protection starts the "promptly" clock of its report to
    the BCR Lead (an internal target, with reminders); recording the report meets it."""

    list_display = ("bcr", "changed_on", "affects_protection", "reported_on", "reported_to")
    list_select_related = ("bcr", "reported_to")
    list_filter = ("affects_protection",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_substantial_change(change=obj, by=request.user, reason="edited in the admin")


@admin.register(BCRTrainingRecord)
class BCRTrainingRecordAdmin(EntityScopedAdminMixin, BCRRecordAdmin):
    list_display = ("topic", "entity", "held_on", "participants", "bcr")
    list_select_related = ("bcr", "entity", "entity__country")
    list_filter = ("entity",)
    autocomplete_fields = ("entity",)


@admin.register(BCRComplaint)
class BCRComplaintAdmin(EntityScopedAdminMixin, BCRRecordAdmin):
    list_display = ("subject", "entity", "received_on", "handled_on", "bcr")
    list_select_related = ("bcr", "entity", "entity__country")
    list_filter = ("entity",)
    autocomplete_fields = ("entity",)


__all__ = [
    "BCRAnnualUpdateAdmin",
    "BCRApplicationAdmin",
    "BCRComplaintAdmin",
    "BCRMemberAdmin",
    "BCRSubstantialChangeAdmin",
    "BCRTrainingRecordAdmin",
    "BindingCorporateRulesAdmin",
    "day_countdown",
]
