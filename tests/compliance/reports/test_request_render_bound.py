"""No report is laid out inside a web request when its HTML is long (issue 21): whatever its kind
and whatever made it long, it goes to the background job, as the large registers do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from compliance.breaches.models import BreachIncident
from compliance.reports import jobs
from compliance.reports import views as report_views
from compliance.reports.models import ReportJob, ReportJobState
from tests.compliance.reports.breach_setup import PortalBreach

pytestmark = pytest.mark.django_db

LINE = "The attackers copied the ticket archive of the support portal. "


def _notification_url(portal: PortalBreach) -> str:
    return reverse("admin:compliance_breachnotification_export_report", args=[portal.appi.pk])


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The lengths of the HTML the export view laid out in the request."""
    laid_out: list[int] = []
    render = report_views.render_html_to_pdf

    def spy(html: str, **kwargs: Any) -> bytes:
        laid_out.append(len(html))
        return render(html, **kwargs)

    monkeypatch.setattr(report_views, "render_html_to_pdf", spy)
    return laid_out


def test_notification_with_a_long_description_is_rendered_in_the_background(
    portal: PortalBreach,
    dpo_user: Any,
    client_for: Callable[[Any], Any],
    renders: list[int],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Written past the form's bound, as an import or an older version could have: 89,600
    # characters of description, over the limit with the rest of the notification.
    BreachIncident.objects.filter(pk=portal.incident.pk).update(description=LINE * 1_400)

    with django_capture_on_commit_callbacks() as queued:
        response = client_for(dpo_user).post(
            _notification_url(portal), {"lang": "en", "as_of": "2024-07-01"}
        )
    job = ReportJob.objects.get()

    assert renders == []
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:compliance_reportjob_change", args=[job.pk])
    assert (job.kind, job.object_id, job.lang) == ("breach_notification", str(portal.appi.pk), "en")
    assert (job.state, job.as_of) == (ReportJobState.QUEUED, date(2024, 7, 1))
    assert len(queued) == 1


def test_notification_of_ordinary_length_is_still_downloaded_at_once(
    portal: PortalBreach,
    dpo_user: Any,
    client_for: Callable[[Any], Any],
    renders: list[int],
) -> None:
    response = client_for(dpo_user).post(
        _notification_url(portal), {"lang": "en", "as_of": "2024-07-01"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(renders) == 1
    assert renders[0] <= jobs.REQUEST_HTML_LIMIT
    assert ReportJob.objects.count() == 0


def test_request_html_limit_is_inclusive() -> None:
    assert jobs.renders_in_request("x" * jobs.REQUEST_HTML_LIMIT) is True
    assert jobs.renders_in_request("x" * (jobs.REQUEST_HTML_LIMIT + 1)) is False
