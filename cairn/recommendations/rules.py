"""Who may do what in the registry."""

import rules

from cairn.accounts.rules import is_admin, is_coordinator, is_department_lead, is_facilitator

can_see_internal = is_coordinator | is_admin
can_manage_registry = is_coordinator | is_admin

rules.add_perm("recommendations.view_internal", can_see_internal)
rules.add_perm("recommendations.import", can_manage_registry)
rules.add_perm("recommendations.manage_campaigns", can_manage_registry)
rules.add_perm("recommendations.publish_assessment", can_manage_registry)
rules.add_perm("recommendations.propose_assessment", can_manage_registry | is_department_lead | is_facilitator)
rules.add_perm("recommendations.view_audit", can_manage_registry)
