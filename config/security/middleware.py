"""Session lifetime and the second factor, enforced on every request."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from config.security.policy import second_factor_required

logger = logging.getLogger("dpo_desk.security")

SIGNED_IN_AT = "dpo_desk_signed_in_at"
LAST_SEEN_AT = "dpo_desk_last_seen_at"
LAST_SEEN_RESOLUTION = 60.0

# Pages an authenticated user reaches before passing the second factor.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "security:verify",
        "security:enrol",
        "admin:logout",
        "admin:login",
        "admin:jsi18n",
        "admin:password_change",
        "admin:password_change_done",
        "calendar-feed",
    }
)


class SessionLifetimeMiddleware:
    """Signs a user out after ``DPO_DESK_SESSION_IDLE_SECONDS`` without a request, and
    ``DPO_DESK_SESSION_MAX_SECONDS`` after they signed in however active they were.

    The last activity is written at most once a minute (not a session write per request), and
    only forwards in time.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = float(session.setdefault(SIGNED_IN_AT, now))
            last_seen = float(session.get(LAST_SEEN_AT, now))
            if now - last_seen > settings.DPO_DESK_SESSION_IDLE_SECONDS:
                return self._end(request, "idle", "after a time without activity")
            if now - signed_in_at > settings.DPO_DESK_SESSION_MAX_SECONDS:
                return self._end(request, "max_lifetime", "after its maximum lifetime")
            if LAST_SEEN_AT not in session or now - last_seen >= LAST_SEEN_RESOLUTION:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def _end(request: HttpRequest, reason: str, why: str) -> HttpResponse:
        logger.info(
            f"session ended {why}",
            extra={"event": "session_expired", "reason": reason, "user_id": request.user.pk},
        )
        logout(request)
        messages.info(request, "Your session has ended. Please sign in again.")
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))


class SecondFactorMiddleware:
    """Sends a user who must pass a second factor and has not yet to enrolment or verification."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if not second_factor_required(user):
            return None
        step = "security:verify" if user_has_device(user, confirmed=True) else "security:enrol"
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(step)}?{query}")
