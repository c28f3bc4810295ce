"""The two task queues: the database one by default, Redis (RQ) at scale.

The Redis test talks to the real Redis on 127.0.0.1:6379 (database 13, emptied before and
after) and runs a real RQ worker in burst mode, in this process so it sees the test's
database transaction.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import override_settings

from cairn.accounts import services
from cairn.accounts.models import User
from cairn.accounts.tasks import send_invitations
from cairn.core import lanes
from cairn.core.tests.redis_databases import TASK_QUEUE, redis_url_for
from cairn.core.tests.test_task_lanes import interactive_job, slow_bulk_job

REDIS_URL = os.environ.get("CAIRN_TEST_REDIS_URL") or redis_url_for(TASK_QUEUE)
RQ_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": lanes.QUEUES}},
    "RQ_QUEUES": {lane: {"URL": REDIS_URL} for lane in lanes.QUEUES},
}


def settings_with(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the production settings in a fresh interpreter with these variables."""
    environment = {k: v for k, v in os.environ.items() if k not in {"CAIRN_TASKS_BACKEND", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    environment.update(env)
    code = "from cairn import settings as s; print(s.TASKS['default']['BACKEND'], 'django_rq' in s.INSTALLED_APPS)"
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False)


def test_the_database_queue_is_the_default(tmp_path) -> None:
    result = settings_with(CAIRN_DATA_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django_tasks_db.DatabaseBackend", "False"]


def test_redis_is_chosen_by_one_variable(tmp_path) -> None:
    result = settings_with(CAIRN_DATA_DIR=str(tmp_path), CAIRN_TASKS_BACKEND="redis", REDIS_URL="redis://queue.internal:6379/0")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django_tasks_rq.RQBackend", "True"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CAIRN_TASKS_BACKEND": "redis"}, "CAIRN_TASKS_BACKEND=redis needs REDIS_URL"),
        ({"CAIRN_TASKS_BACKEND": "celery"}, "CAIRN_TASKS_BACKEND must be 'database' or 'redis', not 'celery'."),
    ],
)
def test_a_wrong_queue_setting_stops_with_a_clear_message(tmp_path, env: dict[str, str], message: str) -> None:
    result = settings_with(CAIRN_DATA_DIR=str(tmp_path), **env)

    assert result.returncode != 0
    assert message in result.stderr


@pytest.fixture
def redis_queue():
    """The RQ queue of the bulk lane on the test Redis database, empty (the interactive
    lane's too); a missing Redis fails in CI."""
    import django_rq
    from redis.exceptions import ConnectionError as RedisConnectionError

    with override_settings(**RQ_SETTINGS):
        queue = django_rq.get_queue(lanes.BULK)
        try:
            queue.connection.flushdb()
        except RedisConnectionError:
            if os.environ.get("CI"):
                raise
            pytest.skip(f"No Redis at {REDIS_URL}: the Redis task queue is tested where one runs (CI does).")
        yield queue
        queue.connection.flushdb()


@pytest.mark.django_db
def test_a_task_goes_through_redis_and_an_rq_worker(redis_queue, mailoutbox: list) -> None:
    from django_tasks_rq.backend import Job
    from rq.worker import SimpleWorker

    user = User.objects.create_user("file@example.org")
    services.member_register(user=user, display_name="Par la file", language="nl")

    result = send_invitations.enqueue(user_ids=[user.pk])

    assert redis_queue.count == 1  # waiting in Redis, not run yet
    assert mailoutbox == []

    SimpleWorker([redis_queue], connection=redis_queue.connection, job_class=Job).work(burst=True)

    result.refresh()
    assert (result.status.name, result.return_value) == ("SUCCESSFUL", 1)
    assert redis_queue.count == 0
    [message] = mailoutbox
    assert message.to == ["file@example.org"]
    user.refresh_from_db()
    assert user.invited_at is not None


@pytest.mark.django_db
def test_on_redis_the_interactive_lane_is_not_held_up_by_bulk_jobs(redis_queue) -> None:
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.worker import SimpleWorker

    from cairn.cli import worker_command

    for _ in range(50):
        slow_bulk_job.enqueue()
    asked = interactive_job.enqueue()
    _name, [lane], _options = worker_command(lanes.INTERACTIVE, "redis", 1.0)
    interactive = django_rq.get_queue(lane)

    SimpleWorker([interactive], connection=interactive.connection, job_class=Job).work(burst=True)

    asked.refresh()
    assert (asked.status.name, asked.return_value) == ("SUCCESSFUL", "prêt")
    assert redis_queue.count == 50  # the backlog waits for the bulk lane's worker
