"""What the browser tells while work runs and after a refused save (headless Chromium)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from compliance.reports import jobs
from compliance.reports.models import ReportJob, ReportJobState
from tests.e2e.conftest import login
from tests.factories import CorporateGroupFactory, GroupEntityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _failed_responses(page: Any) -> list[str]:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else 0)
    return failed


def test_a_refused_save_puts_the_focus_on_the_first_field_in_error(
    page: Any, live_server: Any, dpo_user: Any, reference_data: Any
) -> None:
    failed = _failed_responses(page)
    login(page, live_server, dpo_user.username)
    page.goto(f"{live_server.url}/compliance/groupentity/add/")
    page.click("input[name=_save]")
    page.wait_for_selector(".dpo-error-summary")

    first = page.get_attribute(".dpo-error-summary a[href^='#']", "href")
    focused = page.evaluate(
        "() => { const a = document.activeElement;"
        " const own = a.closest('.select2') ? a.closest('.select2').previousElementSibling : a;"
        " return '#' + own.id; }"
    )
    assert focused == first
    assert failed == []  # no favicon or other 404 on the way


def test_the_export_form_shows_that_it_works_until_the_pdf_arrives(
    page: Any, live_server: Any, legal_user: Any, reference_data: Any
) -> None:
    group = CorporateGroupFactory(name="Example Internet Group", short_name="EIG")
    GroupEntityFactory(group=group, short_name="EIG Düsseldorf")
    login(page, live_server, legal_user.username)
    page.goto(f"{live_server.url}/compliance/corporategroup/{group.pk}/change/")
    page.click("text=Export status (PDF)")
    # What the status said while the PDF was being made, recorded by the page itself.
    page.evaluate(
        "() => { window.dpoSaid = []; new MutationObserver(() => window.dpoSaid.push("
        "document.querySelector('.dpo-busy-status').textContent + '|' +"
        " document.querySelector('#content [type=submit]').disabled)).observe("
        "document.querySelector('.dpo-busy-status'), {childList: true}); }"
    )

    with page.expect_download() as download:
        page.click("#content [type=submit]")
    page.wait_for_function("() => window.dpoSaid.length === 2", timeout=30000)

    assert page.evaluate("() => window.dpoSaid") == [
        "Preparing the PDF… This can take a minute; the download starts by itself.|true",
        "The PDF has been downloaded.|false",
    ]
    assert download.value.suggested_filename.endswith(".pdf")
    assert page.get_attribute("form[data-busy-message]", "aria-busy") is None


def test_a_jobs_page_shows_the_download_without_reloading(
    page: Any, live_server: Any, legal_user: Any, reference_data: Any
) -> None:
    group = CorporateGroupFactory(name="Example Internet Group", short_name="EIG")
    job = jobs.start_report_job(
        kind="group_status",
        obj=group,
        user=legal_user,
        lang="en",
        as_of=timezone.localdate(),
    )
    ReportJob.objects.filter(pk=job.pk).update(state=ReportJobState.RUNNING, progress=40)
    login(page, live_server, legal_user.username)
    page.goto(f"{live_server.url}/compliance/reportjob/{job.pk}/change/")
    page.evaluate("() => { window.dpoSamePage = true; }")
    page.wait_for_function(
        "() => document.getElementById('dpo-job-live').textContent"
        " === 'The report is being rendered: 40 % done.'"
    )

    ReportJob.objects.filter(pk=job.pk).update(
        state=ReportJobState.DONE, progress=100, file="reports/1/status.pdf"
    )
    page.wait_for_selector("#dpo-job a:has-text('Download PDF')")

    assert page.evaluate("() => window.dpoSamePage") is True
    assert page.inner_text("#dpo-job-live") == "The report is ready: download the PDF."
