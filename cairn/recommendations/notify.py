"""The registry and the notifications app: what members may follow in the registry (their
titles and implicit followers), how its events read in a notification (both registered in
``hooks.py``), and the event an assessment's publication raises."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def recommendation_titles(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    from cairn.recommendations.models import Recommendation

    rows = Recommendation.objects.public().filter(pk__in=list(ids))
    return {
        pk: (f"{reference} {title}", reverse("recommendations:detail", args=[reference]))
        for pk, reference, title in rows.values_list("pk", "reference", "title")
    }


def recommendation_implicit_followers(ids: Iterable[int]) -> dict[int, set[int]]:
    """The members of a recommendation's working groups follow it without asking."""
    from cairn.recommendations.models import GroupPerson, Recommendation

    links = Recommendation.groups.through.objects.filter(recommendation_id__in=list(ids)).values_list(
        "recommendation_id", "workinggroup_id"
    )
    groups_of: dict[int, set[int]] = {}
    for recommendation_id, group_id in links:
        groups_of.setdefault(group_id, set()).add(recommendation_id)
    followers: dict[int, set[int]] = {}
    people = GroupPerson.objects.filter(group_id__in=list(groups_of), user__isnull=False).values_list("group_id", "user_id")
    for group_id, user_id in people:
        for recommendation_id in groups_of[group_id]:
            followers.setdefault(recommendation_id, set()).add(user_id)
    return followers


def category_titles(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    from cairn.recommendations.models import ThemeCategory

    return {
        category.pk: (category.name, reverse("recommendations:registry") + f"?category={category.pk}")
        for category in ThemeCategory.objects.filter(pk__in=list(ids))
    }


def group_titles(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    from cairn.recommendations.models import WorkingGroup

    rows = WorkingGroup.objects.public().filter(pk__in=list(ids))
    return {group.pk: (group.name, reverse("recommendations:group", args=[group.pk])) for group in rows}


def describe_assessment_published(data: dict[str, Any]) -> str:
    from cairn.recommendations.models import Status

    status = Status(data["status"]).label if data.get("status") in Status.values else data.get("status", "")
    return _("Nouvel état d’avancement : %(status)s") % {"status": status}


def notify_assessment_published(*, assessment: Any, recommendation: Any, actor: Any) -> None:
    """Tell the followers of the recommendation, of its category and of its groups."""
    from cairn.notifications.services import notify_event

    if not recommendation.is_public():
        return
    theme = recommendation.theme
    targets: list[tuple[str, int]] = [("recommendation", recommendation.pk)]
    if theme.category_id:
        targets.append(("category", theme.category_id))
    targets += [("group", pk) for pk in recommendation.groups.values_list("pk", flat=True)]
    notify_event(
        kind="assessment_published",
        targets=targets,
        subject=("recommendation", recommendation.pk),
        data={"status": assessment.status, "effective_date": assessment.effective_date.isoformat(), "assessment": assessment.pk},
        url_name="recommendations:detail",
        url_args=[recommendation.reference],
        actor_id=getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None,
    )


def recommendations_shown(ids: Iterable[int], viewer: Any) -> dict[int, Any]:
    """What a question about a recommendation shows of it (the ``inbox_items`` hook): only
    the recommendations the viewer may see, in one query."""
    from cairn.core.items import ItemShown
    from cairn.recommendations.models import Recommendation

    rows = Recommendation.objects.visible_to(viewer).filter(pk__in=list(ids)).values_list("pk", "reference", "title")
    return {pk: ItemShown(f"{reference} {title}", reverse("recommendations:detail", args=[reference])) for pk, reference, title in rows}


def recommendation_topics() -> Any:
    """A recommendation's broad theme, its theme's category (the ``inbox_items`` hook's ``topics``)."""
    from django.db.models import F

    from cairn.recommendations.models import Recommendation

    return Recommendation.objects.annotate(broad_theme=F("theme__category")).values("pk", "broad_theme")


def recommendation_follow_route(*, item_id: int, user: Any) -> str:
    """An expression of interest in a recommendation becomes a follow of it."""
    from cairn.notifications.services import follow

    follow(user=user, kind="recommendation", target_id=item_id)
    return _("La personne suit désormais cette recommandation.")
