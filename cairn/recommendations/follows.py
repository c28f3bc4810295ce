"""What members may follow in the registry, and how its events read in a notification.
Registered with the notifications app from ``RecommendationsConfig.ready()``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def recommendation_titles(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    from cairn.recommendations.models import Recommendation

    rows = Recommendation.objects.filter(pk__in=list(ids), is_internal=False, theme__is_internal=False, cycle__is_internal=False)
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

    rows = WorkingGroup.objects.filter(pk__in=list(ids), theme__is_internal=False, theme__cycle__is_internal=False)
    return {group.pk: (group.name, reverse("recommendations:group", args=[group.pk])) for group in rows}


def describe_assessment_published(data: dict[str, Any]) -> str:
    from cairn.recommendations.models import Status

    status = Status(data["status"]).label if data.get("status") in Status.values else data.get("status", "")
    return _("Nouvel état d’avancement : %(status)s") % {"status": status}


def register() -> None:
    from django.utils.translation import gettext_lazy

    from cairn.notifications.registry import register_event_kind, register_followable

    register_followable(
        "recommendation",
        label=gettext_lazy("Recommandation"),
        titles=recommendation_titles,
        implicit_followers=recommendation_implicit_followers,
    )
    register_followable("category", label=gettext_lazy("Grande thématique"), titles=category_titles)
    register_followable("group", label=gettext_lazy("Groupe de travail"), titles=group_titles)
    register_event_kind("assessment_published", describe=describe_assessment_published)


def notify_assessment_published(*, assessment: Any, recommendation: Any, actor: Any) -> None:
    """Tell the followers of the recommendation, of its category and of its groups."""
    from cairn.notifications.services import notify_event

    if recommendation.is_internal:
        return
    theme = recommendation.theme
    if theme.is_internal or recommendation.cycle.is_internal:
        return
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
