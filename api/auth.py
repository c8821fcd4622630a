"""Bearer-token authentication and the per-user throttle of the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import UserRateThrottle

from api.models import ApiToken, token_hash

# ``last_used_at`` is written at most this often per token: not one UPDATE per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer dpo_…``: the token's user becomes ``request.user``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        record = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=token_hash(token))
            .first()
        )
        if record is None:
            return None
        now = timezone.now()
        if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = record.user
        return record.user


class PerUserThrottle(UserRateThrottle):
    """``DPO_DESK_API_RATE`` requests per user (e.g. "120/min"), counted in the cache."""

    scope = "dpo-desk-api"

    def __init__(self) -> None:
        super().__init__(settings.DPO_DESK_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        # Read on each request, so that a changed setting (or a test's) applies at once.
        self.rate = settings.DPO_DESK_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
