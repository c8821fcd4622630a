from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from compliance.breaches.reports import register as breach_register
from compliance.reports import admin as reports_admin  # noqa: F401 - registers the job admin
from compliance.reports import jobs, registry
from compliance.reports.models import ReportJob, ReportJobState
from tests.compliance.reports.breach_setup import (
    AS_OF,
    GENERATED_AT,
    PortalBreach,
    portal_breach,
    register_url,
    simple_breach,
)
from tests.compliance.reports.conftest import page_texts, squeeze

pytestmark = pytest.mark.django_db

PERIOD_START = date(2024, 6, 20)


@pytest.fixture
def portal(dpo_user: Any) -> PortalBreach:
    """The portal breach (aware 2024-06-10) and a laptop theft (aware 2024-06-28)."""
    breach = portal_breach(dpo_user)
    simple_breach(
        breach.duesseldorf,
        dpo_user,
        title="Laptop of a sales employee stolen",
        aware_at=datetime(2024, 6, 28, 7, 0, tzinfo=UTC),
    )
    return breach


def test_breach_register_with_a_chosen_period_lists_and_states_that_period(
    portal: PortalBreach,
) -> None:
    report = registry.render_report(
        "breach_register",
        obj=portal.group,
        user=None,
        lang="en",
        as_of=AS_OF,
        generated_at=GENERATED_AT,
        period_start=PERIOD_START,
    )

    text = squeeze(" ".join(page_texts(report.content)))
    lines = page_texts(report.content)[0].splitlines()
    assert lines[:2] == [
        "Breach register",
        "Example Internet Group · Breaches the group became aware of from June 20, 2024 to "
        "July 1, 2024",
    ]
    period = lines.index(
        "Period: chosen for this export, 2024-06-20 00:00 to 2024-07-01 24:00 UTC, by the "
        "instant of awareness."
    )
    # Only the laptop theft (aware 2024-06-28) falls in the period: one breach, one obligation
    # the law requires (the EU GDPR notification to LDI NRW), still open.
    assert lines[period + 1 : period + 7] == [
        "Breaches in the period 1",
        "Obligations required by law 1",
        "Met 0",
        "Met late 0",
        "Decided not required 0",
        "Still open 1",
    ]
    assert squeeze("Laptop of a sales employee stolen") in text
    assert squeeze("Credential stuffing on the customer portal") not in text
    assert report.filename == "breach-register-EIG-2024-07-01-en.pdf"


def test_breach_register_without_a_period_keeps_the_twelve_months(portal: PortalBreach) -> None:
    context = breach_register.breach_register_context(
        portal.group, user=None, as_of=AS_OF, generated_at=GENERATED_AT
    )

    assert context["period"] == breach_register.Period(first=date(2023, 7, 2), last=AS_OF)
    assert context["period_chosen"] is False
    assert context["summary"]["breaches"] == 2


def test_render_report_refuses_a_period_for_a_kind_without_one(portal: PortalBreach) -> None:
    with pytest.raises(registry.InvalidPeriod) as excinfo:
        registry.render_report(
            "group_status", obj=portal.group, user=None, lang="en", as_of=AS_OF, period_start=AS_OF
        )

    assert str(excinfo.value) == (
        "This report has no period to choose; leave the start date empty."
    )


def test_register_export_with_a_period_downloads_that_period(
    portal: PortalBreach, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(legal_user).post(
        register_url(portal),
        {"lang": "en", "period_start": "2024-06-20", "as_of": "2024-07-01"},
    )

    assert response.status_code == 200
    text = squeeze(" ".join(page_texts(response.content)))
    assert squeeze("from June 20, 2024 to July 1, 2024") in text
    assert squeeze("Credential stuffing on the customer portal") not in text


def test_register_export_form_asks_for_the_period(
    portal: PortalBreach, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(legal_user).get(register_url(portal))

    form = response.context["form"]
    assert list(form.fields) == ["lang", "period_start", "as_of"]
    assert str(form.fields["as_of"].label) == "Period to (data as of)"


def test_group_status_export_form_has_no_period(
    portal: PortalBreach, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    url = reverse("admin:compliance_corporategroup_export_status", args=[portal.group.pk])

    response = client_for(legal_user).get(url)

    assert list(response.context["form"].fields) == ["lang", "as_of"]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        (
            {"period_start": "2024-07-02", "as_of": "2024-07-01"},
            {"period_start": ["The period cannot start (2024-07-02) after it ends (2024-07-01)."]},
        ),
        (
            {"period_start": "2024-07-01", "as_of": "2999-01-01"},
            {"as_of": ["The period cannot end (2999-01-01) after today ({today})."]},
        ),
        (
            {"period_start": "20.06.2024", "as_of": "2024-07-01"},
            {"period_start": ["Enter a valid date."]},
        ),
    ],
)
def test_register_export_form_refuses_an_impossible_period(
    portal: PortalBreach,
    legal_user: Any,
    client_for: Callable[[Any], Any],
    params: dict[str, str],
    errors: dict[str, list[str]],
) -> None:
    today = timezone.localdate().isoformat()

    response = client_for(legal_user).post(register_url(portal), {"lang": "en", **params})

    assert response.status_code == 200  # the form again, with the errors
    assert response.context["form"].errors == {
        field: [message.format(today=today) for message in messages]
        for field, messages in errors.items()
    }
    assert ReportJob.objects.count() == 0


def test_large_register_with_a_period_queues_a_job_that_carries_it(
    portal: PortalBreach,
    legal_user: Any,
    client_for: Callable[[Any], Any],
    small_threshold: None,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks():
        client_for(legal_user).post(
            register_url(portal),
            {"lang": "de", "period_start": "2024-06-20", "as_of": "2024-07-01"},
        )
    job = ReportJob.objects.get()

    done = jobs.run_report_job(job_id=job.pk)

    assert (job.period_start, job.as_of) == (PERIOD_START, AS_OF)
    assert done is not None
    assert done.state == ReportJobState.DONE
    with done.file.open("rb") as handle:
        text = squeeze(" ".join(page_texts(handle.read())))
    assert squeeze("vom 20. Juni 2024 bis zum 1. Juli 2024") in text
    assert squeeze("Credential stuffing on the customer portal") not in text


def test_export_report_command_takes_the_period_start(portal: PortalBreach, tmp_path: Path) -> None:
    output = tmp_path / "register.pdf"

    call_command(
        "export_report",
        "breach_register",
        "--id",
        str(portal.group.pk),
        "--from",
        "2024-06-20",
        "--as-of",
        "2024-07-01",
        "--output",
        str(output),
    )

    text = squeeze(" ".join(page_texts(output.read_bytes())))
    assert squeeze("from June 20, 2024 to July 1, 2024") in text
    assert squeeze("Laptop of a sales employee stolen") in text
    assert squeeze("Credential stuffing on the customer portal") not in text


@pytest.mark.parametrize(
    ("kind", "args", "message"),
    [
        (
            "breach_register",
            ["--from", "2024-07-02", "--as-of", "2024-07-01"],
            "The period cannot start (2024-07-02) after it ends (2024-07-01).",
        ),
        (
            "breach_register",
            ["--from", "2024-06-20", "--as-of", "2999-01-01"],
            "The period cannot end (2999-01-01) after today ({today}).",
        ),
        (
            "breach_register",
            ["--from", "June 20"],
            "--from must be a date as YYYY-MM-DD, not 'June 20'.",
        ),
        (
            "group_status",
            ["--from", "2024-06-20"],
            "--from applies to reports with a period (breach_register), not to group_status.",
        ),
    ],
)
def test_export_report_command_refuses_an_impossible_period(
    portal: PortalBreach, tmp_path: Path, kind: str, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "export_report",
            kind,
            "--id",
            str(portal.group.pk),
            "--output",
            str(tmp_path / "x.pdf"),
            *args,
        )

    assert str(excinfo.value) == message.format(today=timezone.localdate().isoformat())
    assert list(tmp_path.iterdir()) == []
