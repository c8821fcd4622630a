"""Admin of the breach register: the register with countdowns, deadlines, notifications."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance import access, labels, legal_text, roles
from compliance.breaches import contents, models
from compliance.breaches import services as breaches
from compliance.breaches.choices import DeadlineStatus, NotificationState, ObligationKind, Regime
from compliance.breaches.forms import (
    AcknowledgeNotificationForm,
    BreachIncidentForm,
    BreachInvolvementForm,
    BreachInvolvementFormSet,
    FollowUpForm,
    LateReasonsForm,
    SubmitNotificationForm,
    TransitionNoteForm,
    WaiveDeadlineForm,
)
from compliance.breaches.models import (
    URGENT_HORIZON,
    BreachIncident,
    BreachInvolvement,
    BreachNotification,
    NotificationDeadline,
    NotificationPhase,
)
from compliance.breaches.reports.draft import draft_language, notification_draft
from compliance.breaches.reports.formatting import exemption
from compliance.breaches.selectors import breach_facts, involvements
from compliance.choices import DPO_GROUP
from compliance.countdowns import countdown, due_in_zones
from compliance.inputs import zone_or_none
from compliance.registry.links import RelatedLink, changelist_link
from compliance.reports.pdf import REPORT_LANGUAGES
from compliance.rules.breach import BreachFacts, explain
from compliance.workflow.admin import (
    EntityScopedAdminMixin,
    ServiceRefusalAdminMixin,
    VersionedAdminMixin,
    WorkflowAdminMixin,
    choose_group_wide,
    decision_confirmed,
)
from compliance.workflow.history import HistoryAdmin, RevertRefused
from compliance.workflow.models import WorkflowEvent
from compliance.workflow.search import ReferenceSearchAdminMixin
from compliance.workflow.services import TransitionRefused
from config.security.reauth import reauthentication_redirect

# The APPI clocks run on the Japanese calendar (PPC Rules Art. 8): their due instants are also
# shown in Japan time, wherever the owing entity sits.
JAPAN_ZONE = "Asia/Tokyo"


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


INVOLVEMENTS_PREFIX = "involvements"


class BreachInvolvementInline(admin.StackedInline):
    """The group entities the breach concerns (domain brief §8.2), the reporting one first."""

    model = BreachInvolvement
    form = BreachInvolvementForm
    formset = BreachInvolvementFormSet
    extra = 0
    fields = ("entity", "role", "reach", "reached_by", "exporter", "transfer_tool", "scc_module")
    # Searched, not listed: a select of every group entity, twice a row and again in the empty
    # row's template, was most of the change page's time at 300 entities. Both offer every
    # group entity to every user, as the selects did (a coordinator names the other entities
    # a breach concerns, domain brief §8.2): see ``choose_group_wide`` below.
    autocomplete_fields = ("entity", "exporter")
    verbose_name = _("involved group entity")
    verbose_name_plural = _("involved group entities (each owes its own obligations)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[BreachInvolvement]:
        return super().get_queryset(request).select_related("entity", "incident")

    def get_extra(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        return 0 if obj is not None else 1


choose_group_wide(BreachInvolvement, "entity", "exporter")


@admin.register(BreachIncident)
class BreachIncidentAdmin(
    ReferenceSearchAdminMixin,
    ServiceRefusalAdminMixin,
    EntityScopedAdminMixin,
    WorkflowAdminMixin,
    HistoryAdmin,
):
    form = BreachIncidentForm
    reference_prefix = "BR"
    reference_year_field = "aware_at"
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
    inlines = [BreachInvolvementInline]
    fsm_forms = {"reopen": TransitionNoteForm, "close": TransitionNoteForm}
    transition_guards = breaches.GUARDS
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "entity",
                    "role",
                    "title",
                    "description",
                    "discovery",
                    "entrustment",
                    "owner",
                    "state",
                )
            },
        ),
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
                    "appi_special_care",
                    "property_damage_risk",
                    "wrongful_purpose",
                    "possibly_over_1000",
                    "encrypted",
                    "controller_subject_to_appi",
                    "cause",
                    "cause_detail",
                )
            },
        ),
        (
            # Asked only when they matter: collapsed until a breach reaches these laws.
            _("Other countries' breach laws (Korea, Singapore, Brazil, Australia, NIS2)"),
            {
                "classes": ("collapse",),
                "fields": (
                    "unique_identifiers",
                    "minors",
                    "authentication_data",
                    "financial_data",
                    "large_scale",
                    "small_agent",
                    "assessed_at",
                    "nis2_entity",
                    "significant_incident",
                    "nis2_notified_at",
                    "recommended_steps",
                    "processing_subject_count",
                    "indicators_of_compromise",
                ),
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
        (
            _("Public announcement"),
            {
                "description": _(
                    "PPC Rules Art. 8(1)(vii); also the alternative measure when the principals "
                    "cannot be notified (APPI Art. 26(2) proviso)."
                ),
                "fields": ("announced_on", "announcement_where", "announcement_text"),
            },
        ),
    )

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        inlines = super().get_inline_instances(request, obj)
        if request.method == "POST" and f"{INVOLVEMENTS_PREFIX}-TOTAL_FORMS" not in request.POST:
            # A post without the involved entities' rows (a client that does not send them)
            # keeps them as they are rather than failing on the missing management form.
            return [i for i in inlines if not isinstance(i, BreachInvolvementInline)]
        return inlines

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((_("Why this change"), {"fields": ("change_reason",)}))
        return fieldsets

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

    def get_autocomplete_fields(self, request: HttpRequest) -> Any:
        fields = tuple(super().get_autocomplete_fields(request))
        if access.sees_everything(request.user):
            return fields
        # The user search crosses the group; a coordinator picks from a scoped list instead.
        return tuple(f for f in fields if f != "owner")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "owner" and not access.sees_everything(request.user):
            kwargs["queryset"] = owner_choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
        # Saved in save_related, with the involved entities, through one service call.
        pass

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        obj = form.instance
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
        involved = _involved(formsets)
        if not change:
            created = breaches.record_breach(
                entity=form.cleaned_data["entity"],
                by=request.user,
                affected_countries=countries,
                involved=involved or (),
                **facts,
            )
            obj.pk = created.pk
        else:
            breaches.update_breach(
                incident=obj,
                by=request.user,
                expected_version=form.cleaned_data["loaded_version"],
                changes={f: v for f, v in facts.items() if f in form.changed_data},
                affected_countries=countries,
                involved=involved,
                reason=form.cleaned_data.get("change_reason", "").strip(),
            )
        for formset in formsets:
            # Saved by the service above; the change message reads these.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if change:
            _ask_for_late_reasons(self, request, obj)

    def revert_through_service(
        self,
        request: HttpRequest,
        obj: Any,
        *,
        changes: dict[str, Any],
        reason: str,
        expected_version: int | None,
    ) -> None:
        # The same service as an edit: version check, deadlines recomputed, reason recorded.
        fixed = sorted(set(changes) - set(breaches.FACT_FIELDS))
        if fixed:
            raise RevertRefused(f"{', '.join(fixed)} cannot be reverted here.")
        breaches.update_breach(
            incident=obj,
            by=request.user,
            expected_version=obj.version if expected_version is None else expected_version,
            changes=changes,
            reason=reason,
        )

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
            path(
                "<path:object_id>/export-dossier/",
                self.admin_site.admin_view(export_view(self, "breach_dossier")),
                name="compliance_breachincident_export_dossier",
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
            context["export_dossier_url"] = (
                reverse("admin:compliance_breachincident_export_dossier", args=[obj.pk])
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


def owner_choices(user: Any) -> QuerySet[Any]:
    """Whom a coordinator may name as a breach's owner: the coordinators of their own entities
    (themselves included) and the DPO office, not any account of the group."""
    people = get_user_model()._default_manager.filter(is_active=True, is_staff=True)
    return people.filter(
        Q(coordinated_entities__in=access.coordinated_entity_ids(user))
        | Q(groups__name=DPO_GROUP)
        | Q(pk=user.pk)
    ).distinct()


def _involved(formsets: Any) -> list[breaches.Involvement] | None:
    """The involved entities the inline submitted; None when it was not on the page."""
    for formset in formsets:
        if formset.model is not BreachInvolvement:
            continue
        found = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("entity"):
                continue
            found.append(
                breaches.Involvement(
                    entity=data["entity"],
                    role=data.get("role") or "controller",
                    targeted_regimes=data.get("targeted_regimes"),
                    exporter=data.get("exporter"),
                    transfer_tool=data.get("transfer_tool") or "",
                    scc_module=data.get("scc_module"),
                )
            )
        return found
    return None


def _ask_for_late_reasons(model_admin: Any, request: HttpRequest, incident: BreachIncident) -> None:
    for notification in breaches.notifications_needing_late_reasons(incident):
        url = reverse("admin:compliance_breachnotification_late_reasons", args=[notification.pk])
        model_admin.message_user(
            request,
            format_html(
                gettext(
                    "“{}” was submitted after its corrected statutory deadline: "
                    '<a href="{}">give the reasons for the delay</a> (GDPR Art. 33(1)).'
                ),
                notification.deadline,
                url,
            ),
            messages.WARNING,
        )


def _answers(
    incident: BreachIncident, involvement: BreachInvolvement, facts: BreachFacts
) -> list[str]:
    """The answers the engine used for one entity, in words: what drove its result."""
    reach = (
        _(
            "reach of other countries' laws not assessed: they are applied as a precaution and "
            "their obligations marked assumed"
        )
        if facts.targeted_regimes is None
        else _("reach assessed: reached from outside by %(laws)s")
        % {
            "laws": ", ".join(
                str(Regime(r).label) for r in Regime.values if r in facts.targeted_regimes
            )
            or _("no other law")
        }
    )
    answers = [
        _("established in %(country)s, %(role)s for this breach")
        % {"country": facts.entity_country, "role": involvement.get_role_display()},
        reach,
        _("risk: %(risk)s%(assumed)s")
        % {
            "risk": facts.risk,
            "assumed": "" if incident.risk else _(" (not assessed yet: a risk is assumed)"),
        },
        _("affected countries: %(countries)s")
        % {"countries": ", ".join(sorted(facts.affected_countries)) or "—"},
        _("number of people: %(count)s")
        % {"count": facts.subject_count if facts.subject_count is not None else _("unknown")},
    ]
    flags = [
        str(getattr(BreachIncident._meta.get_field(name), "verbose_name", name))
        for name in (
            "special_category",
            "property_damage_risk",
            "wrongful_purpose",
            "encrypted",
            "possibly_over_1000",
            "minors",
            "authentication_data",
            "financial_data",
            "unique_identifiers",
            "large_scale",
            "small_agent",
            "nis2_entity",
            "significant_incident",
        )
        if getattr(facts, name)
    ]
    if flags:
        answers.append(_("answered yes: %(flags)s") % {"flags": "; ".join(flags)})
    if incident.appi_special_care is not None:
        answers.append(
            _("APPI special care-required data: %(answer)s")
            % {"answer": _("yes") if incident.appi_special_care else _("no")}
        )
    if involvement.role == "processor" and not facts.controller_subject_to_appi:
        answers.append(_("the entrusting business is not under the APPI"))
    if involvement.exporter is not None:
        answers.append(
            _("received the data from %(exporter)s under %(tool)s: owes it a group notification")
            % {
                "exporter": involvement.exporter.short_name,
                "tool": involvement.get_transfer_tool_display(),
            }
        )
    return [str(answer) for answer in answers]


def why_groups(incident: BreachIncident) -> list[dict[str, Any]]:
    """The "What applies and why" panel: per involved entity, the engine's explanation and the
    answers that drove it."""
    groups = []
    for involvement in involvements(incident):
        try:
            facts = breach_facts(incident, involvement)
            lines = [legal_text.render(line) for line in explain(facts)]
            answers = _answers(incident, involvement, facts)
        except ValueError as exc:
            lines, answers = [str(exc)], []
        groups.append(
            {
                "entity": involvement.entity,
                "role": involvement.get_role_display(),
                "reporting": involvement.entity_id == incident.entity_id,
                "lines": lines,
                "answers": answers,
                "unassessed": involvement.targeted_regimes is None,
            }
        )
    return groups


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
    groups = why_groups(incident)
    deadlines = list(
        incident.deadlines.select_related("recipient_authority", "decided_by", "entity").order_by(
            F("due_at").asc(nulls_last=True), "regime", "kind"
        )
    )
    may_waive = roles.may(request.user, "deadline.waive")
    may_notify = roles.may(request.user, "notification.start")
    now = timezone.now()
    return {
        "why_lines": [line for group in groups for line in group["lines"]],
        "why_groups": groups,
        "several_entities": len(groups) > 1,
        "late_reasons_wanted": [
            (n, reverse("admin:compliance_breachnotification_late_reasons", args=[n.pk]))
            for n in breaches.notifications_needing_late_reasons(incident)
        ],
        "deadline_rows": [
            {
                "deadline": d,
                "countdown": countdown(d.due_at, now)
                if d.status == DeadlineStatus.OPEN and d.required
                else "",
                "waive_url": reverse("admin:compliance_notificationdeadline_waive", args=[d.pk])
                if may_waive and d.status == DeadlineStatus.OPEN
                else None,
                "notify_url": reverse("admin:compliance_notificationdeadline_notify", args=[d.pk])
                if may_notify and d.status in (DeadlineStatus.OPEN, DeadlineStatus.NOT_REQUIRED)
                else None,
                "exemption": exemption(d),
            }
            for d in deadlines
        ],
        "notifications": incident.notifications.select_related("deadline", "recipient_authority"),
        "events": WorkflowEvent.objects.filter(
            content_type__app_label="compliance",
            content_type__model="breachincident",
            object_id=incident.pk,
        ).select_related("by"),
        # The timeline reads in the reporting entity's zone (UTC beside it), as its deadlines do.
        "event_zone": incident.entity.time_zone,
        "report_zone": incident.aware_time_zone,
    }


@admin.register(NotificationDeadline)
class NotificationDeadlineAdmin(ReferenceSearchAdminMixin, EntityScopedAdminMixin, HistoryAdmin):
    reference_prefix = "BR"
    reference_lookup = "incident_id"
    reference_year_field = "incident__aware_at"
    list_display = (
        "breach_link",
        "entity",
        "regime",
        "kind",
        "recipient_authority",
        "time_left",
        "due_shown",
        "status_shown",
    )
    list_filter = (
        DeadlineQuestionFilter,
        "regime",
        "status",
        "kind",
        "required",
        "deadline_source",
        "late",
        "assumed",
    )
    list_select_related = (
        "incident",
        "incident__entity",
        "entity",
        "recipient_authority",
        "recipient_authority__country",
    )
    search_fields = ("incident__title", "basis")
    readonly_fields = [f.name for f in NotificationDeadline._meta.fields]

    @admin.display(description=_("breach"), ordering="incident")
    def breach_link(self, obj: NotificationDeadline) -> str:
        return _breach_link(obj.incident)

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # A deadline list: the open obligations first, overdue ones at the top, then by due
        # instant; those without a fixed instant ("without undue delay") after them.
        still_open = Case(When(status=DeadlineStatus.OPEN, then=Value(0)), default=Value(1))
        return [still_open.asc(), F("due_at").asc(nulls_last=True), "-incident", "pk"]

    @admin.display(description=_("time left"), ordering="due_at")
    def time_left(self, obj: NotificationDeadline) -> str:
        if obj.status != DeadlineStatus.OPEN:
            return obj.get_status_display()
        return countdown(obj.due_at, timezone.now())

    @admin.display(description=_("due"), ordering="due_at")
    def due_shown(self, obj: NotificationDeadline) -> str:
        """In the owing entity's zone and in UTC; the APPI clocks also in Japan time; then what
        fixes the instant (a period fixed by law, a regulator's yardstick, an internal target).
        One column rather than two: the list must fit a 1400 px screen."""
        also = (JAPAN_ZONE,) if obj.regime == Regime.JP_APPI else ()
        due = due_in_zones(obj.due_at, obj.entity.time_zone, also=also)
        if not obj.deadline_source:
            return due
        return format_html(
            '{}<br><span class="due-source">{}</span>', due, obj.get_deadline_source_display()
        )

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, obj: NotificationDeadline) -> str:
        """The status, then for a met obligation whether it was late (in words), and whether it
        rests on assumed facts (an unknown answer applied as a precaution)."""
        lines = [format_html("{}", obj.get_status_display())]
        if obj.status == DeadlineStatus.MET:
            lines.append(format_html('<span class="due-late">{}</span>', self.lateness_label(obj)))
        if obj.assumed:
            lines.append(format_html('<span class="due-assumed">{}</span>', _("assumed")))
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    @admin.display(description=_("late"), ordering="late")
    def lateness_label(self, obj: NotificationDeadline) -> str:
        """'late' only after a statutory period (domain brief §8.1); 'in time' when met before
        the due instant; '—' while nothing has been met."""
        return labels.lateness(obj.source, obj.late)

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

    def _deadline_for_action(
        self, request: HttpRequest, pk: int, action: str
    ) -> NotificationDeadline:
        deadline = get_object_or_404(self.get_queryset(request), pk=pk)
        if not roles.may(request.user, action):
            raise PermissionDenied
        return deadline

    def waive_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        deadline = self._deadline_for_action(request, pk, "deadline.waive")
        if not decision_confirmed(request):
            # Waiving a statutory obligation is a decision: confirm who you are first.
            return reauthentication_redirect(request, request.path)
        form = WaiveDeadlineForm(request.POST or None, deadline=deadline)
        if request.method == "POST" and form.is_valid():
            try:
                breaches.waive_deadline(
                    deadline=deadline,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    exemption=form.cleaned_data.get("exemption", ""),
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
                "intro": deadline.basis_text,
                "back_url": _incident_url(deadline.incident_id),
            },
        )

    def notify_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        deadline = self._deadline_for_action(request, pk, "notification.start")
        if request.method != "POST":
            return HttpResponseRedirect(_incident_url(deadline.incident_id))
        # Drafted from the record in the document's language (a posted "lang" chooses another),
        # for the user to check and complete on the draft's page before it is submitted.
        lang = request.POST.get("lang", "")
        if lang not in REPORT_LANGUAGES:
            lang = draft_language(deadline)
        try:
            notification = breaches.start_notification(
                deadline=deadline, by=request.user, summary=notification_draft(deadline, lang)
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(_incident_url(deadline.incident_id))
        self.message_user(
            request,
            _(
                "The content is drafted from the breach record: check and complete every item "
                "before recording the submission."
            ),
            messages.INFO,
        )
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
class BreachNotificationAdmin(
    ReferenceSearchAdminMixin,
    VersionedAdminMixin,
    EntityScopedAdminMixin,
    WorkflowAdminMixin,
    HistoryAdmin,
):
    reference_prefix = "BR"
    reference_lookup = "incident_id"
    reference_year_field = "incident__aware_at"
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
        "items_not_yet_known",
        "acknowledged_at",
        "authority_reference",
    )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if obj is not None and not obj.deadline.reasons_for_delay_basis:
            # Asked and shown only where the law asks for them (GDPR Art. 33(1)), not under
            # the PPC Rules.
            fields.remove("late_reasons")
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fixed = [
            "incident",
            "deadline",
            "state",
            "submitted_at",
            "late_reasons",
            "items_not_yet_known",
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

    @admin.display(description=_("items not yet known at submission"))
    def items_not_yet_known(self, obj: BreachNotification) -> str:
        return "; ".join(str(item.label) for item in contents.unknown_items(obj)) or "—"

    @admin.display(description=_("late"))
    def deadline_late(self, obj: BreachNotification) -> str:
        """'late' only after a statutory period; the other sources name what was missed."""
        return labels.lateness(obj.deadline.source, obj.deadline.late)

    def perform_transition(
        self, request: HttpRequest, obj: Any, name: str, data: dict[str, Any]
    ) -> None:
        if name == "submit":
            breaches.submit_notification(
                notification=obj,
                submitted_at=data["submitted_at"],
                by=request.user,
                late_reasons=data.get("late_reasons", ""),
                not_yet_known=data.get("not_yet_known") or (),
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

    def revert_through_service(
        self,
        request: HttpRequest,
        obj: Any,
        *,
        changes: dict[str, Any],
        reason: str,
        expected_version: int | None,
    ) -> None:
        breaches.update_draft_notification(
            notification=obj,
            by=request.user,
            expected_version=expected_version,
            changes=changes,
            reason=reason,
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        changed = {f: getattr(obj, f) for f in breaches.DRAFT_FIELDS if f in form.changed_data}
        if changed and obj.state == NotificationState.DRAFT:
            breaches.update_draft_notification(
                notification=obj,
                by=request.user,
                expected_version=self.loaded_version(form),
                changes=changed,
            )

    def get_urls(self) -> list[Any]:
        from compliance.reports.views import export_view

        return [
            path(
                "<int:pk>/follow-up/",
                self.admin_site.admin_view(self.follow_up_view),
                name="compliance_breachnotification_follow_up",
            ),
            path(
                "<int:pk>/redraft/",
                self.admin_site.admin_view(self.redraft_view),
                name="compliance_breachnotification_redraft",
            ),
            path(
                "<int:pk>/late-reasons/",
                self.admin_site.admin_view(self.late_reasons_view),
                name="compliance_breachnotification_late_reasons",
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

    def redraft_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Write a draft's content again from the breach record, in the posted language; the
        content it replaces stays in the draft's history."""
        notification = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, notification) or not roles.may(
            request.user, "notification.start"
        ):
            raise PermissionDenied
        back = reverse("admin:compliance_breachnotification_change", args=[pk])
        lang = request.POST.get("lang", "")
        if request.method != "POST" or lang not in REPORT_LANGUAGES:
            return HttpResponseRedirect(back)
        try:
            breaches.update_draft_notification(
                notification=notification,
                by=request.user,
                expected_version=None,
                changes={"summary": notification_draft(notification.deadline, lang)},
                reason="content drafted again from the breach record",
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _(
                    "The content is drafted from the breach record: check and complete every "
                    "item before recording the submission."
                ),
                messages.INFO,
            )
        return HttpResponseRedirect(back)

    def follow_up_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, notification) or not roles.may(
            request.user, "notification.follow_up"
        ):
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

    def late_reasons_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Reasons for the delay of a notification that a correction of the facts made late."""
        notification = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, notification):
            raise PermissionDenied
        back = reverse("admin:compliance_breachnotification_change", args=[pk])
        form = LateReasonsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                breaches.give_late_reasons(
                    notification=notification,
                    reasons=form.cleaned_data["late_reasons"],
                    by=request.user,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(request, _("Reasons for the delay recorded."), messages.SUCCESS)
                return HttpResponseRedirect(back)
        deadline = notification.deadline
        return TemplateResponse(
            request,
            "admin/compliance/simple_form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "form": form,
                "title": _("Reasons for the delay of %(n)s") % {"n": notification},
                "intro": _(
                    "Submitted at %(submitted)s UTC; after the correction of the facts the "
                    "deadline is %(due)s UTC. A notification made after the statutory period "
                    "gives the reasons for the delay (GDPR Art. 33(1), second sentence)."
                )
                % {
                    "submitted": f"{notification.submitted_at:%Y-%m-%d %H:%M}"
                    if notification.submitted_at
                    else "—",
                    "due": f"{deadline.due_at:%Y-%m-%d %H:%M}" if deadline.due_at else "—",
                },
                "back_url": back,
            },
        )

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        from compliance.reports.views import may_export

        obj = kwargs.get("obj")
        if (
            obj is not None
            and request.method == "GET"
            and obj.needs_late_reasons
            and self.has_change_permission(request, obj)
        ):
            url = reverse("admin:compliance_breachnotification_late_reasons", args=[obj.pk])
            self.message_user(
                request,
                format_html(
                    gettext(
                        "Submitted after the statutory deadline as corrected: "
                        '<a href="{}">give the reasons for the delay</a> (GDPR Art. 33(1)).'
                    ),
                    url,
                ),
                messages.WARNING,
            )
        if obj is not None:
            context["follow_up_url"] = (
                reverse("admin:compliance_breachnotification_follow_up", args=[obj.pk])
                if obj.state != NotificationState.DRAFT
                and self.has_change_permission(request, obj)
                and roles.may(request.user, "notification.follow_up")
                else None
            )
            context["deadline"] = obj.deadline
            context["redraft_url"] = (
                reverse("admin:compliance_breachnotification_redraft", args=[obj.pk])
                if obj.state == NotificationState.DRAFT
                and self.has_change_permission(request, obj)
                and roles.may(request.user, "notification.start")
                else None
            )
            context["draft_languages"] = [
                (code, name) for code, name in settings.LANGUAGES if code in REPORT_LANGUAGES
            ]
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
            # In the zone of the entity that owes the notification, as its deadline shows.
            context["event_zone"] = obj.deadline.entity.time_zone
        return super().render_change_form(request, context, *args, **kwargs)


__all__ = ["BreachIncidentAdmin", "BreachNotificationAdmin", "NotificationDeadlineAdmin"]
