"""Recurring jobs run by the worker: once per period, from their hour, whatever the
number of workers, and again after a failure."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

from cairn.core import scheduling
from cairn.core.models import ScheduledRun
from cairn.core.scheduling import ScheduledJob

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=BRUSSELS)


class _TestJobs(list[str]):
    """The calls of two test jobs, and the jobs themselves (``run_due_jobs(jobs=…)``): the
    platform's own jobs stay out of these tests."""

    def __init__(self) -> None:
        super().__init__()
        self.jobs = [
            ScheduledJob("test.daily", every="daily", hour=6, run=lambda: self.append("daily")),
            ScheduledJob("test.weekly", every="weekly", hour=7, run=lambda: self.append("weekly")),
        ]

    def run_due(self, now: datetime.datetime) -> list[str]:
        return scheduling.run_due_jobs(now, jobs=self.jobs)

    def replace(self, job: ScheduledJob) -> None:
        self.jobs = [job if existing.name == job.name else existing for existing in self.jobs]


@pytest.fixture
def only_test_jobs() -> Iterator[_TestJobs]:
    yield _TestJobs()


def test_a_daily_job_runs_once_a_day_from_its_hour(only_test_jobs: _TestJobs) -> None:
    assert only_test_jobs.run_due(at(26, 5, 59)) == []  # Thursday, before 6:00
    assert only_test_jobs.run_due(at(26, 6, 0)) == ["test.daily"]  # before the weekly job's 7:00
    assert only_test_jobs.run_due(at(26, 6, 1)) == []
    assert only_test_jobs.run_due(at(26, 23, 59)) == ["test.weekly"]  # a worker started late still runs it
    assert only_test_jobs.run_due(at(27, 9, 0)) == ["test.daily"]  # Friday: the daily again, not the weekly

    assert only_test_jobs == ["daily", "weekly", "daily"]
    assert sorted(ScheduledRun.objects.values_list("job", "period")) == [
        ("test.daily", "2026-11-26"),
        ("test.daily", "2026-11-27"),
        ("test.weekly", "2026-W48"),
    ]


def test_a_weekly_job_runs_again_the_next_iso_week(only_test_jobs: _TestJobs) -> None:
    only_test_jobs.run_due(at(29, 8))  # Sunday of week 48
    only_test_jobs.run_due(at(30, 6, 30))  # Monday of week 49, before 7:00
    only_test_jobs.run_due(at(30, 7, 0))

    assert ScheduledRun.objects.filter(job="test.weekly").count() == 2
    assert only_test_jobs.count("weekly") == 2


def test_a_second_worker_skips_what_the_first_ran(only_test_jobs: _TestJobs) -> None:
    ScheduledRun.objects.create(job="test.daily", period="2026-11-27")  # the other worker's claim

    assert only_test_jobs.run_due(at(27, 12)) == ["test.weekly"]
    assert only_test_jobs == ["weekly"]


def test_a_failing_job_is_not_marked_as_run_and_is_retried(only_test_jobs: _TestJobs, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("queue unreachable")

    only_test_jobs.replace(ScheduledJob("test.daily", every="daily", hour=6, run=broken))
    assert only_test_jobs.run_due(at(27, 8)) == ["test.weekly"]  # the others still run
    assert not ScheduledRun.objects.filter(job="test.daily").exists()

    only_test_jobs.replace(ScheduledJob("test.daily", every="daily", hour=6, run=lambda: only_test_jobs.append("daily")))
    assert "test.daily" in only_test_jobs.run_due(at(27, 6, 1))


def test_a_job_needs_a_known_period_and_a_real_hour() -> None:
    with pytest.raises(ValueError, match="daily, weekly or every five minutes"):
        ScheduledJob("x", every="hourly", run=lambda: None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="0–23"):
        ScheduledJob("x", every="daily", hour=24, run=lambda: None)


def test_the_platform_registers_its_recurring_jobs() -> None:
    jobs = {job.name: (job.every, job.hour) for job in scheduling.scheduled_jobs()}

    assert jobs == {
        "accounts.purge_shared_cache": ("daily", 3),
        "events.daily": ("daily", 6),
        "experiments.checkins": ("weekly", 9),
        "experiments.expire_invitations": ("daily", 7),
        "inbox.mailbox": ("five_minutes", 0),
        "inbox.retention": ("daily", 3),
        "notifications.daily_digest": ("daily", 7),
        "notifications.weekly_digest": ("weekly", 7),
        "projects.update_request_reminders": ("daily", 8),
    }


def test_the_registered_jobs_queue_their_tasks(mailoutbox: list) -> None:
    """Each real job runs (its tasks run at once in tests) without error, once a day."""
    ran = scheduling.run_due_jobs(at(30, 9))  # a Monday: the weekly digest too

    assert sorted(ran) == [
        "accounts.purge_shared_cache",
        "events.daily",
        "experiments.checkins",
        "experiments.expire_invitations",
        "inbox.mailbox",
        "inbox.retention",
        "notifications.daily_digest",
        "notifications.weekly_digest",
        "projects.update_request_reminders",
    ]
    # An hour later only the mailbox, polled every five minutes, is due again.
    assert scheduling.run_due_jobs(at(30, 10)) == ["inbox.mailbox"]


def test_a_polling_job_runs_once_every_five_minutes() -> None:
    ran: list[str] = []
    jobs = [ScheduledJob("test.poll", every="five_minutes", hour=0, run=lambda: ran.append("poll"))]
    assert scheduling.run_due_jobs(at(26, 10, 0), jobs=jobs) == ["test.poll"]
    assert scheduling.run_due_jobs(at(26, 10, 4), jobs=jobs) == []  # a second worker, same five minutes
    assert scheduling.run_due_jobs(at(26, 10, 5), jobs=jobs) == ["test.poll"]
    assert ran == ["poll", "poll"]
    assert sorted(ScheduledRun.objects.values_list("period", flat=True)) == ["2026-11-26T10:00", "2026-11-26T10:05"]
