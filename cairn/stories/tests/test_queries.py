"""Query counts of the stories' pages, pinned (STYLE.md §12): the same number of queries
with N and 10 × N stories. A change here means a page started to query per row; update
the comments with the count."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory, ThemeCategoryFactory
from cairn.stories import selectors
from cairn.stories.factories import make_series, make_story
from cairn.stories.models import Story
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db

N = 3
SIZES = [N, 10 * N]
# Signed in: 1 session, 2 the account with the member's profile (account menu), roles and
# whether they set up TOTP (StaffMFARequiredMiddleware): cairn/accounts/backends.py.
SIGNED_IN = 2
STAFF_SIGNED_IN = SIGNED_IN


def build(count: int) -> tuple[Story, object]:
    """``count`` published stories in two languages, each with two categories, a series and
    two recommendations and two projects (one internal), plus a draft; returns the newest story and the shared category."""
    category, other = ThemeCategoryFactory(slug="soins"), ThemeCategoryFactory()
    series = make_series()
    recommendations = [RecommendationFactory(), RecommendationFactory()]
    projects = [ProjectFactory(), ProjectFactory(is_internal=True)]
    newest = None
    for n in range(count):
        newest = make_story(
            titles={"fr": f"Récit {n}", "nl": f"Verhaal {n}"},
            published=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(days=n),
            categories=[category, other],
            series=series,
            recommendations=recommendations,
            projects=projects,
        )
    make_story(titles={"fr": "Brouillon"})
    assert newest is not None
    return newest, category


# The list, whatever the filters:
#  1 the years stories were published in (the year filter's choices)
#  2 categories, 3 series: the filters' choices
#  (with a category or series filter: one more each, the chosen value checked by the form)
#  4 COUNT of matching stories (paginator)
#  5 the page of stories with their series, 6 their versions, 7 their categories
LIST_QUERIES = 7
# The filters and the cards are kept under the published stories' stamp: one query when
# the stamp is not in the cache, none at all once the page is (views.story_list).
PUBLISHED_STAMP = 1


@pytest.mark.parametrize("count", SIZES)
def test_the_list(client: Client, django_assert_num_queries, count: int) -> None:
    build(count)

    with django_assert_num_queries(PUBLISHED_STAMP + LIST_QUERIES):
        assert client.get("/fr/recits/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/fr/recits/").status_code == 200
    # Filtered by category and series: +1 each (the form looks the slug up).
    with django_assert_num_queries(LIST_QUERIES + 2):
        assert client.get("/fr/recits/?category=soins&series=un-an-apres&year=2024&language=nl").status_code == 200


# A story's page: 1 the story with author, profile and series, 2 its versions, 3 its visible
# recommendations with their cycle, 4 its visible projects, 5 its categories, 6 the
# hackathons it tells of (the story_page_sections hook).
DETAIL_QUERIES = 6
VISITOR_KEY_QUERIES = 7
# Signed in, also: whether the member follows the story's series (the follow button).
FOLLOW_BUTTON = 1


@pytest.mark.parametrize("count", SIZES)
def test_a_story_page(client: Client, django_assert_num_queries, count: int) -> None:
    story, _category = build(count)

    # A visitor's page is kept: its key first reads the stamps (1 the published stories', 2–3
    # the people's, 4 the registry's, 5–6 the projects', 7 the hackathons'), then nothing
    # while nothing changes.
    with django_assert_num_queries(VISITOR_KEY_QUERIES + DETAIL_QUERIES):
        first = client.get(f"/fr/recits/{story.slug}/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(f"/fr/recits/{story.slug}/")
    assert main_content(again) == main_content(first)
    client.force_login(make_user("member"))
    with django_assert_num_queries(DETAIL_QUERIES + SIGNED_IN + FOLLOW_BUTTON):
        assert client.get(f"/fr/recits/{story.slug}/").status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_the_feeds(client: Client, django_assert_num_queries, count: int) -> None:
    build(count)

    # 1 the published stories' stamp, 2–3 the people's (the kept feed's key), 4 the Site
    # (Django's syndication asks for it; kept in the process after its first use), 5 the
    # versions in the feed's language with their story, author and profile
    with django_assert_num_queries(5):
        first = client.get("/fr/recits/flux/rss/")
    assert first.status_code == 200 and first["Content-Type"].startswith("application/rss+xml")
    with django_assert_num_queries(1):
        assert client.get("/nl/recits/flux/atom/").status_code == 200
    # Kept while nothing changes: the same feed, no query.
    with django_assert_num_queries(0):
        again = client.get("/fr/recits/flux/rss/")
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("count", SIZES)
def test_the_home_section(client: Client, django_assert_num_queries, count: int) -> None:
    build(count)

    # 1-4 the four home figures (members, offices, recommendations, their statuses grouped),
    # 5 the published stories' stamp (the section's cache key: a story published through
    # any worker shows at once), 6 the newest stories, 7 their versions; 8 the next events
    # (the events app's home section, none here); 9 the hackathons' stamp (their home
    # section, none here); 10 the open calls' stamp (the experiments app's home section,
    # none open); then all cached, the stamps too
    with django_assert_num_queries(10):
        assert client.get("/fr/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/fr/").status_code == 200


# Staff list: 1 COUNT, 2 the page of stories with author and profile, 3 their versions.
STAFF_LIST_QUERIES = 3
# Edit page: 1 the story with author, profile, series; the form's initial values: 2 its
# categories, 3 its recommendations, 4 its projects, 5 its versions; 6 its journal with
# actors (the content type is cached); 7 its images; the form's choices: 8 series,
# 9 categories, 10 the projects the writer may see.
EDIT_QUERIES = 10


@pytest.mark.parametrize("count", SIZES)
def test_the_staff_pages(client: Client, django_assert_num_queries, count: int) -> None:
    story, _category = build(count)
    client.force_login(make_user("coordination"))

    with django_assert_num_queries(STAFF_SIGNED_IN + STAFF_LIST_QUERIES):
        assert client.get("/fr/gestion/recits/").status_code == 200
    with django_assert_num_queries(STAFF_SIGNED_IN + EDIT_QUERIES):
        assert client.get(f"/fr/gestion/recits/{story.pk}/modifier/").status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_the_selectors_other_pages_use(django_assert_num_queries, count: int) -> None:
    story, category = build(count)
    recommendation = story.recommendations.first()
    assert recommendation is not None

    with django_assert_num_queries(2):
        about = selectors.stories_about_recommendation(recommendation_id=recommendation.pk, limit=None)
    project = story.projects.filter(is_internal=False).get()
    with django_assert_num_queries(2):
        of_project = selectors.stories_about_project(project_id=project.pk, limit=None)
    with django_assert_num_queries(2):
        of_category = selectors.stories_for_category(category_id=category.pk, limit=None)  # type: ignore[attr-defined]
    # 1 the category–story links, 2 the chosen stories, 3 their versions
    with django_assert_num_queries(3):
        by_category = selectors.stories_by_category(category_ids=[category.pk], per_category=3)  # type: ignore[attr-defined]

    assert len(about) == len(of_category) == len(of_project) == count
    assert [s.reading.title for s in by_category[category.pk]] == [f"Récit {n}" for n in (count - 1, count - 2, count - 3)]  # type: ignore[attr-defined]
