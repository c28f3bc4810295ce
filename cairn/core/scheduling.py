"""Recurring jobs (the day-before event reminders, the notification digests, update-request
reminders) run by ``cairn worker`` itself: no cron to set up, and the demo runs them too.

Each app registers its jobs under the ``scheduled_jobs`` hook, from its ``hooks.py``::

    hooks.register("scheduled_jobs", ScheduledJob("notifications.daily_digest", every="daily", hour=7,
                                                  run=lambda: send_digests.enqueue(frequency="daily")))

Every minute each worker calls ``run_due_jobs()``. A job is due once per period — a day,
or an ISO week (from Monday) — from ``hour`` o'clock, Brussels time; or, for a job that
polls (the inbox's mailbox), once per five minutes (``every="five_minutes"``). Whoever first inserts
the ``ScheduledRun`` row of (job, period) runs it; the unique constraint makes every other
worker skip it, so any number of workers run each job exactly once per period. A worker
started late in the period still runs what is due. ``run`` should only enqueue tasks.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from cairn.core import hooks

logger = logging.getLogger(__name__)

Every = Literal["daily", "weekly", "five_minutes"]


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    every: Every
    run: Callable[[], object]
    hour: int = 6

    def __post_init__(self) -> None:
        if self.every not in ("daily", "weekly", "five_minutes") or not 0 <= self.hour <= 23:
            raise ValueError(
                f"A scheduled job runs daily, weekly or every five minutes from an hour 0–23, not {self.every!r} at {self.hour}."
            )


def scheduled_jobs() -> list[ScheduledJob]:
    """Every registered job (the ``scheduled_jobs`` hook)."""
    return hooks.get_hooks("scheduled_jobs")


def period_of(every: Every, moment: datetime.datetime) -> str:
    """The period a local moment falls in: ``2026-11-27``, ``2026-W48`` or ``2026-11-27T14:05``."""
    if every == "daily":
        return moment.date().isoformat()
    if every == "five_minutes":
        return f"{moment.date().isoformat()}T{moment.hour:02d}:{moment.minute - moment.minute % 5:02d}"
    year, week, _weekday = moment.isocalendar()
    return f"{year}-W{week:02d}"


def run_due_jobs(now: datetime.datetime | None = None, *, jobs: list[ScheduledJob] | None = None) -> list[str]:
    """Run the jobs due now that nobody ran in this period yet; returns their names.
    ``jobs`` defaults to every registered job."""
    from cairn.core.models import ScheduledRun

    local = timezone.localtime(now or timezone.now())
    ran = []
    for job in sorted(scheduled_jobs() if jobs is None else jobs, key=lambda j: j.name):
        if local.hour < job.hour:
            continue
        try:
            with transaction.atomic():  # the claim is undone if the job fails: retried next check
                try:
                    with transaction.atomic():
                        ScheduledRun.objects.create(job=job.name, period=period_of(job.every, local))
                except IntegrityError:
                    continue  # another worker ran it in this period
                job.run()
        except Exception:  # one broken job must not keep the others from running
            logger.exception("Scheduled job %s failed; it will be tried again", job.name)
            continue
        ran.append(job.name)
        logger.info("Scheduled job %s ran for %s", job.name, period_of(job.every, local))
    return ran


def start_scheduler(interval: float = 60.0) -> threading.Event:
    """Check for due jobs every ``interval`` seconds in a daemon thread; set the returned
    event to stop it. A failing job is logged and retried at the next check."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            close_old_connections()
            try:
                run_due_jobs()
            except Exception:  # a broken job must not stop the worker's other work
                logger.exception("Scheduled jobs failed; retrying in %s s", interval)
            finally:
                close_old_connections()
            stop.wait(interval)

    threading.Thread(target=loop, name="cairn-scheduler", daemon=True).start()
    return stop
