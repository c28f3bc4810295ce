"""A group's page is kept (``views.groups.group_detail``) per group, person and roles under
the stamps of all it shows: what the group writes — a logbook entry, an action done, a
decision, its charter — and a place taken show on the next request; its kept forms post
with the reader's own CSRF token; a visitor never gets a member's page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import make_user
from cairn.core.http import KEPT_CSRF_FIELD
from cairn.experiments.factories import GroupFactory, PlacementFactory
from cairn.experiments.services.groups import join_answer
from cairn.experiments.services.life import action_add, group_update_charter, log_entry_add
from cairn.experiments.services.meetings import decision_add
from cairn.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_and_member() -> tuple[object, object]:
    group = GroupFactory(project=ProjectFactory(kind="experiment"), facilitator=make_user("facilitator"))
    member = PlacementFactory(group=group).user
    return group, member


def signed_in(user: object, **kwargs: object) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def url_of(group: object) -> str:
    return f"/fr/experimentations/groupes/{group.pk}/"  # type: ignore[attr-defined]


def test_what_the_group_writes_shows_on_the_next_request(group_and_member) -> None:
    group, member = group_and_member
    client = signed_in(member)
    first = client.get(url_of(group)).text
    assert "Nous avons essayé le tableau partagé" not in first and "Ouvrir le local le samedi" not in first

    log_entry_add(actor=member, group=group, kind="tried", posted_on=timezone.localdate(), text="Nous avons essayé le tableau partagé")
    assert "Nous avons essayé le tableau partagé" in client.get(url_of(group)).text

    decision_add(actor=member, group=group, text="Ouvrir le local le samedi", decided_on=timezone.localdate())
    assert "Ouvrir le local le samedi" in client.get(url_of(group)).text

    group_update_charter(actor=member, group=group, goal="Réduire les trajets de moitié")
    assert "Réduire les trajets de moitié" in client.get(url_of(group)).text


def test_an_action_marked_done_through_the_kept_form_shows_on_the_next_request(group_and_member) -> None:
    group, member = group_and_member
    action = action_add(actor=member, group=group, title="Réserver la salle", owner=member)
    client = signed_in(member, enforce_csrf_checks=True)
    client.get(url_of(group))
    kept = client.get(url_of(group)).text  # served from the keep
    assert KEPT_CSRF_FIELD not in kept
    done_url = f"{url_of(group)}actions/{action.pk}/faite/"
    form = re.search(
        rf'<form method="post" action="{re.escape(done_url)}"[^>]*><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', kept
    )
    assert form is not None

    response = client.post(done_url, {"csrfmiddlewaretoken": form.group(1)})

    assert response.status_code == 302
    assert "<s>Réserver la salle</s>" in client.get(url_of(group)).text


def test_a_place_taken_shows_on_the_next_request(group_and_member) -> None:
    group, _member = group_and_member
    newcomer = UserFactory(profile__display_name="Wout Nieuwkomer", profile__visibility="public")
    request = PlacementFactory(group=group, user=newcomer, state="requested")
    visitor = Client()
    assert "Wout Nieuwkomer" not in visitor.get(url_of(group)).text

    join_answer(actor=group.facilitator, placement=request, accept=True)

    assert "Wout Nieuwkomer" in visitor.get(url_of(group)).text


def test_a_visitor_never_gets_a_member_s_page(group_and_member) -> None:
    group, member = group_and_member
    action_add(actor=member, group=group, title="Appeler la mairie", owner=member)
    staff = signed_in(make_user("coordination"))
    assert "Appeler la mairie" in staff.get(url_of(group)).text
    assert "Appeler la mairie" in signed_in(member).get(url_of(group)).text

    assert "Appeler la mairie" not in Client().get(url_of(group)).text


def test_who_may_read_it_follows_the_places_and_the_call(group_and_member) -> None:
    """Who may read the page and its details is kept with it, under the same stamps: a
    person whose request is accepted reads the details on the next request, and a call
    taken back to draft hides the group from a visitor on the next request."""
    group, member = group_and_member
    action_add(actor=member, group=group, title="Appeler la mairie", owner=member)
    newcomer = UserFactory()
    request = PlacementFactory(group=group, user=newcomer, state="requested")
    reader, visitor = signed_in(newcomer), Client()
    for _twice in range(2):
        assert "Appeler la mairie" not in reader.get(url_of(group)).text
        assert visitor.get(url_of(group)).status_code == 200

    join_answer(actor=group.facilitator, placement=request, accept=True)

    assert "Appeler la mairie" in reader.get(url_of(group)).text

    call = group.call
    call.state = "draft"
    call.save()

    assert visitor.get(url_of(group)).status_code == 404
    assert reader.get(url_of(group)).status_code == 404
