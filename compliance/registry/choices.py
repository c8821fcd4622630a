"""Enumerations of the registry: blocs of countries and the sectors an adequacy covers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Bloc(models.TextChoices):
    EU = "EU", _("European Union")
    EEA = "EEA", _("European Economic Area")


class Sector(models.TextChoices):
    ALL = "all", _("public and private sector")
    PRIVATE = "private", _("private sector")
    PUBLIC = "public", _("public sector")
