"""Re-authentication ("sudo mode") before a consequential step.

A user who signed in a while ago confirms their password (and their second factor, if they have
one) again before, for example, waiving a statutory obligation or approving. The confirmation is
valid for ``DPO_DESK_REAUTH_SECONDS`` (default five minutes) in this session.

Wiring, on a function view or (through ``method_decorator``) a ModelAdmin view::

    from django.utils.decorators import method_decorator
    from config.security.reauth import reauthentication_required

    @method_decorator(reauthentication_required)
    def waive_view(self, request, object_id): ...

or inside a view or an admin action, where a decorator does not fit::

    if (response := require_reauthentication(request)) is not None:
        return response

A request without a fresh confirmation is sent to the confirmation page, which returns the user
to the page they came from (for a POST: the page that posted, to submit again).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

REAUTHENTICATED_AT = "dpo_desk_reauthenticated_at"

V = TypeVar("V", bound=Callable[..., HttpResponse])


def mark_reauthenticated(request: HttpRequest) -> None:
    """Record in the session that its user has just confirmed who they are."""
    request.session[REAUTHENTICATED_AT] = time.time()


def recently_reauthenticated(request: HttpRequest, max_age: int | None = None) -> bool:
    """Whether the session's user confirmed who they are within ``max_age`` seconds."""
    if not request.user.is_authenticated:
        return False
    at = request.session.get(REAUTHENTICATED_AT)
    if at is None:
        return False
    window = settings.DPO_DESK_REAUTH_SECONDS if max_age is None else max_age
    return 0 <= time.time() - float(at) <= window


def _return_path(request: HttpRequest) -> str:
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.path


def reauthentication_redirect(request: HttpRequest, next_url: str | None = None) -> HttpResponse:
    """The redirect to the confirmation page, which comes back to ``next_url``."""
    query = urlencode({"next": next_url or _return_path(request)})
    return HttpResponseRedirect(f"{reverse('security:reauthenticate')}?{query}")


def require_reauthentication(
    request: HttpRequest, max_age: int | None = None
) -> HttpResponse | None:
    """``None`` when the user confirmed recently; otherwise the redirect to confirm."""
    if recently_reauthenticated(request, max_age):
        return None
    return reauthentication_redirect(request)


def reauthentication_required(view: V | None = None, *, max_age: int | None = None) -> Any:
    """Decorate a view so that it runs only after a recent re-authentication.

    ``@reauthentication_required`` or ``@reauthentication_required(max_age=60)``.
    """

    def decorate(func: V) -> V:
        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = require_reauthentication(request, max_age)
            if response is not None:
                return response
            return func(request, *args, **kwargs)

        return cast(V, wrapper)

    if view is not None:
        return decorate(view)
    return decorate
