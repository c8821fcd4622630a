"""The DPO's part of sign-in security in the admin: unlock a locked sign-in, reset a second factor.

django-axes and django-otp register their models for anyone holding the model permissions; here
they are registered again for the DPO (and superusers) alone, read-only except for the one
deletion each that is the unlock or the reset, and every unlock and reset is logged with who did
it.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.security.policy import administers_security

logger = logging.getLogger("dpo_desk.security")


class _SecurityAdmin(admin.ModelAdmin):
    deletable = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return administers_security(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_security(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.deletable and administers_security(request.user)


class LockoutAdmin(_SecurityAdmin, AccessAttemptAdmin):
    """Failed sign-ins counted per user name and address. Deleting a row unlocks it."""

    deletable = True
    actions = ["unlock"]

    @admin.action(description="Unlock: forget the failed sign-ins of the selected rows")
    def unlock(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        count = len(queryset)
        self.delete_queryset(request, queryset)
        self.message_user(request, f"Unlocked {count} sign-in record(s).", messages.SUCCESS)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        self._log_unlock(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._log_unlock(request, list(queryset))
        super().delete_queryset(request, queryset)

    @staticmethod
    def _log_unlock(request: HttpRequest, attempts: list[Any]) -> None:
        for attempt in attempts:
            logger.warning(
                "sign-in unlocked",
                extra={
                    "event": "login_unlocked",
                    "by_user_id": request.user.pk,
                    "username": attempt.username,
                    "ip_address": attempt.ip_address,
                    "failures": attempt.failures_since_start,
                },
            )


class LoginLogAdmin(_SecurityAdmin, AccessLogAdmin):
    pass


class LoginFailureLogAdmin(_SecurityAdmin, AccessFailureLogAdmin):
    pass


class _DeviceResetAdmin(_SecurityAdmin):
    """Deleting a user's device resets their second factor: they enrol again at next sign-in."""

    deletable = True
    actions = ["reset_second_factor"]

    @admin.action(description="Reset the second factor of the selected users (app and codes)")
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        user_ids = set(queryset.values_list("user_id", flat=True))
        for user_id in sorted(user_ids):
            _log_reset(request, user_id)
        TOTPDevice.objects.filter(user_id__in=user_ids).delete()
        StaticDevice.objects.filter(user_id__in=user_ids).delete()
        self.message_user(
            request,
            f"Reset the second factor of {len(user_ids)} user(s): they enrol again at next "
            "sign-in.",
            messages.SUCCESS,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        _log_reset(request, obj.user_id)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for user_id in sorted(set(queryset.values_list("user_id", flat=True))):
            _log_reset(request, user_id)
        super().delete_queryset(request, queryset)


def _log_reset(request: HttpRequest, user_id: int) -> None:
    logger.warning(
        "second factor reset",
        extra={"event": "otp_reset", "by_user_id": request.user.pk, "user_id": user_id},
    )


class AppDeviceAdmin(_DeviceResetAdmin, TOTPDeviceAdmin):
    pass


class RecoveryCodesAdmin(_DeviceResetAdmin, StaticDeviceAdmin):
    pass


for _model, _admin in (
    (AccessAttempt, LockoutAdmin),
    (AccessLog, LoginLogAdmin),
    (AccessFailureLog, LoginFailureLogAdmin),
    (TOTPDevice, AppDeviceAdmin),
    (StaticDevice, RecoveryCodesAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)
