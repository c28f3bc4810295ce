"""Reads of stories: the list and its filters, one story's page, the feeds, the home page
section, and the stories other pages show (a recommendation's, a category's in the state
of play). Each owns its ``select_related``/``prefetch_related``: a fixed number of queries
whatever the number of stories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.utils.translation import get_language

from cairn.core.sections import shown_sections
from cairn.core.stamps import cached, stamp
from cairn.stories.models import LANGUAGE_ORDER, Story, StoryImage, StoryQuerySet, StoryState, StoryVersion

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cairn.accounts.models import User

LIST_PAGE_SIZE = 12
HOME_STORIES = 4


def reader_language() -> str:
    return (get_language() or "fr")[:2]


def pick_version(versions: list[StoryVersion], language: str) -> StoryVersion | None:
    """The version in ``language``, else the first that exists in LANGUAGE_ORDER (French first)."""
    by_language = {v.language: v for v in versions}
    if language in by_language:
        return by_language[language]
    return next((by_language[code] for code in LANGUAGE_ORDER if code in by_language), None)


def _with_versions(queryset: StoryQuerySet) -> StoryQuerySet:
    return queryset.prefetch_related(Prefetch("versions", queryset=StoryVersion.objects.order_by("language"), to_attr="all_versions"))


def attach_reading(stories: list[Story], language: str) -> list[Story]:
    """Give each story ``reading`` (the version to show) and ``languages`` (those it exists in)."""
    for story in stories:
        versions: list[StoryVersion] = getattr(story, "all_versions", [])
        story.reading = pick_version(versions, language)  # type: ignore[attr-defined]
        story.languages = [v.language for v in versions]  # type: ignore[attr-defined]
    return stories


# --- The list -------------------------------------------------------------------------


@dataclass
class StoryFilters:
    language: str = ""
    category: Any = None  # a ThemeCategory
    series: Any = None  # a StorySeries
    year: int | None = None


def stories_listed(*, viewer: User | AnonymousUser, filters: StoryFilters) -> QuerySet[Story]:
    """Published stories (the public list: staff see drafts on their own page), newest first."""
    del viewer  # the public list is the same for everyone
    queryset = Story.objects.published()
    if filters.language:
        queryset = queryset.in_language(filters.language)
    if filters.category is not None:
        queryset = queryset.filter(categories=filters.category)
    if filters.series is not None:
        queryset = queryset.filter(series=filters.series)
    if filters.year is not None:
        queryset = queryset.filter(published_at__year=filters.year)
    return _with_versions(queryset.select_related("series").prefetch_related("categories")).newest_first()


def story_list_page(*, viewer: User | AnonymousUser, filters: StoryFilters, page: Any) -> Page:
    """One page of the list, each story with the reader's version. Queries: the COUNT, the
    page of stories with their series, their versions, their categories."""
    result = Paginator(stories_listed(viewer=viewer, filters=filters), LIST_PAGE_SIZE).get_page(page)
    attach_reading(list(result.object_list), reader_language())
    return result


def publication_years() -> list[int]:
    """The years stories were published in, newest first (the year filter's choices)."""
    years = Story.objects.published().annotate(year=ExtractYear("published_at")).values_list("year", flat=True).distinct().order_by("-year")
    return [int(y) for y in years]


# --- One story --------------------------------------------------------------------------


@dataclass
class StoryPage:
    story: Story
    reading: StoryVersion
    #: The language of the reader (the URL prefix); ``reading.language`` differs when the
    #: story does not exist in it.
    language: str
    languages: list[str] = field(default_factory=list)
    recommendations: list[Any] = field(default_factory=list)
    categories: list[Any] = field(default_factory=list)
    projects: list[Any] = field(default_factory=list)
    #: What later apps add under the ``story_page_sections`` hook (a hackathon it tells of).
    sections: list[Any] = field(default_factory=list)

    @property
    def is_fallback(self) -> bool:
        return self.reading.language != self.language


def story_page(*, viewer: User | AnonymousUser, slug: str, language: str) -> StoryPage | None:
    """The story as ``viewer`` may read it, or None (missing, or unpublished and the viewer is
    not staff: the same answer). Queries: the story with its author's profile and series,
    its versions, its recommendations and its projects the viewer may see, its categories."""
    from cairn.projects.models import Project
    from cairn.recommendations.models import Recommendation

    story = (
        _with_versions(Story.objects.visible_to(viewer))
        .select_related("author__profile", "series")
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.visible_to(viewer).select_related("cycle").order_by("reference"),
                to_attr="visible_recommendations",
            ),
            Prefetch("projects", queryset=Project.objects.visible_to(viewer).order_by("title", "pk"), to_attr="visible_projects"),
            "categories",
        )
        .filter(slug=slug)
        .first()
    )
    if story is None:
        return None
    versions: list[StoryVersion] = story.all_versions  # type: ignore[attr-defined]
    reading = pick_version(versions, language)
    if reading is None:  # a story is never saved without a version; guard all the same
        return None
    return StoryPage(
        story=story,
        reading=reading,
        language=language,
        languages=[v.language for v in versions],
        recommendations=story.visible_recommendations,  # type: ignore[attr-defined]
        categories=list(story.categories.all()),
        projects=story.visible_projects,  # type: ignore[attr-defined]
        sections=shown_sections("story_page_sections", story, viewer),
    )


# --- Feeds ------------------------------------------------------------------------------


def feed_versions(*, language: str, limit: int = 30) -> list[StoryVersion]:
    """The latest published stories that exist in ``language``, as that version. One query."""
    return list(
        StoryVersion.objects.filter(language=language, story__state=StoryState.PUBLISHED)
        .select_related("story", "story__author__profile")
        .order_by("-story__published_at", "-story__pk")[:limit]
    )


# --- Other pages' lists ---------------------------------------------------------------


def _published_for_reader(queryset: StoryQuerySet, limit: int | None) -> list[Story]:
    stories = _with_versions(queryset.published()).newest_first()
    return attach_reading(list(stories[:limit] if limit else stories), reader_language())


def latest_stories(*, limit: int = HOME_STORIES) -> list[Story]:
    """The newest published stories, each with the reader's version. Two queries."""
    return _published_for_reader(Story.objects.all(), limit)


def stories_about_recommendation(*, recommendation_id: int, limit: int | None = 10) -> list[Story]:
    """Published stories linked to a recommendation (its page lists them). Two queries."""
    return _published_for_reader(Story.objects.filter(recommendations=recommendation_id), limit)


def stories_among(stories: StoryQuerySet, *, limit: int | None = 10) -> list[Story]:
    """The published ones of ``stories`` (what a later app links to, e.g. a hackathon's
    stories), newest first, each with the reader's version. Two queries."""
    return _published_for_reader(stories, limit)


def stories_about_project(*, project_id: int, limit: int | None = 10) -> list[Story]:
    """Published stories linked to a project (its page lists them). Two queries."""
    return _published_for_reader(Story.objects.filter(projects=project_id), limit)


def project_section(project: Any, viewer: User | AnonymousUser) -> list[Story]:
    """The project page's "Récits" section (registered in StoriesConfig.ready): the page
    already checked the viewer may see the project; its published stories. Two queries."""
    del viewer  # published stories are public
    return stories_about_project(project_id=project.pk)


def recommendation_section(recommendation: Any, viewer: User | AnonymousUser) -> list[Story]:
    """The recommendation page's "Récits" section (registered in StoriesConfig.ready). Two queries."""
    del viewer
    return stories_about_recommendation(recommendation_id=recommendation.pk)


def series_titles(ids: Any) -> dict[int, tuple[str, str]]:
    """The name and list page of each series (what a member follows, notifications). One query."""
    from django.urls import reverse

    from cairn.stories.models import StorySeries

    url = reverse("stories:list")
    return {series.pk: (series.name, f"{url}?series={series.slug}") for series in StorySeries.objects.filter(pk__in=list(ids))}


def stories_for_category(*, category_id: int, limit: int | None = 10) -> list[Story]:
    """Published stories of a theme category (the state of play shows them per category). Two queries."""
    return _published_for_reader(Story.objects.filter(categories=category_id), limit)


def stories_by_category(
    *, category_ids: list[int] | None = None, category_slugs: list[str] | None = None, per_category: int = 3
) -> dict[Any, list[Story]]:
    """The newest published stories of several categories at once, for the state of play's
    per-category sections, keyed by the categories' ids (or slugs, given ``category_slugs``):
    one query when none has a story, three whatever the number of categories otherwise."""
    through = Story.categories.through
    links_of = through.objects.filter(story__state=StoryState.PUBLISHED).order_by("-story__published_at", "-story_id")
    keys: list[Any]
    links: list[tuple[Any, int]]
    if category_slugs is not None:
        keys = list(category_slugs)
        links = list(links_of.filter(themecategory__slug__in=keys).values_list("themecategory__slug", "story_id"))
    else:
        keys = list(category_ids or [])
        links = list(links_of.filter(themecategory_id__in=keys).values_list("themecategory_id", "story_id"))
    chosen: dict[Any, list[int]] = {key: [] for key in keys}
    for key, story_id in links:
        if len(chosen[key]) < per_category:
            chosen[key].append(story_id)
    wanted = {story_id for ids in chosen.values() for story_id in ids}
    if not wanted:
        return {key: [] for key in keys}
    stories = {s.pk: s for s in attach_reading(list(_with_versions(Story.objects.filter(pk__in=wanted))), reader_language())}
    return {key: [stories[story_id] for story_id in ids] for key, ids in chosen.items()}


#: How many of each broad theme's latest stories the state of play shows.
STORIES_PER_CATEGORY = 3


def state_of_play_stories(categories: list[tuple[str, str]], viewer: Any) -> list[dict[str, Any]]:
    """The state of play's block under its figures by broad theme (the
    ``state_of_play_sections`` hook): each broad theme's latest published stories, for
    ``categories`` given as (slug, label) in the page's order. Public, so the same for every
    viewer, and plain values so that the state of play can cache its page. One query when
    no theme has a story, three otherwise, whatever the number of themes."""
    from django.urls import reverse

    del viewer
    by_slug = stories_by_category(category_slugs=[slug for slug, _label in categories], per_category=STORIES_PER_CATEGORY)
    return [
        {
            "label": label,
            "stories": [
                {
                    "title": story.reading.title,  # type: ignore[attr-defined]
                    "language": story.reading.language,  # type: ignore[attr-defined]
                    "language_label": story.reading.get_language_display(),  # type: ignore[attr-defined]
                    "path": reverse("stories:detail", args=[story.slug]),
                    "published_at": story.published_at,
                }
                for story in by_slug[slug]
            ],
        }
        for slug, label in categories
        if by_slug.get(slug)
    ]


@stamp("published-stories")
def published_stamp() -> tuple[Any, ...]:
    """What changes when a story is published, unpublished or edited (one query): the number
    of published stories and their latest change; part of the cache keys of pages that show
    stories (the home page, the state of play)."""
    from django.db.models import Count, Max

    stamp = Story.objects.published().aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (stamp["n"], str(stamp["latest"]))


HOME_CACHE_TTL = 300


def home_section_context(request: HttpRequest) -> dict[str, object] | None:
    """The home page's "latest stories" section (the ``home_sections`` hook), cached per
    language under the published stories' stamp, so that a visit to the home page usually
    makes no query and a story published, unpublished or edited shows at once."""
    published, _latest = published_stamp()
    if not published:
        return None  # the stamp counted them: nothing to look for
    cards = cached("home-stories", reader_language(), stamps=[published_stamp], ttl=HOME_CACHE_TTL, compute=_home_cards)
    return {"stories": cards} if cards else None


def _home_cards() -> list[dict[str, Any]]:
    return [
        {
            "slug": story.slug,
            "title": story.reading.title,  # type: ignore[attr-defined]
            "lead": story.reading.lead,  # type: ignore[attr-defined]
            "language": story.reading.language,  # type: ignore[attr-defined]
            "language_label": story.reading.get_language_display(),  # type: ignore[attr-defined]
            "cover_url": story.cover_image.url if story.cover_image else "",
            "cover_width": story.cover_width,
            "cover_height": story.cover_height,
            "published_at": story.published_at,
        }
        for story in latest_stories()
    ]


# --- Staff ------------------------------------------------------------------------------


def story_for_staff(*, viewer: Any, pk: int) -> Story | None:
    """A story ``viewer`` may see, with its author and series, for its staff pages."""
    return Story.objects.visible_to(viewer).select_related("author__profile", "series").filter(pk=pk).first()


#: The latest changes of a story its edit page lists.
HISTORY_SHOWN = 20


def story_history(story: Story) -> list[Any]:
    """A story's latest audited changes, newest first, with who made them."""
    from cairn.core.audit import history_of

    return list(history_of(story).select_related("actor__profile")[:HISTORY_SHOWN])


def stories_for_staff(*, state: str = "") -> QuerySet[Story]:
    """Every story for the staff's page, newest change first, with its versions and author."""
    queryset = Story.objects.all()
    if state:
        queryset = queryset.filter(state=state)
    return _with_versions(queryset.select_related("author__profile")).order_by("-updated_at", "-pk")


def personal_data(*, user: Any) -> dict[str, Any]:
    """A member's part of stories in their data export: the stories they wrote (each one's
    address, state, dates and titles) and the images they uploaded for stories' bodies."""
    stories = Story.objects.filter(author=user).prefetch_related("versions").order_by("created_at", "pk")
    return {
        "written": [
            {
                "id": story.pk,
                "slug": story.slug,
                "state": story.state,
                "created_at": story.created_at.isoformat(),
                "published_at": story.published_at.isoformat() if story.published_at else None,
                "titles": {v.language: v.title for v in story.versions.all()},
            }
            for story in stories
        ],
        "images": [
            {"id": image.pk, "story_id": image.story_id, "file": image.image.name, "alt": image.alt, "at": image.created_at.isoformat()}
            for image in StoryImage.objects.filter(uploaded_by=user).order_by("created_at", "pk")
        ],
    }


def story_of_media(*, viewer: User | AnonymousUser, name: str) -> Story | None:
    """The story whose cover or body image is the file ``name``, when the viewer may see
    it (published, or the staff): one query. ``None`` otherwise, or for no story's file."""
    return (
        Story.objects.visible_to(viewer)
        .filter(Q(cover_image=name) | Q(pk__in=StoryImage.objects.filter(image=name).values("story_id")))
        .only("pk", "state")
        .first()
    )
