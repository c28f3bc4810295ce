"""A visitor's hackathon page is kept under the stamps of what it shows (``views/public.py``,
``hackathon_detail``): a registration, a new moment of the programme, an organiser who hides
their profile and a phase changed all show on the next request; members get their own page. Each
step fails when the stamp of what it changes is left out of the key."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from cairn.accounts.models import Visibility
from cairn.hackathons.models import Phase
from cairn.hackathons.services.hackathons import hackathon_set_phase, session_add
from cairn.hackathons.tests.helpers import new_hackathon, register_many
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db

#: A visitor's first request reads the stamps of the key — 1 the hackathons', 2 the
#: questions', 3–4 the teams' and answers', 5–11 who takes part, votes, scores, memberships,
#: the programme, the jury's criteria and jurors, 12–13 the agenda's, 14–15 the projects',
#: 16 the published stories', 17–18 the people's — then builds the page: 19 the hackathon,
#: 20–21 its organisers (who manages it, then their profiles), 22 the registrations'
#: counts, 23 the programme, 24 the questions, 25 their recommendations, 26 its stories.
VISITOR_QUERIES = 26


def test_a_visitor_gets_the_kept_hackathon_page_with_each_change_on_the_next_request(
    client: Client, django_assert_num_queries: Any
) -> None:
    hackathon = new_hackathon()
    organiser = hackathon.event.organisers.get()
    organiser.profile.display_name, organiser.profile.visibility = "Camille Organisatrice", Visibility.PUBLIC
    organiser.profile.save()
    url = f"/fr/hackathons/{hackathon.slug}/"
    with django_assert_num_queries(VISITOR_QUERIES):
        first = client.get(url)
    assert first.status_code == 200 and "Camille Organisatrice" in first.text and "0 inscrit·es sur 60 places" in first.text
    with django_assert_num_queries(0):
        assert main_content(client.get(url)) == main_content(first)

    register_many(hackathon, 2)
    assert "2 inscrit·es sur 60 places" in client.get(url).text

    start = hackathon.event.starts_at + dt.timedelta(hours=3)
    session_add(
        actor=organiser,
        hackathon=hackathon,
        kind="checkpoint",
        title="Point d’étape",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    assert "Point d’étape" in client.get(url).text

    organiser.profile.visibility = Visibility.MEMBERS
    organiser.profile.save()
    assert "Camille Organisatrice" not in client.get(url).text

    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.CALL)
    assert "L’appel à questions est ouvert" in client.get(url).text


def test_a_member_never_gets_the_visitors_copy(client: Client) -> None:
    hackathon = new_hackathon()
    [member] = register_many(hackathon, 1)
    url = f"/fr/hackathons/{hackathon.slug}/"
    assert "Vous êtes inscrit·e." not in client.get(url).text
    signed_in = Client()
    signed_in.force_login(member)
    assert "Vous êtes inscrit·e." in signed_in.get(url).text
    assert "Vous êtes inscrit·e." not in client.get(url).text
