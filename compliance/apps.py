from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ComplianceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self) -> None:
        from compliance import reference_files, roles
        from compliance.reminders import admin as reminders_admin
        from compliance.reminders import sources as reminder_sources
        from compliance.reports import admin as reports_admin

        # imported for their registrations
        del reference_files, reminders_admin, reminder_sources, reports_admin

        # Keep the role groups' permissions in step with the models after every migrate, so a
        # model added by a later migration is covered without another data migration.
        post_migrate.connect(roles.sync_role_permissions_handler, dispatch_uid="dpo_desk_roles")
