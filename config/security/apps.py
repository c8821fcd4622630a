from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "config.security"
    label = "dpo_security"
    verbose_name = _("Sign-in security")

    def ready(self) -> None:
        from config.security import signals  # noqa: F401 - connects the audit log receivers
