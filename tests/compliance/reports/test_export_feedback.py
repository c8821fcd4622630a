"""What the export form and a report job's page tell the user while a report is being made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from compliance.reports import jobs
from compliance.reports.admin import job_announcement
from compliance.reports.models import ReportJob, ReportJobState
from tests.compliance.reports.breach_setup import AS_OF, PortalBreach, register_url


@pytest.mark.django_db
def test_a_synchronous_download_sets_the_forms_token_as_a_cookie(
    portal: PortalBreach, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(legal_user).post(
        register_url(portal), {"lang": "en", "as_of": "2024-07-01", "download_token": "k3x9a"}
    )

    assert response.status_code == 200
    cookie = response.cookies["dpo_download"]
    assert (cookie.value, cookie["max-age"], cookie["samesite"]) == ("k3x9a", 60, "Strict")


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "<script>", "a" * 41, "abc;path=/"])
def test_anything_but_a_short_token_sets_no_cookie(
    portal: PortalBreach, legal_user: Any, client_for: Callable[[Any], Any], token: str
) -> None:
    response = client_for(legal_user).post(
        register_url(portal), {"lang": "en", "as_of": "2024-07-01", "download_token": token}
    )

    assert response.status_code == 200
    assert "dpo_download" not in response.cookies


@pytest.mark.django_db
def test_the_export_form_says_it_is_working_and_when_the_download_arrived(
    portal: PortalBreach, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    page = client_for(legal_user).get(register_url(portal)).content.decode()

    assert 'data-busy-message="Preparing the PDF… This can take a minute;' in page
    assert 'data-done-message="The PDF has been downloaded."' in page
    assert '<input type="hidden" name="download_token" value="">' in page
    assert '<p class="dpo-busy-status" role="status"></p>' in page


@pytest.mark.django_db
def test_a_running_jobs_page_is_polled_in_place_and_a_finished_one_is_not(
    portal: PortalBreach, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    job = jobs.start_report_job(
        kind="breach_register", obj=portal.group, user=legal_user, lang="en", as_of=AS_OF
    )
    ReportJob.objects.filter(pk=job.pk).update(state=ReportJobState.RUNNING, progress=40)
    url = reverse("admin:compliance_reportjob_change", args=[job.pk])
    client = client_for(legal_user)

    running = client.get(url).content.decode()
    ReportJob.objects.filter(pk=job.pk).update(
        state=ReportJobState.DONE, progress=100, file="reports/1/register.pdf"
    )
    done = client.get(url).content.decode()

    assert '<div id="dpo-job" data-live-region="dpo-job-live" data-poll-seconds="3">' in running
    assert 'data-announce="The report is being rendered: 40 % done."' in running
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in running
    assert '<div id="dpo-job" data-live-region="dpo-job-live">' in done
    assert 'data-announce="The report is ready: download the PDF."' in done
    assert "http-equiv" not in done


@pytest.mark.django_db
def test_each_state_of_a_job_is_said_in_a_sentence(portal: PortalBreach, legal_user: Any) -> None:
    job = ReportJob(kind="breach_register", state=ReportJobState.QUEUED, progress=0)
    said = [job_announcement(job)]
    job.state, job.progress = ReportJobState.RUNNING, 55
    said.append(job_announcement(job))
    job.state, job.error = ReportJobState.FAILED, "The worker stopped."
    said.append(job_announcement(job))
    job.state = ReportJobState.DONE
    said.append(job_announcement(job))

    assert said == [
        "The report is waiting for the worker.",
        "The report is being rendered: 55 % done.",
        "The report could not be rendered: The worker stopped.",
        "The report is ready: download the PDF.",
    ]
