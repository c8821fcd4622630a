"""Personal API tokens: one user each, stored as a SHA-256 hash, shown once when issued.

A token is 32 random bytes (``secrets.token_urlsafe``): a fast hash is enough to keep the
stored value useless to a reader of the database (nothing to guess), and lets the token be
found by its hash in one indexed query. The prefix names the token in lists and logs.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "dpo_"  # noqa: S105 - the visible start of every token, not a secret
SHOWN_PREFIX = 12


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. the SIEM it serves"))
    prefix = models.CharField(_("prefix"), max_length=SHOWN_PREFIX, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["user", "name"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @classmethod
    def issue(cls, *, user: Any, name: str) -> tuple[ApiToken, str]:
        """A new token for ``user``: the record, and the token itself (shown once, not kept)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        record = cls.objects.create(
            user=user, name=name, prefix=token[:SHOWN_PREFIX], key_hash=token_hash(token)
        )
        return record, token

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
