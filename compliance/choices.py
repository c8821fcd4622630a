"""Enumerations shared by the compliance models (layer 0: no imports from the project)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Bloc(models.TextChoices):
    EU = "EU", _("European Union")
    EEA = "EEA", _("European Economic Area")


class Sector(models.TextChoices):
    ALL = "all", _("public and private sector")
    PRIVATE = "private", _("private sector")
    PUBLIC = "public", _("public sector")


class Role(models.TextChoices):
    CONTROLLER = "controller", _("controller")
    PROCESSOR = "processor", _("processor")


# Names of the auth groups created by migration 0002; the role matrix lives in compliance.roles.
DPO_GROUP = "DPO"
LEGAL_GROUP = "Legal"
COORDINATOR_GROUP = "Entity coordinator"
