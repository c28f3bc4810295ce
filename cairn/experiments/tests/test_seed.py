"""The demo's experiments (issue 13, "Demo seed"): a concluded call with its three groups and
an open call, written through the services."""

from __future__ import annotations

import random

import pytest

from cairn.accounts.seed import seed_accounts
from cairn.core.seeding import SeedContext
from cairn.experiments.models import Call, CallState, Expression, GroupStatus
from cairn.experiments.seed import DEMO_MEMBER, seed_experiments
from cairn.projects.models import ProjectKind
from cairn.recommendations.seed import seed_recommendations

pytestmark = pytest.mark.django_db


def test_the_seed_has_a_concluded_call_with_three_groups_and_an_open_call() -> None:
    context = SeedContext(scale="small", rng=random.Random(2015), log=lambda text: None)
    seed_accounts(context)
    seed_recommendations(context)

    seed_experiments(context)

    concluded = Call.objects.get(state=CallState.GROUPS_FORMED)
    groups = {g.name: g for g in concluded.groups.select_related("office", "project")}
    assert set(groups) == {"Afterworks de Liège", "Petits-déjeuners des arts de la scène", "Intervisie online"}
    assert groups["Afterworks de Liège"].office.city == "Liège"
    assert groups["Intervisie online"].online and groups["Intervisie online"].languages == "nl"
    for group in groups.values():
        assert group.status == GroupStatus.CONCLUDED and group.facilitator_id
        assert group.project.kind == ProjectKind.EXPERIMENT and group.project.recommendations.exists()
        assert group.placements.filter(state="accepted").count() >= 4
        assert group.project.events.count() == 6
        assert group.log_entries.filter(highlight=True).count() == 2
    open_call = Call.objects.get(state=CallState.OPEN)
    assert open_call.topics.count() == 2
    assert Expression.objects.filter(topic__call=open_call, user__email=DEMO_MEMBER).exists()
