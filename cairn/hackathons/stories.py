"""Stories about a hackathon: the hackathon holds the link (the stories app, an earlier
layer, does not know hackathons). The hackathon's page lists its published stories, a
story's page names the hackathons it tells of (the ``story_page_sections`` hook), and the
organisers choose among the published stories. A draft hackathon is shown on no story's
page to those who may not see it."""

from __future__ import annotations

from typing import Any

from cairn.hackathons.models import Hackathon
from cairn.stories.models import Story, StoryQuerySet
from cairn.stories.selectors import stories_among


def hackathon_stories(*, hackathon: Hackathon, limit: int | None = 10) -> list[Story]:
    """The hackathon's published stories, newest first, in the reader's language. One query
    without any, two with."""
    return stories_among(Story.objects.filter(hackathons=hackathon), limit=limit)


def hackathons_for_story(story: Any, viewer: Any) -> list[Hackathon]:
    """The story page's "Hackathon" section: the hackathons it tells of that the viewer may
    see (a draft only for its organisers and the coordination team). One query."""
    return list(Hackathon.objects.visible_to(viewer).filter(stories=story).select_related("event").order_by("-event__starts_at", "pk"))


def linkable_stories() -> StoryQuerySet:
    """What organisers may link: the published stories, newest first."""
    return Story.objects.published().newest_first()


def story_choices(*, limit: int = 200) -> list[tuple[int, str]]:
    """The organisers' choice of stories to link: (id, title in the reader's language), the
    newest published first. Two queries."""
    return [(story.pk, story.reading.title) for story in stories_among(linkable_stories(), limit=limit)]  # type: ignore[attr-defined]
