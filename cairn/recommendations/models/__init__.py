"""The registry's models, by sub-domain: ``registry`` (cycles, themes, categories, working
groups and their people, recommendations and their assessments), ``campaigns`` (assessment
campaigns and their assignments), ``imports`` (uploaded registry files). Django finds them
here; import them from here."""

from cairn.recommendations.models.campaigns import Campaign, CampaignAssignment, CampaignAssignmentQuerySet
from cairn.recommendations.models.imports import RegistryImport, RegistryImportQuerySet
from cairn.recommendations.models.registry import (
    ASSIGNED_NUMBER_PREFIX,
    CHRONOLOGICAL_ORDER,
    STATUS_TONES,
    STATUSES_NEEDING_RATIONALE,
    Assessment,
    AssessmentQuerySet,
    Cycle,
    CycleCountry,
    GroupPerson,
    GroupRole,
    Kind,
    LinkKind,
    LinkSuggestion,
    Recommendation,
    RecommendationLink,
    RecommendationQuerySet,
    RecommendationTranslation,
    RegistryQuerySet,
    Status,
    SuggestionState,
    Theme,
    ThemeCategory,
    WorkingGroup,
)

__all__ = [
    "ASSIGNED_NUMBER_PREFIX",
    "CHRONOLOGICAL_ORDER",
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
]
