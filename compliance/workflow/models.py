"""What every workflow shares: the event log of transitions and optimistic versioning."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance import labels


class WorkflowEvent(models.Model):
    """One transition of one workflow record: who, when, from which state to which, and why.

    Written by ``compliance.workflow.services.apply_transition`` in the transaction of the
    transition itself; never edited. It is the timeline the admin and the PDF reports print.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("action"), max_length=60)
    from_state = models.CharField(_("from"), max_length=40)
    to_state = models.CharField(_("to"), max_length=40)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.action_label}: {self.from_label} → {self.to_label}"

    @property
    def _subject_model(self) -> type[models.Model] | None:
        # From the content-type cache: no query per event.
        return ContentType.objects.get_for_id(self.content_type_id).model_class()

    @property
    def action_label(self) -> str:
        """The action in the reader's words ('Start assessment', not 'start_assessment')."""
        return labels.workflow_action(self._subject_model, self.transition)

    @property
    def from_label(self) -> str:
        return labels.workflow_state(self._subject_model, self.from_state)

    @property
    def to_label(self) -> str:
        return labels.workflow_state(self._subject_model, self.to_state)


class VersionedModel(models.Model):
    """Optimistic locking: a form carries the version it was loaded at; a save that finds
    another version in the database is refused (``compliance.workflow.services.save_versioned``).
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
