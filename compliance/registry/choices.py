"""Enumerations of the registry: blocs of countries, the sectors an adequacy covers and the
kinds of body that receive reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Bloc(models.TextChoices):
    EU = "EU", _("European Union")
    EEA = "EEA", _("European Economic Area")


class Sector(models.TextChoices):
    ALL = "all", _("public and private sector")
    PRIVATE = "private", _("private sector")
    PUBLIC = "public", _("public sector")


class AuthorityBody(models.TextChoices):
    """What a body in the authority list is: a data protection authority (the default), a body
    that receives breach reports on an authority's behalf (Korea's KISA, PIPA Art. 34(3)), or,
    under NIS2, a member state's CSIRT (Art. 10) or competent authority (Art. 8), to which an
    essential or important entity reports significant incidents (Art. 23(1))."""

    DATA_PROTECTION = "dpa", _("data protection authority")
    REPORTING_POINT = "reporting", _("body receiving reports for the authority")
    CSIRT = "csirt", _("CSIRT (NIS2 Art. 10)")
    NIS2_AUTHORITY = "nis2", _("NIS2 competent authority (Art. 8)")
