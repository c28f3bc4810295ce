"""Telling the people who consented, once, when something opens on their topic
(``services.interest.interested_notify``, for the apps that open calls and hackathons)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from cairn.inbox.factories import ConversationFactory
from cairn.inbox.models import State
from cairn.inbox.services.interest import interested_notify
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def consenting(**kwargs: object):
    until = timezone.localdate() + datetime.timedelta(days=30)
    return ConversationFactory(kind="interest", consent_contact=True, consent_contact_until=until, **kwargs)


def test_the_people_who_consented_are_told_once_in_their_language(django_capture_on_commit_callbacks) -> None:
    recommendation, other = RecommendationFactory(), RecommendationFactory()
    dutch = consenting(about_kind="recommendation", about_id=recommendation.pk, language="nl")
    twice = consenting(about_kind="recommendation", about_id=recommendation.pk)
    consenting(about_kind="recommendation", about_id=recommendation.pk, person=twice.person, email=twice.email)  # a second message
    ConversationFactory(kind="interest", about_kind="recommendation", about_id=recommendation.pk)  # no consent
    expired = consenting(about_kind="recommendation", about_id=recommendation.pk)
    expired.consent_contact_until = timezone.localdate() - datetime.timedelta(days=1)
    expired.save(update_fields=["consent_contact_until"])
    consenting(about_kind="recommendation", about_id=recommendation.pk, state=State.SPAM)
    consenting(about_kind="recommendation", about_id=other.pk)  # another topic

    about = [("recommendation", recommendation.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        told = interested_notify(about=about, key="hackathon:7", title="Hackathon « Crèches »", url="/fr/hackathons/7/")
    assert told == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([dutch.email, twice.email])
    to_dutch = next(m for m in mail.outbox if m.to == [dutch.email])
    assert (
        "Hackathon « Crèches »" in to_dutch.subject and "http://127.0.0.1:8000/nl/hackathons/7/" in to_dutch.body
    )  # the page in the reader's language
    assert to_dutch.subject.startswith("Het is open") and to_dutch.extra_headers["Auto-Submitted"] == "auto-generated"

    # The same opening again tells nobody; another opening tells them again.
    with django_capture_on_commit_callbacks(execute=True):
        assert interested_notify(about=about, key="hackathon:7", title="Hackathon « Crèches »", url="/fr/hackathons/7/") == 0
        assert interested_notify(about=about, key="call:3", title="Appel", url="https://example.org/appel") == 2
    assert len(mail.outbox) == 4
