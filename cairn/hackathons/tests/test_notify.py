"""The followers of a recommendation hear of a hackathon question on it: a member's proposal
at once, an organisers' question once the hackathon is out of its draft (a draft's
questions when its call for questions opens) — never a question of a hidden draft."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.hackathons.models import Hackathon, Phase
from cairn.hackathons.services.hackathons import hackathon_create, hackathon_set_phase
from cairn.hackathons.services.questions import question_create
from cairn.notifications.models import Notification
from cairn.notifications.services import describe, follow
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def _draft(organiser):  # type: ignore[no-untyped-def]
    start = (timezone.now() + dt.timedelta(days=20)).replace(hour=8, minute=0, second=0, microsecond=0)
    return hackathon_create(
        actor=organiser,
        title="Hackathon du guichet",
        starts_at=start,
        ends_at=start + dt.timedelta(days=1, hours=9),
        answers_due_at=start + dt.timedelta(days=1, hours=7),
        attendance="in_person",
        address="Rue de Fer 1",
        city="Namur",
        languages="fr",
        capacity=30,
    )


def _draft_with_a_follower_of_two_recommendations() -> tuple[Any, Hackathon, Any, tuple[Recommendation, Recommendation]]:
    """An organiser's draft hackathon, and a member who follows two recommendations."""
    organiser = UserFactory(roles=["coordination"])
    recommendations = cast("tuple[Recommendation, Recommendation]", (RecommendationFactory(), RecommendationFactory()))
    follower = UserFactory()
    for recommendation in recommendations:
        follow(user=follower, kind="recommendation", target_id=recommendation.pk)
    return organiser, _draft(organiser), follower, recommendations


def test_an_organisers_question_reaches_the_followers_once_the_hackathon_is_out_of_its_draft(  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,
) -> None:
    organiser, hackathon, follower, (recommendation, later) = _draft_with_a_follower_of_two_recommendations()

    with django_capture_on_commit_callbacks(execute=True):
        question_create(actor=organiser, hackathon=hackathon, recommendations=[recommendation], title="Comment ouvrir le guichet ?")
    assert not Notification.objects.filter(user=follower).exists()  # a draft is hidden: nothing said yet

    with django_capture_on_commit_callbacks(execute=True):
        hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.CALL)
    notes = list(Notification.objects.filter(user=follower).select_related("event"))
    assert len(notes) == 1
    assert describe(notes[0].event) == "Question retenue pour le hackathon « Hackathon du guichet » : Comment ouvrir le guichet ?"

    with django_capture_on_commit_callbacks(execute=True):
        question_create(actor=organiser, hackathon=hackathon, recommendations=[later], title="Comment le faire connaître ?")
    assert Notification.objects.filter(user=follower).count() == 2
    assert not Notification.objects.filter(user=organiser).exists()  # the one who wrote it is not told


def test_a_hackathon_taken_back_to_its_draft_and_opened_again_announces_nothing_twice(  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,
) -> None:
    organiser, hackathon, follower, (recommendation, other) = _draft_with_a_follower_of_two_recommendations()
    with django_capture_on_commit_callbacks(execute=True):
        first = question_create(actor=organiser, hackathon=hackathon, recommendations=[recommendation], title="Comment ouvrir le guichet ?")
        hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.CALL)
    assert Notification.objects.filter(user=follower).count() == 1
    first.refresh_from_db()
    assert first.announced_at is not None

    # A mistake corrected: back to the draft, a question added there, then out again.
    with django_capture_on_commit_callbacks(execute=True):
        hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.DRAFT)
        question_create(actor=organiser, hackathon=hackathon, recommendations=[other], title="Comment le faire connaître ?")
        hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.CALL)
    described = sorted(describe(n.event) for n in Notification.objects.filter(user=follower).select_related("event"))
    assert described == [
        "Question retenue pour le hackathon « Hackathon du guichet » : Comment le faire connaître ?",
        "Question retenue pour le hackathon « Hackathon du guichet » : Comment ouvrir le guichet ?",
    ]
