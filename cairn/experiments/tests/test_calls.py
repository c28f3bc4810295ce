"""Calls: created in draft, planned, given topics, moved along their states (each change
audited); their public pages; the recommendation's page and the home page show open calls."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from cairn.accounts.tests.helpers import make_user
from cairn.core.audit import history_of
from cairn.experiments.factories import CallFactory, TopicFactory
from cairn.experiments.models import CallState
from cairn.experiments.services.calls import MoveRefused, call_create, call_move, call_update, topic_add
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def _deadline() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=10)


def test_a_call_is_created_in_draft_with_its_planning_and_audited() -> None:
    staff = make_user("coordination")
    start = datetime.date(2027, 1, 4)
    call = call_create(
        actor=staff,
        title="Se rencontrer autrement",
        framework="Un cadre.",
        interest_deadline=_deadline(),
        phases=[("interest", start, start + datetime.timedelta(days=20)), ("start", datetime.date(2027, 2, 1), None)],
    )
    assert call.state == CallState.DRAFT
    assert call.slug == "se-rencontrer-autrement"
    assert [p.kind for p in call.phases.all()] == ["interest", "start"]
    entry = history_of(call).get()
    assert entry.action == "create" and entry.actor == staff
    assert call_create(actor=staff, title="Se rencontrer autrement", framework="x", interest_deadline=_deadline()).slug.endswith("-2")


def test_a_phase_that_ends_before_it_starts_is_refused() -> None:
    day = datetime.date(2027, 1, 4)
    with pytest.raises(ValidationError):
        call_create(
            actor=None, title="T", framework="x", interest_deadline=_deadline(), phases=[("start", day, day - datetime.timedelta(days=1))]
        )


def test_the_group_size_bounds_hold() -> None:
    call = CallFactory()
    with pytest.raises(ValidationError):
        call_update(actor=None, call=call, min_group_size=6, max_group_size=4)
    call.refresh_from_db()
    assert (call.min_group_size, call.max_group_size) == (4, 8)


def test_a_call_moves_draft_open_closed_groups_formed_each_audited(django_capture_on_commit_callbacks) -> None:
    staff = make_user("coordination")
    call = CallFactory(state=CallState.DRAFT)
    with pytest.raises(ValidationError):
        call_move(actor=staff, call=call, move="open")  # no topic yet
    TopicFactory(call=call)
    with django_capture_on_commit_callbacks(execute=True):
        call = call_move(actor=staff, call=call, move="open")
    call = call_move(actor=staff, call=call, move="close")
    call = call_move(actor=staff, call=call, move="groups_formed")
    assert call.state == CallState.GROUPS_FORMED
    assert [e.action for e in history_of(call).order_by("pk")] == ["call_open", "call_close", "call_groups_formed"]
    with pytest.raises(MoveRefused):
        call_move(actor=staff, call=call, move="close")


def test_topics_link_recommendations_and_close_with_the_call() -> None:
    call = CallFactory(state=CallState.DRAFT)
    recommendation = RecommendationFactory()
    topic = topic_add(actor=None, call=call, title="Afterworks", recommendations=[recommendation])
    assert list(topic.recommendations.all()) == [recommendation]
    call.state = CallState.CLOSED
    with pytest.raises(ValidationError):
        topic_add(actor=None, call=call, title="Trop tard")


def test_a_draft_is_hidden_from_members_and_shown_to_the_team(client: Client) -> None:
    draft = CallFactory(state=CallState.DRAFT)
    client.force_login(make_user("member"))
    assert client.get(f"/fr/experimentations/{draft.slug}/").status_code == 404
    assert draft.title not in client.get("/fr/experimentations/").content.decode()
    client.force_login(make_user("coordination"))
    assert client.get(f"/fr/experimentations/{draft.slug}/").status_code == 200


def test_the_call_page_in_french_and_dutch(client: Client) -> None:
    topic = TopicFactory(title="Petits-déjeuners du secteur")
    assert "Petits-déjeuners du secteur" in client.get(f"/fr/experimentations/{topic.call.slug}/").content.decode()
    body = client.get(f"/nl/experimentations/{topic.call.slug}/").content.decode()
    assert "Het kader" in body


def test_the_staff_create_a_call_through_the_form_and_bad_input_is_a_clear_error(client: Client) -> None:
    client.force_login(make_user("coordination"))
    data = {
        "title": "Appel de printemps",
        "framework": "Le cadre.",
        "interest_deadline": "2027-03-01T12:00",
        "max_groups_per_topic": "2",
        "min_group_size": "4",
        "max_group_size": "3",
        "facilitator_max_groups": "2",
        "invitation_days": "7",
        "phase_interest_start": "2027-02-01",
        "phase_interest_end": "2027-01-01",
    }
    response = client.post("/fr/gestion/experimentations/nouvel-appel/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Une phase ne peut pas finir avant de commencer." in body
    data["phase_interest_end"] = "2027-03-01"
    response = client.post("/fr/gestion/experimentations/nouvel-appel/", data)
    assert response.status_code == 400
    assert "La taille maximale d’un groupe ne peut pas être inférieure à sa taille minimale." in response.content.decode()
    data["max_group_size"] = "8"
    response = client.post("/fr/gestion/experimentations/nouvel-appel/", data)
    assert response.status_code == 302


def test_the_recommendation_page_shows_the_open_calls_on_it(client: Client) -> None:
    recommendation = RecommendationFactory()
    topic = TopicFactory(title="Rencontres du secteur")
    topic.recommendations.add(recommendation)
    closed = TopicFactory(title="Sujet d’un appel clos", call=CallFactory(state=CallState.CLOSED))
    closed.recommendations.add(recommendation)
    body = client.get(f"/fr/recommandations/{recommendation.reference}/").content.decode()
    assert "Appels à expérimentations ouverts" in body and topic.call.title in body
    assert "Sujet d’un appel clos" not in body


def test_the_home_page_shows_open_calls(client: Client) -> None:
    call = CallFactory(title="Appel ouvert à tous")
    CallFactory(title="Appel en brouillon", state=CallState.DRAFT)
    body = client.get("/fr/").content.decode()
    assert call.title in body and "Appel en brouillon" not in body


def test_opening_a_call_tells_once_those_who_asked_to_hear_of_the_next(django_capture_on_commit_callbacks, mailoutbox) -> None:
    from cairn.experiments.factories import ExpressionFactory
    from cairn.experiments.tasks import send_call_opened

    earlier = TopicFactory(call=CallFactory(state=CallState.GROUPS_FORMED))
    told = ExpressionFactory(topic=earlier, keep_informed=True, user__profile__language="nl").user
    ExpressionFactory(topic=earlier, keep_informed=False)
    call = CallFactory(state=CallState.DRAFT, title="Tweede oproep")
    TopicFactory(call=call)
    with django_capture_on_commit_callbacks(execute=True):
        call_move(actor=None, call=call, move="open")
    assert [m.to for m in mailoutbox] == [[told.email]]
    assert mailoutbox[0].subject == "Nieuwe oproep voor experimenten: Tweede oproep"
    assert send_call_opened.call(call_id=call.pk) == 0  # once per call
