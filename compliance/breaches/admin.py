"""Admin of the breach register: the register with countdowns, deadlines, notifications."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from compliance.breaches import models
from compliance.breaches import services as breaches
from compliance.breaches.choices import DeadlineStatus, NotificationState, ObligationKind, Regime
from compliance.breaches.forms import (
    AcknowledgeNotificationForm,
    BreachIncidentForm,
    FollowUpForm,
    SubmitNotificationForm,
    TransitionNoteForm,
    WaiveDeadlineForm,
)
from compliance.breaches.models import (
    URGENT_HORIZON,
    BreachIncident,
    BreachNotification,
    NotificationDeadline,
    NotificationPhase,
)
from compliance.breaches.selectors import breach_facts
from compliance.countdowns import countdown
from compliance.inputs import zone_or_none
from compliance.registry.links import RelatedLink, changelist_link
from compliance.rules.breach import explain
from compliance.workflow.admin import (
    EntityScopedAdminMixin,
    ServiceRefusalAdminMixin,
    WorkflowAdminMixin,
)
from compliance.workflow.models import WorkflowEvent
from compliance.workflow.services import TransitionRefused


def _breach_link(incident: BreachIncident) -> str:
    url = reverse("admin:compliance_breachincident_change", args=[incident.pk])
    return format_html('<a href="{}">{}</a>', url, incident)


class RegimeFilter(admin.SimpleListFilter):
    title = _("regime")
    parameter_name = "regime"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(Regime.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in Regime.values:
            return queryset.filter(
                deadlines__regime=self.value(), deadlines__required=True
            ).distinct()
        return queryset


# The common questions about deadlines, asked of the register (per breach) and of the deadline
# list (per deadline) with the same names.
DEADLINE_QUESTIONS = (
    ("overdue", _("everything overdue")),
    ("72h", _("due within 72 hours")),
    ("appi_final", _("awaiting APPI final report")),
)


class OverdueFilter(admin.SimpleListFilter):
    """The register's saved questions, shown as named links."""

    title = _("deadlines")
    parameter_name = "deadlines"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(DEADLINE_QUESTIONS)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        now = timezone.now()
        open_required = models.open_required("deadlines__")
        if self.value() == "overdue":
            # The nearest open deadline is past: one indexed column, no join.
            return queryset.filter(next_due_at__lt=now)
        if self.value() == "72h":
            return queryset.filter(
                open_required, models.due_between(now, now + URGENT_HORIZON, "deadlines__")
            ).distinct()
        if self.value() == "appi_final":
            return queryset.filter(
                open_required,
                deadlines__regime=Regime.JP_APPI,
                deadlines__kind=ObligationKind.FINAL_REPORT,
            ).distinct()
        return queryset


class DeadlineQuestionFilter(admin.SimpleListFilter):
    """The deadline list's saved questions, the same as the register's, one row per deadline."""

    title = _("saved filters")
    parameter_name = "question"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(DEADLINE_QUESTIONS)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        now = timezone.now()
        open_required = queryset.filter(models.open_required())
        if self.value() == "overdue":
            return open_required.filter(due_at__lt=now)
        if self.value() == "72h":
            return open_required.filter(models.due_between(now, now + URGENT_HORIZON))
        if self.value() == "appi_final":
            return open_required.filter(regime=Regime.JP_APPI, kind=ObligationKind.FINAL_REPORT)
        return queryset


@admin.register(BreachIncident)
class BreachIncidentAdmin(
    ServiceRefusalAdminMixin, EntityScopedAdminMixin, WorkflowAdminMixin, SimpleHistoryAdmin
):
    form = BreachIncidentForm
    change_form_template = "admin/compliance/breachincident/change_form.html"
    list_display = (
        "reference_link",
        "title",
        "entity",
        "state",
        "next_deadline",
        "regimes",
        "aware_at",
    )
    list_filter = (
        "state",
        RegimeFilter,
        OverdueFilter,
        ("entity", admin.RelatedOnlyFieldListFilter),
        "risk",
        "cause",
    )
    search_fields = ("title", "description", "entity__short_name", "entity__legal_name")
    list_select_related = ("entity", "entity__country")
    autocomplete_fields = ("entity", "affected_countries", "owner")
    readonly_fields = ("state",)
    fsm_forms = {"reopen": TransitionNoteForm, "close": TransitionNoteForm}
    fieldsets = (
        (None, {"fields": ("entity", "role", "title", "description", "owner", "state")}),
        (_("When"), {"fields": ("occurred_at", "aware_at", "aware_time_zone", "loaded_version")}),
        (
            _("What and whom"),
            {
                "fields": (
                    "data_categories",
                    "subject_categories",
                    "subject_count",
                    "record_count",
                    "affected_countries",
                    "special_category",
                    "property_damage_risk",
                    "wrongful_purpose",
                    "encrypted",
                    "cause",
                )
            },
        ),
        (
            _("Assessment and measures"),
            {
                "fields": (
                    "risk",
                    "risk_reasoning",
                    "likely_consequences",
                    "containment",
                    "remediation",
                    "contact_point",
                )
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[BreachIncident]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "deadlines",
                    queryset=NotificationDeadline.objects.filter(required=True).only(
                        "incident_id", "regime"
                    ),
                    to_attr="required_deadlines",
                )
            )
        )

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # Overdue first, then the nearest deadline; breaches with nothing open last (the
        # ``breach_next_due`` index serves this order).
        return [F("next_due_at").asc(nulls_last=True), "-aware_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # GDPR Art. 33(5): the register documents every breach; nothing is deleted

    @admin.display(description=_("reference"), ordering="pk")
    def reference_link(self, obj: BreachIncident) -> str:
        return obj.reference

    @admin.display(description=_("next deadline"), ordering="next_due_at")
    def next_deadline(self, obj: Any) -> str:
        return countdown(obj.next_due_at, timezone.now())

    @admin.display(description=_("regimes"))
    def regimes(self, obj: Any) -> str:
        found = {d.regime for d in getattr(obj, "required_deadlines", [])}
        return ", ".join(str(Regime(r).label) for r in Regime.values if r in found) or "—"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        for other in getattr(form, "duplicates", []):
            self.message_user(
                request,
                _(
                    "%(ref)s has the same entity, awareness time and title: if it is the same "
                    "breach, record the facts there (each breach starts its own deadlines)."
                )
                % {"ref": other.reference},
                messages.WARNING,
            )
        countries = [c.pk for c in form.cleaned_data.get("affected_countries", [])]
        facts = {f: form.cleaned_data[f] for f in breaches.FACT_FIELDS if f in form.cleaned_data}
        if not change:
            created = breaches.record_breach(
                entity=form.cleaned_data["entity"],
                by=request.user,
                affected_countries=countries,
                **facts,
            )
            obj.pk = created.pk
            return
        breaches.update_breach(
            incident=obj,
            by=request.user,
            expected_version=form.cleaned_data["loaded_version"],
            changes={f: v for f, v in facts.items() if f in form.changed_data},
            affected_countries=countries,
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The service has stored the affected countries with the facts; nothing else to save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def perform_transition(
        self, request: HttpRequest, obj: Any, name: str, data: dict[str, Any]
    ) -> None:
        breaches.transition_incident(
            incident=obj, name=name, by=request.user, note=data.get("note", "")
        )

    def get_urls(self) -> list[Any]:
        # Imported here to keep the report wiring inside the admin classes.
        from compliance.registry.models import CorporateGroup
        from compliance.reports.views import export_view

        group_admin = self.admin_site.get_model_admin(CorporateGroup)
        return [
            path(
                "register/<path:object_id>/export/",
                self.admin_site.admin_view(export_view(group_admin, "breach_register")),
                name="compliance_breachincident_export_register",
            ),
            *super().get_urls(),
        ]

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        from compliance.reports.views import may_export

        obj = kwargs.get("obj")
        if obj is not None:
            context.update(breach_panel_context(request, obj))
            context["related_links"] = breach_links(obj, request.user)
            # The PDF buttons: the register of the breach's group, each notification's report.
            exporter = may_export(request.user)
            context["export_register_url"] = (
                reverse(
                    "admin:compliance_breachincident_export_register", args=[obj.entity.group_id]
                )
                if exporter
                else None
            )
            context["notification_report_links"] = (
                [
                    (n, reverse("admin:compliance_breachnotification_export_report", args=[n.pk]))
                    for n in context["notifications"]
                ]
                if exporter
                else []
            )
        return super().render_change_form(request, context, *args, **kwargs)


def breach_links(incident: BreachIncident, user: Any) -> list[RelatedLink]:
    """From a breach to its entity, and to its deadlines and notifications as filtered lists."""
    links = [
        RelatedLink(
            label=_("Reporting entity: %(entity)s") % {"entity": incident.entity.short_name},
            url=reverse("admin:compliance_groupentity_change", args=[incident.entity_id]),
        ),
        changelist_link(
            _("Notification deadlines of this breach"),
            user,
            NotificationDeadline.objects.filter(incident=incident),
            incident__id__exact=incident.pk,
        ),
        changelist_link(
            _("Notifications of this breach"),
            user,
            BreachNotification.objects.filter(incident=incident),
            incident__id__exact=incident.pk,
        ),
    ]
    return [link for link in links if link is not None]


def breach_panel_context(request: HttpRequest, incident: BreachIncident) -> dict[str, Any]:
    """What the change page shows beside the form: why, the deadlines, notifications, events."""
    try:
        reasons = list(explain(breach_facts(incident)))
    except ValueError as exc:
        reasons = [str(exc)]
    deadlines = list(
        incident.deadlines.select_related("recipient_authority", "decided_by").order_by(
            F("due_at").asc(nulls_last=True), "regime", "kind"
        )
    )
    may_act = request.user.has_perm("compliance.change_notificationdeadline")
    now = timezone.now()
    return {
        "why_lines": reasons,
        "deadline_rows": [
            {
                "deadline": d,
                "countdown": countdown(d.due_at, now)
                if d.status == DeadlineStatus.OPEN and d.required
                else "",
                "waive_url": reverse("admin:compliance_notificationdeadline_waive", args=[d.pk])
                if may_act and d.status == DeadlineStatus.OPEN
                else None,
                "notify_url": reverse("admin:compliance_notificationdeadline_notify", args=[d.pk])
                if may_act and d.status in (DeadlineStatus.OPEN, DeadlineStatus.NOT_REQUIRED)
                else None,
            }
            for d in deadlines
        ],
        "notifications": incident.notifications.select_related("deadline", "recipient_authority"),
        "events": WorkflowEvent.objects.filter(
            content_type__app_label="compliance",
            content_type__model="breachincident",
            object_id=incident.pk,
        ).select_related("by"),
        "report_zone": incident.aware_time_zone,
    }


@admin.register(NotificationDeadline)
class NotificationDeadlineAdmin(EntityScopedAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "breach_link",
        "regime",
        "kind",
        "recipient_authority",
        "required",
        "due_at",
        "status",
        "late",
    )
    list_filter = (DeadlineQuestionFilter, "regime", "status", "kind", "required", "late")
    list_select_related = (
        "incident",
        "incident__entity",
        "recipient_authority",
        "recipient_authority__country",
    )
    search_fields = ("incident__title", "basis")
    readonly_fields = [f.name for f in NotificationDeadline._meta.fields]

    @admin.display(description=_("breach"), ordering="incident")
    def breach_link(self, obj: NotificationDeadline) -> str:
        return _breach_link(obj.incident)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # deadlines come from the breach engine, not from typing

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/waive/",
                self.admin_site.admin_view(self.waive_view),
                name="compliance_notificationdeadline_waive",
            ),
            path(
                "<int:pk>/notify/",
                self.admin_site.admin_view(self.notify_view),
                name="compliance_notificationdeadline_notify",
            ),
            *super().get_urls(),
        ]

    def _deadline_for_action(self, request: HttpRequest, pk: int) -> NotificationDeadline:
        deadline = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("compliance.change_notificationdeadline"):
            raise PermissionDenied
        return deadline

    def waive_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        deadline = self._deadline_for_action(request, pk)
        form = WaiveDeadlineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                breaches.waive_deadline(
                    deadline=deadline, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    _("Recorded as not required, with your name and reason."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(_incident_url(deadline.incident_id))
        return TemplateResponse(
            request,
            "admin/compliance/simple_form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "form": form,
                "title": _("Mark “%(deadline)s” as not required") % {"deadline": deadline},
                "intro": deadline.basis,
                "back_url": _incident_url(deadline.incident_id),
            },
        )

    def notify_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        deadline = self._deadline_for_action(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(_incident_url(deadline.incident_id))
        try:
            notification = breaches.start_notification(deadline=deadline, by=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(_incident_url(deadline.incident_id))
        return HttpResponseRedirect(
            reverse("admin:compliance_breachnotification_change", args=[notification.pk])
        )


def _record_zone(notification: Any) -> str:
    """The zone a notification's times are typed in: its breach's zone of the report."""
    zone = notification.incident.aware_time_zone if notification is not None else ""
    return zone if zone_or_none(zone) is not None else "UTC"


def _incident_url(pk: int) -> str:
    return reverse("admin:compliance_breachincident_change", args=[pk])


class PhaseInline(admin.TabularInline):
    model = NotificationPhase
    extra = 0
    can_delete = False
    fields = ("number", "submitted_at", "content", "submitted_by")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BreachNotification)
class BreachNotificationAdmin(EntityScopedAdminMixin, WorkflowAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "__str__",
        "breach_link",
        "recipient_authority",
        "state",
        "submitted_at",
        "deadline_late",
    )
    list_filter = ("state", "deadline__regime")
    list_select_related = (
        "incident",
        "deadline",
        "recipient_authority",
        "recipient_authority__country",
    )
    search_fields = ("incident__title", "summary", "authority_reference")
    inlines = [PhaseInline]
    autocomplete_fields = ("recipient_authority",)
    change_form_template = "admin/compliance/breachnotification/change_form.html"
    fsm_forms = {"submit": SubmitNotificationForm, "acknowledge": AcknowledgeNotificationForm}
    fields = (
        "incident",
        "deadline",
        "recipient_authority",
        "summary",
        "state",
        "submitted_at",
        "late_reasons",
        "acknowledged_at",
        "authority_reference",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fixed = [
            "incident",
            "deadline",
            "state",
            "submitted_at",
            "late_reasons",
            "acknowledged_at",
            "authority_reference",
        ]
        if obj is not None and obj.state != NotificationState.DRAFT:
            # what was submitted, and to whom, is a record, not a draft
            fixed += ["summary", "recipient_authority"]
        return fixed

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # started from a deadline of the breach

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("breach"), ordering="incident")
    def breach_link(self, obj: BreachNotification) -> str:
        return _breach_link(obj.incident)

    @admin.display(description=_("late"), boolean=True)
    def deadline_late(self, obj: BreachNotification) -> bool | None:
        return obj.deadline.late

    def perform_transition(
        self, request: HttpRequest, obj: Any, name: str, data: dict[str, Any]
    ) -> None:
        if name == "submit":
            breaches.submit_notification(
                notification=obj,
                submitted_at=data["submitted_at"],
                by=request.user,
                late_reasons=data.get("late_reasons", ""),
            )
        elif name == "acknowledge":
            breaches.acknowledge_notification(
                notification=obj,
                acknowledged_at=data["acknowledged_at"],
                by=request.user,
                authority_reference=data.get("authority_reference", ""),
            )
        else:
            raise TransitionRefused(f"Unknown action {name}.")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        changed = [f for f in ("summary", "recipient_authority") if f in form.changed_data]
        if changed and obj.state == NotificationState.DRAFT:
            obj._history_user = request.user
            obj.save(update_fields=changed)

    def get_urls(self) -> list[Any]:
        from compliance.reports.views import export_view

        return [
            path(
                "<int:pk>/follow-up/",
                self.admin_site.admin_view(self.follow_up_view),
                name="compliance_breachnotification_follow_up",
            ),
            path(
                "<path:object_id>/export-report/",
                self.admin_site.admin_view(export_view(self, "breach_notification")),
                name="compliance_breachnotification_export_report",
            ),
            *super().get_urls(),
        ]

    def fsm_transition_view(
        self, request: HttpRequest, object_id: str, transition_name: str, **kwargs: Any
    ) -> HttpResponse:
        # Times are typed in the breach's zone (compliance.breaches.forms._ZonedForm).
        with timezone.override(_record_zone(self.get_object(request, object_id))):
            return super().fsm_transition_view(request, object_id, transition_name, **kwargs)

    def follow_up_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, notification):
            raise PermissionDenied
        with timezone.override(_record_zone(notification)):
            return self._follow_up(request, notification, pk)

    def _follow_up(
        self, request: HttpRequest, notification: BreachNotification, pk: int
    ) -> HttpResponse:
        back = reverse("admin:compliance_breachnotification_change", args=[pk])
        form = FollowUpForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                breaches.add_follow_up(
                    notification=notification, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    _("Follow-up recorded; the deadline is unchanged (GDPR Art. 33(4))."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(back)
        return TemplateResponse(
            request,
            "admin/compliance/simple_form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "form": form,
                "title": _("Follow-up information for %(n)s") % {"n": notification},
                "intro": _(
                    "Information may be provided in phases without undue further delay "
                    "(GDPR Art. 33(4)). The original deadline and whether it was met do not "
                    "change."
                ),
                "back_url": back,
            },
        )

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        from compliance.reports.views import may_export

        obj = kwargs.get("obj")
        if obj is not None:
            context["follow_up_url"] = (
                reverse("admin:compliance_breachnotification_follow_up", args=[obj.pk])
                if obj.state != NotificationState.DRAFT and self.has_change_permission(request, obj)
                else None
            )
            context["deadline"] = obj.deadline
            context["export_report_url"] = (
                reverse("admin:compliance_breachnotification_export_report", args=[obj.pk])
                if may_export(request.user)
                else None
            )
            context["events"] = WorkflowEvent.objects.filter(
                content_type__app_label="compliance",
                content_type__model="breachnotification",
                object_id=obj.pk,
            ).select_related("by")
        return super().render_change_form(request, context, *args, **kwargs)


__all__ = ["BreachIncidentAdmin", "BreachNotificationAdmin", "NotificationDeadlineAdmin"]
