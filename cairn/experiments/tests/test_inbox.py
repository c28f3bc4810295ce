"""Calls and groups in the inbox: "Poser une question" on their pages with the item
prefilled (and nothing for a hidden one), an interest routed through the experiments' own
services with the sender's consent only, and the people who asked the inbox to hear of a
topic told once when a call on it opens, in their language."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry
from cairn.experiments.factories import CallFactory, GroupFactory, TopicFactory
from cairn.experiments.models import CallState, Placement, PlacementState
from cairn.experiments.services.calls import call_move
from cairn.inbox.factories import ConversationFactory
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def consenting(**kwargs: object):
    until = timezone.localdate() + datetime.timedelta(days=60)
    return ConversationFactory(kind="interest", consent_contact=True, consent_contact_until=until, **kwargs)


def route(conversation) -> object:
    client = Client()
    client.force_login(make_user("coordination"))
    return client.post(f"/fr/gestion/questions/{conversation.reference}/route/", follow=True)


def test_a_call_page_offers_the_question_about_it_and_a_draft_is_no_subject() -> None:
    call = CallFactory(title="Se rencontrer autrement")
    page = Client().get(f"/fr/experimentations/{call.slug}/").content.decode()
    assert f"/fr/questions/?sujet=call%3A{call.pk}" in page
    form = Client().get(f"/fr/questions/?sujet=call:{call.pk}").content.decode()
    assert "Se rencontrer autrement" in form and f'value="call:{call.pk}"' in form

    draft = CallFactory(state=CallState.DRAFT, title="Appel en préparation")
    assert Client().get(f"/fr/experimentations/{draft.slug}/").status_code == 404
    form = Client().get(f"/fr/questions/?sujet=call:{draft.pk}").content.decode()
    assert "Appel en préparation" not in form and f'value="call:{draft.pk}"' not in form


def test_a_group_page_offers_the_question_about_it_and_a_hidden_group_is_no_subject() -> None:
    group = GroupFactory(name="Afterworks à Liège")
    page = Client().get(f"/fr/experimentations/groupes/{group.pk}/").content.decode()
    assert f"/fr/questions/?sujet=experiment_group%3A{group.pk}" in page
    form = Client().get(f"/fr/questions/?sujet=experiment_group:{group.pk}").content.decode()
    assert "Afterworks à Liège" in form

    hidden = GroupFactory(name="Groupe d’un brouillon", topic=TopicFactory(call=CallFactory(state=CallState.DRAFT)))
    assert Client().get(f"/fr/experimentations/groupes/{hidden.pk}/").status_code == 404
    assert "Groupe d’un brouillon" not in Client().get(f"/fr/questions/?sujet=experiment_group:{hidden.pk}").content.decode()


def test_an_interest_in_a_group_becomes_a_request_to_join_it_with_consent_only() -> None:
    group = GroupFactory(open_to_requests=True)
    without = ConversationFactory(kind="interest", about_kind="experiment_group", about_id=group.pk)
    route(without)
    assert not Placement.objects.exists()

    asked = consenting(about_kind="experiment_group", about_id=group.pk)
    page = route(asked).content.decode()
    assert "attend la réponse du groupe" in page
    placement = Placement.objects.get()
    assert (placement.user, placement.group, placement.state) == (asked.person, group, PlacementState.REQUESTED)
    assert AuditEntry.objects.filter(action="placement_add", actor=asked.person).exists()
    assert AuditEntry.objects.filter(action="route", object_id=str(asked.pk)).exists()

    # A group closed to new members refuses, with its own message, and nothing is stored.
    closed = GroupFactory(open_to_requests=False)
    refused = consenting(about_kind="experiment_group", about_id=closed.pk)
    assert "n’accueille pas de nouveaux membres" in route(refused).content.decode()
    assert Placement.objects.count() == 1
    assert not AuditEntry.objects.filter(action="route", object_id=str(refused.pk)).exists()


def test_an_interest_in_a_call_becomes_the_calls_invitation_in_the_members_language(django_capture_on_commit_callbacks, mailoutbox) -> None:
    call = CallFactory(title="Se rencontrer autrement")
    TopicFactory(call=call)
    without = ConversationFactory(kind="interest", about_kind="call", about_id=call.pk)
    route(without)
    assert mailoutbox == []

    asked = consenting(about_kind="call", about_id=call.pk, person__profile__language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        assert "invitation à exprimer son intérêt" in route(asked).content.decode()
    assert [m.to for m in mailoutbox] == [[asked.person.email]]
    assert mailoutbox[0].subject == "Nieuwe oproep voor experimenten: Se rencontrer autrement"
    assert f"/nl/experimentations/{call.slug}/" in mailoutbox[0].body or f"/nl/experimenten/{call.slug}/" in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="call_invite", actor=asked.person).exists()

    # After the deadline the call takes no answer: refused, nothing sent.
    closed = CallFactory(state=CallState.CLOSED)
    late = consenting(about_kind="call", about_id=closed.pk)
    assert "ne reçoit plus d’expressions d’intérêt" in route(late).content.decode()
    assert len(mailoutbox) == 1


def test_opening_a_call_tells_those_who_asked_the_inbox_once_in_their_language(django_capture_on_commit_callbacks, mailoutbox) -> None:
    recommendation, other = RecommendationFactory(), RecommendationFactory()
    call = CallFactory(state=CallState.DRAFT, title="Tweede oproep")
    TopicFactory(call=call).recommendations.set([recommendation])
    dutch = consenting(about_kind="recommendation", about_id=recommendation.pk, language="nl")
    on_the_call = consenting(about_kind="call", about_id=call.pk)
    # The same address on the call and on its recommendation: one e-mail.
    consenting(about_kind="recommendation", about_id=recommendation.pk, person=on_the_call.person, email=on_the_call.email)
    ConversationFactory(kind="interest", about_kind="recommendation", about_id=recommendation.pk)  # no consent
    consenting(about_kind="recommendation", about_id=other.pk)  # another topic

    with django_capture_on_commit_callbacks(execute=True):
        call_move(actor=None, call=call, move="open")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([dutch.email, on_the_call.email])
    to_dutch = next(m for m in mailoutbox if m.to == [dutch.email])
    assert to_dutch.subject.startswith("Het is open") and "Tweede oproep" in to_dutch.subject
    assert f"/nl/experimentations/{call.slug}/" in to_dutch.body or f"/nl/experimenten/{call.slug}/" in to_dutch.body

    # Closing and reopening is impossible, but the task run again tells nobody twice.
    from cairn.experiments.tasks import send_call_opened
    from cairn.inbox.services.interest import interested_notify

    with django_capture_on_commit_callbacks(execute=True):
        send_call_opened.call(call_id=call.pk)
        interested_notify(about=[("call", call.pk)], key=f"call:{call.pk}", title=call.title, url=call.get_absolute_url())
    assert len(mailoutbox) == 2


def test_a_member_who_asked_both_an_earlier_call_and_the_inbox_gets_one_email(django_capture_on_commit_callbacks, mailoutbox) -> None:
    from cairn.experiments.factories import ExpressionFactory
    from cairn.inbox.models import InterestNotice

    recommendation = RecommendationFactory()
    earlier = TopicFactory(call=CallFactory(state=CallState.GROUPS_FORMED))
    member = ExpressionFactory(topic=earlier, keep_informed=True).user
    call = CallFactory(state=CallState.DRAFT, title="Tweede oproep")
    TopicFactory(call=call).recommendations.set([recommendation])
    # The same member asked the inbox too, with their address written in capitals.
    both = consenting(about_kind="recommendation", about_id=recommendation.pk, person=member, email=member.email.upper())
    only_inbox = consenting(about_kind="call", about_id=call.pk)

    with django_capture_on_commit_callbacks(execute=True):
        call_move(actor=None, call=call, move="open")
    assert sorted(m.to[0].casefold() for m in mailoutbox) == sorted([member.email.casefold(), only_inbox.email.casefold()])
    # Their conversation counts as told: a later notice under the same key sends nothing.
    assert InterestNotice.objects.filter(conversation=both, key=f"call:{call.pk}").exists()
