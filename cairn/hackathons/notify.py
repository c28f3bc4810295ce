"""What the hackathons tell the notifications app: a question proposed on a recommendation
reaches that recommendation's followers (registered in ``hooks.py``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

QUESTION_PROPOSED = "hackathon_question"


def question_proposed(*, question: Any, recommendation: Any) -> None:
    from cairn.notifications.services import notify_event

    if not recommendation.is_public():
        return
    notify_event(
        kind=QUESTION_PROPOSED,
        targets=[("recommendation", recommendation.pk)],
        subject=("recommendation", recommendation.pk),
        actor_id=question.proposed_by_id,
        data={"question": question.title, "hackathon": question.hackathon.title, "recommendation": recommendation.reference},
        url_name="hackathons:question",
        url_args=[question.hackathon.slug, question.pk],
    )


def describe_question_proposed(data: dict[str, Any]) -> str:
    return _("Question proposée pour le hackathon « %(hackathon)s » : %(question)s") % {
        "hackathon": data.get("hackathon", ""),
        "question": data.get("question", ""),
    }
