"""Second-factor enrolment and verification, recovery codes, re-authentication."""

from __future__ import annotations

import logging
from typing import Any

import segno
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.security.forms import CodeForm, ReauthenticationForm
from config.security.reauth import mark_reauthenticated, reauthentication_required

logger = logging.getLogger("dpo_desk.security")

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _context(request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
    return {
        **admin.site.each_context(request),
        # The application's menu is no use before the second factor is passed.
        "is_nav_sidebar_enabled": False,
        "title": title,
        "next": _next_url(request),
        **extra,
    }


def verify_code(user: Any, code: str) -> Device | None:
    """The user's confirmed device that accepts ``code`` (a TOTP code or a recovery code).

    Each device throttles its own failures (django-otp: growing delays after each wrong code).
    """
    devices: list[Device] = [
        *TOTPDevice.objects.devices_for_user(user, confirmed=True),
        *StaticDevice.objects.devices_for_user(user, confirmed=True),
    ]
    for device in devices:
        accepted = otp_verify_token(user, device.persistent_id, code)
        if accepted is not None:
            return accepted
    return None


def new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with ``DPO_DESK_RECOVERY_CODES`` new single-use ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.DPO_DESK_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def _qr_svg(url: str) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=4, border=4, dark="#000", light="#fff"))


@never_cache
@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in with a second factor: scan the secret, confirm one code, keep the recovery
    codes. Someone who already has a device proves it first (never replaced by a password)."""
    user: Any = request.user
    if user_has_device(user, confirmed=True):
        if not user.is_verified():
            return HttpResponseRedirect(
                f"{reverse('security:verify')}?{urlencode({'next': _next_url(request)})}"
            )
        return HttpResponseRedirect(reverse("security:recovery_codes"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by(
        "pk"
    ).first() or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if device.verify_token(form.cleaned_data["code"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                codes = new_recovery_codes(user)
                request.session.cycle_key()
                otp_login(request, device)
                logger.info(
                    "second factor enrolled",
                    extra={"event": "otp_enrolled", "user_id": user.pk},
                )
                return render(
                    request,
                    "admin/security/recovery_codes.html",
                    _context(request, "Your recovery codes", codes=codes, fresh=True),
                )
        form.add_error("code", "That code is not valid. Check the time on your phone and retry.")
        logger.warning(
            "second factor enrolment code refused",
            extra={"event": "otp_enrol_failed", "user_id": user.pk},
        )
    return render(
        request,
        "admin/security/enrol.html",
        _context(
            request,
            "Set up two-factor sign-in",
            form=form,
            qr_svg=_qr_svg(device.config_url),
            secret=_base32_secret(device),
        ),
    )


def _base32_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@never_cache
@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Every sign-in of a user with a device: a code from the app, or one recovery code."""
    user: Any = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if not user_has_device(user, confirmed=True):
        return HttpResponseRedirect(
            f"{reverse('security:enrol')}?{urlencode({'next': _next_url(request)})}"
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_code(user, form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            recovery = isinstance(device, StaticDevice)
            logger.info(
                "second factor passed",
                extra={"event": "otp_verified", "user_id": user.pk, "recovery_code": recovery},
            )
            if recovery:
                return HttpResponseRedirect(reverse("security:recovery_codes"))
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", "That code is not valid.")
        logger.warning(
            "second factor code refused",
            extra={"event": "otp_failed", "user_id": user.pk},
        )
    return render(
        request, "admin/security/verify.html", _context(request, "Two-factor sign-in", form=form)
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; new ones (after re-authentication) replace them all."""
    user: Any = request.user
    if not user_has_device(user, confirmed=True):
        return HttpResponseRedirect(reverse("security:enrol"))
    if request.method == "POST":
        return _regenerate_recovery_codes(request)
    left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return render(
        request,
        "admin/security/recovery_codes.html",
        _context(request, "Two-factor sign-in", codes=None, left=left),
    )


@reauthentication_required
def _regenerate_recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = new_recovery_codes(request.user)
    logger.info(
        "recovery codes replaced",
        extra={"event": "otp_recovery_codes_replaced", "user_id": request.user.pk},
    )
    return render(
        request,
        "admin/security/recovery_codes.html",
        _context(request, "Your recovery codes", codes=codes, fresh=False),
    )


@never_cache
@login_required
@sensitive_post_parameters("password", "code")
@require_http_methods(["GET", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Confirm the password (and second factor) again; counted by the sign-in lockout."""
    user: Any = request.user
    with_code = bool(user_has_device(user, confirmed=True))
    form = ReauthenticationForm(request.POST or None, with_code=with_code)
    if request.method == "POST" and form.is_valid():
        checked = authenticate(
            request, username=user.get_username(), password=form.cleaned_data["password"]
        )
        if checked is None or checked.pk != user.pk:
            form.add_error("password", "That password is not correct.")
        elif with_code and verify_code(user, form.cleaned_data["code"].replace(" ", "")) is None:
            form.add_error("code", "That code is not valid.")
        else:
            mark_reauthenticated(request)
            logger.info("re-authenticated", extra={"event": "reauthenticated", "user_id": user.pk})
            return HttpResponseRedirect(_next_url(request))
        logger.warning(
            "re-authentication refused",
            extra={"event": "reauthentication_failed", "user_id": user.pk},
        )
    return render(
        request,
        "admin/security/reauthenticate.html",
        _context(request, "Confirm it is you", form=form),
    )
