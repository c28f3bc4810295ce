"""The task queue's two lanes, so that a job someone is waiting for never waits behind
thousands of jobs nobody is watching.

- ``INTERACTIVE`` (Django's ``default`` queue): what a person has just asked for and is
  waiting for — a PDF, an e-mail to one person (a confirmation, an invitation to a
  group, an answer), the groups a facilitator asked Cairn to propose.
- ``BULK``: fan-out, imports and recurring work — notifications to every follower,
  digests, announcements and messages to every registrant, batches of invitations,
  applying a registry import and the link suggestions it leads to, the open-data files,
  the scheduled jobs.

A task goes to the bulk lane with ``@task(queue_name=BULK)``; every other task is
interactive. ``cairn worker`` runs one worker per lane (``--lane`` runs only one), each
reading only its own queue: however long the bulk backlog, the interactive worker takes
the next interactive job at once.
"""

from __future__ import annotations

# Plain constants: the settings read them before Django is set up.
INTERACTIVE = "default"  # Django's default queue name: a task without queue_name is interactive
BULK = "bulk"
QUEUES = [INTERACTIVE, BULK]
