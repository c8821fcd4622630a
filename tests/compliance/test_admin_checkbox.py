"""The changelists' checkbox column, written without a widget render per row (issue 21), is the
markup Django's own column gives, in every language."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.utils import translation

from tests.factories import CorporateGroupFactory
from transfers.admin import DataTransferAdmin
from transfers.models import DataTransfer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_action_checkbox_is_django_s_markup(lang: str) -> None:
    group: Any = CorporateGroupFactory(name="Nordlicht <Holding> & Co")
    model_admin = DataTransferAdmin(DataTransfer, admin.site)
    with translation.override(lang):
        ours = model_admin.action_checkbox(group)
        django_s = admin.ModelAdmin.action_checkbox(model_admin, group)
    assert ours == django_s
    assert f'value="{group.pk}"' in ours
