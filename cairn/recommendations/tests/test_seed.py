"""The registry's demo data (issue 3, "Demo seed").

The ``small`` scale is written to the database: it must be complete and deterministic. The
``realistic`` and ``large`` scales are checked on their plan (``build_plan`` decides
everything without writing), which is what the seed then stores; writing the realistic
scale takes a few seconds, mostly for the 30,000 member accounts.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from typing import Any

import pytest

from cairn.accounts.seed import seed_accounts
from cairn.core.seeding import SeedContext, seeders
from cairn.recommendations.models import (
    Assessment,
    Campaign,
    CampaignAssignment,
    Cycle,
    GroupPerson,
    GroupRole,
    Kind,
    Recommendation,
    RecommendationLink,
    Status,
    Theme,
    ThemeCategory,
    WorkingGroup,
)
from cairn.recommendations.seed import (
    DEMO_COORDINATOR,
    DEMO_DEPARTMENT_LEAD,
    DEMO_FACILITATOR,
    DEMO_MEMBER,
    OPEN_CAMPAIGN,
    Plan,
    build_plan,
    seed_recommendations,
)
from cairn.recommendations.services.recommendations import number_position, recommendation_search_text

SEEDS = [2015, 1, 42]


def current_status(item: Any) -> str:
    return item.assessments[-1].status if item.assessments else Status.NOT_ASSESSED


# --- The plan of the realistic and large scales (no database) --------------------------------------


@pytest.fixture(scope="module", params=SEEDS)
def realistic(request: pytest.FixtureRequest) -> Plan:
    return build_plan("realistic", random.Random(request.param))


def test_the_plan_depends_only_on_the_seed() -> None:
    assert build_plan("realistic", random.Random(7)) == build_plan("realistic", random.Random(7))
    assert build_plan("realistic", random.Random(7)) != build_plan("realistic", random.Random(8))


def test_realistic_has_the_five_cycles_of_the_process(realistic: Plan) -> None:
    assert realistic.cycles == ["2015-16", "2016-17", "2017-18", "2019-20", "2020-21"]
    per_cycle = Counter(theme.cycle for theme in realistic.themes)
    assert set(per_cycle) == set(realistic.cycles)
    assert 16 <= len(realistic.themes) <= 20
    assert all(theme.voted_on.month == 6 for theme in realistic.themes)  # voted by the AG in June
    prolonging = [theme for theme in realistic.themes if theme.prolongs]
    assert len(prolonging) >= 4
    keys = [theme.key for theme in realistic.themes]
    assert all(keys.index(theme.prolongs) < keys.index(theme.key) for theme in prolonging)  # an earlier cycle's theme


def test_realistic_has_about_thirty_groups_across_both_countries(realistic: Plan) -> None:
    assert 28 <= len(realistic.groups) <= 36
    offices = {office for group in realistic.groups for office in group.offices}
    assert {"Bruxelles", "Gent", "Liège", "Paris", "Lyon"} <= offices
    assert any(len(group.offices) >= 4 for group in realistic.groups)  # "Charleroi–Mons–Eupen–Louvain-la-Neuve"
    assert {language for group in realistic.groups for language in group.languages} == {"fr", "nl"}
    for group in realistic.groups:
        dates = [datetime.date.fromisoformat(day) for day in group.meeting_dates]
        assert len(dates) == 5 and dates == sorted(dates)
        assert all(day.month in (11, 12, 1, 2, 3, 4) for day in dates)
        roles = Counter(role for role, _who in group.people)
        assert roles[GroupRole.FACILITATOR] >= 1 and roles[GroupRole.SECRETARY] >= 1 and roles[GroupRole.PARTICIPANT] >= 5
    kinds = Counter(who[0] for group in realistic.groups for _role, who in group.people)
    assert kinds["name"] > 0 and kinds["member"] > 0 and kinds["account"] > 0  # older groups: names only


def test_demo_accounts_took_part_in_groups(realistic: Plan) -> None:
    roles = {(role, who[1]) for group in realistic.groups for role, who in group.people if who[0] == "account"}
    assert (GroupRole.FACILITATOR, DEMO_FACILITATOR) in roles
    assert (GroupRole.PARTICIPANT, DEMO_MEMBER) in roles


def test_realistic_has_260_recommendations_written_like_real_ones(realistic: Plan) -> None:
    items = realistic.recommendations
    assert len(items) >= 260
    references = [item.reference for item in items]
    assert len(set(references)) == len(references)
    assert all(item.title and item.groups for item in items)
    languages = Counter(item.language for item in items)
    assert languages["fr"] > languages["nl"] >= 0.05 * len(items)  # a share in Dutch, from Flemish groups
    assert sum(item.parent is not None for item in items) >= 20  # numbered sub-items
    assert sum(item.kind == Kind.LINE_OF_THOUGHT for item in items) >= 8
    assert len({item.section for item in items}) >= 10
    assert sum(bool(item.departments) for item in items) >= 0.7 * len(items)
    # Numbers as written: some documents number within sections, some have gaps.
    assert any("." in item.number and item.parent is None for item in items)
    numbers_by_theme: dict[str, list[int]] = {}
    for item in items:
        if item.number.isdigit():
            numbers_by_theme.setdefault(item.theme, []).append(int(item.number))
    assert any(max(numbers) > len(numbers) for numbers in numbers_by_theme.values())
    # Re-issued years later, and linked as such to the earlier one.
    by_index = {item.index: item for item in items}
    links = [(item, by_index[target], kind) for item in items for target, kind in item.links]
    assert len(links) >= 20
    assert {kind for *_items, kind in links} == {"same_as", "continues"}
    assert all(earlier.theme.split("/")[0] < later.theme.split("/")[0] for later, earlier, _kind in links)


def test_realistic_statuses_and_their_evidence(realistic: Plan) -> None:
    statuses = Counter(current_status(item) for item in realistic.recommendations)
    assert set(statuses) == set(Status)
    assessments = [a for item in realistic.recommendations for a in item.assessments]
    assert all(datetime.date(2022, 1, 1) <= a.effective_date <= datetime.date(2024, 12, 31) for a in assessments)
    assert {a.effective_date.year for a in assessments} == {2022, 2023, 2024}
    assert all(a.public_comment.strip() for a in assessments if a.status in (Status.REJECTED, Status.POSTPONED))
    assert all(a.interviewee and a.interviewee_role and a.source and a.interview_date <= a.effective_date for a in assessments)
    assert sum(a.department is not None for a in assessments) >= 0.5 * len(assessments)
    histories = [item.assessments for item in realistic.recommendations if len(item.assessments) >= 2]
    assert len(histories) >= 5
    assert all(len(h) <= 3 for h in histories)
    assert all([a.effective_date for a in h] == sorted({a.effective_date for a in h}) for h in histories)


def test_realistic_has_one_open_campaign_with_work_for_the_demo_accounts(realistic: Plan) -> None:
    assignees = Counter(email for _index, email in realistic.assignments)
    assert 40 <= len(realistic.assignments) <= 80
    assert assignees[DEMO_COORDINATOR] >= 5 and assignees[DEMO_DEPARTMENT_LEAD] >= 3
    assert len({index for index, _email in realistic.assignments}) == len(realistic.assignments)
    assigned = dict(realistic.assignments)
    assert 3 <= len(realistic.proposals) <= 10
    for index, proposal in realistic.proposals:
        assert assigned[index] == proposal.assessor  # the assignee proposes
        assert proposal.campaign == OPEN_CAMPAIGN and proposal.effective_date.year == 2025


def test_large_has_ten_times_the_recommendations() -> None:
    realistic = build_plan("realistic", random.Random(2015))
    large = build_plan("large", random.Random(2015))
    assert len(large.recommendations) >= 9 * len(realistic.recommendations)
    references = [item.reference for item in large.recommendations]
    assert len(set(references)) == len(references)
    assert len(large.assignments) >= 10 * len(realistic.assignments) * 0.8


# --- The small scale, written ------------------------------------------------------------------


def registry_contents() -> dict[str, Any]:
    """What the seed wrote, without database ids (they differ from one run to the next)."""
    return {
        "cycles": list(Cycle.objects.order_by("code").values_list("code", "name", "country", "starts_on")),
        "themes": list(Theme.objects.order_by("cycle__code", "code").values_list("cycle__code", "code", "title", "prolongs__code")),
        "groups": list(WorkingGroup.objects.order_by("theme__cycle__code", "theme__code", "name").values_list("name", "meeting_dates")),
        "people": sorted(GroupPerson.objects.values_list("group__theme__code", "group__name", "role", "user__email", "name"), key=repr),
        "recommendations": list(
            Recommendation.objects.with_status()
            .order_by("reference")
            .values_list("reference", "title", "language", "kind", "parent__reference", "status", "status_date")
        ),
        "links": sorted(RecommendationLink.objects.values_list("source__reference", "target__reference", "kind"), key=repr),
        "assessments": sorted(
            Assessment.objects.values_list("recommendation__reference", "status", "effective_date", "public_comment", "published_at"),
            key=repr,
        ),
        "assignments": sorted(
            CampaignAssignment.objects.values_list("campaign__name", "recommendation__reference", "assignee__email"), key=repr
        ),
    }


def forget_registry() -> None:
    Assessment.objects.all().delete()
    Campaign.objects.all().delete()
    RecommendationLink.objects.all().delete()
    Recommendation.objects.filter(parent__isnull=False).delete()
    Recommendation.objects.all().delete()
    WorkingGroup.objects.all().delete()
    Theme.objects.update(prolongs=None)
    Theme.objects.all().delete()
    ThemeCategory.objects.all().delete()
    Cycle.objects.all().delete()


@pytest.mark.django_db
def test_the_small_seed_is_complete_and_deterministic() -> None:
    context = SeedContext(scale="small", rng=random.Random(2015), log=lambda text: None)
    seed_accounts(context)
    state = context.rng.getstate()

    seed_recommendations(context)
    first = registry_contents()
    forget_registry()
    context.rng.setstate(state)
    seed_recommendations(context)

    assert registry_contents() == first
    # Complete: every cycle, every status, a line of thought, sub-items, links, a campaign.
    assert len(first["cycles"]) == 5
    assert 8 <= len(first["themes"]) <= 12
    assert 40 <= len(first["recommendations"]) <= 100
    assert {row[5] for row in first["recommendations"]} == set(Status)
    assert any(row[3] == Kind.LINE_OF_THOUGHT for row in first["recommendations"])
    assert any(row[4] for row in first["recommendations"])
    assert first["links"]
    assert {row[2] for row in first["people"] if row[3] == DEMO_FACILITATOR} == {GroupRole.FACILITATOR}
    assert {row[2] for row in first["people"] if row[3] == DEMO_MEMBER} == {GroupRole.PARTICIPANT}
    assert {row[2] for row in first["assignments"]} >= {DEMO_COORDINATOR, DEMO_DEPARTMENT_LEAD}
    assert len(context.shared["recommendation_ids"]) == len(first["recommendations"])


@pytest.mark.django_db
def test_the_seed_command_builds_the_registry_through_the_registered_seeder() -> None:
    from django.core.management import call_command

    names = [s.name for s in seeders()]
    assert names.index("accounts") < names.index("recommendations")  # it needs the accounts
    call_command("seed", scale="small", seed=2015, stdout=open("/dev/null", "w"))  # noqa: SIM115

    campaign = Campaign.objects.get(name=OPEN_CAMPAIGN)
    assert campaign.state == Campaign.State.OPEN
    proposals = Assessment.objects.filter(campaign=campaign)
    assert proposals.count() >= 3 and not proposals.filter(published_at__isnull=False).exists()
    assert not Assessment.objects.filter(status__in=[Status.REJECTED, Status.POSTPONED], public_comment="").exists()
    # Stored as the services store them: sort key and search text.
    for recommendation in Recommendation.objects.select_related("theme").prefetch_related("groups"):
        assert recommendation.position == number_position(recommendation.number)
        assert recommendation.search_text == recommendation_search_text(recommendation, sorted(g.name for g in recommendation.groups.all()))
    # Every published assessment has its audit entry, and every recommendation its creation.
    from cairn.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="assessment_published").count() == Assessment.objects.filter(published_at__isnull=False).count()
    assert AuditEntry.objects.filter(action="create", content_type__model="recommendation").count() == Recommendation.objects.count()


def test_a_group_s_open_questions_are_about_its_subject_and_none_is_asked_twice(realistic: Plan) -> None:
    from cairn.recommendations.seed_content import LINES_OF_THOUGHT

    category = {t.key: t.category for t in realistic.themes}
    asked = [(item.title, category[item.theme]) for item in realistic.recommendations if item.kind == Kind.LINE_OF_THOUGHT]
    titles = [title for title, _slug in asked]
    assert len(titles) >= 8
    assert len(set(titles)) == len(titles)
    assert all(title in LINES_OF_THOUGHT[slug] for title, slug in asked)
