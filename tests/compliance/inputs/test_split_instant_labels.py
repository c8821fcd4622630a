"""The date and the time input of an instant each have a label (the admin prints bare text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from compliance.inputs import ZonedSplitDateTimeWidget


def test_the_date_and_the_time_input_are_labelled() -> None:
    html = ZonedSplitDateTimeWidget().render("aware_at", None, attrs={"id": "id_aware_at"})

    assert '<label for="id_aware_at_0">Date:</label>' in html
    assert '<label for="id_aware_at_1">Time:</label>' in html


@pytest.mark.django_db
def test_the_breach_form_labels_the_time_of_awareness(
    dpo_user: Any, client_for: Callable[[Any], Any], reference_data: Any
) -> None:
    page = client_for(dpo_user).get("/compliance/breachincident/add/").content.decode()

    assert page.count('<label for="id_aware_at_1">Time:</label>') == 1
