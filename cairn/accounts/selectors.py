"""Named reads of members and profiles."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q

from cairn.accounts.models import Profile, Skill, User


def profile_directory(
    *, viewer: User | AnonymousUser, q: str = "", country: str = "", office_id: int | None = None, sector_id: int | None = None
):
    """Profiles the viewer may see, filtered, with what a directory card shows.

    Two queries per page whatever the size: the profiles (office and sector joined) and
    their skills (one prefetch); the paginator's COUNT makes a third.
    """
    qs = Profile.objects.visible_to(viewer).select_related("user", "office", "sector")
    if q:
        qs = qs.filter(Q(display_name__icontains=q) | Q(skills__name__iexact=q) | Q(profession__icontains=q)).distinct()
    if country:
        qs = qs.filter(country=country)
    if office_id:
        qs = qs.filter(office_id=office_id)
    if sector_id:
        qs = qs.filter(sector_id=sector_id)
    return qs.order_by("display_name", "pk").prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("name")))


def profile_for_page(*, profile_id: int) -> Profile | None:
    return (
        Profile.objects.select_related("user", "office", "sector", "department")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("name")), "interests")
        .filter(pk=profile_id)
        .first()
    )
