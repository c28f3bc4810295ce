"""Query counts of the registry's public pages, pinned (STYLE.md §12): the same number of
queries with N and 10 × N more recommendations. A change here means a page started to
query per row — or a new facet; update the comments with the count."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Visibility
from cairn.accounts.tests.helpers import make_user
from cairn.recommendations.models import GroupPerson, GroupRole, LinkKind, Recommendation, RecommendationLink
from cairn.recommendations.tests.registry_fixtures import Registry, add_volume, build_registry
from cairn.stories.factories import make_story
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db


N = 6
SIZES = [N, 10 * N]

# The registry list, whatever the filters:
#  1 the registry's stamp (row counts and latest changes: the facet cache's key; then kept
#    in the cache until a write forgets it, see cairn.core.stamps)
#  2 the visible groups' cities and their offices' cities (the city filter and facet)
#  3 cycles, 4 themes, 5 categories, 6 groups, 7 departments: each with its COUNT of
#    matching recommendations (one grouped query per facet, the other filters applied)
#  8 countries, 9 statuses, 10 kinds: one grouped COUNT each
# 11 cities: one COUNT per city in a single aggregate over the recommendation–group links
# 12 the page of recommendations, cycle and theme joined, status computed in SQL
# 13 their groups (one prefetch)
# (no COUNT for the paginator: the status facet's counts add up to the total)
REGISTRY_QUERIES = 13
# The same filters again, while nothing changed: 12 and 13 above (the stamp, the cities
# and the facets come from the cache).
REGISTRY_QUERIES_CACHED = 2
# Signed in: 1 session, 2 the account with the member's profile (account menu), roles and
# whether they set up TOTP (StaffMFARequiredMiddleware): cairn/accounts/backends.py.
SIGNED_IN = 2
STAFF_SIGNED_IN = SIGNED_IN


@pytest.fixture
def reg() -> Registry:
    return build_registry()


def people(reg: Registry, count: int) -> None:
    """``count`` people in the first group: public, members-only and name-only."""
    for n in range(count):
        if n % 3 == 2:
            GroupPerson.objects.create(group=reg.groups["bxl"], role=GroupRole.PARTICIPANT, name=f"Personne {n}")
        else:
            visibility = Visibility.PUBLIC if n % 3 == 0 else Visibility.MEMBERS
            GroupPerson.objects.create(
                group=reg.groups["bxl"], role=GroupRole.PARTICIPANT, user=UserFactory(profile__visibility=visibility)
            )


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "coopérative", "status": "done", "city": "Bruxelles", "sort": "recent"},
        {
            "theme": "acc",
            "group": "bxl",
            "department": "fin",
            "category": "eco",
            "cycle": "2019",
            "country": "BE",
            "kind": "recommendation",
        },
    ],
    ids=["unfiltered", "searched", "every-filter"],
)
def test_registry_list_queries_for_a_visitor(client: Client, django_assert_num_queries, reg: Registry, count: int, params: dict) -> None:
    add_volume(count)
    objects = {"theme": reg.themes, "group": reg.groups, "department": reg.departments, "category": reg.categories, "cycle": reg.cycles}
    query = {name: objects[name][value].pk if name in objects else value for name, value in params.items()}

    with django_assert_num_queries(REGISTRY_QUERIES):
        response = client.get("/fr/recommandations/", query)

    assert response.status_code == 200
    assert response.context["result"].total > 0  # an empty page would skip the page's two queries
    # The same address again: the filters, the count and the list are kept, no query.
    with django_assert_num_queries(0):
        again = client.get("/fr/recommandations/", query)
    assert main_content(again) == main_content(response)


@pytest.mark.parametrize("count", SIZES)
def test_registry_list_queries_with_cached_facets(client: Client, django_assert_num_queries, reg: Registry, count: int) -> None:
    add_volume(count)
    params = {"status": "done", "city": "Bruxelles", "q": "fonds"}
    client.get("/fr/recommandations/", params)

    with django_assert_num_queries(REGISTRY_QUERIES_CACHED):
        response = client.get("/fr/recommandations/", {**params, "sort": "recent"})  # the sort is not part of the counts

    assert [rec.title for rec in response.context["page_obj"].object_list] == ["Créer un fonds de garantie coopératif"]


@pytest.mark.parametrize("count", SIZES)
def test_registry_list_queries_for_a_member_and_for_htmx(client: Client, django_assert_num_queries, reg: Registry, count: int) -> None:
    add_volume(count)
    client.force_login(make_user("member"))

    with django_assert_num_queries(SIGNED_IN + REGISTRY_QUERIES):
        response = client.get("/fr/recommandations/", {"page": 2})
    # 6 + count public recommendations: page 2 holds 25 of 66; of 12, the last page is page 1.
    assert len(response.context["page_obj"].object_list) == (25 if count > N else 12)

    # The htmx partial reads the same, less the stamp (cached by the first request).
    with django_assert_num_queries(SIGNED_IN + REGISTRY_QUERIES - 1):
        client.get("/fr/recommandations/", {"status": "done"}, headers={"HX-Request": "true"})


# The recommendation page:
#  1 the recommendation, with cycle, theme, category and parent, status computed in SQL
#  2 its groups  3 their people, with account and profile  4 its departments
#  5 its visible sub-items, with their status  6 its published assessments (the timeline)
#  7 related recommendations, both directions, with their status
#  8 the projects that followed from it (the section ``cairn.projects`` registers)
#  9 its hackathon questions, 10 the hackathons whose call for questions is open (the
#  section ``cairn.hackathons`` registers; the questions' teams only when there are some)
#  11 the topics of open calls for experiments on it (the section ``cairn.experiments`` registers)
#  12 its upcoming events (the section ``cairn.events`` registers)
#  13 its published stories, 14 their versions (the section ``cairn.stories`` registers)
DETAIL_QUERIES = 14
# A visitor's page is kept (views/registry.py): its key reads the stamps — 1 the registry's,
# 2 the groups' people's, then the sections': 3–4 the projects', 5 the published stories',
# 6–7 the agenda's, 8 the calls for experiments', 9 the hackathon questions', 10–11 their
# teams' (the projects' again comes from the cache) — and 12 the page's heading (or 404).
VISITOR_KEY_QUERIES = 12


def _stories(rec: Recommendation, count: int) -> None:
    for n in range(count):
        make_story(titles={"fr": f"Récit {n}"}, published=True, recommendations=[rec])


@pytest.mark.parametrize("count", SIZES)
def test_recommendation_page_queries_for_a_visitor(client: Client, django_assert_num_queries, reg: Registry, count: int) -> None:
    add_volume(count)
    rec = reg.recs["acc1"]
    people(reg, count)
    # ``count`` related recommendations, half linked each way; three of them sub-items too.
    others = list(Recommendation.objects.exclude(pk=rec.pk).filter(is_internal=False)[:count])
    for n, other in enumerate(others):
        if n % 2:
            RecommendationLink.objects.create(source=rec, target=other, kind=LinkKind.SAME_AS)
        else:
            RecommendationLink.objects.create(source=other, target=rec, kind=LinkKind.CONTINUES)
    Recommendation.objects.filter(pk__in=[other.pk for other in others[:3]]).update(parent=rec)
    _stories(rec, count)

    with django_assert_num_queries(VISITOR_KEY_QUERIES + DETAIL_QUERIES):
        response = client.get(f"/fr/recommandations/{rec.reference}/")

    assert response.status_code == 200
    assert len(response.context["page"].related) == count
    assert len(response.context["page"].sub_items) == 3
    assert len(next(s for s in response.context["page"].sections if s.key == "stories").items) == min(count, 10)

    # While nothing changes, the next visitor gets the kept page: no query at all.
    with django_assert_num_queries(0):
        again = client.get(f"/fr/recommandations/{rec.reference}/")
    assert main_content(again) == main_content(response)


@pytest.mark.parametrize("count", SIZES)
def test_recommendation_page_queries_for_the_coordination_team(
    client: Client, django_assert_num_queries, reg: Registry, count: int
) -> None:
    add_volume(count)
    people(reg, count)
    _stories(reg.recs["acc1"], count)
    client.force_login(make_user("coordination"))
    ContentType.objects.get_for_model(Recommendation)  # cached for the process, as in production

    # STAFF_SIGNED_IN, the DETAIL_QUERIES of the page (the timeline with proposals,
    # authors and campaigns joined), then the audit trail with its authors’ profiles and
    # whether the viewer follows the recommendation (the follow button).
    with django_assert_num_queries(STAFF_SIGNED_IN + DETAIL_QUERIES + 2):
        response = client.get(f"/fr/recommandations/{reg.recs['acc1'].reference}/")

    assert response.status_code == 200


# Cycle, theme and group pages: 1 the object, 2 its themes / its groups / its people,
# 3 its recommendations with their theme and status, 4 the status summary (a grouped COUNT).
LISTING_QUERIES = 4


@pytest.mark.parametrize("count", SIZES)
def test_cycle_theme_and_group_page_queries(client: Client, django_assert_num_queries, reg: Registry, count: int) -> None:
    # The volume goes into the pages' own cycle, theme and group.
    from cairn.recommendations.factories import RecommendationFactory, ThemeFactory

    for n in range(count):
        RecommendationFactory(theme=reg.themes["acc"], number=str(100 + n), groups=[reg.groups["bxl"]])
        ThemeFactory(cycle=reg.cycles["2019"], code=f"X{n}")
    people(reg, count)

    for url in ["/fr/cycles/2019-2020/", f"/fr/thematiques/{reg.themes['acc'].pk}/", f"/fr/groupes/{reg.groups['bxl'].pk}/"]:
        with django_assert_num_queries(LISTING_QUERIES):
            response = client.get(url)
        assert response.status_code == 200
