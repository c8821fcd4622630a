"""Two-factor sign-in (django-otp): required of DPO and Legal, enrolment, recovery codes, reset."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.security.views import new_recovery_codes

ADMIN_PAGES = ["/", "/compliance/breachincident/", "/transfers/datatransfer/"]


def _code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrolled(user: Any) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device


@pytest.mark.usefixtures("second_factor_required")
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_dpo_without_second_factor_cannot_reach_the_admin(
    signed_in: Any, dpo_user: Any, path: str
) -> None:
    client = signed_in(dpo_user)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/account/second-factor/enrol/?next={path.replace('/', '%2F')}"


@pytest.mark.usefixtures("second_factor_required")
def test_enrolled_dpo_is_asked_for_a_code_before_the_admin(signed_in: Any, dpo_user: Any) -> None:
    _enrolled(dpo_user)
    client = signed_in(dpo_user)

    response = client.get("/compliance/breachincident/")

    assert response.status_code == 302
    assert response["Location"] == "/account/second-factor/?next=%2Fcompliance%2Fbreachincident%2F"


@pytest.mark.usefixtures("second_factor_required")
def test_legal_is_required_and_coordinator_is_not(
    signed_in: Any, legal_user: Any, coordinator_user: Any
) -> None:
    assert signed_in(legal_user).get("/").status_code == 302
    assert signed_in(coordinator_user).get("/").status_code == 200


def test_without_required_groups_the_dpo_signs_in_with_a_password(
    signed_in: Any, dpo_user: Any, settings: Any
) -> None:
    settings.DPO_DESK_2FA_REQUIRED_GROUPS = []

    assert signed_in(dpo_user).get("/").status_code == 200


def test_without_required_groups_a_user_who_enrolled_still_passes_a_code(
    signed_in: Any, coordinator_user: Any, settings: Any
) -> None:
    settings.DPO_DESK_2FA_REQUIRED_GROUPS = []
    _enrolled(coordinator_user)

    assert signed_in(coordinator_user).get("/").status_code == 302


@pytest.mark.usefixtures("second_factor_required")
def test_enrolment_at_first_sign_in_gives_recovery_codes_and_the_admin(
    signed_in: Any, dpo_user: Any
) -> None:
    client = signed_in(dpo_user)
    page = client.get("/account/second-factor/enrol/?next=/compliance/breachincident/")
    device = TOTPDevice.objects.get(user=dpo_user)
    assert page.status_code == 200
    assert device.confirmed is False
    assert b"<svg" in page.content

    done = client.post(
        "/account/second-factor/enrol/",
        {"code": _code(device), "next": "/compliance/breachincident/"},
    )

    device.refresh_from_db()
    assert device.confirmed is True
    assert len(done.context["codes"]) == 10
    assert sorted(done.context["codes"]) == sorted(
        StaticToken.objects.filter(device__user=dpo_user).values_list("token", flat=True)
    )
    assert client.get("/compliance/breachincident/").status_code == 200


@pytest.mark.usefixtures("second_factor_required")
def test_enrolment_refuses_a_wrong_code(signed_in: Any, dpo_user: Any) -> None:
    client = signed_in(dpo_user)
    client.get("/account/second-factor/enrol/")

    response = client.post("/account/second-factor/enrol/", {"code": "000000x"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "code": ["That code is not valid. Check the time on your phone and retry."]
    }
    assert TOTPDevice.objects.get(user=dpo_user).confirmed is False
    assert client.get("/").status_code == 302


@pytest.mark.usefixtures("second_factor_required")
def test_a_password_alone_cannot_enrol_a_second_device(signed_in: Any, dpo_user: Any) -> None:
    _enrolled(dpo_user)
    client = signed_in(dpo_user)

    response = client.get("/account/second-factor/enrol/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/second-factor/?next=")
    assert TOTPDevice.objects.filter(user=dpo_user).count() == 1


@pytest.mark.usefixtures("second_factor_required")
def test_verification_with_the_app_code(signed_in: Any, dpo_user: Any, time_machine: Any) -> None:
    device = _enrolled(dpo_user)
    client = signed_in(dpo_user)

    wrong = client.post("/account/second-factor/", {"code": "123456", "next": "/"})
    too_soon = client.post("/account/second-factor/", {"code": _code(device), "next": "/"})
    # django-otp throttles a device after a wrong code: one second, doubling with each failure.
    time_machine.move_to(datetime.now(UTC) + timedelta(seconds=3))
    right = client.post("/account/second-factor/", {"code": _code(device), "next": "/"})

    assert wrong.context["form"].errors == {"code": ["That code is not valid."]}
    assert too_soon.context["form"].errors == {"code": ["That code is not valid."]}
    assert right.status_code == 302
    assert right["Location"] == "/"
    assert client.get("/compliance/breachincident/").status_code == 200


@pytest.mark.usefixtures("second_factor_required")
def test_a_recovery_code_works_once(signed_in: Any, dpo_user: Any, client: Any) -> None:
    _enrolled(dpo_user)
    code = new_recovery_codes(dpo_user)[0]
    signed_in(dpo_user)

    first = client.post("/account/second-factor/", {"code": code.upper()})
    assert first.status_code == 302
    assert first["Location"] == "/account/second-factor/recovery-codes/"
    assert client.get("/").status_code == 200

    client.post("/logout/")
    signed_in(dpo_user)
    again = client.post("/account/second-factor/", {"code": code})
    assert again.status_code == 200
    assert StaticToken.objects.filter(device__user=dpo_user).count() == 9


@pytest.mark.usefixtures("second_factor_required")
def test_dpo_resets_a_users_second_factor_in_the_admin(
    client: Any, signed_in: Any, dpo_user: Any, legal_user: Any, caplog: Any
) -> None:
    device = _enrolled(legal_user)
    new_recovery_codes(legal_user)
    dpo_device = _enrolled(dpo_user)
    signed_in(dpo_user)
    client.post("/account/second-factor/", {"code": _code(dpo_device)})

    with caplog.at_level(logging.WARNING, logger="dpo_desk.security"):
        response = client.post(
            reverse("admin:otp_totp_totpdevice_changelist"),
            {"action": "reset_second_factor", "_selected_action": [device.pk]},
        )

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=legal_user).count() == 0
    assert StaticDevice.objects.filter(user=legal_user).count() == 0
    resets = [r for r in caplog.records if getattr(r, "event", "") == "otp_reset"]
    assert [(r.by_user_id, r.user_id) for r in resets] == [(dpo_user.pk, legal_user.pk)]


def test_nobody_but_the_dpo_sees_the_devices(client: Any, legal_user: Any, dpo_user: Any) -> None:
    url = reverse("admin:otp_totp_totpdevice_changelist")
    client.force_login(legal_user)
    assert client.get(url).status_code == 403
    client.force_login(dpo_user)
    assert client.get(url).status_code == 200


def test_the_dpo_cannot_read_another_users_secret(
    client: Any, dpo_user: Any, legal_user: Any
) -> None:
    device = _enrolled(legal_user)
    client.force_login(dpo_user)

    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))

    assert page.status_code == 200
    assert device.key.encode() not in page.content
    assert (
        client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk])).status_code == 403
    )
