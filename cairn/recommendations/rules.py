"""Who may do what in the registry."""

from __future__ import annotations

from typing import Any

import rules

from cairn.accounts.rules import is_admin, is_coordinator, is_department_lead, is_facilitator

can_see_internal = is_coordinator | is_admin
can_manage_registry = is_coordinator | is_admin


def registry_audience(viewer: Any) -> str:
    """Which registry ``viewer`` sees — ``"internal"`` (the coordination team, internal
    items included) or ``"public"`` — for the keys of what is cached per audience: the
    facets, the list, the figures, the state of play, the open-data files."""
    return "internal" if can_see_internal(viewer) else "public"


rules.add_perm("recommendations.view_internal", can_see_internal)
rules.add_perm("recommendations.import", can_manage_registry)
rules.add_perm("recommendations.manage_campaigns", can_manage_registry)
rules.add_perm("recommendations.publish_assessment", can_manage_registry)
rules.add_perm("recommendations.propose_assessment", can_manage_registry | is_department_lead | is_facilitator)
rules.add_perm("recommendations.view_audit", can_manage_registry)
#: Keep cycles, theme categories, themes and working groups (the staff pages gestion/registre/…).
rules.add_perm("recommendations.manage_structure", can_manage_registry)


@rules.predicate
def may_propose_for_assignment(user: Any, assignment: Any) -> bool:
    """The assignment (a recommendation within a campaign) is in the user's scope: see
    ``CampaignAssignment.objects.proposable_by``, the one definition of that scope."""
    from cairn.recommendations.models import CampaignAssignment

    if assignment is None:
        return False
    return CampaignAssignment.objects.proposable_by(user).filter(pk=assignment.pk).exists()


#: Propose an assessment for this assignment (an object-level check; the page-level one is
#: ``propose_assessment``).
rules.add_perm("recommendations.propose_for_assignment", rules.is_authenticated & may_propose_for_assignment)
rules.add_perm("recommendations.edit_recommendation", can_manage_registry)


@rules.predicate
def is_public(user: Any, item: Any) -> bool:
    """The cycle, theme, working group or recommendation is public: the registry's one rule,
    stated with ``public_q`` in ``models/registry.py``."""
    return item is not None and item.is_public()


#: See a cycle, theme, working group or recommendation (``visible_to`` is the same for lists).
rules.add_perm("recommendations.view_item", is_public | can_see_internal)
