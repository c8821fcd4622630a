from __future__ import annotations

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "config.security"
    label = "dpo_security"
    verbose_name = "Sign-in security"

    def ready(self) -> None:
        from config.security import signals  # noqa: F401 - connects the audit log receivers
