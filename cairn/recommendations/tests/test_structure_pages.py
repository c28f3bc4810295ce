"""The staff pages that keep cycles, theme categories, themes and working groups
(gestion/registre/…) without the Django admin: each save goes through a service, audited;
bad input is a translated error on the form and nothing is stored."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from cairn.accounts.factories import OfficeFactory, UserFactory
from cairn.accounts.models import User
from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeCategoryFactory, ThemeFactory, WorkingGroupFactory
from cairn.recommendations.models import Cycle, GroupPerson, Recommendation, Theme, ThemeCategory, WorkingGroup
from cairn.recommendations.tests.test_registry_queries import STAFF_SIGNED_IN

pytestmark = pytest.mark.django_db

BASE = "/fr/gestion/registre/"


@pytest.fixture
def coordinator() -> User:
    return make_user("coordination")


@pytest.fixture
def staff(client: Client, coordinator: User) -> Client:
    client.force_login(coordinator)
    return client


def audit_actions(instance: object) -> list[str]:
    return list(AuditEntry.objects.filter(object_id=str(instance.pk)).order_by("pk").values_list("action", flat=True))  # type: ignore[attr-defined]


# --- cycles ------------------------------------------------------------------------------------


def test_a_cycle_is_created_with_its_code_and_identifier_made_from_its_name(staff: Client) -> None:
    response = staff.post(f"{BASE}cycles/nouveau/", {"name": "2024-2025", "country": "BE", "starts_on": "2024-06-01"})

    assert response.status_code == 302
    assert response["Location"] == BASE
    cycle = Cycle.objects.get()
    assert (cycle.name, cycle.code, cycle.slug, cycle.country, cycle.starts_on) == (
        "2024-2025", "2024-25", "2024-2025-be", "BE", datetime.date(2024, 6, 1),
    )  # fmt: skip
    assert audit_actions(cycle) == ["create"]
    overview = staff.get(BASE).text
    assert "2024-2025" in overview and "2024-25" in overview


def test_a_cycle_edit_keeps_its_code(staff: Client) -> None:
    cycle = CycleFactory(name="2019-2020", code="2019-20", slug="2019-2020", country="BE", starts_on=datetime.date(2019, 6, 1))

    response = staff.post(
        f"{BASE}cycles/{cycle.pk}/", {"name": "2019-2020", "country": "BE", "starts_on": "2019-09-01", "ends_on": "2020-06-30"}
    )

    cycle.refresh_from_db()
    assert response.status_code == 302
    assert (cycle.code, cycle.starts_on, cycle.ends_on) == ("2019-20", datetime.date(2019, 9, 1), datetime.date(2020, 6, 30))
    assert audit_actions(cycle) == ["update"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "2024-2025", "country": "BE", "starts_on": "2024-06-01", "ends_on": "2024-01-01"},
            "La fin du cycle ne peut pas précéder son début.",
        ),
        ({"name": "2019-2020", "country": "BE", "starts_on": "2019-06-01"}, "Un cycle de ce nom existe déjà dans ce pays."),
        ({"name": "2024-2025", "country": "XX", "starts_on": "2024-06-01"}, "Sélectionnez un choix valide."),
        ({"name": "2024-2025", "country": "BE", "starts_on": "3024-06-01"}, "Saisissez une date entre le"),
    ],
)
def test_a_bad_cycle_is_refused_with_a_translated_message_and_nothing_stored(staff: Client, data: dict, message: str) -> None:
    CycleFactory(name="2019-2020", code="2019-20", slug="2019-2020-be", country="BE")

    response = staff.post(f"{BASE}cycles/nouveau/", data)

    assert response.status_code == 400
    assert message in response.text
    assert Cycle.objects.count() == 1


# --- categories and themes --------------------------------------------------------------------


def test_a_category_is_created_in_three_languages(staff: Client) -> None:
    response = staff.post(f"{BASE}categories/nouvelle/", {"name_fr": "Vie coopérative", "name_nl": "Coöperatief leven", "position": 1})

    assert response.status_code == 302
    category = ThemeCategory.objects.get()
    assert (category.slug, category.name_fr, category.name_nl, category.name_en) == (
        "vie-cooperative",
        "Vie coopérative",
        "Coöperatief leven",
        "",
    )
    assert audit_actions(category) == ["create"]


def test_a_theme_is_created_in_its_cycle_prolonging_an_earlier_one(staff: Client) -> None:
    earlier = ThemeFactory(cycle=CycleFactory(starts_on=datetime.date(2019, 6, 1)), title="Accueil")
    cycle = CycleFactory(starts_on=datetime.date(2022, 6, 1))
    category = ThemeCategoryFactory()

    response = staff.post(
        f"{BASE}cycles/{cycle.pk}/thematiques/nouvelle/",
        {"title": "Accueil des nouveaux sociétaires", "category": category.pk, "voted_on": "2022-06-18", "prolongs": earlier.pk},
    )

    assert response.status_code == 302
    theme = Theme.objects.get(cycle=cycle)
    assert (theme.title, theme.code, theme.category, theme.voted_on, theme.prolongs) == (
        "Accueil des nouveaux sociétaires", "ACC", category, datetime.date(2022, 6, 18), earlier,
    )  # fmt: skip
    assert audit_actions(theme) == ["create"]


def test_a_theme_cannot_prolong_one_of_a_later_cycle_nor_take_a_title_twice(staff: Client) -> None:
    cycle = CycleFactory(starts_on=datetime.date(2019, 6, 1))
    ThemeFactory(cycle=cycle, title="Accueil")
    later = ThemeFactory(cycle=CycleFactory(starts_on=datetime.date(2022, 6, 1)))

    response = staff.post(f"{BASE}cycles/{cycle.pk}/thematiques/nouvelle/", {"title": "accueil", "prolongs": later.pk})

    assert response.status_code == 400
    assert "Ce cycle a déjà une thématique de ce titre." in response.text
    assert "Sélectionnez un choix valide" in response.text
    assert Theme.objects.filter(cycle=cycle).count() == 1


def test_renaming_a_theme_or_a_group_refreshes_what_search_uses(staff: Client) -> None:
    rec = RecommendationFactory(title="Un parrainage")
    group = WorkingGroupFactory(theme=rec.theme, name="Namur")
    rec.groups.add(group)

    staff.post(f"{BASE}thematiques/{rec.theme_id}/", {"title": "Trésorerie solidaire"})
    staff.post(f"{BASE}groupes/{group.pk}/", {"name": "Charleroi"})

    assert staff.get("/fr/recommandations/", {"q": "tresorerie"}).context["page_obj"].object_list[0] == rec
    rec.refresh_from_db()
    assert "tresorerie solidaire" in rec.search_text and "charleroi" in rec.search_text and "namur" not in rec.search_text


# --- working groups ----------------------------------------------------------------------------


def test_a_group_is_kept_with_its_cities_offices_languages_dates_and_people(staff: Client) -> None:
    theme = ThemeFactory()
    office = OfficeFactory(name="Bureau de Namur")

    staff.post(
        f"{BASE}thematiques/{theme.pk}/groupes/nouveau/",
        {
            "name": "Namur–Dinant", "cities": "Namur, Dinant", "offices": [office.pk], "languages": ["fr", "nl"],
            "meeting_dates": "2024-11-05\n2024-10-01", "facilitators": "Marie Dupont", "participants": "Jan Peeters\nSophie Lambert",
        },
    )  # fmt: skip

    group = WorkingGroup.objects.get()
    assert (group.name, group.cities, group.languages, group.meeting_dates) == (
        "Namur–Dinant", "Namur, Dinant", ["fr", "nl"], ["2024-10-01", "2024-11-05"],
    )  # fmt: skip
    assert list(group.offices.all()) == [office]
    people = sorted(GroupPerson.objects.filter(group=group).values_list("role", "name"))
    assert people == [("facilitator", "Marie Dupont"), ("participant", "Jan Peeters"), ("participant", "Sophie Lambert")]

    # Edited: a name removed, one added; a member with an account, still chosen, stays.
    member = make_user("member")
    GroupPerson.objects.create(group=group, role="participant", user=member)
    page = staff.get(f"{BASE}groupes/{group.pk}/").text
    assert "Jan Peeters\nSophie Lambert" in page
    staff.post(
        f"{BASE}groupes/{group.pk}/",
        {
            "name": "Namur–Dinant", "languages": ["fr"], "facilitators": "Marie Dupont", "participants": "Sophie Lambert\nTom De Smet",
            "participant_members": [member.pk],
        },
    )  # fmt: skip
    people = sorted(GroupPerson.objects.filter(group=group).values_list("role", "name", "user"))
    assert people == [
        ("facilitator", "Marie Dupont", None), ("participant", "", member.pk),
        ("participant", "Sophie Lambert", None), ("participant", "Tom De Smet", None),
    ]  # fmt: skip
    assert audit_actions(group) == ["create", "people_added", "update", "people_removed", "people_added"]


def test_staff_add_members_by_their_account_as_well_as_plain_names_and_remove_them(staff: Client) -> None:
    theme = ThemeFactory()
    facilitator, participant = make_user("facilitator"), make_user("member")
    outsider = UserFactory(member=False)  # an account that is no member: the pickers do not offer it

    created = staff.post(
        f"{BASE}thematiques/{theme.pk}/groupes/nouveau/",
        {"name": "Gand", "facilitator_members": [facilitator.pk], "participant_members": [participant.pk], "participants": "Jan Peeters"},
    )

    assert created.status_code == 302
    group = WorkingGroup.objects.get()
    assert list(GroupPerson.objects.filter(group=group).order_by("role", "name").values_list("role", "user", "name")) == [
        ("facilitator", facilitator.pk, ""), ("participant", participant.pk, ""), ("participant", None, "Jan Peeters"),
    ]  # fmt: skip
    edit_page = staff.get(f"{BASE}groupes/{group.pk}/")
    assert edit_page.context["form"].initial["participant_members"] == [participant.pk]

    refused = staff.post(f"{BASE}groupes/{group.pk}/", {"name": "Gand", "participant_members": [outsider.pk]})

    assert refused.status_code == 400
    assert "Sélectionnez un choix valide." in refused.text
    assert GroupPerson.objects.filter(group=group).count() == 3

    staff.post(f"{BASE}groupes/{group.pk}/", {"name": "Gand", "facilitator_members": [facilitator.pk], "participants": "Jan Peeters"})

    assert list(GroupPerson.objects.filter(group=group).order_by("role", "name").values_list("role", "user", "name")) == [
        ("facilitator", facilitator.pk, ""), ("participant", None, "Jan Peeters"),
    ]  # fmt: skip


def test_a_bad_meeting_date_is_refused_and_nothing_stored(staff: Client) -> None:
    theme = ThemeFactory()

    response = staff.post(f"{BASE}thematiques/{theme.pk}/groupes/nouveau/", {"name": "Liège", "meeting_dates": "5 novembre"})

    assert response.status_code == 400
    assert "Date illisible « 5 novembre » : écrivez-la AAAA-MM-JJ." in response.text
    assert WorkingGroup.objects.count() == 0


def test_the_pages_speak_dutch_and_english(staff: Client) -> None:
    assert "<h1>Cycli, thema's en groepen</h1>" in staff.get("/nl/gestion/registre/").text
    assert "<h1>Cycles, themes and groups</h1>" in staff.get("/en/gestion/registre/").text
    assert "<h1>Nieuwe cyclus</h1>" in staff.get("/nl/gestion/registre/cycles/nouveau/").text


# --- queries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_overview_answers_in_constant_queries(staff: Client, django_assert_num_queries, count: int) -> None:
    for _n in range(count):
        theme = ThemeFactory()
        WorkingGroupFactory(theme=theme)
        RecommendationFactory(theme=theme)
    ThemeCategoryFactory.create_batch(count)

    # Signed-in staff, then: 1 cycles, 2 their themes with category and count, 3 groups, 4 categories.
    with django_assert_num_queries(STAFF_SIGNED_IN + 4):
        response = staff.get(BASE)

    assert response.status_code == 200
    assert len(response.context["overview"].cycles) == Cycle.objects.count()
    assert Recommendation.objects.count() == count
