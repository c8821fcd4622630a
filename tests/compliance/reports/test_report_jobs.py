from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from compliance.choices import LEGAL_GROUP

# The job admin is registered by ``compliance.reports.admin``; imported here (before the URLs
# are built) so that these tests do not depend on where the application imports it.
from compliance.reports import admin as reports_admin  # noqa: F401
from compliance.reports import jobs
from compliance.reports.models import ReportJob, ReportJobState
from config.celery import app
from tests.builders import example_group
from tests.compliance.reports.breach_setup import (
    AS_OF,
    PortalBreach,
    register_url,
)
from tests.compliance.reports.conftest import page_texts, squeeze
from tests.conftest import wait_for


@pytest.mark.django_db
def test_export_of_a_large_register_queues_a_job_and_shows_its_page(
    portal: PortalBreach,
    legal_user: Any,
    client_for: Callable[[Any], Any],
    small_threshold: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(legal_user).post(
            register_url(portal), {"lang": "ja", "as_of": "2024-07-01"}
        )

    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:compliance_reportjob_change", args=[job.pk])
    assert (job.kind, job.object_id, job.lang, job.as_of, job.requested_by) == (
        "breach_register",
        str(portal.group.pk),
        "ja",
        AS_OF,
        legal_user,
    )
    assert (job.state, job.progress) == (ReportJobState.QUEUED, 0)
    assert len(callbacks) == 1  # the task is sent once the job row is committed


@pytest.mark.django_db
def test_small_register_is_rendered_in_the_request(
    portal: PortalBreach, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(legal_user).post(
        register_url(portal), {"lang": "en", "as_of": "2024-07-01"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="breach-register-EIG-2024-07-01-en.pdf"'
    )
    assert ReportJob.objects.count() == 0


@pytest.mark.django_db
def test_run_report_job_stores_the_pdf_with_progress_on_the_way(
    portal: PortalBreach, dpo_user: Any, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = jobs.start_report_job(
        kind="breach_register", obj=portal.group, user=dpo_user, lang="de", as_of=AS_OF
    )
    recorded: list[int] = []
    set_progress = jobs._set_progress
    monkeypatch.setattr(
        jobs, "_set_progress", lambda pk, p: (recorded.append(p), set_progress(pk, p))
    )

    done = jobs.run_report_job(job_id=job.pk)

    assert done is not None
    assert (done.state, done.progress, done.error) == (ReportJobState.DONE, 100, "")
    assert done.filename == "breach-register-EIG-2024-07-01-de.pdf"
    assert done.file.name.endswith(f"/{job.pk}/breach-register-EIG-2024-07-01-de.pdf")
    with done.file.open("rb") as handle:
        pdf = handle.read()
    assert squeeze("Verzeichnis der Datenschutzverletzungen") in squeeze(page_texts(pdf)[0])
    # Context built, then one step per laid-out page, then the layout done.
    assert recorded[0] == jobs.CONTEXT_BUILT
    assert recorded[-1] == jobs.LAYOUT_DONE
    assert len(recorded) >= 3
    assert recorded == sorted(recorded)
    assert done.started_at is not None
    assert done.finished_at is not None


@pytest.mark.django_db
def test_run_report_job_renders_a_job_once(
    portal: PortalBreach, dpo_user: Any, media: Path
) -> None:
    job = jobs.start_report_job(
        kind="breach_register", obj=portal.group, user=dpo_user, lang="en", as_of=AS_OF
    )

    first = jobs.run_report_job(job_id=job.pk)
    second = jobs.run_report_job(job_id=job.pk)  # the same message delivered again

    assert first is not None
    assert first.state == ReportJobState.DONE
    assert second is None


@pytest.mark.django_db
def test_run_report_job_stores_a_failure_on_the_job(dpo_user: Any, media: Path) -> None:
    job = ReportJob.objects.create(
        kind="breach_register", object_id="999999", lang="en", as_of=AS_OF, requested_by=dpo_user
    )

    failed = jobs.run_report_job(job_id=job.pk)

    assert failed is not None
    assert (failed.state, failed.error, failed.file.name) == (
        ReportJobState.FAILED,
        "No corporate group with id 999999.",
        "",
    )


def _done_job(portal: PortalBreach, user: Any) -> ReportJob:
    job = jobs.start_report_job(
        kind="breach_register", obj=portal.group, user=user, lang="en", as_of=AS_OF
    )
    done = jobs.run_report_job(job_id=job.pk)
    assert done is not None
    return done


@pytest.mark.django_db
def test_report_job_page_shows_progress_and_reloads_until_done(
    portal: PortalBreach, legal_user: Any, client_for: Callable[[Any], Any], media: Path
) -> None:
    job = jobs.start_report_job(
        kind="breach_register", obj=portal.group, user=legal_user, lang="en", as_of=AS_OF
    )
    client = client_for(legal_user)
    url = reverse("admin:compliance_reportjob_change", args=[job.pk])

    queued = client.get(url)
    jobs.run_report_job(job_id=job.pk)
    done = client.get(url)

    download = reverse("admin:compliance_reportjob_download", args=[job.pk])
    assert queued.status_code == 200
    assert b'<progress value="0" max="100">' in queued.content
    assert b'<meta http-equiv="refresh" content="3">' in queued.content
    assert download.encode() not in queued.content
    assert done.status_code == 200
    assert b'<progress value="100" max="100">' in done.content
    assert b"http-equiv" not in done.content
    assert f'href="{download}"'.encode() in done.content
    assert b"breach-register-EIG-2024-07-01-en.pdf" in done.content


@pytest.fixture
def other_legal_user(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user(username="other-legal", is_staff=True)
    user.groups.add(Group.objects.get(name=LEGAL_GROUP))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("legal_user", 200),  # the requester
        ("dpo_user", 200),
        ("other_legal_user", 404),  # another user's job is not shown at all
        ("coordinator_user", 403),  # no access to report jobs
    ],
)
def test_report_job_download_is_for_the_requester_and_the_dpo(
    portal: PortalBreach,
    legal_user: Any,
    client_for: Callable[[Any], Any],
    request: pytest.FixtureRequest,
    media: Path,
    who: str,
    status: int,
) -> None:
    job = _done_job(portal, legal_user)
    user = request.getfixturevalue(who)

    response = client_for(user).get(reverse("admin:compliance_reportjob_download", args=[job.pk]))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'attachment; filename="breach-register-EIG-2024-07-01-en.pdf"'
        )
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_report_job_list_shows_a_user_only_their_own_jobs(
    portal: PortalBreach,
    legal_user: Any,
    other_legal_user: Any,
    client_for: Callable[[Any], Any],
    media: Path,
) -> None:
    mine = jobs.start_report_job(
        kind="breach_register", obj=portal.group, user=legal_user, lang="en", as_of=AS_OF
    )
    jobs.start_report_job(
        kind="breach_register", obj=portal.group, user=other_legal_user, lang="ja", as_of=AS_OF
    )

    response = client_for(legal_user).get(reverse("admin:compliance_reportjob_changelist"))

    assert response.status_code == 200
    assert [j.pk for j in response.context["cl"].result_list] == [mine.pk]


@pytest.mark.django_db(transaction=True)
def test_worker_renders_a_queued_report_job_to_a_pdf(
    reference_data: None,
    django_user_model: Any,
    celery_process: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    group, _, _ = example_group()
    user = django_user_model.objects.create_user(username="legal-async", is_staff=True)
    user.groups.add(Group.objects.get(name=LEGAL_GROUP))
    app.control.purge()

    job = jobs.start_report_job(
        kind="group_status", obj=group, user=user, lang="ja", as_of=date(2024, 7, 1)
    )
    assert ReportJob.objects.get(pk=job.pk).state == ReportJobState.QUEUED
    celery_process(
        "worker",
        "--concurrency",
        "1",
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
        "--hostname",
        "report-worker@%h",
        env={"DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)},
    )

    done = wait_for(
        lambda: ReportJob.objects.filter(pk=job.pk, state__in=["done", "failed"]).first(),
        timeout=120,
        what="the worker to render the report",
    )

    assert (done.state, done.progress, done.error) == (ReportJobState.DONE, 100, "")
    with done.file.open("rb") as handle:
        pdf = handle.read()
    pages = [squeeze(text) for text in page_texts(pdf)]
    assert len(pages) == 3  # the summary, Düsseldorf, Tokyo
    assert squeeze("グループのコンプライアンス状況") in pages[0]
    assert squeeze("対応中の漏えい等事案はありません。") in pages[1]
