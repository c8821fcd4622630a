"""Django's admin autodiscovery imports this module: each feature's admin registers its own
classes (the registry, the breach register, the BCR programme, reminders, report jobs)."""

from compliance.bcr import admin as bcr_admin
from compliance.breaches import admin as breaches_admin
from compliance.registry import admin as registry_admin
from compliance.reminders import admin as reminders_admin
from compliance.reports import admin as reports_admin

__all__ = ["bcr_admin", "breaches_admin", "registry_admin", "reminders_admin", "reports_admin"]
