"""The client's address for lockout by address, behind ``DPO_DESK_TRUSTED_PROXIES`` proxies."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address the nearest untrusted hop connected from.

    Each trusted proxy appends the address it received the request from to ``X-Forwarded-For``;
    entries further left were written by the client and are not believed. With no trusted proxy
    the address is ``REMOTE_ADDR``.
    """
    trusted: int = settings.DPO_DESK_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR")
    if trusted <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < trusted:
        return remote
    return hops[-trusted]
