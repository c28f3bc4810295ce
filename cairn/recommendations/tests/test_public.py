"""The registry's one rule of what is public, in its two forms: ``public_q()`` for SQL and
``is_public()`` for one object (``cairn/recommendations/models/registry.py``). For every
combination of internal flags on a recommendation, its theme and its cycle, both forms,
the querysets' ``public()`` and ``visible_to(user)`` and the ``recommendations.view_item``
permission agree."""

from __future__ import annotations

import itertools

import pytest
import rules

from cairn.accounts.tests.helpers import make_user
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeFactory, WorkingGroupFactory
from cairn.recommendations.models import Cycle, Recommendation, Theme, WorkingGroup

pytestmark = pytest.mark.django_db

FLAGS = list(itertools.product([False, True], repeat=3))  # the recommendation's, its theme's, its cycle's


@pytest.fixture
def world() -> dict[tuple[bool, bool, bool], Recommendation]:
    made = {}
    for index, (rec_internal, theme_internal, cycle_internal) in enumerate(FLAGS):
        cycle = CycleFactory(slug=f"cycle-public-{index}", code=f"C{index}", is_internal=cycle_internal)
        theme = ThemeFactory(cycle=cycle, code=f"T{index}", is_internal=theme_internal)
        group = WorkingGroupFactory(theme=theme)
        made[rec_internal, theme_internal, cycle_internal] = RecommendationFactory(theme=theme, is_internal=rec_internal, groups=[group])
    return made


def test_a_recommendation_is_public_only_when_it_its_theme_and_its_cycle_are(world: dict) -> None:
    public = set(Recommendation.objects.public().values_list("pk", flat=True))

    for flags, recommendation in world.items():
        expected = not any(flags)
        assert recommendation.is_public() is expected, flags
        assert (recommendation.pk in public) is expected, flags


def test_themes_groups_and_cycles_follow_the_same_rule(world: dict) -> None:
    public_themes = set(Theme.objects.public().values_list("pk", flat=True))
    public_groups = set(WorkingGroup.objects.public().values_list("pk", flat=True))
    public_cycles = set(Cycle.objects.public().values_list("pk", flat=True))

    for (_rec_internal, theme_internal, cycle_internal), recommendation in world.items():
        theme, cycle, group = recommendation.theme, recommendation.cycle, recommendation.groups.get()
        assert theme.is_public() is (theme.pk in public_themes) is (not theme_internal and not cycle_internal)
        assert group.is_public() is (group.pk in public_groups) is theme.is_public()
        assert cycle.is_public() is (cycle.pk in public_cycles) is (not cycle_internal)


@pytest.mark.parametrize("role", ["visitor", "member", "facilitator", "department_lead", "coordination", "admin"])
def test_what_each_role_may_see_is_the_same_for_lists_and_for_one_item(world: dict, role: str) -> None:
    from django.contrib.auth.models import AnonymousUser

    viewer = AnonymousUser() if role == "visitor" else make_user(role)
    listed = set(Recommendation.objects.visible_to(viewer).values_list("pk", flat=True))
    sees_all = role in {"coordination", "admin"}

    for flags, recommendation in world.items():
        may_see = rules.has_perm("recommendations.view_item", viewer, recommendation)
        assert may_see is (recommendation.pk in listed) is (sees_all or not any(flags)), (role, flags)
