from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from compliance import access, roles
from compliance.inputs import warn_case_variants
from compliance.registry import services
from compliance.registry.choices import Bloc
from compliance.registry.forms import CorporateGroupForm
from compliance.registry.links import entity_links
from compliance.registry.models import (
    CorporateGroup,
    Country,
    GroupEntity,
    Membership,
    SupervisoryAuthority,
)
from compliance.registry.names import country_name
from compliance.workflow.admin import (
    EntityScopedAdminMixin,
    ReferenceDataAdmin,
    VersionedAdminMixin,
)
from compliance.workflow.history import HistoryAdmin


class InEEAFilter(admin.SimpleListFilter):
    title = _("in the EEA today")
    parameter_name = "eea"
    country_path = ""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", str(_("Yes"))), ("no", str(_("No")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() not in ("yes", "no"):
            return queryset
        today = timezone.localdate()
        member = Membership.objects.of(Bloc.EEA, at=today).filter(
            country_id=OuterRef(self.country_path or "pk")
        )
        return queryset.filter(Exists(member) if self.value() == "yes" else ~Exists(member))


class EntityInEEAFilter(InEEAFilter):
    country_path = "country_id"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    can_delete = False
    fields = ("bloc", "valid_from", "valid_to", "source")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Country)
class CountryAdmin(ReferenceDataAdmin, HistoryAdmin):
    list_display = ("code", "display_name", "eea_member_today", "source")
    search_fields = ("code", "name")
    list_filter = (InEEAFilter,)
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Country]:
        today = timezone.localdate()
        member = Membership.objects.of(Bloc.EEA, at=today).filter(country_id=OuterRef("pk"))
        return super().get_queryset(request).annotate(_in_eea=Exists(member))

    @admin.display(boolean=True, description=_("EEA today"), ordering="_in_eea")
    def eea_member_today(self, obj: Any) -> bool:
        return bool(obj._in_eea)

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj: Country) -> str:
        return obj.display_name

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        """Also finds a country by its name in the reader's language ("Frankreich", "フランス"),
        in the list as in the country pickers (autocomplete) of other forms."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().casefold()
        if not term:
            return found, may_have_duplicates
        codes = [
            code
            for code, name in queryset.values_list("code", "name")
            if term in country_name(code, fallback=name).casefold()
        ]
        return found | queryset.filter(code__in=codes), may_have_duplicates


@admin.register(SupervisoryAuthority)
class SupervisoryAuthorityAdmin(ReferenceDataAdmin, HistoryAdmin):
    list_display = (
        "short_name",
        "display_name",
        "country",
        "region",
        "sector",
        "body",
        "portal_link",
    )
    list_filter = ("body", "sector", ("country", admin.RelatedOnlyFieldListFilter))
    search_fields = ("key", "short_name", "name", "region", "country__name")
    list_select_related = ("country",)

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj: SupervisoryAuthority) -> str:
        return obj.display_name

    @admin.display(description=_("breach portal"))
    def portal_link(self, obj: SupervisoryAuthority) -> str:
        url = obj.breach_portal or obj.website
        return format_html('<a href="{}" rel="noopener">{}</a>', url, url) if url else "—"


@admin.register(CorporateGroup)
class CorporateGroupAdmin(VersionedAdminMixin, HistoryAdmin):
    list_display = ("name", "short_name")
    search_fields = ("name", "short_name")
    form = CorporateGroupForm
    actions = ["export_group_status"]
    # Adds the "Export status (PDF)" button for users who may export (DPO, Legal).
    change_form_template = "admin/compliance/corporategroup/change_form.html"

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
        services.save_group(
            group=obj, by=request.user, reason=reason, expected_version=expected_version
        )

    def save_model(
        self, request: HttpRequest, obj: CorporateGroup, form: Any, change: bool
    ) -> None:
        warn_case_variants(
            self,
            request,
            form,
            _(
                "“%(name)s” has the same name but for letter case: if it is the same "
                "group, record the facts there."
            ),
        )
        services.save_group(group=obj, by=request.user, expected_version=self.loaded_version(form))

    def get_urls(self) -> list[Any]:
        # Imported here to keep this change inside the class (module imports are shared code).
        from compliance.reports.views import export_kind_view, export_view

        return [
            path(
                "<path:object_id>/export-status/",
                self.admin_site.admin_view(export_view(self, "group_status")),
                name="compliance_corporategroup_export_status",
            ),
            # Every other report of a group (breach register, transfer register, ...).
            path(
                "<path:object_id>/export/<slug:kind>/",
                self.admin_site.admin_view(export_kind_view(self)),
                name="compliance_corporategroup_export",
            ),
            *super().get_urls(),
        ]

    def _other_report_kinds(self) -> list[str]:
        from compliance.reports.views import kinds_for

        return [kind for kind in kinds_for(CorporateGroup) if kind != "group_status"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # One action per report of a group, including those other apps register at startup.
        actions = super().get_actions(request)
        if "export_group_status" not in actions:
            return actions  # not an exporter
        from compliance.reports.registry import get_report

        for kind in self._other_report_kinds():
            name = f"export_{kind}"
            description = _("Export %(report)s (PDF)") % {"report": get_report(kind).title}
            actions[name] = (_export_action(kind), name, description)
        return actions

    def has_export_permission(self, request: HttpRequest) -> bool:
        from compliance.reports.views import may_export

        return may_export(request.user)

    @admin.action(description=_("Export group compliance status (PDF)"), permissions=["export"])
    def export_group_status(
        self, request: HttpRequest, queryset: QuerySet[CorporateGroup]
    ) -> HttpResponse | None:
        # One PDF per download: the action leads to the export form of the one selected group.
        groups = list(queryset[:2])
        if len(groups) != 1:
            self.message_user(request, _("Select exactly one group to export."), messages.WARNING)
            return None
        return HttpResponseRedirect(
            reverse("admin:compliance_corporategroup_export_status", args=[groups[0].pk])
        )

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        from compliance.reports.registry import get_report

        obj = kwargs.get("obj")
        context["export_status_url"] = None
        context["export_report_links"] = []
        if obj is not None and self.has_export_permission(request):
            context["export_status_url"] = reverse(
                "admin:compliance_corporategroup_export_status", args=[obj.pk]
            )
            context["export_report_links"] = [
                (
                    get_report(kind).title,
                    reverse("admin:compliance_corporategroup_export", args=[obj.pk, kind]),
                )
                for kind in self._other_report_kinds()
            ]
        return super().render_change_form(request, context, *args, **kwargs)


def _export_action(kind: str) -> Any:
    def action(
        model_admin: CorporateGroupAdmin, request: HttpRequest, queryset: QuerySet[CorporateGroup]
    ) -> HttpResponse | None:
        # One PDF per download: the action leads to the export form of the one selected group.
        groups = list(queryset[:2])
        if len(groups) != 1:
            model_admin.message_user(
                request, _("Select exactly one group to export."), messages.WARNING
            )
            return None
        return HttpResponseRedirect(
            reverse("admin:compliance_corporategroup_export", args=[groups[0].pk, kind])
        )

    return action


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("controller", str(_("controller"))), ("processor", str(_("processor")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "controller":
            return queryset.filter(is_controller=True)
        if self.value() == "processor":
            return queryset.filter(is_processor=True)
        return queryset


class ChildEntityInline(admin.TabularInline):
    model = GroupEntity
    fk_name = "parent"
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("subsidiary")
    verbose_name_plural = _("subsidiaries")
    fields = ("short_name", "legal_name", "country")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[GroupEntity]:
        return access.scope_queryset(super().get_queryset(request), request.user).select_related(
            "country"
        )


class DesignateMainEstablishmentForm(forms.Form):
    since = forms.DateField(label=_("Main establishment since"), initial=date.today)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


@admin.register(GroupEntity)
class GroupEntityAdmin(VersionedAdminMixin, EntityScopedAdminMixin, HistoryAdmin):
    change_form_template = "admin/compliance/groupentity/change_form.html"
    list_display = (
        "short_name",
        "legal_name",
        "country",
        "region",
        "role_list",
        "is_eu_main_establishment",
        "lead_authority",
        "parent_link",
    )
    list_filter = (
        ("country", admin.RelatedOnlyFieldListFilter),
        EntityInEEAFilter,
        RoleFilter,
        "is_eu_main_establishment",
        "group",
    )
    search_fields = ("short_name", "legal_name", "registration_id", "country__name")
    list_select_related = ("country", "parent", "lead_authority", "lead_authority__country")
    autocomplete_fields = ("parent", "country", "lead_authority", "coordinators")
    inlines = [ChildEntityInline]
    fieldsets = (
        (None, {"fields": ("group", "legal_name", "short_name", "registration_id", "parent")}),
        (_("Location"), {"fields": ("country", "region", "time_zone")}),
        (_("Roles"), {"fields": ("is_controller", "is_processor")}),
        (
            _("Supervision"),
            {
                "fields": (
                    "is_eu_main_establishment",
                    "main_establishment_since",
                    "lead_authority",
                    "lead_authority_reason",
                )
            },
        ),
        (
            _("People and period"),
            {"fields": ("dpo_contact", "coordinators", "active_from", "active_to")},
        ),
    )
    # Coordinators keep their entity's details current but do not restructure the group.
    coordinator_readonly = (
        "group",
        "parent",
        "is_eu_main_establishment",
        "main_establishment_since",
        "lead_authority",
        "lead_authority_reason",
        "coordinators",
    )
    # The main establishment moves through its own form so that the move, its date and reason are
    # recorded together and lead authorities follow.
    dpo_readonly = ("is_eu_main_establishment", "main_establishment_since")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if not access.may_edit_everything(request.user):
            return self.coordinator_readonly
        return self.dpo_readonly if obj is not None else ()

    @admin.display(description=_("roles"))
    def role_list(self, obj: GroupEntity) -> str:
        return ", ".join(obj.roles)

    @admin.display(description=_("parent"), ordering="parent__short_name")
    def parent_link(self, obj: GroupEntity) -> str:
        if obj.parent is None:
            return "—"
        url = reverse("admin:compliance_groupentity_change", args=[obj.parent_id])
        return format_html('<a href="{}">{}</a>', url, obj.parent.short_name)

    def save_model(self, request: HttpRequest, obj: GroupEntity, form: Any, change: bool) -> None:
        services.save_entity(
            entity=obj, by=request.user, expected_version=self.loaded_version(form)
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)

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
        services.save_entity(
            entity=obj, by=request.user, reason=reason, expected_version=expected_version
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:object_id>/designate-main-establishment/",
                self.admin_site.admin_view(self.designate_view),
                name="compliance_groupentity_designate",
            ),
            *super().get_urls(),
        ]

    def designate_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        entity = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not roles.may(request.user, "entity.designate_main_establishment"):
            raise PermissionDenied
        form = DesignateMainEstablishmentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.designate_main_establishment(
                    entity=entity,
                    since=form.cleaned_data["since"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    _(
                        "%(entity)s is now the group's EU main establishment; lead authorities "
                        "were re-derived."
                    )
                    % {"entity": entity.short_name},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:compliance_groupentity_change", args=[entity.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Designate %(entity)s as EU main establishment") % {"entity": entity},
            "form": form,
            "entity": entity,
            "opts": self.opts,
        }
        return TemplateResponse(
            request, "admin/compliance/designate_main_establishment.html", context
        )

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        obj = kwargs.get("obj")
        context["designate_url"] = (
            reverse("admin:compliance_groupentity_designate", args=[obj.pk])
            if obj is not None
            and roles.may(request.user, "entity.designate_main_establishment")
            and not obj.is_eu_main_establishment
            else None
        )
        context["related_links"] = entity_links(obj, request.user) if obj is not None else []
        return super().render_change_form(request, context, *args, **kwargs)
