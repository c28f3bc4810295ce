"""The task queue's lanes (cairn/core/lanes.py): an interactive job never waits behind a
bulk backlog. Real workers on the real queues: the database one here, RQ on Redis in
test_task_queue.py."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django.tasks import task
from django.test import override_settings

from cairn.accounts.tasks import send_invitations
from cairn.cli import build_parser, worker_command
from cairn.core import lanes
from cairn.events.tasks import send_event_message, send_registration_email
from cairn.notifications.tasks import fan_out_events, send_digests, send_notification_emails
from cairn.recommendations.tasks import apply_registry_import, refresh_link_suggestions
from cairn.reports.tasks import build_export, build_report_pdf, refresh_exports

BULK_JOB_SECONDS = 0.05
BACKLOG = 200  # 10 s of bulk work in front of the interactive job


@task(queue_name=lanes.BULK)
def slow_bulk_job() -> None:
    time.sleep(BULK_JOB_SECONDS)


@task()
def interactive_job() -> str:
    return "prêt"


DATABASE_QUEUE = {"TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": lanes.QUEUES}}}


@pytest.mark.django_db(transaction=True)
def test_a_bulk_backlog_does_not_delay_an_interactive_job() -> None:
    with override_settings(**DATABASE_QUEUE):
        bulk = [slow_bulk_job.enqueue() for _ in range(BACKLOG)]
        asked = interactive_job.enqueue()  # queued last, behind the whole backlog

        name, positional, options = worker_command(lanes.INTERACTIVE, "database", 0.1)
        started = time.monotonic()
        call_command(name, *positional, **options, batch=True, startup_delay=False, verbosity=0)
        waited = time.monotonic() - started

        asked.refresh()
        assert (asked.status.name, asked.return_value) == ("SUCCESSFUL", "prêt")
        assert waited < 5, f"the interactive job waited {waited:.1f} s"
        for result in bulk[:: BACKLOG // 10]:
            result.refresh()
            assert result.status.name == "READY"  # left to the bulk lane's worker

        name, positional, options = worker_command(lanes.BULK, "database", 0.1)
        call_command(name, *positional, **options, batch=True, max_tasks=1, startup_delay=False, verbosity=0)
        bulk[0].refresh()
        assert bulk[0].status.name == "SUCCESSFUL"  # and the bulk lane works its own queue


def test_fan_out_and_recurring_jobs_go_to_the_bulk_lane() -> None:
    for bulk in (
        fan_out_events,
        send_notification_emails,
        send_digests,
        send_event_message,
        send_invitations,
        build_export,
        refresh_exports,
        apply_registry_import,  # thousands of rows: its page follows it meanwhile
        refresh_link_suggestions,  # compared with every recommendation
    ):
        assert bulk.queue_name == lanes.BULK, bulk.name
    for asked in (build_report_pdf, send_registration_email):
        assert asked.queue_name == lanes.INTERACTIVE, asked.name


def test_each_lane_worker_reads_only_its_queue() -> None:
    assert worker_command(lanes.BULK, "database", 2.0) == ("db_worker", [], {"queue_name": "bulk", "interval": 2.0, "reload": False})
    assert worker_command(lanes.INTERACTIVE, "redis", 1.0) == (
        "rqworker",
        ["default"],
        {"job_class": "django_tasks_rq.Job", "with_scheduler": True},
    )
    assert build_parser().parse_args(["worker"]).lane == "all"
    assert build_parser().parse_args(["worker", "--lane", "bulk"]).lane == "bulk"
