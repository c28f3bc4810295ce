"""What the state of play shows beside each broad theme's figures, from the apps it sits on
(``reports`` is the top layer: it may import them). Registered in ``ReportsConfig.ready()``."""

from __future__ import annotations

from typing import Any

from cairn.reports.figures import Row
from cairn.reports.selectors import CategoryExtra

#: How many of each broad theme's latest stories the state of play shows.
STORIES_PER_CATEGORY = 3


def category_stories(rows: list[Row], viewer: Any) -> CategoryExtra | None:
    """Each broad theme's latest published stories (public: the same for every viewer),
    as plain values so that the dashboard can cache the rendered page. One query when no
    theme has a story, three otherwise, whatever the number of themes."""
    from django.urls import reverse

    from cairn.stories.selectors import stories_by_category

    del viewer
    by_slug = stories_by_category(category_slugs=[row.key for row in rows], per_category=STORIES_PER_CATEGORY)
    items = {
        slug: [
            {
                "title": story.reading.title,  # type: ignore[attr-defined]
                "language": story.reading.language,  # type: ignore[attr-defined]
                "language_label": story.reading.get_language_display(),  # type: ignore[attr-defined]
                "path": reverse("stories:detail", args=[story.slug]),
                "published_at": story.published_at,
            }
            for story in stories
        ]
        for slug, stories in by_slug.items()
        if stories
    }
    return CategoryExtra(template="reports/_category_stories.html", items=items) if items else None


def register() -> None:
    from cairn.reports.selectors import register_category_extra
    from cairn.stories.selectors import published_stamp

    register_category_extra("stories", category_stories, stamp=published_stamp)
