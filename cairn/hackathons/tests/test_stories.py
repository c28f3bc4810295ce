"""Stories about a hackathon: its organisers link published stories; the hackathon's page
lists them and each story's page names the hackathon — never a draft hackathon to those who
may not see it. Linking is audited; a draft story or a forged id is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.core.audit import history_of
from cairn.hackathons.factories import HackathonFactory
from cairn.hackathons.models import Phase
from cairn.hackathons.services.stories import hackathon_story_link
from cairn.stories.factories import make_story

pytestmark = pytest.mark.django_db


def staff_client(client: Client, role: str = "coordination") -> Client:
    user = make_user(role)
    client.force_login(user)
    return client


def test_an_organiser_links_a_story_and_both_pages_show_the_link(client: Client) -> None:
    hackathon = HackathonFactory(phase=Phase.RESULTS, title="Hackathon <de l’accueil>")
    story = make_story(titles={"fr": "Ce que l’équipe 2 a changé"}, published=True)
    draft = make_story(titles={"fr": "Un brouillon"})
    organiser = make_user("coordination")
    client.force_login(organiser)
    page = client.get(f"/fr/hackathons/{hackathon.slug}/organisation/recits/").content.decode()
    assert "Ce que l’équipe 2 a changé" in page and "Un brouillon" not in page  # only published stories are offered

    response = client.post(f"/fr/hackathons/{hackathon.slug}/organisation/recits/", {"story": story.pk}, follow=True)
    assert "Le récit est lié au hackathon." in response.content.decode()
    assert list(hackathon.stories.all()) == [story]
    assert [e.action for e in history_of(hackathon)].count("hackathon_story_link") == 1

    # A draft story (forged into the form) or an unknown id: a message, nothing linked.
    for forged in (draft.pk, 999999, "abc"):
        response = client.post(f"/fr/hackathons/{hackathon.slug}/organisation/recits/", {"story": forged})
        assert response.status_code == 400  # form_page: the form again, with its errors
        assert "Sélectionnez un choix valide" in response.content.decode()
    assert list(hackathon.stories.all()) == [story]
    with pytest.raises(ValidationError, match="Seul un récit publié"):
        hackathon_story_link(actor=organiser, hackathon=hackathon, story=draft)

    client.logout()
    detail = client.get(f"/fr/hackathons/{hackathon.slug}/").content.decode()
    assert 'id="stories-title"' in detail and "Ce que l’équipe 2 a changé" in detail
    story_page = client.get(f"/fr/recits/{story.slug}/").content.decode()
    assert 'id="section-hackathons-title"' in story_page
    assert "Hackathon &lt;de l’accueil&gt;" in story_page and hackathon.get_absolute_url() in story_page

    client.force_login(organiser)
    response = client.post(f"/fr/hackathons/{hackathon.slug}/organisation/recits/{story.pk}/retirer/", follow=True)
    assert "Le récit n’est plus lié au hackathon." in response.content.decode()
    assert not hackathon.stories.exists()
    assert "hackathon_story_unlink" in [e.action for e in history_of(hackathon)]
    assert client.post(f"/fr/hackathons/{hackathon.slug}/organisation/recits/{story.pk}/retirer/").status_code == 404


def test_a_draft_hackathon_is_not_shown_on_its_story_s_page(client: Client) -> None:
    draft = HackathonFactory(phase=Phase.DRAFT, title="Hackathon secret")
    story = make_story(titles={"fr": "Un récit public"}, published=True)
    hackathon_story_link(actor=None, hackathon=draft, story=story)
    for role in (None, "member", "department_lead"):
        client.logout()
        if role:
            client.force_login(make_user(role))
        page = client.get(f"/fr/recits/{story.slug}/").content.decode()
        assert "Un récit public" in page and "Hackathon secret" not in page, role
    client.force_login(make_user("coordination"))
    assert "Hackathon secret" in client.get(f"/fr/recits/{story.slug}/").content.decode()


def test_only_the_organisers_unlink_a_story(client: Client) -> None:
    hackathon = HackathonFactory(phase=Phase.RESULTS)
    story = make_story(published=True)
    hackathon_story_link(actor=None, hackathon=hackathon, story=story)
    url = f"/fr/hackathons/{hackathon.slug}/organisation/recits/{story.pk}/retirer/"
    assert client.post(url).status_code == 302  # a visitor is sent to sign in
    for role, status in (("member", 403), ("department_lead", 403), ("facilitator", 403)):
        client.force_login(make_user(role))
        assert client.post(url).status_code == status, role
        assert client.post(f"/fr/hackathons/{hackathon.slug}/organisation/recits/", {"story": story.pk}).status_code == status
    assert list(hackathon.stories.all()) == [story]
