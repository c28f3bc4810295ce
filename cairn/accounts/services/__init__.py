"""Every write to members and their accounts goes through these functions."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from cairn.accounts.imports import ImportPlan, MemberRow
from cairn.accounts.models import ApiToken, Interest, Language, MemberImport, Profile, Role, Skill, User, Visibility
from cairn.core import hooks
from cairn.core.audit import audit_entry, changes_made_by, record_change, record_changes, snapshot
from cairn.core.editing import refuse_stale
from cairn.core.models import SharedCacheEntry


def member_register(*, user: User, display_name: str, language: str) -> Profile:
    """Give a newly signed-up account its profile — and no role: signing up does not make a
    member. The member role comes from the cooperative's register, through ``member_import``,
    which recognises the account by its e-mail address."""
    return Profile.objects.create(user=user, display_name=display_name.strip(), language=language)


def skills_from_names(names: Iterable[str]) -> list[Skill]:
    """The skills with these names, created when new; matching ignores case."""
    wanted: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())[:60]
        if name:
            wanted.setdefault(name.lower(), name)
    if not wanted:
        return []
    existing = {s.name.lower(): s for s in Skill.objects.annotate(lname=Lower("name")).filter(lname__in=wanted)}
    missing = [Skill(name=name) for key, name in wanted.items() if key not in existing]
    if missing:
        Skill.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {s.name.lower(): s for s in Skill.objects.annotate(lname=Lower("name")).filter(lname__in=wanted)}
    return [existing[key] for key in wanted]


#: What a member edits on their own profile; the profile form takes its fields from here.
PROFILE_FIELDS = ["display_name", "language", "country", "office", "sector", "profession", "bio", "visibility", "gender"]


def profile_update(
    *,
    profile: Profile,
    data: dict[str, Any],
    skill_names: Iterable[str],
    interests: Iterable[Interest],
    expected_updated_at: datetime.datetime | None = None,
) -> Profile:
    """Save the fields a member edits on their own profile. An edit made on a version
    changed since (another tab, an import) raises ``StaleEdit`` (``cairn.core.editing``)."""
    with transaction.atomic():
        refuse_stale(Profile.objects.select_for_update().get(pk=profile.pk), expected_updated_at)
        for name in PROFILE_FIELDS:
            setattr(profile, name, data[name])
        profile.save(update_fields=[*PROFILE_FIELDS, "updated_at"])
        profile.skills.set(skills_from_names(skill_names))
        profile.interests.set(list(interests))
    return profile


def user_set_language(*, user: User, language: str) -> None:
    """Remember the language a signed-in member chose."""
    from cairn.accounts.selectors import people_stamp

    if language in Language.values and Profile.objects.filter(user=user).exclude(language=language).update(
        language=language, updated_at=timezone.now()
    ):
        people_stamp.forget()  # update() sends no signal; their kept profile form shows the language at once


def user_set_roles(*, user: User, roles: Iterable[str]) -> None:
    """Replace the user's staff roles. The member role is not one of them: the account keeps
    it or stays without it, since only the register (``member_import``) makes a member."""
    names = set(roles)
    if Role.MEMBER in names:
        raise ValueError("The member role comes from the register: import it with member_import.")
    if Role.MEMBER in user.role_names:
        names.add(Role.MEMBER)
    user.groups.set(Group.objects.filter(name__in=names))
    user.__dict__.pop("_role_names", None)


@dataclass(frozen=True)
class PersonalData:
    """What an app holds about a member, registered under the ``personal_data`` hook from
    its ``hooks.py``: its section of the data export (``export(user=…)`` → JSON-able data,
    each row of the app's tables that names the member with its ``id``) and its step of
    erasure (``erase(user=…)``: what must go when the member leaves, the contributions
    staying under no name). ``cairn/tests/test_personal_data.py`` checks that every row
    naming a member is in the export."""

    section: str
    export: Callable[..., Any]
    erase: Callable[..., None] | None = None


#: The version of the export's layout; it changes when a key changes meaning or place.
EXPORT_FORMAT = "cairn-personal-data/2"


def _export_account(user: User) -> dict[str, Any]:
    from allauth.mfa.models import Authenticator

    return {
        "id": user.pk,
        "email": user.email,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "invited_at": user.invited_at.isoformat() if user.invited_at else None,
        "roles": sorted(user.groups.values_list("name", flat=True)),
        # The name, scopes and dates of each API token; never its secret or digest.
        "api_tokens": [
            {
                "id": t.pk,
                "name": t.name,
                "scopes": t.scopes,
                "created_at": t.created_at.isoformat(),
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            for t in ApiToken.objects.filter(user=user).order_by("pk")
        ],
        "email_addresses": [
            {"id": a.pk, "email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # The kind of each device and its dates; never its secret.
        "two_factor_methods": [
            {
                "id": a.pk,
                "type": a.type,
                "created_at": a.created_at.isoformat(),
                "last_used_at": a.last_used_at.isoformat() if a.last_used_at else None,
            }
            for a in Authenticator.objects.filter(user=user).order_by("type", "pk")
        ],
        "member_imports": [
            {
                "id": record.pk,
                "at": record.created_at.isoformat(),
                "created": record.created_count,
                "updated": record.updated_count,
                "unchanged": record.unchanged_count,
            }
            for record in MemberImport.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
    }


def _export_profile(user: User) -> dict[str, Any] | None:
    profile = Profile.objects.select_related("office", "sector", "department").filter(user=user).first()
    if profile is None:
        return None
    return {
        "id": profile.pk,
        "display_name": profile.display_name,
        "language": profile.language,
        "country": profile.country,
        "office": profile.office.name if profile.office else None,
        "sector": profile.sector.name_fr if profile.sector else None,
        "profession": profile.profession,
        "department": profile.department.name_fr if profile.department else None,
        "skills": sorted(profile.skills.values_list("name", flat=True)),
        "interests": sorted(profile.interests.values_list("name_fr", flat=True)),
        "bio": profile.bio,
        "visibility": profile.visibility,
        "gender": profile.gender,
        "created_at": profile.created_at.isoformat(),
        "updated_at": profile.updated_at.isoformat(),
    }


def _export_audit(user: User) -> dict[str, Any]:
    """What the member changed: the audit trail's entries (``cairn.core.audit``) and the
    Django admin's own log."""
    from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry

    actions = {ADDITION: "addition", CHANGE: "change", DELETION: "deletion"}
    return {
        "changes": changes_made_by(user),
        "admin": [
            {
                "id": entry.pk,
                "action": actions.get(entry.action_flag, str(entry.action_flag)),
                "object": f"{entry.content_type.app_label}.{entry.content_type.model}:{entry.object_id}"
                if entry.content_type
                else entry.object_id,
                "label": entry.object_repr,
                "message": entry.get_change_message(),
                "at": entry.action_time.isoformat(),
            }
            for entry in LogEntry.objects.filter(user=user).select_related("content_type").order_by("action_time", "pk")
        ],
    }


def member_export_data(*, user: User) -> dict[str, Any]:
    """Everything Cairn holds about this person, as JSON-able data: the account, the
    profile and what they changed, then each app's section (the ``personal_data`` hook)."""
    data: dict[str, Any] = {"format": EXPORT_FORMAT, "exported_at": timezone.now().isoformat()}
    data["account"] = _export_account(user)
    data["profile"] = _export_profile(user)
    data["audit"] = _export_audit(user)
    held: PersonalData
    for held in hooks.get_hooks("personal_data"):
        data[held.section] = held.export(user=user)
    return data


def member_anonymise(*, user: User) -> None:
    """Erase the person and keep their contributions: the account row stays, under no name.

    The e-mail becomes a placeholder, the password unusable (which also ends every
    session), the profile is emptied, the roles are removed, and the skills only this
    person had (free tags they typed) go. Then each app takes its step (the
    ``personal_data`` hook). Audited on the account, without the erased values.
    """
    from allauth.mfa.models import Authenticator

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        api_token_checks_forget(user_id=user.pk)
        ApiToken.objects.filter(user=user).delete()
        user.email = f"anonymised-{user.pk}@invalid.example"
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.anonymised_at = timezone.now()
        user.save(update_fields=["email", "password", "is_active", "is_staff", "is_superuser", "anonymised_at"])
        user.groups.clear()
        user.user_permissions.clear()
        profile = Profile.objects.filter(user=user).first()
        if profile is not None:
            profile.display_name = ""
            profile.bio = ""
            profile.profession = ""
            profile.office = None
            profile.sector = None
            profile.department = None
            profile.country = ""
            profile.visibility = Visibility.PRIVATE
            profile.gender = ""
            erased = ["display_name", "bio", "profession", "office", "sector", "department", "country", "visibility", "gender"]
            profile.save(update_fields=[*erased, "updated_at"])
            skill_ids = list(profile.skills.values_list("pk", flat=True))
            profile.skills.clear()
            profile.interests.clear()
            _drop_unused_skills(skill_ids)
        # The member asked for it; the entry records when, not what was erased.
        record_change(actor=user, instance=user, action="anonymise", after=snapshot(user, ["anonymised_at"]))
        held: PersonalData
        for held in hooks.get_hooks("personal_data"):
            if held.erase is not None:
                held.erase(user=user)


def _drop_unused_skills(skill_ids: Iterable[int]) -> None:
    """Delete those of these skills that no profile has any more: a free tag one member
    typed goes with them, instead of being suggested to everyone else."""
    Skill.objects.filter(pk__in=list(skill_ids), profiles__isnull=True).delete()


#: The profile fields the register sets (the import's columns).
REGISTER_FIELDS = ["display_name", "language", "country", "office", "sector"]


def _profile_from_row(profile: Profile, row: MemberRow, now: datetime.datetime) -> Profile:
    profile.display_name, profile.language, profile.country = row.name, row.language, row.country
    profile.office_id, profile.sector_id, profile.updated_at = row.office_id, row.sector_id, now
    return profile


def member_import(*, plan: ImportPlan, actor: User | None) -> MemberImport:
    """Apply a checked import plan in one transaction; invitations go out after commit.

    New addresses get an account; existing accounts the register lists but that are not
    members yet are recognised (the member role, their profile from the register); members'
    profiles follow the register. Recognitions and profile changes are in the audit trail.
    Only a plan without errors is applied: one bad row and nothing is written.
    """
    from cairn.accounts.tasks import send_invitations

    if not plan.ok:
        raise ValueError("An import plan with errors cannot be applied.")
    member_group = Group.objects.get(name=Role.MEMBER)
    now = timezone.now()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(email=row.email, password=make_password(None), date_joined=now) for row in plan.to_create], batch_size=1000
        )
        Profile.objects.bulk_create(
            [
                Profile(
                    user=user,
                    display_name=row.name,
                    language=row.language,
                    country=row.country,
                    office_id=row.office_id,
                    sector_id=row.sector_id,
                    visibility=Visibility.MEMBERS,
                )
                for user, row in zip(users, plan.to_create, strict=True)
            ],
            batch_size=1000,
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=False, primary=True) for user in users], batch_size=1000
        )
        recognised = [item.user for item in plan.to_recognise if not item.is_member]
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=member_group.pk) for user in [*users, *recognised]], batch_size=1000
        )
        audit = [
            audit_entry(actor=actor, instance=user, action="member_recognised", before={"member": False}, after={"member": True})
            for user in recognised
        ]
        new_profiles = [
            _profile_from_row(Profile(user=item.user, visibility=Visibility.MEMBERS), item.row, now)
            for item in plan.to_recognise
            if item.profile is None
        ]
        Profile.objects.bulk_create(new_profiles, batch_size=1000)
        audit += [
            audit_entry(actor=actor, instance=profile, action="created_from_register", after=snapshot(profile, REGISTER_FIELDS))
            for profile in new_profiles
        ]
        changed = [*plan.to_update, *((item.row, item.profile) for item in plan.to_recognise if item.profile is not None)]
        updated = []
        for row, profile in changed:
            before = snapshot(profile, REGISTER_FIELDS)
            after = snapshot(_profile_from_row(profile, row, now), REGISTER_FIELDS)
            if after != before:
                updated.append(profile)
                audit.append(audit_entry(actor=actor, instance=profile, action="updated_from_register", before=before, after=after))
        Profile.objects.bulk_update(updated, [*REGISTER_FIELDS, "updated_at"], batch_size=1000)
        record_changes(audit)
        record = MemberImport.objects.create(
            created_by=actor,
            created_count=len(users),
            recognised_count=len(plan.to_recognise),
            updated_count=len(plan.to_update),
            unchanged_count=plan.unchanged,
        )
        # A recognised account that has no password yet (made by hand) is invited like a new
        # one; ``member_invite`` passes over those who have one.
        user_ids = [user.pk for user in users] + [item.user.pk for item in plan.to_recognise]
        for start in range(0, len(user_ids), INVITATION_BATCH):
            transaction.on_commit(partial(send_invitations.enqueue, user_ids=user_ids[start : start + INVITATION_BATCH]))
    return record


INVITATION_BATCH = 200


def member_invite(*, user: User) -> bool:
    """Send one invitation e-mail with a link to choose a password; once per account.

    Returns False when there is nothing to do: the member already has a password, was
    already invited, or left.
    """
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse
    from django.utils import translation

    from cairn.core.emails import send_templated_email

    with transaction.atomic():
        # Lock the account row only: PostgreSQL refuses FOR UPDATE on the outer-joined profile.
        user = User.objects.select_for_update(of=("self",)).select_related("profile").get(pk=user.pk)
        if user.invited_at or user.has_usable_password() or not user.is_active or user.anonymised_at:
            return False
        language = user.profile.language
        with translation.override(language):
            path = reverse(
                "accounts:accept_invitation",
                kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
            )
        send_templated_email(
            "accounts/email/invitation",
            to=[user.email],
            context={"name": user.profile.display_name, "url": settings.SITE_URL + path},
            language=language,
        )
        user.invited_at = timezone.now()
        user.save(update_fields=["invited_at"])
    return True


def member_accept_invitation(*, user: User, password: str) -> None:
    """The member chose a password through their invitation link: the address is proven."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        address, _ = EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"primary": True})
        if not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])


def shared_cache_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the expired rows of the shared cache (decision 0020): the counters of
    sign-in attempts, keyed by the client's address, and used TOTP codes. Django's
    database cache deletes them only once its table is full; this keeps an address at
    most a day past its limit's few minutes. With Redis the table stays empty. The API's
    rate counters of windows that are over go too (``cairn.core.services``)."""
    from cairn.core.services import rate_counters_purge

    now = now or timezone.now()
    deleted, _ = SharedCacheEntry.objects.filter(expires__lt=now).delete()
    return deleted + rate_counters_purge(now=now)


# Personal access tokens for the API (docs/api.md), in their own module.
from cairn.accounts.services.tokens import (  # noqa: E402, F401 (the app's services, in one place)
    API_TOKEN_PREFIX,
    API_TOKEN_USE_PRECISION,
    api_token_authenticate,
    api_token_checks_forget,
    api_token_create,
    api_token_digest,
    api_token_revoke,
)
