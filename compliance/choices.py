"""What every feature shares (layer 0): the parties' roles and the names of the role groups.

Each feature keeps its own enumerations in its ``choices`` module (``compliance.registry``,
``compliance.breaches``, ``transfers``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.rules import breach as rules


class Role(models.TextChoices):
    CONTROLLER = rules.CONTROLLER, _("controller")
    PROCESSOR = rules.PROCESSOR, _("processor")


# Names of the auth groups created by migration 0002; the role matrix lives in compliance.roles.
DPO_GROUP = "DPO"
LEGAL_GROUP = "Legal"
COORDINATOR_GROUP = "Entity coordinator"
