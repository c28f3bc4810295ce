"""A member edits their own profile (accounts:profile): what is saved, what is refused,
and how what they wrote is shown back to others.
"""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.factories import InterestFactory, OfficeFactory, SectorFactory, SkillFactory, UserFactory
from cairn.accounts.models import Profile, User, Visibility
from cairn.accounts.tests.helpers import accounts_snapshot

pytestmark = pytest.mark.django_db

EDIT_URL = "/fr/profil/"
SCRIPT = "<script>alert('cairn')</script>"
INVISIBLE = "Ce texte contient un caractère invisible ou de contrôle ({code}) qui n’est pas accepté."
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#x27;cairn&#x27;)&lt;/script&gt;"


def form_data(profile: Profile, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "display_name": profile.display_name,
        "language": profile.language,
        "country": profile.country,
        "office": profile.office_id or "",
        "sector": profile.sector_id or "",
        "profession": profile.profession,
        "skills_text": ", ".join(profile.skills.values_list("name", flat=True)),
        "interests": list(profile.interests.values_list("pk", flat=True)),
        "bio": profile.bio,
        "visibility": profile.visibility,
    }
    data.update(changes)
    return data


@pytest.fixture
def member(client: Client) -> User:
    user = UserFactory(profile__display_name="Camille", profile__visibility=Visibility.PUBLIC)
    client.force_login(user)
    return user


def test_a_visitor_is_sent_to_the_login_page(client: Client) -> None:
    response = client.get(EDIT_URL)

    assert response.status_code == 302
    assert response["Location"] == f"/fr/compte/login/?next={EDIT_URL}"


def test_the_form_shows_the_current_profile(client: Client, member: User) -> None:
    member.profile.skills.set([SkillFactory(name="Python"), SkillFactory(name="Animation")])

    response = client.get(EDIT_URL)

    assert response.status_code == 200
    assert 'value="Camille"' in response.text
    assert 'value="Animation, Python"' in response.text


def test_a_member_saves_their_profile(client: Client, member: User) -> None:
    office, sector, interest = OfficeFactory(name="Namur"), SectorFactory(name_fr="Formation"), InterestFactory()
    SkillFactory(name="Pédagogie")

    response = client.post(
        EDIT_URL,
        form_data(
            member.profile,
            display_name="  Camille   Dubois ",
            country="BE",
            office=office.pk,
            sector=sector.pk,
            profession="Formatrice",
            skills_text="pédagogie, Facilitation, facilitation",
            interests=[interest.pk],
            bio="Ligne 1\nLigne 2",
            visibility=Visibility.MEMBERS,
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == EDIT_URL
    profile = Profile.objects.get(user=member)
    assert (profile.display_name, profile.country, profile.office, profile.sector, profile.profession) == (
        "Camille Dubois",
        "BE",
        office,
        sector,
        "Formatrice",
    )
    assert (profile.bio, profile.visibility) == ("Ligne 1\nLigne 2", Visibility.MEMBERS)
    assert sorted(profile.skills.values_list("name", flat=True)) == ["Facilitation", "Pédagogie"]
    assert list(profile.interests.all()) == [interest]
    assert "Votre profil est enregistré." in client.get(EDIT_URL).text


def test_choosing_another_language_continues_in_that_language(client: Client, member: User) -> None:
    response = client.post(EDIT_URL, form_data(member.profile, language="nl"))

    assert response.status_code == 302
    assert response["Location"] == "/nl/profil/"
    assert Profile.objects.get(user=member).language == "nl"


def test_html_is_stored_as_written_and_shown_escaped(client: Client, member: User) -> None:
    response = client.post(EDIT_URL, form_data(member.profile, display_name=SCRIPT, bio=f"Bonjour {SCRIPT}", profession=SCRIPT))
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert (profile.display_name, profile.bio, profile.profession) == (SCRIPT, f"Bonjour {SCRIPT}", SCRIPT)
    other = Client()

    for url in (f"/fr/membres/{profile.pk}/", "/fr/membres/"):
        html = other.get(url).text
        assert ESCAPED_SCRIPT in html
        assert SCRIPT not in html
        assert "<script>alert" not in html
    detail = other.get(f"/fr/membres/{profile.pk}/").text
    assert f"<title>{ESCAPED_SCRIPT} · Cairn" in detail
    assert f'<p class="bio">Bonjour {ESCAPED_SCRIPT}</p>' in detail


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"display_name": "Camille\u202egnp.exe"}, "display_name", INVISIBLE.format(code="U+202E")),
        ({"display_name": "Cam\u200bille"}, "display_name", INVISIBLE.format(code="U+200B")),
        ({"display_name": "Cam\u2066ille"}, "display_name", INVISIBLE.format(code="U+2066")),
        ({"bio": "Une présentation\u202e inversée"}, "bio", INVISIBLE.format(code="U+202E")),
        ({"profession": "Graphiste\u00ad"}, "profession", INVISIBLE.format(code="U+00AD")),
        ({"display_name": "x" * 81}, "display_name", "Assurez-vous que cette valeur comporte au plus 80 caractères (actuellement 81)."),
        ({"display_name": "   "}, "display_name", "Ce champ est obligatoire."),
        ({"bio": "x" * 1001}, "bio", "Assurez-vous que cette valeur comporte au plus 1000 caractères (actuellement 1001)."),
        ({"profession": "x" * 121}, "profession", "Assurez-vous que cette valeur comporte au plus 120 caractères (actuellement 121)."),
        ({"skills_text": "y" * 61}, "skills_text", f"« {'y' * 60}… » dépasse 60 caractères."),
        ({"skills_text": ", ".join(f"compétence {n}" for n in range(21))}, "skills_text", "Vingt compétences au plus."),
        ({"visibility": "everyone"}, "visibility", "Sélectionnez un choix valide. everyone n’en fait pas partie."),
        ({"language": "de"}, "language", "Sélectionnez un choix valide. de n’en fait pas partie."),
        ({"gender": "x"}, "gender", "Sélectionnez un choix valide. x n’en fait pas partie."),
        ({"office": "999999"}, "office", "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    client: Client, member: User, changes: dict[str, str], field: str, message: str
) -> None:
    before = accounts_snapshot()

    response = client.post(EDIT_URL, form_data(member.profile, **changes))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert message in response.text
    assert accounts_snapshot() == before


def test_an_edit_made_on_a_version_changed_since_is_refused(client: Client, member: User) -> None:
    version = client.get(EDIT_URL).context["form"]["version"].value()
    # Meanwhile the member saves from another tab.
    client.post(EDIT_URL, form_data(member.profile, display_name="Camille D.", version=version))

    stale = client.post(EDIT_URL, form_data(member.profile, display_name="Camille Dupont", version=version))

    assert stale.status_code == 200
    assert "Quelqu’un a modifié ces informations pendant que vous les éditiez." in stale.text
    assert Profile.objects.get(pk=member.profile.pk).display_name == "Camille D."
