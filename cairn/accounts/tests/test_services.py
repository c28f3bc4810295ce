"""The write functions of the accounts app, called directly as views and commands do."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from cairn.accounts import services
from cairn.accounts.factories import (
    DepartmentFactory,
    InterestFactory,
    LogEntryFactory,
    OfficeFactory,
    SectorFactory,
    SkillFactory,
    UserFactory,
)
from cairn.accounts.models import Gender, MemberImport, Profile, Role, Skill, User, Visibility
from cairn.accounts.tests.helpers import PERSONAL_DATA_SECTIONS, activate_totp
from cairn.core.audit import history_of, record_change

pytestmark = pytest.mark.django_db


def _profile_data(profile: Profile, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "display_name": profile.display_name,
        "language": profile.language,
        "country": profile.country,
        "office": profile.office,
        "sector": profile.sector,
        "profession": profile.profession,
        "bio": profile.bio,
        "visibility": profile.visibility,
        "gender": profile.gender,
    }
    data.update(changes)
    return data


# --- member_register ------------------------------------------------------------------


def test_member_register_gives_a_profile_and_no_role() -> None:
    user = User.objects.create_user("nouvelle@example.org", "un mot de passe solide")

    profile = services.member_register(user=user, display_name="  Léa Martin ", language="nl")

    assert profile.user == user
    assert profile.display_name == "Léa Martin"
    assert profile.language == "nl"
    assert profile.visibility == Visibility.MEMBERS
    # Signing up does not make a member: the member import does, from the register.
    assert list(user.groups.values_list("name", flat=True)) == []


# --- profile_update -------------------------------------------------------------------


def test_profile_update_saves_the_edited_fields() -> None:
    user = UserFactory()
    office, sector = OfficeFactory(name="Liège"), SectorFactory(slug="musique", name_fr="Musique")
    interest = InterestFactory()

    services.profile_update(
        profile=user.profile,
        data=_profile_data(
            user.profile,
            display_name="Camille",
            language="en",
            country="FR",
            office=office,
            sector=sector,
            profession="Régisseuse",
            bio="Bonjour",
            visibility=Visibility.PUBLIC,
            gender=Gender.FEMININE,
        ),
        skill_names=["Comptabilité"],
        interests=[interest],
    )

    profile = Profile.objects.get(pk=user.profile.pk)
    assert (profile.display_name, profile.language, profile.country, profile.office, profile.sector) == (
        "Camille",
        "en",
        "FR",
        office,
        sector,
    )
    assert (profile.profession, profile.bio, profile.visibility, profile.gender) == ("Régisseuse", "Bonjour", Visibility.PUBLIC, "f")
    assert list(profile.skills.values_list("name", flat=True)) == ["Comptabilité"]
    assert list(profile.interests.all()) == [interest]


def test_profile_update_reuses_skills_ignoring_case_and_creates_new_ones() -> None:
    existing = SkillFactory(name="Comptabilité")
    user = UserFactory()

    services.profile_update(
        profile=user.profile,
        data=_profile_data(user.profile),
        skill_names=["comptabilité", "COMPTABILITÉ", "  Mise   en scène ", "mise en scène", ""],
        interests=[],
    )

    assert Skill.objects.count() == 2
    assert Skill.objects.get(pk=existing.pk).name == "Comptabilité"
    assert sorted(user.profile.skills.values_list("name", flat=True)) == ["Comptabilité", "Mise en scène"]


def test_profile_update_replaces_skills_and_interests() -> None:
    user = UserFactory()
    old_interest, new_interest = InterestFactory(), InterestFactory()
    services.profile_update(profile=user.profile, data=_profile_data(user.profile), skill_names=["Python"], interests=[old_interest])

    services.profile_update(profile=user.profile, data=_profile_data(user.profile), skill_names=["Django"], interests=[new_interest])

    assert list(user.profile.skills.values_list("name", flat=True)) == ["Django"]
    assert list(user.profile.interests.all()) == [new_interest]
    # The old skill stays in the vocabulary: other members may use it.
    assert sorted(Skill.objects.values_list("name", flat=True)) == ["Django", "Python"]


# --- user_set_language and user_set_roles ---------------------------------------------


def test_user_set_language_stores_a_known_language() -> None:
    user = UserFactory()

    services.user_set_language(user=user, language="nl")

    assert Profile.objects.get(user=user).language == "nl"


def test_user_set_language_ignores_an_unknown_language() -> None:
    user = UserFactory(profile__language="nl")
    before = Profile.objects.values().get(user=user)

    services.user_set_language(user=user, language="de")

    assert Profile.objects.values().get(user=user) == before


def test_user_set_roles_replaces_roles_and_keeps_member() -> None:
    user = UserFactory(roles=[Role.FACILITATOR])
    assert user.role_names == {Role.MEMBER, Role.FACILITATOR}

    services.user_set_roles(user=user, roles=[Role.COORDINATION, Role.DEPARTMENT_LEAD])

    # The cached role names are forgotten, so the same object sees the change.
    assert user.role_names == {Role.MEMBER, Role.COORDINATION, Role.DEPARTMENT_LEAD}
    assert set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True)) == {
        Role.MEMBER,
        Role.COORDINATION,
        Role.DEPARTMENT_LEAD,
    }

    services.user_set_roles(user=user, roles=[])

    assert user.role_names == {Role.MEMBER}


def test_user_set_roles_never_makes_a_member() -> None:
    user = UserFactory(member=False)

    services.user_set_roles(user=user, roles=[Role.FACILITATOR])

    # A staff role, and still not a member: only the register (member_import) makes one.
    assert set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True)) == {Role.FACILITATOR}
    with pytest.raises(ValueError, match="The member role comes from the register"):
        services.user_set_roles(user=user, roles=[Role.MEMBER])
    assert set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True)) == {Role.FACILITATOR}


# --- member_export_data ---------------------------------------------------------------


def test_member_export_data_holds_every_section_and_no_secret() -> None:
    department = DepartmentFactory(name_fr="Direction financière")
    user = UserFactory(
        email="export@example.org",
        roles=[Role.DEPARTMENT_LEAD],
        profile__display_name="Ada",
        profile__bio="Une présentation",
        profile__office=OfficeFactory(name="Gent"),
        profile__sector=SectorFactory(slug="numerique", name_fr="Numérique"),
        profile__department=department,
        profile__profession="Développeuse",
        profile__visibility=Visibility.PUBLIC,
    )
    user.profile.skills.set([SkillFactory(name="Python"), SkillFactory(name="Ateliers")])
    user.profile.interests.set([InterestFactory(name_fr="Économie")])
    totp = activate_totp(user)

    imported = MemberImport.objects.create(created_by=user, created_count=2, updated_count=1, unchanged_count=0)
    change = record_change(actor=user, instance=department, action="update", before={"code": "a"}, after={"code": "b"})
    office = user.profile.office
    logged = LogEntryFactory(user=user, object_id=str(office.pk), object_repr="Gent", change_message="[]")

    data = services.member_export_data(user=user)

    # Accounts' own parts, then each app holding personal data adds its section.
    assert set(data) == {"format", "exported_at", "account", "profile", "audit"} | PERSONAL_DATA_SECTIONS
    assert data["stories"] == {"written": [], "images": []}
    assert data["format"] == "cairn-personal-data/2"
    address = EmailAddress.objects.get(user=user)
    assert data["account"] == {
        "id": user.pk,
        "email": "export@example.org",
        "date_joined": user.date_joined.isoformat(),
        "last_login": None,
        "invited_at": None,
        "roles": ["department_lead", "member"],
        "api_tokens": [],
        "email_addresses": [{"id": address.pk, "email": "export@example.org", "verified": True, "primary": True}],
        "two_factor_methods": [{"id": totp.pk, "type": "totp", "created_at": totp.created_at.isoformat(), "last_used_at": None}],
        "member_imports": [{"id": imported.pk, "at": imported.created_at.isoformat(), "created": 2, "updated": 1, "unchanged": 0}],
    }
    # What they changed: the audit trail, and the Django admin's log.
    assert data["audit"] == {
        "changes": [
            {
                "id": change.pk,
                "action": "update",
                "object": f"accounts.department:{department.pk}",
                "changes": {"code": {"before": "a", "after": "b"}},
                "at": change.created_at.isoformat(),
            }
        ],
        "admin": [
            {
                "id": logged.pk,
                "action": "change",
                "object": f"accounts.office:{office.pk}",
                "label": "Gent",
                "message": "Aucun champ modifié.",
                "at": logged.action_time.isoformat(),
            }
        ],
    }
    profile = Profile.objects.get(user=user)
    assert data["profile"] == {
        "id": profile.pk,
        "display_name": "Ada",
        "language": "fr",
        "country": "BE",
        "office": "Gent",
        "sector": "Numérique",
        "profession": "Développeuse",
        "department": "Direction financière",
        "skills": ["Ateliers", "Python"],
        "interests": ["Économie"],
        "bio": "Une présentation",
        "visibility": "public",
        "gender": "",
        "created_at": profile.created_at.isoformat(),
        "updated_at": profile.updated_at.isoformat(),
    }
    text = json.dumps(data)
    assert user.password not in text
    assert totp.data["secret"] not in text
    assert "secret" not in text
    assert "password" not in text


# --- member_anonymise -----------------------------------------------------------------


def test_member_anonymise_erases_the_person_and_keeps_the_row() -> None:
    other = UserFactory()
    user = UserFactory(
        roles=[Role.COORDINATION],
        is_staff=True,
        profile__bio="Ma vie",
        profile__profession="Graphiste",
        profile__office=OfficeFactory(),
        profile__sector=SectorFactory(),
        profile__department=DepartmentFactory(),
        profile__visibility=Visibility.PUBLIC,
    )
    user.profile.skills.set([SkillFactory(name="Dessin")])
    user.profile.interests.set([InterestFactory()])
    activate_totp(user)
    EmailAddress.objects.create(user=user, email="seconde@example.org", verified=False, primary=False)
    pk = user.pk

    services.member_anonymise(user=user)

    user = User.objects.get(pk=pk)  # the row is still there: contributions keep their foreign key
    assert user.email == f"anonymised-{pk}@invalid.example"
    assert not user.has_usable_password()
    assert (user.is_active, user.is_staff, user.is_superuser) == (False, False, False)
    assert user.anonymised_at is not None
    assert list(user.groups.all()) == []
    assert EmailAddress.objects.filter(user=user).count() == 0
    assert Authenticator.objects.filter(user=user).count() == 0
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.bio, profile.profession, profile.country) == ("", "", "", "")
    assert (profile.office, profile.sector, profile.department) == (None, None, None)
    assert profile.visibility == Visibility.PRIVATE
    assert list(profile.skills.all()) == []
    assert list(profile.interests.all()) == []
    assert str(profile) == "Ancien·ne sociétaire"
    # Nobody else is touched.
    assert EmailAddress.objects.filter(user=other, verified=True).count() == 1
    assert Group.objects.get(name=Role.MEMBER).user_set.filter(pk=other.pk).exists()


def test_member_anonymise_removes_the_skills_nobody_else_has_and_is_audited_without_what_it_erased() -> None:
    user, colleague = UserFactory(email="eva@example.org"), UserFactory()
    shared, own = SkillFactory(name="Python"), SkillFactory(name="Calligraphie japonaise")
    SkillFactory(name="Jardinage")
    user.profile.skills.set([shared, own])
    colleague.profile.skills.set([shared])

    services.member_anonymise(user=user)

    # The tag only this member typed goes; one another member has stays, and so does one
    # nobody has that the member did not have (the vocabulary is not tidied up here).
    assert sorted(Skill.objects.values_list("name", flat=True)) == ["Jardinage", "Python"]
    assert list(colleague.profile.skills.all()) == [shared]
    entry = history_of(user).get()
    assert (entry.actor_id, entry.action, list(entry.changes)) == (user.pk, "anonymise", ["anonymised_at"])
    assert "eva@example.org" not in json.dumps(entry.changes)


def test_member_anonymise_frees_the_email_for_a_new_account() -> None:
    user = UserFactory(email="depart@example.org")

    services.member_anonymise(user=user)
    new = User.objects.create_user("depart@example.org", "un autre mot de passe")

    assert new.pk != user.pk
    assert User.objects.filter(email="depart@example.org").count() == 1
