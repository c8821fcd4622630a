"""Admin of the transfer register: configuration and presentation; writes go to the services."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from compliance import access, labels, roles
from compliance.inputs import PlainSelect, warn_case_variants
from compliance.registry.models import Country, GroupEntity
from compliance.workflow.admin import (
    EntityScopedAdminMixin,
    ReadOnlyAdmin,
    ReferenceDataAdmin,
    ServiceRefusalAdminMixin,
    VersionedAdminMixin,
    WorkflowAdminMixin,
)
from compliance.workflow.history import HistoryAdmin
from compliance.workflow.models import WorkflowEvent
from compliance.workflow.search import ReferenceSearchAdminMixin
from transfers import pictures, selectors, services
from transfers.admin_contracts import (  # noqa: F401 - registers the contract and TIA admins
    SCCContractAdmin,
    TransferImpactAssessmentAdmin,
)
from transfers.choices import SCCVersion
from transfers.explanation import drivers, format_fact
from transfers.finding_text import finding_basis, worded_finding
from transfers.forms import (
    DataTransferForm,
    ExternalRecipientForm,
    ImpactForm,
    MeshForm,
    ProcessingActivityForm,
    ReevaluateForm,
    TransferSCCForm,
)
from transfers.models import (
    AdequacyDecision,
    DataTransfer,
    ExternalRecipient,
    ProcessingActivity,
    TransferEvaluation,
    TransferImpactAssessment,
)
from transfers.remedies import remedy_for
from transfers.rules.vocabulary import IMPORTER_NOT_CERTIFIED

SEVERITY_ORDER = {"blocker": 0, "warning": 1, "info": 2}
# Tools that do not depend on the importer's DPF certification: for a transfer resting on one,
# "importer not certified" is true but beside the point (domain.md §8.3), so it is not shown.
CERTIFICATION_IRRELEVANT = frozenset({"scc", "uk_idta", "uk_addendum", "bcr"})


def shown_findings(findings: list[dict[str, str]], mechanism: str | None) -> list[dict[str, str]]:
    """The findings worth a reader's attention for a transfer resting on ``mechanism``."""
    if mechanism in CERTIFICATION_IRRELEVANT:
        return [f for f in findings if f.get("code") != IMPORTER_NOT_CERTIFIED]
    return list(findings)


def findings_badges(findings: list[dict[str, str]]) -> str:
    """Blockers and warnings as badges (the success finding when there is nothing else)."""
    shown = [f for f in findings if f.get("severity") != "info"] or findings[:1]
    shown = sorted(shown, key=lambda f: SEVERITY_ORDER.get(f.get("severity", ""), 3))
    return format_html_join(
        " ",
        '<span class="finding finding-{}" title="{}">{}</span>',
        (
            (f["severity"], finding_basis(f), labels.finding_line(f["severity"], f["code"]))
            for f in shown
        ),
    )


class DestinationCountryFilter(admin.SimpleListFilter):
    title = _("destination country")
    parameter_name = "destination"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        # The countries of the entities and recipients transfers go to: an index probe per
        # entity, not a join of every transfer made distinct.
        importers = GroupEntity.objects.filter(
            Exists(DataTransfer.objects.filter(importer=OuterRef("pk")))
        )
        used = Country.objects.filter(
            Q(code__in=importers.values("country_id"))
            | Q(code__in=ExternalRecipient.objects.values("country_id"))
        )
        return [(c.code, str(c)) for c in used.order_by("name")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        code = self.value()
        if not code:
            return queryset
        return queryset.filter(
            Q(importer__country_id=code) | Q(external_recipient__country_id=code)
        )


class TransferQuestionFilter(admin.SimpleListFilter):
    """Saved question: transfers whose latest evaluation found a blocker (retired ones aside)."""

    title = _("saved filters")
    parameter_name = "question"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("blockers", _("with blockers")),
            ("not_assessed", _("not assessed (no export rule implemented here)")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "blockers":
            return selectors.with_blockers(queryset)
        if self.value() == "not_assessed":
            return selectors.not_assessed(queryset)
        return queryset


class VerdictFilter(admin.SimpleListFilter):
    """The engine's answer: lawful, not lawful, or not assessed (None: never "unknown", never
    lawful, domain.md §8.3)."""

    title = _("verdict")
    parameter_name = "verdict"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("lawful", _("lawful")),
            ("not_lawful", _("not lawful")),
            ("not_assessed", _("not assessed")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = {"lawful": True, "not_lawful": False, "not_assessed": None}
        if self.value() not in value:
            return queryset
        wanted = value[self.value() or ""]
        if wanted is None:
            return queryset.filter(lawful__isnull=True)
        return queryset.filter(lawful=wanted)


@admin.register(DataTransfer)
class DataTransferAdmin(
    ReferenceSearchAdminMixin,
    ServiceRefusalAdminMixin,
    EntityScopedAdminMixin,
    WorkflowAdminMixin,
    HistoryAdmin,
):
    form = DataTransferForm
    reference_prefix = "TR"
    change_form_template = "admin/transfers/datatransfer/change_form.html"
    change_list_template = "admin/transfers/datatransfer/change_list.html"
    list_display = (
        "reference",
        "name",
        "exporter",
        "destination",
        "destination_country",
        "state",
        "basis",
        "findings",
        "evaluated_as_of",
    )
    list_filter = (
        TransferQuestionFilter,
        DestinationCountryFilter,
        "current_mechanism",
        "has_blocker",
        "state",
        ("exporter", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("exporter", "importer", "external_recipient", "current_result")
    search_fields = ("name", "purpose", "exporter__short_name", "external_recipient__name")
    autocomplete_fields = ("external_recipient", "continues", "processing_activity")
    actions = ["reevaluate_as_of"]
    readonly_fields = ("legal_approver", "approved_on", "requested_by")
    # The version travels in the form's own hidden field (optimistic locking), not the model's.
    exclude = ("version",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "version",
                    "state",
                    "legal_approver",
                    "approved_on",
                    "requested_by",
                )
            },
        ),
        (
            _("Parties and roles (the roles decide the SCC module)"),
            {
                "fields": (
                    "exporter",
                    "exporter_role",
                    "importer",
                    "external_recipient",
                    "importer_role",
                )
            },
        ),
        (
            _("Processing"),
            {
                "fields": (
                    "processing_activity",
                    "purpose",
                    "data_categories",
                    "special_categories",
                    "frequency",
                    "start_date",
                    "end_date",
                    "continues",
                    "hr_data",
                    "eu_origin",
                )
            },
        ),
        (
            _("Tools outside contracts"),
            {"fields": ("derogation", "appi_consent", "appi_equivalent_measures")},
        ),
        (
            _("Compelling legitimate interests (GDPR Art. 49(1) second subparagraph)"),
            {
                "description": _(
                    "The derogation of last resort: only when no other tool or derogation is "
                    "available, for a transfer that is not repetitive and concerns a limited "
                    "number of data subjects. Document the assessment and the safeguards, inform "
                    "the supervisory authority and tell the data subjects."
                ),
                "fields": (
                    "compelling_interests",
                    "authority_informed_on",
                    "subjects_informed_on",
                ),
            },
        ),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the register is a record: a transfer ends by being retired

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "importer":
            # A coordinator's transfer may go to any entity of the group, not only their own.
            kwargs["queryset"] = GroupEntity.objects.all()
        if db_field.name in ("exporter", "importer") and "widget" not in kwargs:
            # Selects of the group's entities (300 options each), written without a template
            # per option.
            kwargs["widget"] = PlainSelect()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("recipient"))
    def destination(self, obj: DataTransfer) -> str:
        return str(obj.recipient) if obj.recipient is not None else "—"

    def get_queryset(self, request: HttpRequest) -> QuerySet[DataTransfer]:
        return (
            super()
            .get_queryset(request)
            # The list shows the current result's findings, not its facts (the larger column).
            .defer("current_result__facts")
            # The date of the newest evaluation, through ``evaluation_latest`` per row shown.
            .annotate(latest_evaluated_on=selectors.newest_evaluation_date())
        )

    @admin.display(description=_("to"))
    def destination_country(self, obj: DataTransfer) -> str:
        return obj.importer_country_id or "—"

    @admin.display(description=_("basis"), ordering="current_mechanism")
    def basis(self, obj: DataTransfer) -> str:
        if obj.current_result_id is None or obj.current_lawful is None:
            # Not evaluated yet, or not assessed: never shown as lawful (domain.md §8.3).
            return format_html('<span class="not-assessed">{}</span>', obj.current_verdict)
        label = obj.get_current_mechanism_display() or "—"
        return format_html(
            '<span class="{}">{}</span>', "lawful" if obj.current_lawful else "unlawful", label
        )

    @admin.display(description=_("findings"))
    def findings(self, obj: DataTransfer) -> str:
        result = obj.current_result
        if result is None:
            return "—"
        # The result's findings as of the newest evaluation's date (the changelist's annotation).
        findings = result.findings_on(obj.latest_evaluated_on)  # type: ignore[attr-defined]
        return findings_badges(shown_findings(findings, result.mechanism))

    @admin.display(description=_("evaluated as of"))
    def evaluated_as_of(self, obj: DataTransfer) -> Any:
        # The changelist's annotation (``get_queryset``): the date of the newest evaluation.
        return getattr(obj, "latest_evaluated_on", None) or "—"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        for other in getattr(form, "similar_names", []):
            self.message_user(
                request,
                _(
                    "“%(name)s” (%(ref)s) has the same name but for letter case: if it is the "
                    "same transfer, record the facts there."
                )
                % {"name": other.name, "ref": other.reference},
                messages.WARNING,
            )
        facts = {f: form.cleaned_data[f] for f in services.FACT_FIELDS if f in form.cleaned_data}
        if not change:
            exporter = facts.pop("exporter")
            created = services.request_transfer(exporter=exporter, by=request.user, **facts)
            obj.pk = created.pk
            return
        changed = {f: v for f, v in facts.items() if f in form.changed_data}
        if not changed:
            return
        # The service compares with the stored facts to decide whether the processing changed.
        stored = DataTransfer.objects.get(pk=obj.pk)
        version = form.cleaned_data.get("version") or stored.version
        services.update_transfer(
            transfer=stored, by=request.user, expected_version=version, changes=changed
        )
        obj.refresh_from_db()  # the new version, and the state if it went back to review

    def revert_through_service(
        self,
        request: HttpRequest,
        obj: Any,
        *,
        changes: dict[str, Any],
        reason: str,
        expected_version: int | None,
    ) -> None:
        services.update_transfer(
            transfer=obj,
            by=request.user,
            expected_version=obj.version if expected_version is None else expected_version,
            changes=changes,
            reason=reason,
        )

    def perform_transition(
        self, request: HttpRequest, obj: Any, name: str, data: dict[str, Any]
    ) -> None:
        note = data.pop("reason", "") or data.pop("note", "")
        services.transition_transfer(transfer=obj, name=name, by=request.user, note=note, **data)

    def transition_warning(self, obj: Any, name: str) -> str:
        if name != "send_to_legal" or not obj.has_blocker:
            return ""
        latest = obj.latest_evaluation()  # its result is the current one, with its date
        fix = remedy_for(obj, latest.findings, latest.regime) if latest is not None else ""
        warning = str(_("The engine marks this transfer unlawful: Legal cannot approve it yet."))
        return f"{warning} {fix}".strip()

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        obj = kwargs.get("obj")
        if obj is not None:
            context.update(transfer_panel_context(obj))
            context["add_scc_url"] = (
                reverse("admin:transfers_datatransfer_add_scc", args=[obj.pk])
                if roles.may(request.user, "scc.link_transfer")
                else None
            )
            context["add_tia_url"] = (
                reverse("admin:transfers_transferimpactassessment_add") + f"?transfer={obj.pk}"
                if self.admin_site.get_model_admin(TransferImpactAssessment).has_add_permission(
                    request
                )
                else None
            )
        return super().render_change_form(request, context, *args, **kwargs)

    def add_scc_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A new SCC for this transfer: parties and module taken from it (one page, not five)."""
        transfer = get_object_or_404(self.get_queryset(request), pk=pk)
        if not roles.may(request.user, "scc.link_transfer"):
            raise PermissionDenied
        initial = {
            "scc_version": SCCVersion.V2021,
            "module": selectors.module_for(transfer.exporter_role, transfer.importer_role),
        }
        form = TransferSCCForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                contract = services.record_scc_for_transfer(
                    transfer=transfer, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    _("%(contract)s drafted between the transfer's parties; it covers %(ref)s.")
                    % {"contract": contract.reference, "ref": transfer.reference},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:transfers_scccontract_change", args=[contract.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("New SCC for %(ref)s: %(exporter)s → %(importer)s")
            % {
                "ref": transfer.reference,
                "exporter": transfer.exporter,
                "importer": transfer.recipient,
            },
            "back_url": reverse("admin:transfers_datatransfer_change", args=[transfer.pk]),
        }
        return TemplateResponse(request, "admin/transfers/form.html", context)

    # Re-evaluation, impact analysis and the SCC mesh calculator.

    def has_reevaluate_permission(self, request: HttpRequest) -> bool:
        return roles.may(request.user, "transfer.reevaluate")

    @admin.action(description=_("Re-evaluate as of a date"), permissions=["reevaluate"])
    def reevaluate_as_of(
        self, request: HttpRequest, queryset: QuerySet[DataTransfer]
    ) -> HttpResponse | None:
        form = ReevaluateForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            result = services.reevaluate_transfers(
                transfers=queryset, as_of=form.cleaned_data["as_of"]
            )
            self.message_user(
                request,
                _(
                    "%(n)d transfers evaluated as of %(on)s: %(ok)d lawful, %(bad)d with a "
                    "blocker, %(none)d not assessed."
                )
                % {
                    "n": result.evaluated,
                    "on": result.as_of.isoformat(),
                    "ok": result.lawful,
                    "bad": result.with_blocker,
                    "none": result.not_assessed,
                },
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Re-evaluate %(n)d transfers") % {"n": queryset.count()},
            "form": form,
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action": "reevaluate_as_of",
        }
        return TemplateResponse(request, "admin/transfers/reevaluate.html", context)

    def get_urls(self) -> list[Any]:
        return [
            path(
                "impact/",
                self.admin_site.admin_view(self.impact_view),
                name="transfers_datatransfer_impact",
            ),
            path(
                "<int:pk>/add-scc/",
                self.admin_site.admin_view(self.add_scc_view),
                name="transfers_datatransfer_add_scc",
            ),
            path(
                "scc-mesh/",
                self.admin_site.admin_view(self.mesh_view),
                name="transfers_datatransfer_mesh",
            ),
            *super().get_urls(),
        ]

    def _group_report_context(self, request: HttpRequest, title: Any) -> dict[str, Any]:
        # Group-wide analyses cross every entity: DPO and Legal only, not coordinators.
        if not access.sees_everything(request.user):
            raise PermissionDenied
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title}

    def impact_view(self, request: HttpRequest) -> HttpResponse:
        context = self._group_report_context(request, _("Impact of an invalidated decision"))
        form = ImpactForm(request.GET or None)
        if form.is_valid():
            data = form.cleaned_data
            context["rows"] = selectors.impact_of_invalidation(
                data["group"], data["decision"], data["from_date"]
            )
            context["decision"] = AdequacyDecision.objects.filter(key=data["decision"]).first()
        context["form"] = form
        return TemplateResponse(request, "admin/transfers/impact.html", context)

    def mesh_view(self, request: HttpRequest) -> HttpResponse:
        context = self._group_report_context(request, _("SCC mesh calculator"))
        form = MeshForm(request.GET or None)
        if form.is_valid():
            data = form.cleaned_data
            context["mesh"] = selectors.scc_mesh(data["group"], on=data["on"])
            context["mesh_matrix"] = pictures.mesh_matrix(context["mesh"])
        context["form"] = form
        return TemplateResponse(request, "admin/transfers/scc_mesh.html", context)


def transfer_panel_context(transfer: DataTransfer) -> dict[str, Any]:
    """What the change page shows under the form: the engine's reasoning and the timeline."""
    evaluation = transfer.latest_evaluation()
    relevant = (
        shown_findings(evaluation.findings, evaluation.mechanism) if evaluation is not None else []
    )
    findings = sorted(relevant, key=lambda f: SEVERITY_ORDER.get(f.get("severity", ""), 3))
    return {
        "evaluation": evaluation,
        "evaluation_findings": [worded_finding(f) for f in findings],
        "evaluation_drivers": drivers(evaluation.facts, relevant) if evaluation is not None else [],
        "remedy": remedy_for(transfer, relevant, evaluation.regime)
        if evaluation is not None
        else "",
        "events": WorkflowEvent.objects.filter(
            content_type__app_label="transfers",
            content_type__model="datatransfer",
            object_id=transfer.pk,
        ).select_related("by"),
        # The timeline reads in the exporter's zone (UTC beside it), as its reviews do.
        "event_zone": transfer.exporter.time_zone,
        "scc_contracts": transfer.scc_contracts.all(),
        "tias": transfer.tias.all(),
        "onward_transfers": transfer.onward_transfers.all(),
    }


@admin.register(TransferEvaluation)
class TransferEvaluationAdmin(
    ReferenceSearchAdminMixin, ReadOnlyAdmin, EntityScopedAdminMixin, admin.ModelAdmin
):
    reference_prefix = "TR"
    reference_lookup = "transfer_id"
    # Written by the engine, never typed in.
    list_display = ("transfer", "evaluated_on", "verdict", "regime", "mechanism", "has_blocker")
    # A log that grows by the group's transfers at each re-evaluation: a filtered page counts
    # its own rows only, not the whole log again ("Show all" instead of "N total").
    show_full_result_count = False
    list_filter = (VerdictFilter, "has_blocker", "mechanism", "regime")
    list_select_related = ("transfer",)
    search_fields = ("transfer__name",)
    # The result's findings and facts (shared with every evaluation that found the same) after
    # the evaluation's own columns; the result itself is not a page of its own.
    readonly_fields = [
        *(f.name for f in TransferEvaluation._meta.fields if f.name != "result"),
        "findings",
        "facts",
    ]

    @admin.display(description=_("verdict"), ordering="lawful")
    def verdict(self, obj: TransferEvaluation) -> str:
        return obj.verdict

    # As the admin shows a JSON field: the result's, and the facts with the evaluation's date.
    @admin.display(description=_("findings"))
    def findings(self, obj: TransferEvaluation) -> str:
        return json.dumps(obj.findings, ensure_ascii=False)

    @admin.display(description=_("facts given to the engine"))
    def facts(self, obj: TransferEvaluation) -> str:
        return json.dumps(obj.facts, ensure_ascii=False)


@admin.register(ExternalRecipient)
class ExternalRecipientAdmin(VersionedAdminMixin, HistoryAdmin):
    form = ExternalRecipientForm
    list_display = (
        "name",
        "country",
        "organisation",
        "dpf_certified_from",
        "dpf_certified_until",
        "hr_covered",
        "uk_extension_from",
        "apec_cbpr",
    )
    list_filter = (
        ("country", admin.RelatedOnlyFieldListFilter),
        "importer_certified_hr",
        "organisation",
        "apec_cbpr",
    )
    list_select_related = ("country",)
    search_fields = ("name", "country__name")
    autocomplete_fields = ("country",)
    fieldsets = (
        (None, {"fields": ("name", "country", "organisation")}),
        (
            _("US adequacy: EU-US Data Privacy Framework and its UK Extension"),
            {
                "description": _(
                    "Adequacy covers only organisations on the DPF List, for the data types they "
                    "certified, while the certification lasts (Decision (EU) 2023/1795; SI "
                    "2023/1028). A review is reminded 60 and 14 days before the certification's "
                    "last day while a transfer relies on it."
                ),
                "fields": (
                    "dpf_certified_from",
                    "dpf_certified_until",
                    "importer_certified_hr",
                    "uk_extension_from",
                    "uk_extension_until",
                ),
            },
        ),
        (_("Japan (APPI)"), {"fields": ("apec_cbpr",)}),
        (None, {"fields": ("notes",)}),
    )

    @admin.display(description=_("HR data covered"), ordering="importer_certified_hr")
    def hr_covered(self, obj: ExternalRecipient) -> str:
        if obj.dpf_certified_from is None:
            return "—"
        return format_fact("importer_certified_hr", obj.importer_certified_hr)

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
        services.save_external_recipient(
            recipient=obj, by=request.user, reason=reason, expected_version=expected_version
        )

    def save_model(
        self, request: HttpRequest, obj: ExternalRecipient, form: Any, change: bool
    ) -> None:
        warn_case_variants(
            self,
            request,
            form,
            _(
                "“%(name)s” has the same name but for letter case: if it is the same "
                "recipient, record the facts there."
            ),
        )
        services.save_external_recipient(
            recipient=obj, by=request.user, expected_version=self.loaded_version(form)
        )


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(VersionedAdminMixin, EntityScopedAdminMixin, HistoryAdmin):
    list_display = ("name", "controller", "special_categories", "retention")
    list_filter = ("special_categories", ("controller", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("controller",)
    search_fields = ("name", "purposes", "controller__short_name")
    form = ProcessingActivityForm

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
        services.save_processing_activity(
            activity=obj, by=request.user, reason=reason, expected_version=expected_version
        )

    def save_model(
        self, request: HttpRequest, obj: ProcessingActivity, form: Any, change: bool
    ) -> None:
        warn_case_variants(
            self,
            request,
            form,
            _(
                "“%(name)s” has the same name but for letter case: if it is the same "
                "activity, record the facts there."
            ),
        )
        services.save_processing_activity(
            activity=obj, by=request.user, expected_version=self.loaded_version(form)
        )


@admin.register(AdequacyDecision)
class AdequacyDecisionAdmin(ReferenceDataAdmin, HistoryAdmin):
    list_display = ("key", "regime", "jurisdiction", "title", "valid_from", "valid_to")
    list_filter = ("regime", "requires_certification")
    search_fields = ("key", "title", "jurisdiction", "reference")
