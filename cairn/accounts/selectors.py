"""Named reads of members and profiles."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from cairn.accounts.models import MemberImport, Profile, Skill, User, listing_scope
from cairn.core.pagination import CachedCountPaginator
from cairn.core.stamps import cached

DIRECTORY_PAGE_SIZE = 24


def profile_directory(
    *, viewer: User | AnonymousUser, q: str = "", country: str = "", office_id: int | None = None, sector_id: int | None = None
):
    """Profiles the directory lists for the viewer, filtered, with what a directory card shows.

    Two queries per page whatever the size: the profiles (office and sector joined) and
    their skills (one prefetch); the paginator's COUNT makes a third, cached by
    ``directory_paginator``.
    """
    qs = Profile.objects.listed_for(viewer).select_related("user", "office", "sector")
    if q:
        qs = qs.filter(Q(display_name__icontains=q) | Q(skills__name__iexact=q) | Q(profession__icontains=q)).distinct()
    if country:
        qs = qs.filter(country=country)
    if office_id:
        qs = qs.filter(office_id=office_id)
    if sector_id:
        qs = qs.filter(sector_id=sector_id)
    return qs.order_by("display_name", "pk").prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by(Lower("name"), "pk")))


def directory_paginator(profiles: QuerySet[Profile], *, viewer: User | AnonymousUser, filters: dict[str, Any]) -> CachedCountPaginator:
    """Paginate the directory; the total is cached per listing scope and filters."""
    scope = listing_scope(viewer)
    key_filters = sorted((name, str(getattr(value, "pk", value))) for name, value in filters.items() if value)
    return CachedCountPaginator(profiles, DIRECTORY_PAGE_SIZE, cache_name="directory", cache_parts=(scope, key_filters))


def skill_suggestions(limit: int = 30) -> list[str]:
    """The most used skills, for the profile form's suggestions; cached for an hour
    (counting every member's skills on each form view would not scale)."""
    return cached(
        "skill-suggestions",
        limit,
        ttl=3600,
        compute=lambda: list(
            Skill.objects.annotate(uses=Count("profiles")).order_by("-uses", "name").values_list("name", flat=True)[:limit]
        ),
    )


def profile_for_page(*, profile_id: int) -> Profile | None:
    return (
        Profile.objects.select_related("user", "office", "sector", "department")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by(Lower("name"), "pk")), "interests")
        .filter(pk=profile_id)
        .first()
    )


#: How many of the latest member imports the import page lists.
RECENT_IMPORTS = 10


def recent_member_imports() -> QuerySet[MemberImport]:
    """The latest member imports with who ran them, for the import page."""
    return MemberImport.objects.select_related("created_by")[:RECENT_IMPORTS]


def invited_user(*, user_id: int) -> User | None:
    """The active account an invitation link names, with its profile; None for anyone else."""
    return User.objects.select_related("profile").filter(pk=user_id, is_active=True, anonymised_at__isnull=True).first()
