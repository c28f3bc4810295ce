"""Named reads of members and profiles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from cairn.accounts.models import MemberImport, Profile, Skill, User, listing_scope
from cairn.accounts.roles import ROLE_PRECEDENCE, account_role_label
from cairn.core.pagination import CachedCountPaginator, KeysetPaginator
from cairn.core.search import among_few
from cairn.core.stamps import cached, stamp

DIRECTORY_PAGE_SIZE = 24
#: From this many characters a search goes through the trigram indexes and finds few
#: profiles; a shorter one matches most of them (``cairn.core.search.among_few``).
TRIGRAM_LENGTH = 3
#: The directory's order: by name, the id keeping equal names in one place (the index
#: ``accounts_profile_name_id`` walks it).
DIRECTORY_ORDER = ("display_name", "pk")


# --- How a person is named -----------------------------------------------------------------


@dataclass(frozen=True)
class PersonShown:
    """A person as a viewer may see them, wherever a page, feed, e-mail or export names
    someone: their display name, with their profile to link to, when the viewer may see
    that profile (``accounts.view_profile``); otherwise a neutral label. ``hidden`` says
    the name is a label, not theirs. ``gender`` (``Profile.gender``) is known only with the
    name, for their role to agree with them (``cairn/accounts/roles.py``); "" otherwise."""

    name: str
    profile_id: int | None = None
    hidden: bool = False
    gender: str = ""

    def __str__(self) -> str:
        return self.name


def neutral_person_label() -> str:
    """What stands for a member whose profile the viewer may not see."""
    return _("un·e sociétaire de la coopérative")


def person_shown(user: User | None, viewer: Any) -> PersonShown:
    """``user`` named as ``viewer`` may see them: the one place that decides it.

    Needs the user's profile joined (``select_related("…__profile")``): then no query, the
    viewer's roles aside (read once per request). An erased member is "Ancien·ne
    sociétaire" to everyone; an account without a profile, or one the viewer may not see,
    gets the neutral label.
    """
    if user is None:
        return PersonShown(name=neutral_person_label(), hidden=True)
    if user.anonymised_at is not None:
        return PersonShown(name=_("Ancien·ne sociétaire"), hidden=True)
    profile = getattr(user, "profile", None)
    # The rule itself, not ``viewer.has_perm``, which lets superusers see erased profiles.
    if profile is None or not rules.has_perm("accounts.view_profile", viewer or AnonymousUser(), profile):
        return PersonShown(name=neutral_person_label(), hidden=True)
    return PersonShown(name=profile.display_name, profile_id=profile.pk, gender=profile.gender)


@stamp("people")
def people_stamp() -> tuple[str, int]:
    """What changes when a member's profile does (name, visibility, gender: how pages name
    them), or an account is deactivated or erased: the latest change of any profile and the
    number of deactivated accounts, two lookups in small indexes. Pages kept for everyone
    who may see the same people (a story's author, a project's team, the directory) are
    keyed on it.
    Watched in ``AccountsConfig.ready``. The register's import writes names in bulk, with
    no signal: it moves the latest change, which the stamp shows once its kept value
    expires (``STAMP_TTL``); it never changes who may see a profile."""
    latest = Profile.objects.aggregate(latest=Max("updated_at"))["latest"]
    return (str(latest), User.objects.filter(is_active=False).count())


def people_shown(users: Iterable[User], viewer: Any) -> list[PersonShown]:
    """Each of ``users`` as ``viewer`` may see them (``person_shown``), in their order."""
    return [person_shown(user, viewer) for user in users]


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
        matches = directory_matches(q)
        qs = qs.filter(among_few(matches) if len(q) >= TRIGRAM_LENGTH else Q(pk__in=matches))
    if country:
        qs = qs.filter(country=country)
    if office_id:
        qs = qs.filter(office_id=office_id)
    if sector_id:
        qs = qs.filter(sector_id=sector_id)
    return qs.order_by(*DIRECTORY_ORDER).prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by(Lower("name"), "pk")))


def directory_matches(q: str) -> QuerySet[Any]:
    """The ids of the profiles whose name or profession holds ``q`` or who have the skill
    ``q``: three narrow queries joined by ``UNION``, each able to use its own index (on
    PostgreSQL, trigram indexes on the upper-cased name and profession, migration 0005),
    instead of joining every profile to its skills and removing the duplicates with
    ``DISTINCT``. On SQLite the name and profession are still scanned (docs/performance.md)."""
    by_name = Profile.objects.filter(display_name__icontains=q).values("pk")
    by_profession = Profile.objects.filter(profession__icontains=q).values("pk")
    by_skill = Profile.skills.through.objects.filter(skill__name__iexact=q).values("profile_id")
    return by_name.union(by_profession, by_skill)


def directory_paginator(profiles: QuerySet[Profile], *, viewer: User | AnonymousUser, filters: dict[str, Any]) -> KeysetPaginator:
    """Paginate the directory by keyset (``?after=``, ``?before=``, ``?last=1``): its deep
    and last pages seek in the name index instead of sorting and skipping every profile
    before them. The total is cached per listing scope and filters."""
    scope = listing_scope(viewer)
    key_filters = sorted((name, str(getattr(value, "pk", value))) for name, value in filters.items() if value)
    counted = CachedCountPaginator(profiles, DIRECTORY_PAGE_SIZE, cache_name="directory", cache_parts=(scope, key_filters))
    return KeysetPaginator(profiles, DIRECTORY_PAGE_SIZE, ordering=DIRECTORY_ORDER, count=lambda: counted.count)


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
    return MemberImport.objects.select_related("created_by__profile")[:RECENT_IMPORTS]


def invited_user(*, user_id: int) -> User | None:
    """The active account an invitation link names, with its profile; None for anyone else."""
    return User.objects.select_related("profile").filter(pk=user_id, is_active=True, anonymised_at__isnull=True).first()


def api_tokens_of(*, user: Any) -> QuerySet[Any]:
    """A staff member's personal access tokens, newest first (their profile's token page)."""
    from cairn.accounts.models import ApiToken

    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def own_api_token(*, user: Any, pk: int) -> Any:
    """One of the user's own tokens, or None (another's token looks missing)."""
    return api_tokens_of(user=user).filter(pk=pk).first()


# --- Choosing people in a form (the people picker: accounts.forms.PeopleField) -------------

#: How many people a search by name offers at once.
PEOPLE_FOUND = 12


@dataclass(frozen=True)
class PersonChoice:
    """A person as a form offers them: the name the viewer may see, office and role; never
    an e-mail address."""

    pk: int
    name: str
    office: str
    role: str


def people_choices(users: Iterable[User], viewer: Any) -> list[PersonChoice]:
    """``users`` (from ``_people``: profile, office and ``shown_role``) as a picker shows them to ``viewer``."""
    choices = []
    for user in users:
        shown = person_shown(user, viewer)
        profile = getattr(user, "profile", None)
        office = profile.office.name if profile is not None and profile.office and not shown.hidden else ""
        role = getattr(user, "shown_role", None)
        choices.append(
            PersonChoice(pk=user.pk, name=str(shown.name), office=office, role=account_role_label({role} if role else set(), shown))
        )
    return choices


def _people(queryset: QuerySet[User]) -> QuerySet[User]:
    """The people with profile and office, and the role shown (a subquery: one query in all)."""
    ranked = (
        User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name__in=ROLE_PRECEDENCE)
        .order_by(Case(*(When(group__name=role, then=Value(n)) for n, role in enumerate(ROLE_PRECEDENCE))))
        .values("group__name")[:1]
    )
    return queryset.select_related("profile__office").annotate(shown_role=Subquery(ranked))


def people_found(*, candidates: QuerySet[User], viewer: Any, query: str, limit: int = PEOPLE_FOUND) -> list[PersonChoice]:
    """The ``candidates`` whose name matches ``query``, among the profiles ``viewer`` may
    see, by name: one query (the people with profile, office and role)."""
    words = query.split()
    if not words:
        return []
    visible = Profile.objects.visible_to(viewer)
    for word in words:
        visible = visible.filter(display_name__icontains=word)
    found = _people(candidates.filter(profile__in=visible.values("pk"))).order_by("profile__display_name", "pk")[:limit]
    return people_choices(found, viewer)


def people_chosen(*, candidates: QuerySet[User], viewer: Any, ids: Iterable[int]) -> list[PersonChoice]:
    """The people a form names now, as the picker lists them (one query)."""
    ids = list(ids)
    if not ids:
        return []
    return people_choices(_people(candidates.filter(pk__in=ids)).order_by("profile__display_name", "pk"), viewer)


def people_listed(*, candidates: QuerySet[User], viewer: Any) -> list[PersonChoice]:
    """Every one of a small circle of ``candidates`` (a picker with ``listed``), by name (one query)."""
    return people_choices(_people(candidates.all()).order_by("profile__display_name", "pk"), viewer)


def people_with_roles(roles: Iterable[str], *, keeping: Iterable[int] = ()) -> QuerySet[User]:
    """Whom the picker's search endpoint looks among: active accounts holding one of
    ``roles``; a form adds the people its object names now (``keeping``: their ids), kept
    as they are even after they left (``User.objects.nameable``)."""
    keeping = list(keeping)
    holders = Q(groups__name__in=list(roles)) | Q(pk__in=keeping) if keeping else Q(groups__name__in=list(roles))
    return User.objects.nameable(keeping=keeping).filter(holders).distinct()
