"""Issue 13 item 7: a non-numeric id in an autocomplete field (typed in the URL or posted) is a
form error on every admin add form, not a server error."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _autocomplete_forms() -> list[tuple[str, str]]:
    return sorted(
        (f"admin:{model._meta.app_label}_{model._meta.model_name}_add", field)
        for model, model_admin in admin.site._registry.items()
        for field in model_admin.autocomplete_fields
    )


def test_there_are_autocomplete_fields_to_probe() -> None:
    assert len(_autocomplete_forms()) >= 5


def test_non_numeric_autocomplete_id_is_never_a_500(client_for: Any, dpo_user: Any) -> None:
    client = client_for(dpo_user)
    answers = {}
    for url_name, field in _autocomplete_forms():
        url = reverse(url_name)
        try:
            shown = client.get(url, {field: "abc"}).status_code
            posted = client.post(url, {field: "abc"}).status_code
        except Exception as exc:  # the test client re-raises what would be a 500
            shown = posted = f"{type(exc).__name__}: {exc}"
        answers[(url_name, field)] = (shown, posted)

    # 200: the form with "Select a valid choice"; 403: an admin nobody adds to by hand
    assert {
        key: value for key, value in answers.items() if value not in ((200, 200), (403, 403))
    } == {}
