"""The registry's structure — cycles, broad themes, themes, working groups and their people —
written through ``services.structure``: validated, audited, and used alike by the Django
admin, the registry import and the demo seed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from cairn.accounts.factories import OfficeFactory, UserFactory
from cairn.accounts.tests.helpers import make_user
from cairn.core.audit import history_of
from cairn.core.models import AuditEntry
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeFactory, WorkingGroupFactory
from cairn.recommendations.models import Cycle, GroupPerson, GroupRole, Recommendation, ThemeCategory
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
