"""The stories' endpoints (``/api/v1/stories/…``): published stories, in the caller's
language when they exist in it, read as the story pages read them (``stories_listed``,
``story_page``; docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from cairn.accounts.selectors import person_shown
from cairn.core.api import Paging, api_viewer, conditional, iso, page_url, paginate, parse_query, refuse_unknown_parameters
from cairn.stories.forms import StoryFilterForm
from cairn.stories.models import Story
from cairn.stories.selectors import (
    StoryFilters,
    attach_reading,
    publication_years,
    published_stamp,
    reader_language,
    stories_listed,
    story_page,
)

router = Router()


class StoryOut(Schema):
    id: int
    slug: str
    title: str
    lead: str
    language: str
    languages: list[str]
    published_at: str | None
    series: str | None
    categories: list[int]
    url: str


class StoryPage(Schema):
    items: list[StoryOut]
    next: str | None


class StoryDetail(StoryOut):
    body: str
    author: str
    recommendations: list[int]
    projects: list[int]


class StoryQuery(Schema):
    language: str | None = Field(None, description="fr, nl ou en : les récits écrits dans cette langue.")
    category: str | None = Field(None, description="Identifiant (slug) d’une grande thématique.")
    series: str | None = Field(None, description="Identifiant (slug) d’une série.")
    year: str | None = Field(None, description="Année de publication.")


class _StoryFilterForm(StoryFilterForm):
    def __init__(self, data: Any) -> None:
        super().__init__(data, years=publication_years())


def _story(request: HttpRequest, story: Story) -> dict[str, Any]:
    reading = story.reading  # type: ignore[attr-defined]
    return {
        "id": story.pk,
        "slug": story.slug,
        "title": reading.title if reading else "",
        "lead": reading.lead if reading else "",
        "language": reading.language if reading else "",
        "languages": story.languages,  # type: ignore[attr-defined]
        "published_at": iso(story.published_at),
        "series": story.series.slug if story.series else None,
        "categories": [c.pk for c in story.categories.all()],
        "url": page_url(request, reverse("stories:detail", args=[story.slug])),
    }


@router.get("/", response=StoryPage, summary="Récits")
def stories(request: HttpRequest, filters: Query[StoryQuery], paging: Query[Paging]) -> dict[str, Any]:
    """The published stories, with the story list's filters."""
    # Before the filters are checked, which reads the years of the stories: a kept answer
    # was made from valid ones.
    conditional(request, stamps=[published_stamp])
    form = parse_query(request, _StoryFilterForm)
    values = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    queryset = stories_listed(viewer=api_viewer(request), filters=StoryFilters(**values))
    return paginate(request, queryset, serialise=lambda rows: [_story(request, s) for s in attach_reading(list(rows), reader_language())])


@router.get("/{slug}", response=StoryDetail, summary="Un récit")
def story(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A story in the caller's language (else French first), with what it tells of."""
    refuse_unknown_parameters(request)
    viewer = api_viewer(request)
    page = story_page(viewer=viewer, slug=slug, language=reader_language())
    if page is None:
        raise Http404
    story = page.story
    story.reading, story.languages = page.reading, page.languages  # type: ignore[attr-defined]
    return {
        **_story(request, story),
        "body": page.reading.body,
        "author": person_shown(story.author, viewer).name if story.author else "",
        "recommendations": [r.pk for r in page.recommendations],
        "projects": [p.pk for p in page.projects],
    }
