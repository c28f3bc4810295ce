"""200 members vote at the same instant, some of them twice: every member's vote counts
exactly once (the unique constraint decides, a race only updates). PostgreSQL runs it when
``DATABASE_URL`` points at it: threads released together, each with its own connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from cairn.accounts.factories import UserFactory
from cairn.hackathons.factories import HackathonFactory, TeamFactory
from cairn.hackathons.models import Phase, Team, Vote

VOTERS = 200
THREADS = 80  # the server allows 100 connections


@pytest.mark.django_db(transaction=True)
def test_two_hundred_votes_at_once_are_each_counted_once_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run (DATABASE_URL=postgres://…); SQLite serialises writers")
    from django.db import connections

    from cairn.accounts.models import User
    from cairn.hackathons.models import Hackathon
    from cairn.hackathons.services.answers import vote_cast

    hackathon = HackathonFactory(phase=Phase.JUDGING)
    teams = [TeamFactory(question__hackathon=hackathon, number=n) for n in range(2)]
    voters = [UserFactory().pk for _ in range(VOTERS)]
    # Every member votes once for team 0, and the first forty vote again for team 1 at once.
    ballots = [(pk, teams[0].pk) for pk in voters] + [(pk, teams[1].pk) for pk in voters[:40]]
    connection.close()
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker(chunk: list[tuple[int, int]]) -> None:
        try:
            h = Hackathon.objects.get(pk=hackathon.pk)
            plan = [(User.objects.get(pk=u), Team.objects.get(pk=t)) for u, t in chunk]
            barrier.wait(timeout=60)
            for user, team in plan:
                vote_cast(user=user, hackathon=h, team=team)
        except BaseException as exc:  # noqa: BLE001 — collected and asserted empty
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(ballots[i::THREADS],)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert Vote.objects.filter(hackathon=hackathon).count() == VOTERS
    assert Vote.objects.filter(hackathon=hackathon).values("user").distinct().count() == VOTERS
