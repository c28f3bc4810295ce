"""The registry's models, by sub-domain: ``registry`` (cycles, themes, categories, working
groups and their people, recommendations and their assessments), ``links`` (links between
recommendations and suggested ones), ``campaigns`` (assessment
campaigns and their assignments), ``imports`` (uploaded registry files). Django finds them
here; import them from here."""

from cairn.recommendations.models.campaigns import Campaign, CampaignAssignment, CampaignAssignmentQuerySet
from cairn.recommendations.models.imports import RegistryImport, RegistryImportQuerySet
from cairn.recommendations.models.links import LinkKind, LinkSuggestion, RecommendationLink, SuggestionState
from cairn.recommendations.models.registry import (
    ASSIGNED_NUMBER_PREFIX,
    CHRONOLOGICAL_ORDER,
    GROUP_ROLE_LABELS,
    STATUS_TONES,
    STATUSES_NEEDING_RATIONALE,
    Assessment,
    AssessmentQuerySet,
    Cycle,
    CycleCountry,
    GroupPerson,
    GroupRole,
    Kind,
    Recommendation,
    RecommendationQuerySet,
    RecommendationTranslation,
    RegistryQuerySet,
    Status,
    Theme,
    ThemeCategory,
    WorkingGroup,
    is_current,
)

__all__ = [
    "ASSIGNED_NUMBER_PREFIX",
    "CHRONOLOGICAL_ORDER",
    "GROUP_ROLE_LABELS",
    "STATUSES_NEEDING_RATIONALE",
    "STATUS_TONES",
    "Assessment",
    "AssessmentQuerySet",
    "Campaign",
    "CampaignAssignment",
    "CampaignAssignmentQuerySet",
    "Cycle",
    "CycleCountry",
    "GroupPerson",
    "GroupRole",
    "Kind",
    "LinkKind",
    "LinkSuggestion",
    "Recommendation",
    "RecommendationLink",
    "RecommendationQuerySet",
    "RecommendationTranslation",
    "RegistryImport",
    "RegistryImportQuerySet",
    "RegistryQuerySet",
    "Status",
    "SuggestionState",
    "Theme",
    "ThemeCategory",
    "WorkingGroup",
    "is_current",
]
