"""Writes of the registry's structure: cycles, theme categories, themes, working groups and
the people of each group. The registry import, the demo seed and the Django admin all go
through these functions: each validates with ``full_clean`` and is audited.

A creation records the values that differ from the field's default; an update, the values
before and after of what changed (nothing is recorded when nothing changed); a deletion, the
values before. Made in the Django admin (``via_admin=True``), they are recorded as
``admin_create``, ``admin_update``, ``admin_delete``… so that a history tells them apart."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from cairn.core.audit import record_change, snapshot
from cairn.core.translation import with_translations
from cairn.recommendations.models import Cycle, GroupPerson, Recommendation, Theme, ThemeCategory, WorkingGroup
from cairn.recommendations.selectors.pages import group_people_stamp
from cairn.recommendations.services.recommendations import recommendation_refresh_search

CYCLE_FIELDS = ["name", "slug", "code", "country", "starts_on", "ends_on", "description", "is_internal"]
THEME_CATEGORY_FIELDS = ["name_fr", "name_nl", "name_en", "slug", "position"]
THEME_FIELDS = with_translations(["cycle", "title", "code", "category", "voted_on", "prolongs", "introduction", "is_internal"], Theme)
WORKING_GROUP_FIELDS = ["theme", "name", "cities", "languages", "meeting_dates"]
GROUP_PERSON_FIELDS = ["role", "user", "name"]


def _action(verb: str, via_admin: bool) -> str:
    return f"admin_{verb}" if via_admin else verb


def _created(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """What a creation records: the values that differ from their field's default."""
    defaults = {field.name: field.get_default() for field in instance._meta.concrete_fields}
    return {name: value for name, value in snapshot(instance, fields).items() if value != defaults[name]}


def _full_clean(instance: models.Model) -> None:
    instance.full_clean()


def _check_fields(fields: list[str], values: dict[str, Any]) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")


def _create[M: models.Model](*, actor: Any, instance: M, fields: list[str], via_admin: bool) -> M:
    instance.full_clean()
    instance.save()
    record_change(actor=actor, instance=instance, action=_action("create", via_admin), after=_created(instance, fields))
    return instance


def _update[M: models.Model](
    *, instance: M, fields: list[str], changes: dict[str, Any], clean: Callable[[M], None] = _full_clean
) -> tuple[M, dict[str, Any], dict[str, Any]]:
    """Apply ``changes`` to the row as it is now (locked until the transaction ends); return
    it with the values before and after of the fields that really changed."""
    _check_fields(fields, changes)
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    changed = {name: value for name, value in changes.items() if getattr(current, name) != value}
    if not changed:
        return current, {}, {}
    before = snapshot(current, sorted(changed))
    for name, value in changed.items():
        setattr(current, name, value)
    clean(current)
    stamped = ["updated_at"] if any(f.name == "updated_at" for f in current._meta.concrete_fields) else []
    current.save(update_fields=[*changed, *stamped])
    return current, before, snapshot(current, sorted(changed))


def _update_audited[M: models.Model](
    *, actor: Any, instance: M, fields: list[str], changes: dict[str, Any], via_admin: bool
) -> tuple[M, dict[str, Any]]:
    """``_update``, audited when something changed; returns the row and what changed."""
    current, before, after = _update(instance=instance, fields=fields, changes=changes)
    if after:
        record_change(actor=actor, instance=current, action=_action("update", via_admin), before=before, after=after)
    return current, after


def _delete(*, actor: Any, instance: models.Model, fields: list[str], via_admin: bool) -> None:
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    record_change(actor=actor, instance=current, action=_action("delete", via_admin), before=snapshot(current, fields))
    current.delete()


# --- cycles ------------------------------------------------------------------------------


def cycle_create(
    *, actor: Any, name: str, slug: str, code: str, country: str, starts_on: Any, via_admin: bool = False, **fields: Any
) -> Cycle:
    """A new cycle; ``fields`` may give ``ends_on``, ``description``, ``is_internal``."""
    _check_fields(CYCLE_FIELDS, fields)
    with transaction.atomic():
        cycle = Cycle(name=name, slug=slug, code=code, country=country, starts_on=starts_on, **fields)
        return _create(actor=actor, instance=cycle, fields=CYCLE_FIELDS, via_admin=via_admin)


def cycle_update(*, actor: Any, cycle: Cycle, via_admin: bool = False, **changes: Any) -> Cycle:
    with transaction.atomic():
        return _update_audited(actor=actor, instance=cycle, fields=CYCLE_FIELDS, changes=changes, via_admin=via_admin)[0]


def cycle_delete(*, actor: Any, cycle: Cycle, via_admin: bool = False) -> None:
    """Only a cycle without themes or recommendations can go (``ProtectedError`` otherwise)."""
    with transaction.atomic():
        _delete(actor=actor, instance=cycle, fields=CYCLE_FIELDS, via_admin=via_admin)


# --- theme categories --------------------------------------------------------------------


def theme_category_create(*, actor: Any, slug: str, name_fr: str, via_admin: bool = False, **fields: Any) -> ThemeCategory:
    """A new broad theme; ``fields`` may give ``name_nl``, ``name_en``, ``position``."""
    _check_fields(THEME_CATEGORY_FIELDS, fields)
    with transaction.atomic():
        category = ThemeCategory(slug=slug, name_fr=name_fr, **fields)
        return _create(actor=actor, instance=category, fields=THEME_CATEGORY_FIELDS, via_admin=via_admin)


def theme_category_update(*, actor: Any, category: ThemeCategory, via_admin: bool = False, **changes: Any) -> ThemeCategory:
    with transaction.atomic():
        return _update_audited(actor=actor, instance=category, fields=THEME_CATEGORY_FIELDS, changes=changes, via_admin=via_admin)[0]


def theme_category_delete(*, actor: Any, category: ThemeCategory, via_admin: bool = False) -> None:
    """Its themes stay, without a broad theme."""
    with transaction.atomic():
        _delete(actor=actor, instance=category, fields=THEME_CATEGORY_FIELDS, via_admin=via_admin)


# --- themes ------------------------------------------------------------------------------


def theme_create(*, actor: Any, cycle: Cycle, title: str, code: str, via_admin: bool = False, **fields: Any) -> Theme:
    """A new theme of ``cycle``; ``fields`` may give ``category``, ``voted_on``, ``prolongs``,
    ``introduction``, ``is_internal``."""
    _check_fields(THEME_FIELDS, fields)
    with transaction.atomic():
        theme = Theme(cycle=cycle, title=title, code=code, **fields)
        return _create(actor=actor, instance=theme, fields=THEME_FIELDS, via_admin=via_admin)


def theme_update(*, actor: Any, theme: Theme, via_admin: bool = False, **changes: Any) -> Theme:
    """A renamed theme (in any language) renames it in its recommendations' search text too."""
    with transaction.atomic():
        current, after = _update_audited(actor=actor, instance=theme, fields=THEME_FIELDS, changes=changes, via_admin=via_admin)
        if after.keys() & {"title", "title_nl", "title_en"}:
            recommendation_refresh_search(recommendations=Recommendation.objects.filter(theme=current))
    return current


def theme_delete(*, actor: Any, theme: Theme, via_admin: bool = False) -> None:
    """Only a theme without groups or recommendations can go (``ProtectedError`` otherwise)."""
    with transaction.atomic():
        _delete(actor=actor, instance=theme, fields=THEME_FIELDS, via_admin=via_admin)


# --- working groups ----------------------------------------------------------------------

#: A working group's lists may be empty (a group imported without its languages).
_EMPTY_LISTS_ALLOWED = ("languages", "meeting_dates")


def _clean_group(group: WorkingGroup) -> None:
    group.full_clean(exclude=[name for name in _EMPTY_LISTS_ALLOWED if not getattr(group, name)])


def working_group_create(
    *, actor: Any, theme: Theme, name: str, offices: Iterable[Any] = (), via_admin: bool = False, **fields: Any
) -> WorkingGroup:
    """A new working group of ``theme``, in ``offices``; ``fields`` may give ``cities``,
    ``languages``, ``meeting_dates``."""
    _check_fields(WORKING_GROUP_FIELDS, fields)
    offices = list(offices)
    with transaction.atomic():
        group = WorkingGroup(theme=theme, name=name, **fields)
        _clean_group(group)
        group.save()
        group.offices.set(offices)
        after = _created(group, WORKING_GROUP_FIELDS)
        if offices:
            after["offices"] = sorted(office.pk for office in offices)
        record_change(actor=actor, instance=group, action=_action("create", via_admin), after=after)
    return group


def working_group_update(
    *, actor: Any, group: WorkingGroup, offices: Iterable[Any] | None = None, via_admin: bool = False, **changes: Any
) -> WorkingGroup:
    """Change a group's fields, and its offices when given. A renamed group is renamed in
    its recommendations' search text too."""
    with transaction.atomic():
        current, before, after = _update(instance=group, fields=WORKING_GROUP_FIELDS, changes=changes, clean=_clean_group)
        if offices is not None:
            old_offices = sorted(current.offices.values_list("pk", flat=True))
            new_offices = sorted(office.pk for office in offices)
            if new_offices != old_offices:
                current.offices.set(new_offices)
                before["offices"], after["offices"] = old_offices, new_offices
        if after:
            record_change(actor=actor, instance=current, action=_action("update", via_admin), before=before, after=after)
        if "name" in after:
            recommendation_refresh_search(recommendations=Recommendation.objects.filter(groups=current))
    return current


def working_group_delete(*, actor: Any, group: WorkingGroup, via_admin: bool = False) -> None:
    """The group's people go with it; its recommendations stay, without it (and without
    its name in their search text)."""
    with transaction.atomic():
        recommendations = list(Recommendation.objects.filter(groups=group))
        _delete(actor=actor, instance=group, fields=WORKING_GROUP_FIELDS, via_admin=via_admin)
        recommendation_refresh_search(recommendations=recommendations)


# --- the people of a group -----------------------------------------------------------------


def _person_label(person: GroupPerson) -> str:
    """« facilitator: Marie Dupont », « participant: #12 » (an account), as the audit records them."""
    who = " ".join(part for part in (person.name, f"#{person.user_id}" if person.user_id else "") if part)
    return f"{person.role}: {who}"


def _clean_person(person: GroupPerson) -> None:
    """``full_clean`` without a query per person: the account is checked by the database,
    the model's "an account or a name" constraint here."""
    person.full_clean(exclude=["group", "user"], validate_unique=False, validate_constraints=False)
    if person.user_id is None and not person.name:
        constraint = next(c for c in GroupPerson._meta.constraints if c.name == "recommendations_person_has_account_or_name")
        raise ValidationError(constraint.get_violation_error_message())


def group_people_add(*, actor: Any, group: WorkingGroup, people: Iterable[GroupPerson], via_admin: bool = False) -> list[GroupPerson]:
    """Add people (unsaved ``GroupPerson``: a role and an account, or only a name for groups
    before Cairn) to ``group``, in one insert. An account already in the group in that role
    is not added twice. Audited on the group as ``people_added``."""
    with transaction.atomic():
        taken = set(GroupPerson.objects.filter(group=group, user__isnull=False).values_list("role", "user_id"))
        new: list[GroupPerson] = []
        for person in people:
            person.group = group
            _clean_person(person)
            if person.user_id is not None:
                if (person.role, person.user_id) in taken:
                    continue
                taken.add((person.role, person.user_id))
            new.append(person)
        if not new:
            return []
        GroupPerson.objects.bulk_create(new, batch_size=1000)
        group_people_stamp.forget()  # a bulk insert sends no signal (cairn.core.stamps)
        record_change(
            actor=actor, instance=group, action=_action("people_added", via_admin), after={"people": [_person_label(p) for p in new]}
        )
    return new


def group_person_update(*, actor: Any, person: GroupPerson, via_admin: bool = False, **changes: Any) -> GroupPerson:
    """Change someone's role, account or name in their group; audited on the group."""
    _check_fields(GROUP_PERSON_FIELDS, changes)
    with transaction.atomic():
        current = GroupPerson.objects.select_for_update().get(pk=person.pk)
        label = _person_label(current)
        changed = {name: value for name, value in changes.items() if getattr(current, name) != value}
        if not changed:
            return current
        for name, value in changed.items():
            setattr(current, name, value)
        _clean_person(current)
        current.save(update_fields=list(changed))
        record_change(
            actor=actor,
            instance=current.group,
            action=_action("person_updated", via_admin),
            before={"person": label},
            after={"person": _person_label(current)},
        )
    return current


def group_people_remove(*, actor: Any, group: WorkingGroup, people: Iterable[GroupPerson], via_admin: bool = False) -> int:
    """Remove people from ``group``; audited on the group as ``people_removed``."""
    with transaction.atomic():
        removed = list(GroupPerson.objects.filter(group=group, pk__in=[p.pk for p in people]).order_by("pk"))
        if not removed:
            return 0
        GroupPerson.objects.filter(pk__in=[p.pk for p in removed]).delete()
        record_change(
            actor=actor,
            instance=group,
            action=_action("people_removed", via_admin),
            before={"people": [_person_label(p) for p in removed]},
        )
    return len(removed)


def group_people_set_names(*, actor: Any, group: WorkingGroup, names: dict[str, list[str]]) -> None:
    """Make the people a group knows only by name, per role, exactly ``names`` (role → names,
    as a staff page lists them): new names are added, names no longer listed removed.
    People with an account are left as they are. Audited through ``group_people_add`` /
    ``group_people_remove``."""
    with transaction.atomic():
        current = list(GroupPerson.objects.filter(group=group, user__isnull=True, role__in=list(names)).order_by("pk"))
        known = {(p.role, p.name) for p in current}
        wanted = {(role, name) for role, role_names in names.items() for name in role_names}
        gone = [p for p in current if (p.role, p.name) not in wanted]
        if gone:
            group_people_remove(actor=actor, group=group, people=gone)
        new = [GroupPerson(role=role, name=name) for role, role_names in names.items() for name in role_names if (role, name) not in known]
        if new:
            group_people_add(actor=actor, group=group, people=new)


def group_people_set_members(*, actor: Any, group: WorkingGroup, members: dict[str, list[Any]]) -> None:
    """Make the people a group knows by their account, per role, exactly ``members`` (role →
    accounts, as a staff page's people pickers chose them): new ones are added, the others
    removed. People known only by a name are left as they are. Audited through
    ``group_people_add`` / ``group_people_remove``."""
    with transaction.atomic():
        current = list(GroupPerson.objects.filter(group=group, user__isnull=False, role__in=list(members)).order_by("pk"))
        known = {(p.role, p.user_id) for p in current}
        wanted = {(role, user.pk) for role, users in members.items() for user in users}
        gone = [p for p in current if (p.role, p.user_id) not in wanted]
        if gone:
            group_people_remove(actor=actor, group=group, people=gone)
        new = [GroupPerson(role=role, user=user) for role, users in members.items() for user in users if (role, user.pk) not in known]
        if new:
            group_people_add(actor=actor, group=group, people=new)
