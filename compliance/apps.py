from importlib import import_module

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The features of this app, in the order they plug into the shared machinery. Each has a
# ``registration`` module whose ``register()`` adds its reminder sources, reports, report
# sections, dashboard panels, entity links and demo data; the machinery never imports a feature.
FEATURES = (
    "compliance.registry",
    "compliance.reminders",
    "compliance.breaches",
    "compliance.bcr",
)


class ComplianceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "compliance"
    verbose_name = _("Compliance")

    def ready(self) -> None:
        from django.contrib import admin

        from compliance import dashboard, roles
        from compliance.inputs import use_input_fields
        from compliance.preferences.services import remember_language

        dashboard.register()
        for feature in FEATURES:
            import_module(f"{feature}.registration").register()
        # Keep the role groups' permissions in step with the models after every migrate, so a
        # model added by a later migration is covered without another data migration.
        post_migrate.connect(roles.sync_role_permissions_handler, dispatch_uid="dpo_desk_roles")
        # A user's chosen language is read once at sign-in into the session, so that no request
        # pays a query for it (the changelists' query counts stay as measured).
        user_logged_in.connect(remember_language, dispatch_uid="dpo_desk_language")
        # Every admin date field reads ISO dates; every instant a stated zone (after autodiscovery,
        # which django.contrib.admin, installed first, has run).
        use_input_fields(admin.site)
