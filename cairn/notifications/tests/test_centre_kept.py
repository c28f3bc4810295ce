"""A member's notification centre is kept per person and page under their notifications'
version: a notification that arrives, or all of them marked read through the kept form,
shows on the next request, and no member is served another's list."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import form_token, make_user, signed_in
from cairn.notifications.factories import NotificationFactory
from cairn.notifications.models import Notification
from cairn.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CENTRE = "/fr/notifications/"


def titles(client: Client) -> list[str]:
    response = client.get(CENTRE)
    assert response.status_code == 200
    return re.findall(r'class="record-list__title"><a href="[^"]*">([^<]*)</a>', response.text)


def about(member: object, title: str) -> Notification:
    project = ProjectFactory(title=title)
    return NotificationFactory(user=member, event__subject_id=project.pk)


def test_a_notification_that_arrives_shows_on_the_next_request() -> None:
    member = make_user("member")
    about(member, "Jardin partagé")
    client = signed_in(member)
    assert titles(client) == ["Jardin partagé"]
    assert titles(client) == ["Jardin partagé"]

    about(member, "Atelier vélo")

    assert titles(client) == ["Atelier vélo", "Jardin partagé"]


def test_marking_all_read_through_the_kept_form_shows_on_the_next_request() -> None:
    member = make_user("member")
    about(member, "Jardin partagé")
    client = signed_in(member, csrf=True)
    client.get(CENTRE)
    kept = client.get(CENTRE).text
    assert "Nouveau" in kept
    token = form_token(kept, after='action="/fr/notifications/tout-lu/"')

    assert client.post("/fr/notifications/tout-lu/", {"csrfmiddlewaretoken": token}).status_code == 302

    assert Notification.objects.unread().filter(user=member).count() == 0
    assert "Nouveau" not in client.get(CENTRE).text


def test_each_member_is_served_their_own_list() -> None:
    first, second = make_user("member"), make_user("member")
    about(first, "Jardin partagé")
    about(second, "Atelier vélo")
    for _twice in range(2):
        assert titles(signed_in(first)) == ["Jardin partagé"]
        assert titles(signed_in(second)) == ["Atelier vélo"]
