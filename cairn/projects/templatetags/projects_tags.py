"""Template helpers of the projects: ``{% load projects_tags %}``."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from cairn.core.templatetags.components import badge_html
from cairn.projects.models import PROJECT_STATUS_TONES, ProjectStatus

register = template.Library()


@register.simple_tag
def project_status_badge(value: str) -> SafeString:
    """The design system's badge for a project status value (``planned``, ``done``…)."""
    status = ProjectStatus(value) if value in ProjectStatus.values else ProjectStatus.PLANNED
    return badge_html(status.label, PROJECT_STATUS_TONES[status])
