"""Browsers find the icon: named on every admin page, and at /favicon.ico."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client


def test_favicon_ico_redirects_to_the_icon(client: Client) -> None:
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Location"]) == (301, "/static/dpo_desk/favicon.svg")


@pytest.mark.django_db
def test_admin_pages_name_the_icon(dpo_user: Any, client_for: Callable[[Any], Any]) -> None:
    page = client_for(dpo_user).get("/").content.decode()

    assert '<link rel="icon" href="/static/dpo_desk/favicon.svg" type="image/svg+xml">' in page
