"""Projects and the notifications app: the events projects raise (an update posted, a
project linked to a recommendation), called by the services inside their transaction and
fanned out after commit by the notifications app; and what ``hooks.py`` registers there
(projects can be followed; how their events read)."""

from __future__ import annotations

from typing import Any

from cairn.recommendations.models import Recommendation


def project_update_posted(*, update: Any) -> None:
    from cairn.notifications.services import notify_event

    project = update.project
    if project.is_internal:
        return
    # The followers of the project, and of the recommendations it answers.
    answered = project.answers.filter(Recommendation.public_q("recommendation__")).values_list("recommendation_id", flat=True)
    notify_event(
        kind="project_update",
        targets=[("project", project.pk), *(("recommendation", pk) for pk in answered)],
        subject=("project", project.pk),
        actor_id=update.author_id,
        data={"project": project.title, "update": update.pk},
        url_name="projects:detail",
        url_args=[project.pk],
    )


def project_linked(*, link: Any) -> None:
    from cairn.notifications.services import notify_event

    project, recommendation = link.project, link.recommendation
    if project.is_internal or not recommendation.is_public():
        return
    notify_event(
        kind="project_linked",
        targets=[("recommendation", recommendation.pk)],
        subject=("recommendation", recommendation.pk),
        actor_id=None,
        data={"project": project.title, "recommendation": recommendation.reference, "answer": link.answer},
        url_name="projects:detail",
        url_args=[project.pk],
    )


def project_titles(ids: Any) -> dict[int, tuple[str, str]]:
    from django.urls import reverse

    from cairn.projects.models import Project

    rows = Project.objects.public().filter(pk__in=list(ids)).values_list("pk", "title")
    return {pk: (title, reverse("projects:detail", args=[pk])) for pk, title in rows}


def describe_project_update(data: dict[str, Any]) -> str:
    from django.utils.translation import gettext as _

    return _("Nouvelle actualité du projet « %(project)s »") % {"project": data.get("project", "")}


def describe_project_linked(data: dict[str, Any]) -> str:
    from django.utils.translation import gettext as _

    if data.get("answer") == "fully":
        return _("Le projet « %(project)s » y répond entièrement") % {"project": data.get("project", "")}
    return _("Le projet « %(project)s » y répond en partie") % {"project": data.get("project", "")}


def projects_shown(ids: Any, viewer: Any) -> dict[int, Any]:
    """What a question about a project shows of it (the ``inbox_items`` hook): only the
    projects the viewer may see, in one query."""
    from django.urls import reverse

    from cairn.core.items import ItemShown
    from cairn.projects.models import Project

    rows = Project.objects.visible_to(viewer).filter(pk__in=list(ids)).values_list("pk", "title")
    return {pk: ItemShown(title, reverse("projects:detail", args=[pk])) for pk, title in rows}


def project_topics() -> Any:
    """A project's broad themes, those of the recommendations it answers (the ``inbox_items`` hook's ``topics``)."""
    from django.db.models import F

    from cairn.projects.models import Project

    return Project.objects.annotate(broad_theme=F("recommendations__theme__category")).values("pk", "broad_theme")


def project_follow_route(*, item_id: int, user: Any) -> str:
    """An expression of interest in a project becomes a follow of it."""
    from django.utils.translation import gettext as _

    from cairn.notifications.services import follow

    follow(user=user, kind="project", target_id=item_id)
    return _("La personne suit désormais ce projet.")
