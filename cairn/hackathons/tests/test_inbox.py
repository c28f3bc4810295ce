"""Hackathons in the inbox: "Poser une question" on a hackathon's page with the item
prefilled (nothing for a draft), an interest routed to it with the sender's consent only,
and the people who asked the inbox told once when its call for questions, then its
registration, opens — in their language."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry
from cairn.hackathons.factories import HackathonFactory, QuestionFactory
from cairn.hackathons.models import Phase
from cairn.hackathons.services.hackathons import hackathon_set_phase
from cairn.inbox.factories import ConversationFactory
from cairn.inbox.models import InterestNotice
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def consenting(**kwargs: object):
    until = timezone.localdate() + datetime.timedelta(days=60)
    return ConversationFactory(kind="interest", consent_contact=True, consent_contact_until=until, **kwargs)


def route(conversation) -> str:
    client = Client()
    client.force_login(make_user("coordination"))
    return client.post(f"/fr/gestion/questions/{conversation.reference}/route/", follow=True).content.decode()


def test_a_hackathon_page_offers_the_question_about_it_and_a_draft_is_no_subject() -> None:
    hackathon = HackathonFactory(title="Hackathon « Accueil »")
    page = Client().get(f"/fr/hackathons/{hackathon.slug}/").content.decode()
    assert f"/fr/questions/?sujet=hackathon%3A{hackathon.pk}" in page
    form = Client().get(f"/fr/questions/?sujet=hackathon:{hackathon.pk}").content.decode()
    assert "Hackathon « Accueil »" in form and f'value="hackathon:{hackathon.pk}"' in form

    draft = HackathonFactory(phase=Phase.DRAFT, title="Hackathon en préparation")
    assert Client().get(f"/fr/hackathons/{draft.slug}/").status_code == 404
    assert "Hackathon en préparation" not in Client().get(f"/fr/questions/?sujet=hackathon:{draft.pk}").content.decode()


def test_opening_the_call_then_the_registration_tells_those_who_asked_once_each(django_capture_on_commit_callbacks, mailoutbox) -> None:
    recommendation = RecommendationFactory()
    hackathon = HackathonFactory(phase=Phase.DRAFT, title="Hackathon « Crèches »")
    QuestionFactory(hackathon=hackathon, recommendations=[recommendation])
    dutch = consenting(about_kind="recommendation", about_id=recommendation.pk, language="nl")
    on_it = consenting(about_kind="hackathon", about_id=hackathon.pk)
    ConversationFactory(kind="interest", about_kind="hackathon", about_id=hackathon.pk)  # no consent
    staff = make_user("coordination")

    with django_capture_on_commit_callbacks(execute=True):
        hackathon_set_phase(actor=staff, hackathon=hackathon, phase=Phase.CALL)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([dutch.email, on_it.email])
    to_dutch = next(m for m in mailoutbox if m.to == [dutch.email])
    assert to_dutch.subject == "Het is open: Hackathon « Crèches »"
    assert f"/nl/hackathons/{hackathon.slug}/" in to_dutch.body

    # Back and forth again: nobody is told twice of the call; the registration is news.
    with django_capture_on_commit_callbacks(execute=True):
        hackathon_set_phase(actor=staff, hackathon=hackathon, phase=Phase.DRAFT)
        hackathon_set_phase(actor=staff, hackathon=hackathon, phase=Phase.CALL)
    assert len(mailoutbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        hackathon_set_phase(actor=staff, hackathon=hackathon, phase=Phase.REGISTRATION)
    assert len(mailoutbox) == 4


def test_an_interest_routed_to_a_hackathon_sends_the_link_once_with_consent_only(django_capture_on_commit_callbacks, mailoutbox) -> None:
    hackathon = HackathonFactory(title="Hackathon « Accueil »")  # registration open
    without = ConversationFactory(kind="interest", about_kind="hackathon", about_id=hackathon.pk)
    route(without)
    assert mailoutbox == [] and not InterestNotice.objects.exists()

    asked = consenting(about_kind="hackathon", about_id=hackathon.pk, language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        assert "a reçu le lien pour proposer une question ou s’inscrire" in route(asked)
    assert [m.to for m in mailoutbox] == [[asked.email]]
    assert f"/nl/hackathons/{hackathon.slug}/" in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="route", object_id=str(asked.pk)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert "avait déjà reçu le lien" in route(asked)
    assert len(mailoutbox) == 1

    running = HackathonFactory(phase=Phase.RUNNING)
    late = consenting(about_kind="hackathon", about_id=running.pk)
    assert "ne reçoit ni questions ni inscriptions" in route(late)
    assert len(mailoutbox) == 1
    assert not AuditEntry.objects.filter(action="route", object_id=str(late.pk)).exists()
