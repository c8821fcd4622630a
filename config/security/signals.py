"""Sign-in events in the log (never a password or a code; the user name of a failure only)."""

from __future__ import annotations

import logging
import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from config.security.client_ip import client_ip
from config.security.middleware import LAST_SEEN_AT, SIGNED_IN_AT

logger = logging.getLogger("dpo_desk.security")


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now
    logger.info(
        "signed in",
        extra={
            "event": "login",
            "user_id": user.pk,
            "ip_address": client_ip(request) if request is not None else None,
        },
    )


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    logger.info("signed out", extra={"event": "logout", "user_id": getattr(user, "pk", None)})


@receiver(user_login_failed)
def _sign_in_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    logger.warning(
        "sign-in failed",
        extra={
            "event": "login_failed",
            "username": credentials.get("username"),
            "ip_address": client_ip(request) if request is not None else None,
        },
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: Any, ip_address: Any, **kwargs: Any) -> None:
    logger.warning(
        "sign-in locked out",
        extra={"event": "login_locked_out", "username": username, "ip_address": ip_address},
    )
