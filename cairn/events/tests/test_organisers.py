"""Who may organise events: the rule ``events.create_event`` and the people the forms
offer as organisers are the same, for every role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import User
from cairn.accounts.tests.helpers import ROLES, make_user
from cairn.events.factories import EventFactory
from cairn.events.selectors import possible_organisers

pytestmark = pytest.mark.django_db

#: The roles of DESIGN.md §2 that may organise; the visitor, the member and the department
#: lead may not.
ORGANISING_ROLES = {"facilitator", "coordination", "admin"}


def people() -> dict[str, User]:
    """One account per role, and the edge cases of the rule: a superuser without the admin
    group, and a facilitator whose account is deactivated."""
    accounts = {role: make_user(role) for role in ROLES if role != "visitor"}
    accounts["superuser"] = UserFactory(is_superuser=True)
    accounts["inactive facilitator"] = UserFactory(roles=["facilitator"], is_active=False)
    return accounts


def offered(client: Client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200
    return {user.pk for user in response.context["form"].fields["organisers"].queryset}


def test_the_rule_and_the_offered_organisers_agree_for_every_role(client: Client) -> None:
    accounts = people()
    allowed = {name for name, user in accounts.items() if user.has_perm("events.create_event")}
    client.force_login(accounts["facilitator"])

    assert not AnonymousUser().has_perm("events.create_event")
    assert allowed == {*ORGANISING_ROLES, "superuser"}
    assert {user.pk for user in possible_organisers()} == {accounts[name].pk for name in allowed}
    assert offered(client, "/fr/evenements/nouveau/") == {accounts[name].pk for name in allowed}
    assert offered(client, "/fr/evenements/series/nouvelle/") == {accounts[name].pk for name in allowed}


def test_an_events_current_organisers_stay_offered_and_no_one_else(client: Client) -> None:
    accounts = people()
    allowed = {user.pk for user in accounts.values() if user.has_perm("events.create_event")}
    event = EventFactory()
    event.organisers.set([accounts["member"], accounts["facilitator"]])
    client.force_login(accounts["facilitator"])

    assert offered(client, f"/fr/evenements/{event.pk}/modifier/") == {*allowed, accounts["member"].pk}
    assert {user.pk for user in possible_organisers(event=event)} == {*allowed, accounts["member"].pk}
