"""Stories about a hackathon: its organisers link the published stories that tell of it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cairn.core.audit import record_change
from cairn.hackathons.models import Hackathon
from cairn.stories.models import Story


def hackathon_story_link(*, actor: Any, hackathon: Hackathon, story: Story) -> None:
    """Say that ``story`` tells of the hackathon (linking it twice changes nothing); only a
    published story, so no draft's title shows on the hackathon's page."""
    if not story.is_published:
        raise ValidationError(_("Seul un récit publié peut être lié au hackathon."))
    with transaction.atomic():
        if not hackathon.stories.filter(pk=story.pk).exists():
            hackathon.stories.add(story)
            record_change(actor=actor, instance=hackathon, action="hackathon_story_link", after={"story": story.slug})


def hackathon_story_unlink(*, actor: Any, hackathon: Hackathon, story: Story) -> None:
    """The story no longer shows on the hackathon's page, nor the hackathon on the story's."""
    with transaction.atomic():
        if hackathon.stories.filter(pk=story.pk).exists():
            hackathon.stories.remove(story)
            record_change(actor=actor, instance=hackathon, action="hackathon_story_unlink", before={"story": story.slug})
