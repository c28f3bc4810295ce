"""A hackathon walked through its phases by the services, for the tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.hackathons.models import Hackathon, Phase, Role
from cairn.hackathons.services.hackathons import hackathon_create, hackathon_set_phase, session_add
from cairn.hackathons.services.participants import hackathon_days, participant_register
from cairn.hackathons.services.questions import question_create
from cairn.recommendations.factories import RecommendationFactory

ROLES = list(Role.values)


def new_hackathon(organiser: Any = None, *, capacity: int = 60, questions: int = 3, days_ahead: int = 20) -> Hackathon:
    organiser = organiser or UserFactory(roles=["coordination"])
    start = (timezone.now() + dt.timedelta(days=days_ahead)).replace(hour=8, minute=0, second=0, microsecond=0)
    hackathon = hackathon_create(
        actor=organiser,
        title="Hackathon de l’accueil",
        description="Deux jours pour **répondre**.",
        starts_at=start,
        ends_at=start + dt.timedelta(days=1, hours=9),
        answers_due_at=start + dt.timedelta(days=1, hours=7),
        attendance="in_person",
        address="Rue Coenraets 72",
        city="Bruxelles",
        languages="fr nl",
        capacity=capacity,
        team_min_size=3,
        team_max_size=5,
        teams_per_question=2,
    )
    session_add(
        actor=organiser, hackathon=hackathon, kind="opening", title="Ouverture", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.CALL)
    for n in range(questions):
        question_create(
            actor=organiser,
            hackathon=hackathon,
            recommendations=[RecommendationFactory()],
            title=f"Comment rendre la question {n} concrète ?",
            needed_roles=["legal_finance"] if n == 0 else [],
        )
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.REGISTRATION)
    return hackathon


def register_many(hackathon: Hackathon, count: int, **user_kwargs: Any) -> list[Any]:
    questions = list(hackathon.questions.order_by("pk").values_list("pk", flat=True))
    days = hackathon_days(hackathon)
    users = []
    for n in range(count):
        user = UserFactory(**user_kwargs)
        participant_register(
            hackathon=hackathon,
            user=user,
            role=ROLES[n % len(ROLES)],
            skills=["animation"] if n % 3 == 0 else [],
            preferences=[questions[n % len(questions)], questions[(n + 1) % len(questions)]],
            languages=["fr"] if n % 4 else ["fr", "nl"],
            availability=days,
            first_participation=n % 3 == 0,
        )
        users.append(user)
    return users
