"""Report jobs run on their own queue, in a worker that starts a child process per job."""

from __future__ import annotations

import shlex
from pathlib import Path

from config.celery import app

PROCFILE = Path(__file__).resolve().parents[3] / "Procfile"


def _route(task: str) -> str:
    return str(app.amqp.router.route({}, task)["queue"].name)


def _procfile() -> dict[str, list[str]]:
    lines = PROCFILE.read_text(encoding="utf-8").splitlines()
    return {name: shlex.split(command) for name, command in (line.split(": ", 1) for line in lines)}


def _queues(argv: list[str]) -> list[str]:
    return argv[argv.index("-Q") + 1].split(",")


def test_report_jobs_are_routed_to_the_reports_queue() -> None:
    assert _route("compliance.tasks.render_report_job") == "reports"
    assert _route("compliance.tasks.send_due_reminders") == "reminders"
    assert _route("compliance.tasks.send_reminder_mail") == "mail"
    assert _route("compliance.bcr.tasks.sync_bcr_clocks") == "celery"
    queues = sorted(q.name for q in app.conf.task_queues)
    assert queues == ["celery", "mail", "reminders", "reports"]


def test_the_reports_worker_runs_one_job_per_child_and_the_other_worker_no_report() -> None:
    processes = _procfile()
    assert sorted(processes) == ["beat", "reports", "web", "worker"]
    reports, worker = processes["reports"], processes["worker"]
    assert _queues(reports) == ["reports"]
    assert reports[reports.index("--concurrency") + 1] == "1"
    assert "--max-tasks-per-child=1" in reports
    assert reports[reports.index("--hostname") + 1] == "reports1@%h"
    assert _queues(worker) == ["celery", "reminders", "mail"]
    assert worker[worker.index("--hostname") + 1] == "worker1@%h"
