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


def questions_announced(*, questions: Any, actor_id: int | None) -> None:
    """Questions the organisers wrote (selected at once) reach the followers of their public
    recommendations — only once the hackathon is out of its draft: a question written in a
    draft is announced when the call for questions opens."""
    from cairn.notifications.services import notify_event

    for question in questions:
        for recommendation in question.recommendations.all():
            if not recommendation.is_public():
                continue
            notify_event(
                kind=QUESTION_PROPOSED,
                targets=[("recommendation", recommendation.pk)],
                subject=("recommendation", recommendation.pk),
                actor_id=actor_id,
                data={
                    "question": question.title,
                    "hackathon": question.hackathon.title,
                    "recommendation": recommendation.reference,
                    "selected": True,
                },
                url_name="hackathons:question",
                url_args=[question.hackathon.slug, question.pk],
            )


def describe_question_proposed(data: dict[str, Any]) -> str:
    if data.get("selected"):
        return _("Question retenue pour le hackathon « %(hackathon)s » : %(question)s") % {
            "hackathon": data.get("hackathon", ""),
            "question": data.get("question", ""),
        }
    return _("Question proposée pour le hackathon « %(hackathon)s » : %(question)s") % {
        "hackathon": data.get("hackathon", ""),
        "question": data.get("question", ""),
    }


# --- The inbox (``inbox_items``): questions about a hackathon, interest routed to it --------

#: The phases that open something to members: proposing questions, registering.
OPENING_PHASES = ("call", "registration")


def hackathons_shown(ids: Any, viewer: Any) -> dict[int, Any]:
    """What a question about a hackathon shows of it: only the hackathons the viewer may see
    (a draft for its organisers and the team), in one query."""
    from django.urls import reverse

    from cairn.core.items import ItemShown
    from cairn.hackathons.models import Hackathon

    rows = Hackathon.objects.visible_to(viewer).filter(pk__in=list(ids)).values_list("pk", "title", "slug")
    return {pk: ItemShown(title, reverse("hackathons:detail", args=[slug])) for pk, title, slug in rows}


def hackathon_opened(*, hackathon: Any, person: Any = None) -> int:
    """Tell the people who asked the inbox to hear of this hackathon, or of a recommendation
    one of its questions answers, that its call for questions or its registration is open:
    once per phase and address (the inbox's ``interested_notify``). With ``person``, only
    that member (an interest routed here after the opening)."""
    from cairn.hackathons.models import Question
    from cairn.inbox.services.interest import interested_notify

    recommendations = Question.recommendations.through.objects.filter(question__hackathon=hackathon).values_list(
        "recommendation_id", flat=True
    )
    return interested_notify(
        about=[("hackathon", hackathon.pk), *(("recommendation", pk) for pk in sorted(set(recommendations)))],
        key=f"hackathon:{hackathon.pk}:{hackathon.phase}",
        title=hackathon.title,
        url=hackathon.get_absolute_url(),
        person=person,
    )


def hackathon_interest_route(*, item_id: int, user: Any) -> str:
    """An interest in a hackathon becomes the invitation to take part while its call for
    questions or its registration is open: the notice the opening sent, to this member once."""
    from django.core.exceptions import ValidationError

    from cairn.hackathons.models import Hackathon

    hackathon = Hackathon.objects.get(pk=item_id)
    if hackathon.phase not in OPENING_PHASES:
        raise ValidationError(_("Ce hackathon ne reçoit ni questions ni inscriptions en ce moment."), code="not_open")
    if hackathon_opened(hackathon=hackathon, person=user):
        return _("La personne a reçu le lien pour proposer une question ou s’inscrire.")
    return _("La personne avait déjà reçu le lien de cette phase du hackathon.")


def hackathon_topics() -> Any:
    """A hackathon's broad themes, those of its questions' recommendations (the ``inbox_items`` hook's ``topics``)."""
    from django.db.models import F

    from cairn.hackathons.models import Hackathon

    return Hackathon.objects.annotate(broad_theme=F("questions__recommendations__theme__category")).values("pk", "broad_theme")
