"""The stamp the projects' API list is answered under (``cairn.core.stamps``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max

from cairn.core.stamps import stamp
from cairn.projects.models import Project, ProjectRecommendation


@stamp("projects")
def projects_stamp() -> tuple[Any, ...]:
    """What changes when a project is created, edited or moved on (an update saves the
    project), or answers one recommendation more or less (two queries). The list's filters
    by broad theme and cycle read the recommendations: their stamp is the registry's."""
    projects = Project.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    answers = ProjectRecommendation.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (projects["n"], str(projects["latest"]), answers["n"], answers["last"])
