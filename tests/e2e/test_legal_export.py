"""A legal user exports the group status PDF and cannot edit anything."""

from __future__ import annotations

from typing import Any

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import login
from tests.factories import CorporateGroupFactory, GroupEntityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_legal_user_exports_a_pdf_and_cannot_edit(
    page: Any, live_server: Any, legal_user: Any, reference_data: Any, tmp_path: Any
) -> None:
    group = CorporateGroupFactory(name="Example Internet Group", short_name="EIG")
    GroupEntityFactory(
        group=group, short_name="EIG Düsseldorf", legal_name="Example Internet Deutschland GmbH"
    )
    login(page, live_server, legal_user.username)

    page.goto(f"{live_server.url}/compliance/corporategroup/{group.pk}/change/")
    assert page.locator("input[name=_save]").count() == 0  # read-only: no save button
    page.click("text=Export status (PDF)")
    page.select_option("select[name=lang]", "de")
    with page.expect_download() as download_info:
        page.click("#content [type=submit]")
    target = tmp_path / "status.pdf"
    download_info.value.save_as(target)

    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Example Internet Deutschland GmbH" in text
    assert "Seite" in text
    page.goto(f"{live_server.url}/compliance/groupentity/add/")
    assert "403" in page.title() or "Forbidden" in page.content()
