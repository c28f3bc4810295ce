"""Who may do what with stories.

The staff (coordination team, department leads, admins) write stories and see them before
publication; the coordination team and admins publish, unpublish and send back; a
published story is edited only by those who may publish it. Everyone else sees published
stories only, and an unpublished one answers 404.
"""

from __future__ import annotations

from typing import Any

import rules

from cairn.accounts.rules import is_admin, is_coordinator, is_staff_member

can_see_unpublished = is_staff_member
can_write_stories = is_staff_member
can_publish_stories = is_coordinator | is_admin


@rules.predicate
def story_is_published(user: Any, story: Any) -> bool:
    return story is not None and story.state == "published"


rules.add_perm("stories.view_unpublished", can_see_unpublished)
rules.add_perm("stories.write", can_write_stories)
rules.add_perm("stories.publish", can_publish_stories)
#: Edit this story (an object-level check): staff writers until it is published, then
#: only those who may publish it.
rules.add_perm("stories.change_story", can_publish_stories | (can_write_stories & ~story_is_published))
