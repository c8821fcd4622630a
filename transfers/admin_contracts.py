"""Admin of SCC contracts and transfer impact assessments (imported by ``transfers.admin``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance import access, roles
from compliance.inputs import InputModelForm
from compliance.workflow.admin import (
    EntityScopedAdminMixin,
    VersionedAdminMixin,
    WorkflowAdminMixin,
)
from compliance.workflow.history import HistoryAdmin
from compliance.workflow.search import ReferenceSearchAdminMixin
from transfers import selectors, services
from transfers.choices import TIAState
from transfers.forms import AddPartyForm, LinkTransferForm
from transfers.models import DataTransfer, SCCContract, SCCParty, TransferImpactAssessment


class SCCPartyInline(admin.TabularInline):
    model = SCCParty
    extra = 0
    can_delete = False
    fields = ("side", "entity", "external_recipient", "acceded_on")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # parties are added through "Add a party", which checks the docking clause


@admin.register(SCCContract)
class SCCContractAdmin(
    VersionedAdminMixin, EntityScopedAdminMixin, WorkflowAdminMixin, HistoryAdmin
):
    form = InputModelForm
    change_form_template = "admin/transfers/scccontract/change_form.html"
    list_display = (
        "reference",
        "scc_version",
        "module",
        "state",
        "signed_on",
        "next_review_on",
        "terminated_on",
        "transfers_covered",
    )
    list_filter = ("scc_version", "module", "state", "docking_clause")
    search_fields = ("reference", "notes")
    fields = (
        "reference",
        "scc_version",
        "module",
        "docking_clause",
        "notes",
        "state",
        "signed_on",
        "next_review_on",
        "terminated_on",
        "superseded_by",
    )
    readonly_fields = ("signed_on", "terminated_on", "superseded_by")
    inlines = [SCCPartyInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a contract ends by termination or supersession; the record stays

    def get_queryset(self, request: HttpRequest) -> QuerySet[SCCContract]:
        return super().get_queryset(request).annotate(transfer_count=Count("transfers"))

    @admin.display(description=_("transfers covered"), ordering="transfer_count")
    def transfers_covered(self, obj: Any) -> int:
        return int(obj.transfer_count)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            services.save_scc(
                contract=obj, by=request.user, expected_version=self.loaded_version(form)
            )
            return
        created = services.record_scc(
            reference=obj.reference,
            scc_version=obj.scc_version,
            module=obj.module,
            docking_clause=obj.docking_clause,
            notes=obj.notes,
            next_review_on=obj.next_review_on,
            by=request.user,
        )
        obj.pk = created.pk

    def revert_through_service(
        self,
        request: HttpRequest,
        obj: Any,
        *,
        changes: dict[str, Any],
        reason: str,
        expected_version: int | None,
    ) -> None:
        for name, value in changes.items():
            setattr(obj, name, value)
        services.save_scc(
            contract=obj, by=request.user, reason=reason, expected_version=expected_version
        )

    def perform_transition(
        self, request: HttpRequest, obj: Any, name: str, data: dict[str, Any]
    ) -> None:
        services.transition_scc(contract=obj, name=name, by=request.user, **data)

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/add-party/",
                self.admin_site.admin_view(self.add_party_view),
                name="transfers_scccontract_add_party",
            ),
            path(
                "<int:pk>/link-transfer/",
                self.admin_site.admin_view(self.link_transfer_view),
                name="transfers_scccontract_link",
            ),
            *super().get_urls(),
        ]

    def _contract_for_edit(self, request: HttpRequest, pk: int, action: str) -> SCCContract:
        contract = get_object_or_404(self.get_queryset(request), pk=pk)
        if not roles.may(request.user, action):
            raise PermissionDenied
        return contract

    def add_party_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        contract = self._contract_for_edit(request, pk, "scc.add_party")
        form = AddPartyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.add_scc_party(contract=contract, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return self._back(request, contract, _("Party added."))
        return self._form_page(request, contract, form, _("Add a party to %(c)s"))

    def link_transfer_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        contract = self._contract_for_edit(request, pk, "scc.link_transfer")
        transfers = access.scope_queryset(
            DataTransfer.objects.exclude(scc_contracts=contract), request.user
        ).select_related("exporter", "importer", "external_recipient")
        form = LinkTransferForm(request.POST or None, transfers=transfers)
        if request.method == "POST" and form.is_valid():
            try:
                services.link_scc(
                    contract=contract, transfer=form.cleaned_data["transfer"], by=request.user
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return self._back(request, contract, _("The contract now covers the transfer."))
        return self._form_page(request, contract, form, _("Cover a transfer by %(c)s"))

    def _back(self, request: HttpRequest, contract: SCCContract, text: Any) -> HttpResponse:
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:transfers_scccontract_change", args=[contract.pk])
        )

    def _form_page(
        self, request: HttpRequest, contract: SCCContract, form: Form, title: Any
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": title % {"c": contract.reference},
            "back_url": reverse("admin:transfers_scccontract_change", args=[contract.pk]),
        }
        return TemplateResponse(request, "admin/transfers/form.html", context)

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        obj = kwargs.get("obj")
        if obj is not None:
            context["covered_transfers"] = obj.transfers.select_related(
                "exporter", "importer", "external_recipient"
            )
            context["add_party_url"] = (
                reverse("admin:transfers_scccontract_add_party", args=[obj.pk])
                if roles.may(request.user, "scc.add_party")
                else None
            )
            context["link_url"] = (
                reverse("admin:transfers_scccontract_link", args=[obj.pk])
                if roles.may(request.user, "scc.link_transfer")
                else None
            )
        return super().render_change_form(request, context, *args, **kwargs)


class ReviewQuestionFilter(admin.SimpleListFilter):
    """Saved questions: assessments whose next review is overdue, or due within 30 days."""

    title = _("saved filters")
    parameter_name = "question"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("review_overdue", _("review overdue")),
            ("review_due", _("review due within 30 days or overdue")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if self.value() == "review_overdue":
            return selectors.reviews_due_before(queryset, today)
        if self.value() == "review_due":
            return selectors.reviews_due_before(queryset, today + selectors.REVIEW_HORIZON)
        return queryset


@admin.register(TransferImpactAssessment)
class TransferImpactAssessmentAdmin(
    ReferenceSearchAdminMixin, EntityScopedAdminMixin, WorkflowAdminMixin, HistoryAdmin
):
    reference_prefix = "TR"
    reference_lookup = "transfer_id"
    form = InputModelForm
    list_display = ("__str__", "transfer", "state", "approved_on", "next_review_on")
    list_filter = (ReviewQuestionFilter, "state")
    list_select_related = ("transfer",)
    search_fields = ("transfer__name", "conclusion")
    autocomplete_fields = ("transfer",)
    fields = (
        "transfer",
        "destination_laws",
        "practice",
        "supplementary_measures",
        "conclusion",
        "state",
        "approved_on",
        "next_review_on",
    )
    readonly_fields = ("approved_on", "next_review_on")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The review date is set by the approval; once approved it may be moved (and its
        # reminders with it) without approving again. The FSM admin's own read-only fields
        # (the protected state) stay read-only: a state is changed by a transition only.
        fsm_fixed = [
            f for f in super().get_readonly_fields(request, obj) if f not in self.readonly_fields
        ]
        if obj is not None and obj.state == TIAState.APPROVED:
            return ("approved_on", *fsm_fixed)
        return (*self.readonly_fields, *fsm_fixed)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the documented assessment is evidence (SCC Clause 14(d)); it stays

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            services.save_tia(tia=obj, by=request.user)
            return
        created = services.record_tia(
            transfer=obj.transfer,
            by=request.user,
            **{f: getattr(obj, f) for f in services.TIA_FIELDS},
        )
        obj.pk = created.pk

    def perform_transition(
        self, request: HttpRequest, obj: Any, name: str, data: dict[str, Any]
    ) -> None:
        services.transition_tia(tia=obj, name=name, by=request.user, **data)
