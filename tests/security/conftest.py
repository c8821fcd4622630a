from __future__ import annotations

from typing import Any

import pytest

from compliance.choices import DPO_GROUP, LEGAL_GROUP

PASSWORD = "correct horse battery"


@pytest.fixture
def second_factor_required(settings: Any) -> None:
    """The production default: DPO and Legal must pass a second factor."""
    settings.DPO_DESK_2FA_REQUIRED_GROUPS = [DPO_GROUP, LEGAL_GROUP]


@pytest.fixture
def signed_in(client: Any) -> Any:
    """Sign in through the admin's login form, as a browser does (django-axes sees it)."""

    def sign_in(user: Any, password: str = PASSWORD, **extra: Any) -> Any:
        user.set_password(password)
        user.save()
        response = client.post(
            "/login/", {"username": user.username, "password": password}, **extra
        )
        assert response.status_code == 302, response.content[:2000]
        return client

    return sign_in
