"""Who may do what with calls, expressions of interest and groups.

The coordination team and admins prepare calls, form the groups and assign facilitators.
Members express interest. A group's details (members, actions, logbook, meetings to plan)
are for its accepted members, its facilitator and the team; its public summary for all.
"""

from __future__ import annotations

from typing import Any

import rules

from cairn.accounts.rules import is_admin, is_coordinator, is_facilitator, is_member

can_manage_experiments = is_coordinator | is_admin


@rules.predicate
def call_is_published(user: Any, call: Any) -> bool:
    return call is not None and call.state != "draft"


@rules.predicate
def facilitates_group(user: Any, group: Any) -> bool:
    return group is not None and getattr(user, "is_authenticated", False) and group.facilitator_id == user.pk


@rules.predicate
def belongs_to_group(user: Any, group: Any) -> bool:
    """An accepted member of the group (the page's selector sets ``viewer_is_member`` so the
    check costs no query; otherwise it asks)."""
    if group is None or not getattr(user, "is_authenticated", False):
        return False
    known = getattr(group, "viewer_is_member", None)
    if known is not None:
        return bool(known)
    return bool(group.placements.filter(user=user, state="accepted").exists())


#: The group's own people: its facilitator and its members.
in_group = facilitates_group | belongs_to_group

rules.add_perm("experiments.manage", can_manage_experiments)
rules.add_perm("experiments.view_call", call_is_published | can_manage_experiments)
rules.add_perm("experiments.express_interest", is_member)
rules.add_perm("experiments.view_group_details", can_manage_experiments | (rules.is_active & in_group))
rules.add_perm("experiments.run_group", can_manage_experiments | (rules.is_active & in_group))
rules.add_perm("experiments.facilitate", is_facilitator | can_manage_experiments)
#: Plan meetings and meetups, answer join requests, move the group's status: its facilitator and the team.
rules.add_perm("experiments.lead_group", can_manage_experiments | (rules.is_active & facilitates_group))
#: Ask to join a group open to new members.
rules.add_perm("experiments.join_group", is_member)
