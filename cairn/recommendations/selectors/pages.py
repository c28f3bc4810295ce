"""The registry's pages: one recommendation, and the cycle, theme and working-group pages
with their status summaries."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import get_language

from cairn.accounts.models import User
from cairn.accounts.selectors import PersonShown, person_shown
from cairn.core.audit import history_of
from cairn.core.models import AuditEntry
from cairn.core.pagination import KnownCountPaginator
from cairn.core.sections import ShownSection, shown_sections
from cairn.core.stamps import stamp
from cairn.recommendations.models import (
    GROUP_ROLE_LABELS,
    Assessment,
    Cycle,
    GroupPerson,
    GroupRole,
    LinkKind,
    Recommendation,
    RecommendationLink,
    RecommendationQuerySet,
    RecommendationTranslation,
    Theme,
    WorkingGroup,
)
from cairn.recommendations.rates import StatusCounts
from cairn.recommendations.rules import can_see_internal
from cairn.recommendations.selectors.audit import describe_audit_entries

# --- One recommendation ----------------------------------------------------------------


@dataclass(frozen=True)
class GroupPersonShown:
    """Someone of a working group with their role: a member named as the viewer may see
    them (``accounts.selectors.person_shown``), a historical name as written."""

    role: str
    role_label: str
    person: PersonShown


@dataclass
class GroupShown:
    group: WorkingGroup
    people: list[GroupPersonShown]


@dataclass
class RelatedShown:
    recommendation: Recommendation
    relation: str


@dataclass
class RecommendationPage:
    recommendation: Recommendation
    parent: Recommendation | None
    groups: list[GroupShown]
    sub_items: list[Recommendation]
    timeline: list[Assessment]
    related: list[RelatedShown]
    history: list[AuditEntry] | None
    shows_internal: bool
    sections: list[ShownSection] = field(default_factory=list)
    # The title and text in the reader's language when the recommendation was written in
    # another and carries a translation in theirs; None: the original is shown.
    translation: tuple[str, str] | None = None


# --- Sections later apps add to the recommendation page ---------------------------------

# The projects that followed from a recommendation, the stories that tell of it… are
# registered by those apps under the ``recommendation_page_sections`` hook
# (cairn/core/sections.py): ``load(recommendation, viewer)``; templates get ``items``,
# ``rec`` and ``viewer``.


def recommendation_sections(recommendation: Recommendation, viewer: User | AnonymousUser) -> list[ShownSection]:
    return shown_sections("recommendation_page_sections", recommendation, viewer)


_ROLE_ORDER = {role: index for index, role in enumerate(GroupRole.values)}


def group_people_shown(people: Iterable[GroupPerson], viewer: User | AnonymousUser) -> list[GroupPersonShown]:
    """A group's people in role order. Needs ``user__profile`` joined (no query here)."""
    shown = []
    for person in sorted(people, key=lambda p: (_ROLE_ORDER.get(p.role, 99), p.pk)):
        named = PersonShown(name=person.name) if person.user_id is None else person_shown(person.user, viewer)
        role_label = GROUP_ROLE_LABELS[GroupRole(person.role)].for_person(named) if person.role in GroupRole.values else person.role
        shown.append(GroupPersonShown(role=person.role, role_label=role_label, person=named))
    return shown


@stamp("group-people")
def group_people_stamp() -> tuple[str]:
    """What changes when someone joins or leaves a working group, changes role or account,
    or when the profile of a member in a group changes (name, visibility, gender: how a
    page names them) or is erased: a digest of every group person with their profile's
    latest change (one query over a few thousand rows at most). Watched in
    ``RecommendationsConfig.ready``; ``group_people_add`` forgets it after its bulk insert."""
    rows = GroupPerson.objects.order_by("pk").values_list("pk", "group_id", "role", "user_id", "name", "user__profile__updated_at")
    return (hashlib.sha256(repr(list(rows)).encode()).hexdigest(),)


def _people_prefetch() -> Prefetch:
    return Prefetch("people", queryset=GroupPerson.objects.select_related("user__profile").order_by("pk"))


def recommendation_page(*, viewer: User | AnonymousUser, reference: str) -> RecommendationPage | None:
    """Everything the recommendation page shows, or None when the viewer may not see it.

    Queries: the recommendation with cycle, theme, category and parent (1); its groups (2)
    and their people with account and profile (3); its departments (4); its visible
    sub-items with their status (5); its status history (6); related recommendations in
    both directions with their status (7); for staff, the audit history (8); then the
    queries of the sections later apps registered (the ``recommendation_page_sections`` hook).
    """
    shows_internal = bool(can_see_internal(viewer))
    visible = Recommendation.objects.visible_to(viewer)
    timeline = Assessment.objects.select_related("interviewee_department").order_by("effective_date", "published_at", "pk")
    if not shows_internal:
        timeline = timeline.filter(published_at__isnull=False)
    else:
        timeline = timeline.select_related("assessed_by__profile", "campaign")
    groups: QuerySet[WorkingGroup] = WorkingGroup.objects.order_by("name").prefetch_related(_people_prefetch())
    # The reader's language's translation, if any, in the same query (two subqueries).
    translation = RecommendationTranslation.objects.filter(recommendation=OuterRef("pk"), language=(get_language() or "fr")[:2])
    recommendation = (
        visible.with_status()
        .annotate(translated_title=Subquery(translation.values("title")[:1]), translated_text=Subquery(translation.values("text")[:1]))
        .select_related("cycle", "theme__category", "theme__cycle", "parent__theme__cycle", "parent__cycle")
        .prefetch_related(
            Prefetch("groups", queryset=groups),
            "departments",
            Prefetch("sub_items", queryset=visible.with_status().order_by("position", "pk"), to_attr="visible_sub_items"),
            Prefetch("assessments", queryset=timeline, to_attr="timeline"),
        )
        .filter(reference=reference)
        .first()
    )
    if recommendation is None:
        return None
    parent = recommendation.parent
    if parent is not None and not shows_internal and not parent.is_public():
        parent = None
    links_to = RecommendationLink.objects.filter(source=recommendation, target=OuterRef("pk"))
    links_from = RecommendationLink.objects.filter(source=OuterRef("pk"), target=recommendation)
    related_rows = (
        visible.with_status()
        .filter(Q(Exists(links_to)) | Q(Exists(links_from)))
        .annotate(kind_to=Subquery(links_to.values("kind")[:1]), kind_from=Subquery(links_from.values("kind")[:1]))
        .select_related("cycle")
        .order_by("cycle__starts_on", "reference")
    )
    related = [RelatedShown(row, _relation(row.kind_to, row.kind_from)) for row in related_rows]  # type: ignore[attr-defined]
    history = None
    if rules.has_perm("recommendations.view_audit", viewer):
        history = describe_audit_entries(list(history_of(recommendation).select_related("actor__profile")[:HISTORY_SHOWN]))
    return RecommendationPage(
        recommendation=recommendation,
        parent=parent,
        groups=[GroupShown(group, group_people_shown(group.people.all(), viewer)) for group in recommendation.groups.all()],
        sub_items=recommendation.visible_sub_items,  # type: ignore[attr-defined]
        timeline=recommendation.timeline,  # type: ignore[attr-defined]
        related=related,
        history=history,
        shows_internal=shows_internal,
        sections=recommendation_sections(recommendation, viewer),
        translation=(
            (recommendation.translated_title, recommendation.translated_text or "")  # type: ignore[attr-defined]
            if getattr(recommendation, "translated_title", None)
            else None
        ),
    )


def recommendation_heading(*, viewer: User | AnonymousUser, reference: str) -> tuple[str, str] | None:
    """The reference and title of the recommendation ``viewer`` may see under ``reference``
    (the page's title), or None when there is none: one small query."""
    return Recommendation.objects.visible_to(viewer).filter(reference=reference).values_list("reference", "title").first()


#: The latest audit entries the recommendation page shows staff (the history page has them all).
HISTORY_SHOWN = 20

RELATION_SAME = "same_as"
RELATION_CONTINUES = "continues"  # this recommendation continues the other one
RELATION_CONTINUED_BY = "continued_by"  # the other one continues this recommendation


RELATION_MERGED_INTO = "merged_into"  # this recommendation was merged into the other one
RELATION_MERGED_FROM = "merged_from"  # the other one was merged into this recommendation


def _relation(kind_to: str | None, kind_from: str | None) -> str:
    if LinkKind.SAME_AS in (kind_to, kind_from):
        return RELATION_SAME
    if kind_to == LinkKind.MERGED_INTO:
        return RELATION_MERGED_INTO
    if kind_from == LinkKind.MERGED_INTO:
        return RELATION_MERGED_FROM
    return RELATION_CONTINUES if kind_to == LinkKind.CONTINUES else RELATION_CONTINUED_BY


def recommendation_for_staff(*, viewer: User | AnonymousUser, pk: int) -> Recommendation | None:
    """A recommendation ``viewer`` may see, with its theme, cycle and status, for the staff
    pages on one recommendation (assess, correct, history)."""
    return Recommendation.objects.visible_to(viewer).select_related("theme", "cycle").with_status().filter(pk=pk).first()


# --- Cycle, theme and working-group pages ----------------------------------------------


@dataclass
class ListingPage:
    """A cycle, theme or group page: the object, one page of its recommendations in the
    registry's order (each with ``status``), and the status summary of them all."""

    obj: Any
    recommendations: Page
    summary: StatusCounts
    themes: list[Theme] = field(default_factory=list)
    groups: list[WorkingGroup] = field(default_factory=list)
    people: list[GroupPersonShown] = field(default_factory=list)


#: A cycle lists a few dozen recommendations (hundreds at ten times the cooperative's size).
LISTING_PAGE_SIZE = 50


def _listed(recommendations: RecommendationQuerySet, summary: StatusCounts, page: Any) -> Page:
    """A page of ``recommendations``; the summary's total is their count (no extra COUNT)."""
    ordered = recommendations.select_related("theme").in_chronological_order()
    return KnownCountPaginator(ordered, LISTING_PAGE_SIZE, count=summary.total).get_page(page)


def cycle_page(*, viewer: User | AnonymousUser, slug: str, page: Any = 1) -> ListingPage | None:
    """Queries: the cycle (1), its themes (2), its recommendations with their theme (3),
    the status summary (4)."""
    cycle = Cycle.objects.visible_to(viewer).filter(slug=slug).first()
    if cycle is None:
        return None
    recommendations = Recommendation.objects.visible_to(viewer).with_status().filter(cycle=cycle)
    themes = list(Theme.objects.visible_to(viewer).filter(cycle=cycle).select_related("category").order_by("title"))
    summary = StatusCounts.of_queryset(recommendations)
    return ListingPage(obj=cycle, recommendations=_listed(recommendations, summary, page), summary=summary, themes=themes)


def theme_page(*, viewer: User | AnonymousUser, theme_id: int, page: Any = 1) -> ListingPage | None:
    """Queries: the theme with cycle, category and the theme it prolongs (1), its groups (2),
    its recommendations (3), the status summary (4)."""
    theme = Theme.objects.visible_to(viewer).select_related("cycle", "category", "prolongs__cycle").filter(pk=theme_id).first()
    if theme is None:
        return None
    recommendations = Recommendation.objects.visible_to(viewer).with_status().filter(theme=theme)
    groups = list(theme.groups.order_by("name"))
    summary = StatusCounts.of_queryset(recommendations)
    return ListingPage(obj=theme, recommendations=_listed(recommendations, summary, page), summary=summary, groups=groups)


def group_page(*, viewer: User | AnonymousUser, group_id: int, page: Any = 1) -> ListingPage | None:
    """Queries: the group with theme and cycle (1), its people with account and profile (2),
    its recommendations (3), the status summary (4)."""
    group = WorkingGroup.objects.visible_to(viewer).select_related("theme__cycle").filter(pk=group_id).first()
    if group is None:
        return None
    recommendations = (
        Recommendation.objects.visible_to(viewer)
        .with_status()
        .filter(Exists(Recommendation.groups.through.objects.filter(recommendation=OuterRef("pk"), workinggroup=group)))
    )
    people = group_people_shown(group.people.select_related("user__profile"), viewer)
    summary = StatusCounts.of_queryset(recommendations)
    return ListingPage(obj=group, recommendations=_listed(recommendations, summary, page), summary=summary, people=people)
