"""The registry's structure — cycles, broad themes, themes, working groups and their people —
written through ``services.structure``: validated, audited, and used alike by the Django
admin, the registry import and the demo seed."""

from __future__ import annotations

import datetime
import random

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.test import Client

from cairn.accounts.factories import OfficeFactory, UserFactory
from cairn.accounts.services import member_anonymise
from cairn.accounts.tests.helpers import make_user
from cairn.core.audit import history_of
from cairn.core.models import AuditEntry
from cairn.core.tests.browser_forms import submitted
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeCategoryFactory, ThemeFactory, WorkingGroupFactory
from cairn.recommendations.models import Cycle, GroupPerson, GroupRole, Recommendation, Theme, ThemeCategory, WorkingGroup
from cairn.recommendations.services import structure
from cairn.recommendations.services.recommendations import recommendation_search_text

pytestmark = pytest.mark.django_db


def search_text_of(recommendation: Recommendation) -> str:
    return Recommendation.objects.get(pk=recommendation.pk).search_text


def expected_search_text(recommendation: Recommendation) -> str:
    fresh = Recommendation.objects.select_related("theme").get(pk=recommendation.pk)
    return recommendation_search_text(fresh, sorted(g.name for g in fresh.groups.all()))


# --- cycles, categories, themes -------------------------------------------------------------


def test_a_new_cycle_is_validated_stored_and_audited_with_the_values_it_was_given() -> None:
    coordinator = make_user("coordination")

    cycle = structure.cycle_create(
        actor=coordinator, name="2021-2022", slug="2021-2022-be", code="2021-22", country="BE", starts_on=datetime.date(2021, 6, 1)
    )

    assert Cycle.objects.get(pk=cycle.pk).code == "2021-22"
    entry = history_of(cycle).get()
    assert (entry.action, entry.actor) == ("create", coordinator)
    # Fields left at their default (no end, no description, public) are not recorded.
    assert entry.changes == {
        "name": {"before": None, "after": "2021-2022"},
        "slug": {"before": None, "after": "2021-2022-be"},
        "code": {"before": None, "after": "2021-22"},
        "country": {"before": None, "after": "BE"},
        "starts_on": {"before": None, "after": "2021-06-01"},
    }


def test_an_invalid_cycle_is_refused_and_writes_nothing() -> None:
    CycleFactory(slug="2021-2022-be", code="2021-22")
    before = (Cycle.objects.count(), AuditEntry.objects.count())

    with pytest.raises(ValidationError) as refused:
        structure.cycle_create(
            actor=None, name="2021-2022", slug="2021-2022-be", code="2021-22", country="XX", starts_on=datetime.date(2021, 6, 1)
        )

    assert set(refused.value.message_dict) == {"slug", "code", "country"}
    assert (Cycle.objects.count(), AuditEntry.objects.count()) == before
    with pytest.raises(ValueError, match="Not editable"):
        structure.cycle_create(
            actor=None, name="2022", slug="2022-be", code="2022", country="BE", starts_on=datetime.date(2022, 6, 1), colour="red"
        )


def test_an_update_records_before_and_after_of_what_changed_only_and_nothing_when_nothing_did() -> None:
    cycle = CycleFactory(description="Avant")

    structure.cycle_update(actor=None, cycle=cycle, description="Après", name=cycle.name)
    structure.cycle_update(actor=None, cycle=cycle, description="Après")

    entry = history_of(cycle).get()
    assert (entry.action, entry.changes) == ("update", {"description": {"before": "Avant", "after": "Après"}})
    assert Cycle.objects.get(pk=cycle.pk).description == "Après"


def test_a_category_and_a_theme_are_created_updated_and_deleted_through_the_services() -> None:
    cycle = CycleFactory()
    category = structure.theme_category_create(actor=None, slug="vie-cooperative", name_fr="Vie coopérative", name_nl="Coöperatief leven")
    theme = structure.theme_create(actor=None, cycle=cycle, title="Accueil", code="ACC", category=category)
    category_id = category.pk

    structure.theme_category_update(actor=None, category=category, position=3)
    structure.theme_update(actor=None, theme=theme, introduction="Pourquoi ce thème.")
    structure.theme_category_delete(actor=None, category=category)

    theme.refresh_from_db()
    assert (theme.category, theme.introduction) == (None, "Pourquoi ce thème.")
    assert not ThemeCategory.objects.exists()
    assert [e.action for e in history_of(theme)] == ["update", "create"]
    assert history_of(theme).last().changes == {  # type: ignore[union-attr]
        "category": {"before": None, "after": category_id},
        "code": {"before": None, "after": "ACC"},
        "cycle": {"before": None, "after": cycle.pk},
        "title": {"before": None, "after": "Accueil"},
    }
    deleted = AuditEntry.objects.get(action="delete")
    assert deleted.changes["name_fr"] == {"before": "Vie coopérative", "after": None}
    assert deleted.changes["position"] == {"before": 3, "after": None}


def test_a_renamed_theme_is_renamed_in_its_recommendations_search_text() -> None:
    theme = ThemeFactory(title="Accueil")
    recommendation = RecommendationFactory(theme=theme, title="Un parrainage")

    structure.theme_update(actor=None, theme=theme, title="Bienvenue")

    assert "bienvenue" in search_text_of(recommendation)
    assert search_text_of(recommendation) == expected_search_text(recommendation)


def test_a_theme_s_dutch_and_english_titles_are_searched_and_their_change_refreshes_the_search() -> None:
    from cairn.recommendations.selectors.registry import RegistryFilters, filtered_recommendations

    theme = ThemeFactory(title="Accueil")
    recommendation = RecommendationFactory(theme=theme, title="Un parrainage")

    structure.theme_update(actor=None, theme=theme, title_nl="Onthaal van nieuwe vennoten", title_en="Welcoming newcomers")

    assert "onthaal" in search_text_of(recommendation) and "welcoming" in search_text_of(recommendation)
    assert search_text_of(recommendation) == expected_search_text(recommendation)
    from django.contrib.auth.models import AnonymousUser

    found = filtered_recommendations(viewer=AnonymousUser(), filters=RegistryFilters(q="onthaal"))
    assert list(found.values_list("pk", flat=True)) == [recommendation.pk]


def test_a_theme_or_cycle_still_in_use_cannot_be_deleted() -> None:
    recommendation = RecommendationFactory()

    with pytest.raises(ProtectedError):
        structure.theme_delete(actor=None, theme=recommendation.theme)
    with pytest.raises(ProtectedError):
        structure.cycle_delete(actor=None, cycle=recommendation.cycle)

    assert not AuditEntry.objects.filter(action="delete").exists()


# --- working groups and their people ------------------------------------------------------------


def test_a_working_group_is_created_in_its_offices_and_audited() -> None:
    theme = ThemeFactory()
    liege, namur = OfficeFactory(name="Liège"), OfficeFactory(name="Namur")

    group = structure.working_group_create(actor=None, theme=theme, name="Liège–Namur", offices=[liege, namur], cities="Liège, Namur")

    assert sorted(group.offices.values_list("name", flat=True)) == ["Liège", "Namur"]
    assert history_of(group).get().changes == {
        "cities": {"before": None, "after": "Liège, Namur"},
        "name": {"before": None, "after": "Liège–Namur"},
        "offices": {"before": None, "after": sorted([liege.pk, namur.pk])},
        "theme": {"before": None, "after": theme.pk},
    }


def test_a_group_update_changes_its_offices_and_its_name_in_the_search_text() -> None:
    liege, namur = OfficeFactory(name="Liège"), OfficeFactory(name="Namur")
    group = WorkingGroupFactory(name="Liège", languages=[])
    group.offices.set([liege])
    recommendation = RecommendationFactory(theme=group.theme, groups=[group])

    structure.working_group_update(actor=None, group=group, name="Liège–Namur", offices=[liege, namur])

    assert sorted(group.offices.values_list("name", flat=True)) == ["Liège", "Namur"]
    assert history_of(group).first().changes == {  # type: ignore[union-attr]
        "name": {"before": "Liège", "after": "Liège–Namur"},
        "offices": {"before": [liege.pk], "after": sorted([liege.pk, namur.pk])},
    }
    assert "liege–namur" in search_text_of(recommendation)
    assert search_text_of(recommendation) == expected_search_text(recommendation)


def test_a_deleted_group_leaves_its_recommendations_search_text() -> None:
    group = WorkingGroupFactory(name="Charleroi")
    recommendation = RecommendationFactory(theme=group.theme, groups=[group])
    assert "charleroi" in search_text_of(recommendation)

    structure.working_group_delete(actor=None, group=group)

    assert "charleroi" not in search_text_of(recommendation)
    assert search_text_of(recommendation) == expected_search_text(recommendation)


def test_people_are_added_at_once_an_account_once_per_role() -> None:
    group = WorkingGroupFactory()
    member = UserFactory()
    GroupPerson.objects.create(group=group, role=GroupRole.PARTICIPANT, user=member)

    added = structure.group_people_add(
        actor=None,
        group=group,
        people=[
            GroupPerson(role=GroupRole.FACILITATOR, name="Marie Dupont"),
            GroupPerson(role=GroupRole.FACILITATOR, user=member),
            GroupPerson(role=GroupRole.FACILITATOR, user=member),  # twice in the list
            GroupPerson(role=GroupRole.PARTICIPANT, user=member),  # already there
        ],
    )

    assert [(p.role, p.user_id, p.name) for p in added] == [
        (GroupRole.FACILITATOR, None, "Marie Dupont"),
        (GroupRole.FACILITATOR, member.pk, ""),
    ]
    assert GroupPerson.objects.filter(group=group).count() == 3
    entry = history_of(group).get()
    assert (entry.action, entry.changes) == (
        "people_added",
        {"people": {"before": None, "after": ["facilitator: Marie Dupont", f"facilitator: #{member.pk}"]}},
    )


def test_someone_without_an_account_or_a_name_is_refused_and_nobody_is_added() -> None:
    group = WorkingGroupFactory()

    with pytest.raises(ValidationError):
        structure.group_people_add(
            actor=None, group=group, people=[GroupPerson(role=GroupRole.SECRETARY, name="Karim Benali"), GroupPerson(role="secretary")]
        )
    with pytest.raises(ValidationError):
        structure.group_people_add(actor=None, group=group, people=[GroupPerson(role="chair", name="Karim Benali")])

    assert not GroupPerson.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_person_is_changed_and_removed_with_the_group_audited() -> None:
    group = WorkingGroupFactory()
    [person] = structure.group_people_add(actor=None, group=group, people=[GroupPerson(role=GroupRole.SECRETARY, name="Karim")])

    structure.group_person_update(actor=None, person=person, role=GroupRole.FACILITATOR, name="Karim Benali")
    assert structure.group_people_remove(actor=None, group=group, people=[person]) == 1

    assert not GroupPerson.objects.exists()
    assert [(e.action, e.changes) for e in history_of(group)[:2]] == [
        ("people_removed", {"people": {"before": ["facilitator: Karim Benali"], "after": None}}),
        ("person_updated", {"person": {"before": "secretary: Karim", "after": "facilitator: Karim Benali"}}),
    ]


# --- the Django admin goes through them --------------------------------------------------------------


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(make_user("admin"))
    return client


def admin_entries(model: type) -> list[tuple[str, str]]:
    content_type = ContentType.objects.get_for_model(model)
    return list(AuditEntry.objects.filter(content_type=content_type).order_by("pk").values_list("action", "object_id"))


def test_a_theme_added_in_the_admin_is_created_by_the_service(admin_client: Client) -> None:
    cycle = CycleFactory()

    response = admin_client.post(
        "/fr/admin/recommendations/theme/add/",
        {"cycle": cycle.pk, "title": "Accueil", "code": "ACC", "category": "", "voted_on": "", "prolongs": "", "introduction": ""},
    )

    assert response.status_code == 302
    theme = Theme.objects.get()
    assert response["Location"] == "/fr/admin/recommendations/theme/"
    assert admin_entries(Theme) == [("admin_create", str(theme.pk))]
    assert set(history_of(theme).get().changes) == {"cycle", "title", "code"}


def test_a_group_with_offices_and_people_is_saved_and_changed_in_the_admin_through_the_services(admin_client: Client) -> None:
    theme = ThemeFactory()
    liege, namur = OfficeFactory(name="Liège"), OfficeFactory(name="Namur")
    inline = {"people-TOTAL_FORMS": "1", "people-INITIAL_FORMS": "0", "people-MIN_NUM_FORMS": "0", "people-MAX_NUM_FORMS": "1000"}
    group_fields = {"theme": theme.pk, "name": "Liège", "cities": "Liège", "languages": '["fr"]', "meeting_dates": '["2024-11-05"]'}

    response = admin_client.post(
        "/fr/admin/recommendations/workinggroup/add/",
        {**group_fields, "offices": [liege.pk], **inline, "people-0-role": "facilitator", "people-0-name": "Marie Dupont"},
    )

    assert response.status_code == 302
    group = WorkingGroup.objects.get()
    person = GroupPerson.objects.get()
    assert (person.group, person.name, list(group.offices.all())) == (group, "Marie Dupont", [liege])
    assert [e.action for e in history_of(group).order_by("pk")] == ["admin_create", "admin_people_added"]

    response = admin_client.post(
        f"/fr/admin/recommendations/workinggroup/{group.pk}/change/",
        {
            **group_fields,
            "name": "Liège–Namur",
            "offices": [liege.pk, namur.pk],
            **inline,
            "people-INITIAL_FORMS": "1",
            "people-0-id": person.pk,
            "people-0-group": group.pk,
            "people-0-role": "secretary",
            "people-0-name": "Marie Dupont",
        },
    )

    assert response.status_code == 302
    assert [(e.action, e.changes) for e in history_of(group)[:2]] == [
        ("admin_person_updated", {"person": {"before": "facilitator: Marie Dupont", "after": "secretary: Marie Dupont"}}),
        (
            "admin_update",
            {
                "name": {"before": "Liège", "after": "Liège–Namur"},
                "offices": {"before": [liege.pk], "after": sorted([liege.pk, namur.pk])},
            },
        ),
    ]


def test_a_group_listing_a_member_who_left_is_changed_and_saved_in_the_admin(admin_client: Client) -> None:
    gone = UserFactory()
    group = WorkingGroupFactory(name="Liège", meeting_dates=["2024-11-05"])
    person = GroupPerson.objects.create(group=group, role=GroupRole.PARTICIPANT, user=gone)
    member_anonymise(user=gone)
    url = f"/fr/admin/recommendations/workinggroup/{group.pk}/change/"
    data = submitted(admin_client.get(url).text)
    data["name"] = ["Liège–Namur"]

    response = admin_client.post(url, data)

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Liège–Namur"
    assert list(GroupPerson.objects.filter(group=group).values_list("pk", "user_id", "role")) == [(person.pk, gone.pk, "participant")]


def test_deleting_in_the_admin_goes_through_the_services_one_by_one_or_several_at_once(admin_client: Client) -> None:
    first, second, third = ThemeCategoryFactory(), ThemeCategoryFactory(), ThemeCategoryFactory()

    response = admin_client.post(f"/fr/admin/recommendations/themecategory/{first.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    response = admin_client.post(
        "/fr/admin/recommendations/themecategory/",
        {"action": "delete_selected", "_selected_action": [second.pk, third.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not ThemeCategory.objects.exists()
    assert sorted(admin_entries(ThemeCategory)) == sorted(("admin_delete", str(c.pk)) for c in (first, second, third))


# --- the demo seed goes through them too -------------------------------------------------------


def test_the_seeded_structure_is_audited_as_entered_by_the_coordination_team() -> None:
    from cairn.accounts.seed import seed_accounts
    from cairn.core.seeding import SeedContext
    from cairn.recommendations.seed import DEMO_COORDINATOR, seed_recommendations

    context = SeedContext(scale="small", rng=random.Random(2015), log=lambda text: None)
    seed_accounts(context)
    seed_recommendations(context)

    for model in (ThemeCategory, Cycle, Theme, WorkingGroup):
        created = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), action="create")
        assert created.count() == model.objects.count()
        assert set(created.values_list("actor__email", flat=True)) == {DEMO_COORDINATOR}
    groups = ContentType.objects.get_for_model(WorkingGroup)
    assert AuditEntry.objects.filter(content_type=groups, action="people_added").count() == WorkingGroup.objects.count()
    # Dated as the history they tell: a cycle's groups were entered when it ended.
    for cycle in Cycle.objects.all():
        ended = datetime.datetime.combine(cycle.ends_on, datetime.time(10), tzinfo=datetime.UTC)
        group_ids = [str(pk) for pk in WorkingGroup.objects.filter(theme__cycle=cycle).values_list("pk", flat=True)]
        assert set(AuditEntry.objects.filter(content_type=groups, object_id__in=group_ids).values_list("created_at", flat=True)) == {ended}
