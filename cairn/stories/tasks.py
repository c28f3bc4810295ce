"""Background work of stories: ids only, each idempotent."""

from django.tasks import task

from cairn.core.lanes import BULK


@task(queue_name=BULK)
def announce_publication(*, story_id: int, actor_id: int | None = None) -> bool:
    """Tell the followers of what a newly published story is about (services.story_publication_announce)."""
    from cairn.stories.services import story_publication_announce

    return story_publication_announce(story_id=story_id, actor_id=actor_id) is not None
