"""Builders shared by the campaign and assessment tests: a campaign with people of each
role, recommendations under departments, and snapshots that prove a refusal wrote nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from cairn.accounts.factories import DepartmentFactory
from cairn.accounts.models import Department, User
from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry
from cairn.recommendations.factories import RecommendationFactory, ThemeFactory
from cairn.recommendations.models import Assessment, Campaign, CampaignAssignment, Recommendation, Theme
from cairn.recommendations.services.campaigns import campaign_open

TODAY = datetime.date(2026, 11, 2)  # any past date; effective dates may not be in the future


def make_department_lead(department: Department, **kwargs: Any) -> User:
    lead = make_user("department_lead", **kwargs)
    lead.profile.department = department
    lead.profile.save(update_fields=["department"])
    return lead


@dataclass
class World:
    coordinator: User
    facilitator: User
    lead: User  # department lead of ``finance``
    finance: Department
    people: Department
    theme: Theme
    other_theme: Theme
    campaign: Campaign
    finance_recs: list[Recommendation]  # under the finance department
    people_recs: list[Recommendation]  # under the people department, in other_theme


def make_world(recommendations_per_department: int = 2) -> World:
    coordinator = make_user("coordination")
    finance = DepartmentFactory(code="fin", name_fr="Finances")
    people = DepartmentFactory(code="rh", name_fr="Ressources humaines")
    theme = ThemeFactory(title="Modèle économique")
    other_theme = ThemeFactory(title="Vie coopérative", cycle=theme.cycle)
    finance_recs = [RecommendationFactory(theme=theme) for _ in range(recommendations_per_department)]
    people_recs = [RecommendationFactory(theme=other_theme) for _ in range(recommendations_per_department)]
    for rec in finance_recs:
        rec.departments.add(finance)
    for rec in people_recs:
        rec.departments.add(people)
    return World(
        coordinator=coordinator,
        facilitator=make_user("facilitator"),
        lead=make_department_lead(finance),
        finance=finance,
        people=people,
        theme=theme,
        other_theme=other_theme,
        campaign=campaign_open(actor=coordinator, name="État des lieux 2026"),
        finance_recs=finance_recs,
        people_recs=people_recs,
    )


def proposal_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "status": "in_progress",
        "effective_date": TODAY,
        "public_comment": "Le chantier a commencé en septembre.",
        "internal_note": "À revoir en juin.",
        "interviewee": "Marie Dupont",
        "interviewee_role": "Directrice financière",
        "interview_date": TODAY,
        "source": "Entretien",
        "notes": "Budget voté.",
    }
    data.update(overrides)
    return data


def registry_snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row a campaign write could touch, to compare before and after a refusal."""
    return {
        "assessments": list(
            Assessment.objects.order_by("pk").values_list(
                "pk", "status", "public_comment", "internal_note", "published_at", "returned_at", "review_note", "notes"
            )
        ),
        "assignments": list(CampaignAssignment.objects.order_by("pk").values_list("pk", "campaign_id", "recommendation_id", "assignee_id")),
        "campaigns": list(Campaign.objects.order_by("pk").values_list("pk", "name", "state")),
        "audit": list(AuditEntry.objects.order_by("pk").values_list("pk", "action", "changes")),
    }
