"""A role written beside a person's name agrees with them (cairn/accounts/roles.py): the
form a member chose on their profile (« animatrice », « animateur »), the neutral one
(« animateur·rice ») when they chose none or when the viewer may not see their profile."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from cairn.accounts.factories import OfficeFactory
from cairn.accounts.models import Gender, Profile, Visibility
from cairn.accounts.roles import ACCOUNT_ROLE_LABELS, RoleLabel
from cairn.accounts.selectors import person_shown
from cairn.accounts.services import member_anonymise, member_export_data
from cairn.accounts.tests.helpers import make_user

pytestmark = pytest.mark.django_db

SEARCH = "/{language}/personnes/chercher/?field=organisers&roles=facilitator,coordination&type=checkbox&organisers__q={q}"


@pytest.mark.parametrize(
    ("language", "gender", "expected"),
    [
        ("fr", Gender.FEMININE, "Coordinatrice"),
        ("fr", Gender.MASCULINE, "Coordinateur"),
        ("fr", "", "Coordinateur·rice"),
        ("nl", Gender.FEMININE, "Coördinatrice"),
        ("nl", Gender.MASCULINE, "Coördinator"),
        ("en", Gender.FEMININE, "Coordinator"),
    ],
)
def test_a_label_takes_the_form_of_the_gender_in_each_language(language: str, gender: str, expected: str) -> None:
    with translation.override(language):
        assert ACCOUNT_ROLE_LABELS["coordination"].for_gender(gender) == expected


def test_every_role_has_its_three_forms_and_only_gendered_words_differ() -> None:
    for label in ACCOUNT_ROLE_LABELS.values():
        assert isinstance(label, RoleLabel)
        forms = {str(label.neutral), str(label.feminine), str(label.masculine)}
        assert len(forms) in (1, 3), forms  # « Sociétaire » for all, or three forms


def test_the_picker_writes_each_person_s_role_as_they_chose(client: Client) -> None:
    gent = OfficeFactory(name="Gand")
    make_user("facilitator", profile__display_name="Lore Janssens", profile__office=gent, profile__gender=Gender.FEMININE)
    make_user("facilitator", profile__display_name="Lore Peeters", profile__office=gent, profile__gender=Gender.MASCULINE)
    make_user("facilitator", profile__display_name="Lore Maes", profile__office=gent)
    client.force_login(make_user("coordination"))

    html = client.get(SEARCH.format(language="fr", q="lore")).text
    assert '<strong>Lore Janssens</strong> · Gand · <span class="muted">Animatrice</span>' in html
    assert '<strong>Lore Peeters</strong> · Gand · <span class="muted">Animateur</span>' in html
    assert '<strong>Lore Maes</strong> · Gand · <span class="muted">Animateur·rice</span>' in html
    dutch = client.get(SEARCH.format(language="nl", q="lore")).text
    assert '<span class="muted">Begeleidster</span>' in dutch
    assert '<span class="muted">Begeleider</span>' in dutch


def test_the_form_is_known_only_with_the_name() -> None:
    private = make_user("facilitator", profile__visibility=Visibility.PRIVATE, profile__gender=Gender.FEMININE)
    member = make_user("member")

    assert person_shown(private, make_user("coordination")).gender == Gender.FEMININE
    hidden = person_shown(private, member)
    assert hidden.hidden and hidden.gender == ""
    assert ACCOUNT_ROLE_LABELS["facilitator"].for_person(hidden) == "Animateur·rice"


def test_a_member_chooses_the_form_on_their_profile_and_it_leaves_with_their_data(client: Client) -> None:
    user = make_user("member", profile__display_name="Camille", profile__visibility=Visibility.PUBLIC)
    client.force_login(user)
    page = client.get("/fr/profil/").text
    assert "Forme neutre : animateur·rice" in page and "Au féminin : animatrice, coordinatrice" in page
    data = {"display_name": "Camille", "language": "fr", "visibility": Visibility.PUBLIC, "gender": Gender.FEMININE}

    assert client.post("/fr/profil/", data).status_code == 302
    assert Profile.objects.get(user=user).gender == Gender.FEMININE

    assert member_export_data(user=user)["profile"]["gender"] == Gender.FEMININE
    member_anonymise(user=user)
    assert Profile.objects.get(user=user).gender == ""
