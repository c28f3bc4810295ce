"""Every saved answer keeps a version (who, when, what); the team and the organisers read
the history on the team page, no one else does; a refused save keeps no version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.services import member_anonymise
from cairn.core.stamps import cache
from cairn.hackathons.models import AnswerVersion, Phase, Team
from cairn.hackathons.selectors import personal_data
from cairn.hackathons.services.answers import answer_save
from cairn.hackathons.services.hackathons import hackathon_set_phase
from cairn.hackathons.tests.test_pages import queries, with_teams

pytestmark = pytest.mark.django_db


def running(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.RUNNING)
    team = Team.objects.filter(hackathon=hackathon).first()
    members = [m.participant.user for m in team.memberships.all()]
    return hackathon, organiser, team, members


def test_each_save_is_a_version_the_team_and_organisers_read(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser, team, members = running(django_capture_on_commit_callbacks)
    first = answer_save(actor=members[0], team=team, summary="Premier <jet>", answer="Un guichet.", plan="1. Tester.")
    answer_save(actor=members[1], team=team, expected_updated_at=first.updated_at, summary="Second jet", answer="Deux guichets.", plan="2.")
    versions = list(AnswerVersion.objects.order_by("number"))
    assert [(v.number, v.summary, v.text, v.author) for v in versions] == [
        (1, "Premier <jet>", "Un guichet.", members[0]),
        (2, "Second jet", "Deux guichets.", members[1]),
    ]
    url = f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/"
    for reader in (members[2], organiser):
        client.force_login(reader)
        page = client.get(url).content.decode()
        assert "Versions de la réponse" in page and "Premier &lt;jet&gt;" in page and "Version 2" in page
    client.force_login(UserFactory())
    page = client.get(url).content.decode()
    assert "Versions de la réponse" not in page and "Premier" not in page


def test_a_refused_save_keeps_no_version(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, _organiser, team, members = running(django_capture_on_commit_callbacks)
    first = answer_save(actor=members[0], team=team, summary="x", answer="y", plan="z")
    with pytest.raises(ValidationError):  # stale: saved from the form before the first save
        answer_save(
            actor=members[1], team=team, expected_updated_at=first.updated_at - dt.timedelta(seconds=5), summary="a", answer="b", plan="c"
        )
    type(hackathon).objects.filter(pk=hackathon.pk).update(answers_due_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="close"):
        answer_save(actor=members[0], team=team, summary="late", answer="y", plan="z")
    assert list(AnswerVersion.objects.values_list("number", "summary")) == [(1, "x")]


def test_the_team_page_runs_the_same_queries_with_more_versions(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser, team, members = running(django_capture_on_commit_callbacks)
    client.force_login(organiser)
    counts = []
    answer = None
    for saves in (1, 4):
        for n in range(saves):
            answer = answer_save(
                actor=members[n % len(members)],
                team=team,
                expected_updated_at=answer.updated_at if answer else None,
                summary=f"v{n}",
                answer="y",
                plan="z",
            )
        cache.clear()  # the page built afresh each time (it is kept under the team's stamps)
        counts.append(queries(client, f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/"))
    assert counts[0] == counts[1], counts


def test_an_author_s_versions_are_exported_and_kept_without_their_name(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _hackathon, _organiser, team, members = running(django_capture_on_commit_callbacks)
    answer_save(actor=members[0], team=team, summary="x", answer="y", plan="z")
    version = AnswerVersion.objects.get()
    assert [v["id"] for v in personal_data(user=members[0])["answer_versions"]] == [version.pk]
    member_anonymise(user=members[0])
    version.refresh_from_db()
    assert version.author is None and version.summary == "x"
