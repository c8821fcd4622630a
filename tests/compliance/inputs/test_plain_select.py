"""``PlainSelect`` writes a select exactly as Django's template-per-option select does."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from compliance.inputs import PlainSelect

CHOICES: list[Any] = [
    ("", "---------"),
    (1, "Alpha & <Omega>"),
    ('2"x', "Quote \" and 'apostrophe'"),
    ("Group <g>", [(3, "Three"), (4, "Four")]),
    (5, "Five"),
]


@pytest.mark.parametrize("value", [None, "", 1, "4", ["5"]])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_x", "required": True, "disabled": False, "data-n": 3, "class": 'a"b'}],
)
def test_plain_select_writes_what_the_template_writes(value: Any, attrs: Any) -> None:
    template = forms.Select(choices=CHOICES).render("x<y", value, attrs=attrs)
    plain = PlainSelect(choices=CHOICES).render("x<y", value, attrs=attrs)

    assert str(plain) == str(template)
