"""Stories and the notifications app: the event a story's first publication raises for the
followers of what it is about, and how that event reads (registered in ``hooks.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cairn.notifications.models import Event
from cairn.notifications.services import notify_event

STORY_PUBLISHED = "story_published"


def notify_story_published(
    *, story_id: int, titles: dict[str, str], title: str, about: Sequence[tuple[str, int]], slug: str, actor_id: int | None
) -> Event:
    """A story was published about ``about`` (the public recommendations and projects it
    links, its categories and its series): their followers are notified after commit, the
    notification grouped under the story (subject kind ``story``). ``titles`` (by language
    code) lets each member read the title in their language."""
    return notify_event(
        kind=STORY_PUBLISHED,
        targets=about,
        subject=("story", story_id),
        data={"title": title, "titles": dict(titles)},
        url_name="stories:detail",
        url_args=[slug],
        actor_id=actor_id,
    )


def story_was_announced(story_id: int) -> bool:
    return Event.objects.filter(kind=STORY_PUBLISHED, subject_kind="story", subject_id=story_id).exists()


def describe_story_published(data: dict[str, Any]) -> str:
    """The title in the reader's language when the story exists in it."""
    title = (data.get("titles") or {}).get((get_language() or "fr")[:2]) or data.get("title", "")
    return _("Nouveau récit : %(title)s") % {"title": title}
