"""Who may do what with projects."""

from __future__ import annotations

from typing import Any

import rules

from cairn.accounts.rules import is_admin, is_coordinator, is_department_lead, is_member

can_manage_projects = is_coordinator | is_admin


@rules.predicate
def is_project_coordinator(user: Any, project: Any) -> bool:
    return project is not None and getattr(user, "is_authenticated", False) and project.coordinator_id == user.pk


@rules.predicate
def leads_project_department(user: Any, project: Any) -> bool:
    department_id = getattr(getattr(user, "profile", None), "department_id", None)
    return project is not None and department_id is not None and project.department_id == department_id


@rules.predicate
def project_is_public(user: Any, project: Any) -> bool:
    return project is not None and not project.is_internal


#: The project's own people: its coordinator, and the lead of its responsible department.
carries_project = is_project_coordinator | (is_department_lead & leads_project_department)

rules.add_perm("projects.view_project", project_is_public | can_manage_projects)
rules.add_perm("projects.manage_projects", can_manage_projects)
rules.add_perm("projects.edit_project", can_manage_projects | (rules.is_active & carries_project))
rules.add_perm("projects.post_update", can_manage_projects | (rules.is_active & carries_project))
rules.add_perm("projects.request_update", can_manage_projects)
#: "Our recommendations": what became of the recommendations of one's working groups.
rules.add_perm("projects.view_our_recommendations", is_member)
