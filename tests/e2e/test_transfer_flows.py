"""A DPO takes a transfer request through review and sees approval refused on a blocker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.e2e.conftest import login
from tests.factories import CorporateGroupFactory, GroupEntityFactory
from transfers import services
from transfers.models import DataTransfer

pytestmark = pytest.mark.django_db(transaction=True)


def test_dpo_approval_of_a_transfer_is_refused_while_the_engine_reports_a_blocker(
    page: Any, live_server: Any, dpo_user: Any, reference_data: Any
) -> None:
    group = CorporateGroupFactory()
    berlin = GroupEntityFactory(
        group=group, short_name="Berlin", country_id="DE", region="DE-BE", time_zone="Europe/Berlin"
    )
    vendor = services.record_external_recipient(name="Adwise Media Inc.", country="US")
    transfer = services.request_transfer(
        exporter=berlin,
        external_recipient=vendor,
        name="Newsletter analytics",
        start_date=timezone.localdate() - timedelta(days=1),
    )
    login(page, live_server, dpo_user.username)
    url = f"{live_server.url}/transfers/datatransfer/{transfer.pk}/change/"
    page.goto(url)

    page.click("button[value=start_review]")
    page.wait_for_selector(".messagelist")
    page.click("button[value=send_to_legal]")
    page.wait_for_selector(".messagelist")
    page.click("a[data-transition=approve]")
    page.wait_for_url("**/transition/approve/")
    page.fill("#id_approving_lawyer", "Dr. Weber")
    page.click("#content input[type=submit][value=Apply]")

    messages = page.inner_text(".messagelist")
    assert "refused" in messages
    assert "no_mechanism" in messages
    transfer = DataTransfer.objects.get(pk=transfer.pk)
    assert transfer.state == "legal_approval"
    assert transfer.has_blocker is True
