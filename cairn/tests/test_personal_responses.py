"""Responses about one person, or opened by a secret link, are never kept by a shared
cache nor written to a browser's disk: ``Cache-Control: private, no-store``, from the one
decorator ``cairn.core.http.personal``. Each such URL is checked here, and every URL that
takes a token must carry the decorator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cairn.accounts import services as account_services
from cairn.accounts.factories import UserFactory
from cairn.accounts.models import User
from cairn.accounts.tests.helpers import mark_recently_reauthenticated
from cairn.accounts.tests.test_import_view import invitation_link
from cairn.events.factories import EventFactory
from cairn.events.services.calendar_feeds import calendar_feed_for
from cairn.events.services.registrations import registration_register
from cairn.notifications.services import unsubscribe_token

pytestmark = pytest.mark.django_db


def assert_personal(response: Any) -> None:
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]


@pytest.fixture
def member(client: Client) -> User:
    user = UserFactory(email="membre@example.org")
    client.force_login(user)
    mark_recently_reauthenticated(client, user)
    return user


def test_the_private_calendar_feed(client: Client, member: User) -> None:
    token = calendar_feed_for(user=member).token
    client.logout()  # a calendar application fetches it without a session

    response = Client().get(f"/fr/evenements/mon-agenda/{token}.ics")

    assert response.status_code == 200
    assert_personal(response)


@pytest.mark.parametrize(
    "url",
    [
        "/fr/evenements/mes-evenements/",  # shows the private feed's secret address
        "/fr/profil/",
        "/fr/notifications/",
        "/fr/notifications/suivis/",
        "/fr/mes-donnees/",
        "/fr/mes-donnees/export/",
        "/fr/mes-donnees/supprimer/",
        "/fr/experimentations/mes-experimentations/",  # the member's answers, places and invitations
    ],
)
def test_a_members_own_pages_and_data_export(client: Client, member: User, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 200
    assert_personal(response)


@pytest.mark.parametrize("suffix", ["inscrits/", "inscrits/export.csv", "inscrits/export.xlsx", "presences/"])
def test_an_organisers_lists_and_exports_of_registrants(client: Client, member: User, suffix: str) -> None:
    event = EventFactory()
    event.organisers.add(member)
    registration_register(event=event, user=UserFactory(email="inscrite@example.org"))

    response = client.get(f"/fr/evenements/{event.pk}/{suffix}")

    assert response.status_code == 200
    assert_personal(response)


def test_a_project_attachment(client: Client, member: User) -> None:
    from cairn.projects.factories import ProjectAttachmentFactory

    attachment = ProjectAttachmentFactory()

    response = client.get(f"/fr/projets/{attachment.project.pk}/pieces-jointes/{attachment.pk}/")

    assert response.status_code == 200
    assert_personal(response)


def test_the_pages_a_token_opens(django_capture_on_commit_callbacks) -> None:
    attendee = UserFactory(email="inscrite@example.org")
    registration = registration_register(event=EventFactory(), user=attendee)
    invited = User.objects.create_user("lea@example.org")
    account_services.member_register(user=invited, display_name="Léa Martin", language="fr")
    EmailAddress.objects.create(user=invited, email=invited.email, verified=False, primary=True)
    assert account_services.member_invite(user=invited)
    urls = [
        f"/fr/evenements/desinscription/{registration.cancel_token}/",
        f"/fr/notifications/desabonnement/{unsubscribe_token(user_id=attendee.pk)}/",
        invitation_link(mail.outbox[-1]),
    ]

    for url in urls:
        response = Client().get(url)

        assert response.status_code == 200, url
        assert_personal(response)


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_url_that_takes_a_token_is_personal() -> None:
    # Cairn's own views; allauth's e-mail confirmation and password reset are allauth's.
    cairn_routes = [(route, view) for route, view in _patterns(get_resolver()) if view.__module__.startswith("cairn.")]
    with_token = [(route, view) for route, view in cairn_routes if "token" in route or "key>" in route]

    assert len(with_token) >= 4  # the private feed, the cancel link, the unsubscribe link, the invitation
    assert [route for route, view in with_token if not getattr(view, "personal", False)] == []
