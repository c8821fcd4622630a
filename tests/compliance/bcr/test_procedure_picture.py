"""The BCR procedure as a timeline picture: lead authorities with their change, clocks, events."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from compliance.bcr import services as bcr
from compliance.bcr.models import BCRApplication
from compliance.bcr.pictures import procedure_timeline
from tests.compliance.bcr.helpers import ICO_PATH, advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(application: BCRApplication, dpo_user: Any, authorities: dict[str, Any]) -> Any:
    with time_machine.travel(date(2019, 2, 1), tick=False):
        advance(application, "concerned_review", dpo_user, ICO_PATH)
        bcr.change_lead_authority(
            application=application,
            lead=authorities["de_nw_ldi"],
            on=date(2019, 1, 28),
            reason="Brexit",
            by=dpo_user,
        )
    return application


def test_timeline_draws_each_lead_authority_and_the_change(moved: BCRApplication) -> None:
    svg = str(procedure_timeline(moved, today=date(2019, 2, 1)))

    lead_spans = re.findall(r'<g class="span"><rect[^>]*><title>([^<]*)</title>', svg)
    assert lead_spans[:2] == ["ICO: 2018-06-01 – 2019-01-28", "LDI NRW: 2019-01-28 – 2019-03-03"]
    assert svg.count('<g class="lead-change">') == 1
    assert "Lead: ICO → LDI NRW" in svg
    assert svg.count('<g class="event">') == 5
    assert svg.count('<g class="today">') == 1


def test_timeline_leads_the_change_page(
    moved: BCRApplication, client_for: Any, dpo_user: Any
) -> None:
    html = (
        client_for(dpo_user)
        .get(reverse("admin:compliance_bcrapplication_change", args=[moved.pk]))
        .content.decode()
    )

    assert html.count('<svg id="bcr-procedure-timeline"') == 1
    assert html.index('id="procedure-picture"') < html.index("<fieldset")
