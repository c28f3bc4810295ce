"""Template helpers of the projects: ``{% load projects_tags %}``."""

from __future__ import annotations

from typing import Any

from django import template

from cairn.projects.models import PROJECT_STATUS_TONES, ProjectStatus

register = template.Library()


@register.inclusion_tag("components/badge.html")
def project_status_badge(value: str) -> dict[str, Any]:
    """The design system's badge for a project status value (``planned``, ``done``…)."""
    status = ProjectStatus(value) if value in ProjectStatus.values else ProjectStatus.PLANNED
    return {"label": status.label, "tone": PROJECT_STATUS_TONES[status]}
