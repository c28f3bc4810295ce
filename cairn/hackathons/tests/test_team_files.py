"""A team's private files: the team and the organisers add and download them, through the
checked view, as attachments that no cache keeps; anyone else gets a 404; a refused file
is answered with a translated message and nothing is stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.services import member_anonymise
from cairn.hackathons.models import Team, TeamFile
from cairn.hackathons.selectors import personal_data
from cairn.hackathons.tests.test_pages import with_teams

pytestmark = pytest.mark.django_db


def test_the_team_and_the_organisers_share_files_no_one_else_sees(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    team = Team.objects.filter(hackathon=hackathon).first()
    member = team.memberships.first().participant.user
    url = f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/"
    client.force_login(member)
    response = client.post(url + "fichiers/", {"file": SimpleUploadedFile("plan <b>.pdf", b"%PDF-1.4 plan")}, follow=True)
    assert "est ajouté" in response.content.decode()
    team_file = TeamFile.objects.get()
    assert team_file.name == "plan_b.pdf" and team_file.uploaded_by == member
    assert f"fichiers/{team_file.pk}/" in client.get(url).content.decode()

    download = client.get(url + f"fichiers/{team_file.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="plan_b.pdf"'
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == b"%PDF-1.4 plan"  # type: ignore[attr-defined]

    client.force_login(organiser)
    assert client.get(url + f"fichiers/{team_file.pk}/").status_code == 200

    other_team = Team.objects.filter(hackathon=hackathon).exclude(pk=team.pk).first()
    assert client.get(f"/fr/hackathons/{hackathon.slug}/equipes/{other_team.pk}/fichiers/{team_file.pk}/").status_code == 404

    client.force_login(UserFactory())
    assert client.get(url + f"fichiers/{team_file.pk}/").status_code == 404
    assert client.post(url + "fichiers/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}).status_code == 404
    assert "plan_b.pdf" not in client.get(url).content.decode()
    client.logout()
    assert client.get(url + f"fichiers/{team_file.pk}/").status_code == 404
    assert TeamFile.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.html", b"<script>", "n’est pas accepté"),
        ("faux.pdf", b"MZ\x90\x00", "ne correspond pas"),
    ],
)
def test_a_refused_file_is_explained_and_not_stored(
    client: Client, django_capture_on_commit_callbacks, name: str, content: bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    hackathon, _organiser = with_teams(6, django_capture_on_commit_callbacks)
    team = Team.objects.filter(hackathon=hackathon).first()
    client.force_login(team.memberships.first().participant.user)
    url = f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/"
    response = client.post(url + "fichiers/", {"file": SimpleUploadedFile(name, content)}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TeamFile.objects.exists()


def test_the_uploader_s_files_are_in_their_export_and_stay_the_team_s_after_erasure(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from cairn.hackathons.services.teams import team_file_add

    hackathon, _organiser = with_teams(6, django_capture_on_commit_callbacks)
    team = Team.objects.filter(hackathon=hackathon).first()
    member = team.memberships.first().participant.user
    team_file_add(actor=member, team=team, upload=SimpleUploadedFile("notes.pdf", b"%PDF-1.4"))
    assert [f["name"] for f in personal_data(user=member)["team_files"]] == ["notes.pdf"]
    member_anonymise(user=member)
    assert TeamFile.objects.get().uploaded_by is None
