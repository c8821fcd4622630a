"""Reminder admin: policies, the reminders and "what will be sent in the next 7 days", the
delivery log, each user's notification list and the calendar feed tokens.

Registered from ``ComplianceConfig.ready``. Reminders, deliveries, scheduler heartbeats and
outages are records of what the system did: read-only for everyone, never deleted here.
Policies and tokens are edited by the DPO group.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from compliance import labels
from compliance.reminders import limits
from compliance.reminders.calendar import (
    EXPIRED_AT_ISSUE,
    feed_url,
    issue_calendar_token,
    revoke_calendar_tokens,
)
from compliance.reminders.defaults import policy_description
from compliance.reminders.heartbeat import SchedulerHeartbeat, SchedulerOutage
from compliance.reminders.models import (
    CalendarToken,
    Reminder,
    ReminderDelivery,
    ReminderPolicy,
    UserNotification,
)
from compliance.reminders.month import month_picture
from compliance.reminders.selectors import upcoming_reminders
from compliance.reminders.sync import resync_all
from compliance.workflow.admin import ReadOnlyAdmin, VersionedAdminMixin
from compliance.workflow.services import save_versioned

UPCOMING_DAYS = 7
UPCOMING_LIMIT = 500


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = (
        "kind_label",
        "description_label",
        "after_start",
        "lead_times",
        "internal_target",
        "audience_display",
        "escalation_display",
    )
    search_fields = ("kind", "description")

    @admin.display(description=_("kind of deadline"), ordering="kind")
    def kind_label(self, obj: ReminderPolicy) -> str:
        return labels.reminder_kind(obj.kind)

    @admin.display(description=_("description"), ordering="description")
    def description_label(self, obj: ReminderPolicy) -> str:
        return policy_description(obj.kind, obj.description)

    actions = ["replan_reminders"]
    fieldsets = (
        (None, {"fields": ("kind", "description")}),
        (_("When"), {"fields": ("after_start", "lead_times", "internal_target")}),
        (
            _("Who, and how"),
            {
                "fields": (
                    ("notify_owner", "notify_coordinators", "notify_dpo"),
                    ("send_email", "notify_in_admin"),
                )
            },
        ),
        (
            _("Once overdue"),
            {
                "fields": (
                    ("escalation_interval", "escalation_max"),
                    ("escalate_to_owner", "escalate_to_coordinators", "escalate_to_dpo"),
                )
            },
        ),
    )

    @admin.display(description=_("audience"))
    def audience_display(self, obj: ReminderPolicy) -> str:
        return ", ".join(obj.audience())

    @admin.display(description=_("once overdue"))
    def escalation_display(self, obj: ReminderPolicy) -> str:
        if not obj.escalation_interval:
            return "—"
        widened = ", ".join(obj.audience(escalated=True))
        return f"every {obj.escalation_interval} (≤ {obj.escalation_max}×) to {widened}"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        save_versioned(obj, expected_version=self.loaded_version(form), by=request.user)
        self.message_user(
            request,
            "Reminders planned from now on follow this policy. To re-plan the pending "
            "reminders of existing deadlines, use the action “Re-plan reminders”.",
            messages.INFO,
        )

    @admin.action(description=_("Re-plan reminders of all live deadlines"), permissions=["change"])
    def replan_reminders(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        count = resync_all()
        self.message_user(request, f"Reminders re-planned for {count} live deadline(s).")


# A reminder's states (``Reminder.state``) in the reader's words.
REMINDER_STATES = {"pending": _("pending"), "sent": _("sent"), "cancelled": _("cancelled")}


class ReminderKindFilter(admin.SimpleListFilter):
    """The kinds of deadline reminded of, from the kinds the features register
    (``labels.register_reminder_kinds``): a fixed list, where a filter on the column itself
    would read every reminder for its distinct values on each page view."""

    title = _("kind of deadline")
    parameter_name = "kind"
    field = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return sorted(
            ((code, labels.reminder_kind(code)) for code in labels.REMINDER_KINDS),
            key=lambda item: str(item[1]).casefold(),
        )

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(**{self.field: self.value()})
        return queryset


class DeliveryKindFilter(ReminderKindFilter):
    parameter_name = "reminder__kind"
    field = "reminder__kind"


class ReminderStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(REMINDER_STATES.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == "pending":
            return queryset.filter(sent_at__isnull=True, cancelled_at__isnull=True)
        if value == "sent":
            return queryset.filter(sent_at__isnull=False)
        if value == "cancelled":
            return queryset.filter(cancelled_at__isnull=False)
        return queryset


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    # A log of every reminder ever scheduled / sent: a filtered page counts its own rows only,
    # not the whole log again ("Show all" instead of "N total").
    show_full_result_count = False
    change_list_template = "admin/compliance/reminders/reminder_change_list.html"
    list_display = (
        "next_reminder_at",
        "kind_label",
        "record",
        "moment",
        "due_at",
        "internal_target",
        "state_shown",
        "attempts",
        "cancel_reason",
    )
    list_filter = (ReminderStateFilter, ReminderKindFilter, "internal_target")
    search_fields = ("kind", "label", "cancel_reason", "last_error")
    # No date hierarchy: its year links read every reminder's date on each view (the upcoming
    # reminders page answers "what goes out when"); the list is ordered by that date instead.
    list_select_related = ("content_type",)

    @admin.display(description=_("kind of deadline"), ordering="kind")
    def kind_label(self, obj: Reminder) -> str:
        return labels.reminder_kind(obj.kind)

    @admin.display(description=_("state"))
    def state_shown(self, obj: Reminder) -> str:
        """The state in the reader's words (the filter's: pending, sent, cancelled)."""
        return str(REMINDER_STATES[obj.state])

    @admin.display(description=_("record"), ordering="object_id")
    def record(self, obj: Reminder) -> str:
        model = obj.content_type.model_class()
        name = model._meta.verbose_name if model is not None else obj.content_type.model
        return f"{name} #{obj.object_id}"

    @admin.display(description=_("when"))
    def moment(self, obj: Reminder) -> str:
        return labels.reminder_threshold(
            obj.threshold, internal=obj.internal_target, stored=obj.label
        )

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.upcoming_view)
        return [
            path("upcoming/", view, name="compliance_reminder_upcoming"),
            path(
                "calendar/",
                self.admin_site.admin_view(self.calendar_view),
                name="compliance_reminder_calendar",
            ),
            *super().get_urls(),
        ]

    def upcoming_view(self, request: HttpRequest) -> HttpResponse:
        """What will be sent in the next 7 days (and what is due now), with the recipients
        as they resolve today; overdue repeats beyond the next are planned as each is sent."""
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        entries = upcoming_reminders(now=timezone.now(), days=UPCOMING_DAYS, limit=UPCOMING_LIMIT)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reminders to be sent in the next %(days)s days") % {"days": UPCOMING_DAYS},
            "days": UPCOMING_DAYS,
            "opts": self.model._meta,
            "entries": entries,
            "limit": UPCOMING_LIMIT,
            "truncated": len(entries) == UPCOMING_LIMIT,
        }
        return TemplateResponse(request, "admin/compliance/reminders/upcoming.html", context)

    def calendar_view(self, request: HttpRequest) -> HttpResponse:
        """The month's deadlines as a calendar, for every signed-in role (scoped as the feed)."""
        now = timezone.now()
        today = timezone.localdate(now)
        year, month = today.year, today.month
        asked = request.GET.get("month", "")
        if asked:
            try:
                first = date.fromisoformat(f"{asked}-01")
            except ValueError:
                self.message_user(
                    request,
                    _("“%(month)s” is not a month; write it as YYYY-MM.") % {"month": asked},
                    messages.ERROR,
                )
            else:
                year, month = first.year, first.month
        previous = (year - 1, 12) if month == 1 else (year, month - 1)
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deadline calendar"),
            "opts": self.model._meta,
            "picture": month_picture(request.user, year=year, month=month, now=now),
            "previous": f"{previous[0]:04d}-{previous[1]:02d}",
            "following": f"{following[0]:04d}-{following[1]:02d}",
        }
        return TemplateResponse(request, "admin/compliance/reminders/calendar.html", context)


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(ReadOnlyAdmin):
    # A log of every reminder ever scheduled / sent: a filtered page counts its own rows only,
    # not the whole log again ("Show all" instead of "N total").
    show_full_result_count = False
    list_display = (
        "recorded_at",
        "sent_at",
        "recipient",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "late",
        "reminder_kind",
        "reminder_label",
        "address",
        "error",
    )
    exclude = ("body", "html")
    list_filter = ("status", "channel", "late", DeliveryKindFilter)
    search_fields = ("recipient__username", "recipient__email", "address", "error")
    date_hierarchy = "recorded_at"
    list_select_related = ("reminder", "recipient")

    @admin.display(description=_("deadline kind"), ordering="reminder__kind")
    def reminder_kind(self, obj: ReminderDelivery) -> str:
        return f"{labels.reminder_kind(obj.reminder.kind)} #{obj.reminder.object_id}"

    @admin.display(description=_("threshold"))
    def reminder_label(self, obj: ReminderDelivery) -> str:
        reminder = obj.reminder
        return labels.reminder_threshold(
            reminder.threshold, internal=reminder.internal_target, stored=reminder.label
        )


@admin.register(UserNotification)
class UserNotificationAdmin(ReadOnlyAdmin):
    """Each staff user's own notifications, whatever their role: a coordinator has no other
    permission on reminder models, yet must read what was sent to them."""

    change_list_template = "admin/compliance/reminders/notification_change_list.html"
    list_display = ("created_at", "open_link", "late", "is_read")
    list_filter = ("late", ("read_at", admin.EmptyFieldListFilter))
    actions = ["mark_read", "mark_unread"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[UserNotification]:
        return super().get_queryset(request).filter(user_id=request.user.pk)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        own = obj is None or obj.user_id == request.user.pk
        return bool(request.user.is_active and request.user.is_staff and own)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Actions normally need a change permission; marking one's own list read does not.
        return {
            name: (func, name, func.short_description)  # type: ignore[attr-defined]
            for name, func in (
                ("mark_read", type(self).mark_read),
                ("mark_unread", type(self).mark_unread),
            )
        }

    @admin.display(description=_("notification"))
    def open_link(self, obj: UserNotification) -> str:
        url = reverse("admin:compliance_usernotification_open", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.title)

    @admin.display(description=_("read"), boolean=True)
    def is_read(self, obj: UserNotification) -> bool:
        return obj.read_at is not None

    @admin.action(description=_("Mark as read"))
    def mark_read(self, request: HttpRequest, queryset: QuerySet[UserNotification]) -> None:
        queryset.filter(read_at__isnull=True).update(read_at=timezone.now())

    @admin.action(description=_("Mark as unread"))
    def mark_unread(self, request: HttpRequest, queryset: QuerySet[UserNotification]) -> None:
        queryset.update(read_at=None)

    def get_urls(self) -> list[Any]:
        site = self.admin_site
        return [
            path(
                "<int:pk>/open/",
                site.admin_view(self.open_view),
                name="compliance_usernotification_open",
            ),
            path(
                "calendar-link/",
                site.admin_view(require_POST(self.calendar_link_view)),
                name="compliance_usernotification_calendar_link",
            ),
            *super().get_urls(),
        ]

    def open_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = get_object_or_404(self.get_queryset(request), pk=pk)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return HttpResponseRedirect(notification.url or reverse("admin:index"))

    def calendar_link_view(self, request: HttpRequest) -> HttpResponse:
        """Self-service: a staff user gets a feed link of their own deadlines."""
        if not self.has_module_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        _token, raw = issue_calendar_token(user=request.user, by=request.user, label="self-service")
        self.message_user(
            request,
            format_html(
                "Your calendar link (shown only now; copy it into your calendar app as a "
                "subscription): <code>{}</code>",
                feed_url(raw),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:compliance_usernotification_changelist"))


class CalendarTokenForm(forms.ModelForm):
    class Meta:
        model = CalendarToken
        fields = ("user", "label", "expires_at")

    def clean_expires_at(self) -> Any:
        value = self.cleaned_data.get("expires_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(EXPIRED_AT_ISSUE, code="past")
        return value


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    form = CalendarTokenForm
    list_display = ("user", "label", "prefix", "created_at", "created_by", "expires_at", "status")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("user__username", "user__email", "label", "prefix")
    list_select_related = ("user", "created_by")
    autocomplete_fields = ("user",)
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return ("user", "label", "prefix", "created_at", "created_by", "expires_at", "revoked_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the log shows when a link stopped working

    @admin.display(description=_("status"))
    def status(self, obj: CalendarToken) -> str:
        if obj.revoked_at:
            return f"revoked {obj.revoked_at:%Y-%m-%d}"
        if obj.expires_at and obj.expires_at <= timezone.now():
            return f"expired {obj.expires_at:%Y-%m-%d}"
        return "active"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return super().save_model(request, obj, form, change)
        _token, raw = issue_calendar_token(
            user=obj.user, by=request.user, label=obj.label, expires_at=obj.expires_at, token=obj
        )
        self.message_user(
            request,
            format_html(
                "Calendar link for {} (shown only now; send it to them): <code>{}</code>",
                obj.user,
                feed_url(raw),
            ),
            messages.SUCCESS,
        )
        return None

    @admin.action(description=_("Revoke the selected calendar links"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[CalendarToken]) -> None:
        count = revoke_calendar_tokens(tokens=queryset)
        self.message_user(request, f"{count} calendar link(s) revoked.")


def _age(age: Any) -> str:
    seconds = int(age.total_seconds())
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


@admin.register(SchedulerHeartbeat)
class SchedulerHeartbeatAdmin(ReadOnlyAdmin):
    """Each beat and each worker, with the age of its last sign of life."""

    list_display = ("role", "name", "last_run_at", "age", "alive", "last_sweep_at", "runs")
    list_filter = ("role",)

    @admin.display(description=_("age"))
    def age(self, obj: SchedulerHeartbeat) -> str:
        return _age(timezone.now() - obj.last_run_at)

    @admin.display(description=_("alive"), boolean=True)
    def alive(self, obj: SchedulerHeartbeat) -> bool:
        return timezone.now() - obj.last_run_at <= limits.stale_after()


@admin.register(SchedulerOutage)
class SchedulerOutageAdmin(ReadOnlyAdmin):
    list_display = ("noticed_at", "cause", "since", "ended_at", "alerted_at", "alert_error")
    list_filter = ("cause",)
