"""The hackathons' endpoints (``/api/v1/hackathons/…``): hackathons, their selected
questions and the answers that became projects, read as their pages read them
(``hackathon_list``, ``visible_hackathon``, ``question_page``; docs/api.md). People are
not listed: the pages name them as each profile allows."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from cairn.core.api import ObjectId, Paging, api_viewer, conditional, iso, page_url, paginate, refuse_unknown_parameters
from cairn.core.translation import text_in, translated_languages
from cairn.hackathons.models import Hackathon, Question
from cairn.hackathons.selectors import hackathon_list, hackathons_stamp, question_page, selected_questions, visible_hackathon

router = Router()


class HackathonOut(Schema):
    id: int
    slug: str
    title: str
    phase: str
    event: int
    starts_at: str
    ends_at: str
    answers_due_at: str
    url: str


class HackathonPage(Schema):
    items: list[HackathonOut]
    next: str | None


class QuestionOut(Schema):
    id: int
    title: str
    text_languages: dict[str, str] = Field(
        description="La langue de chaque texte traduisible : celle de l’appelant, ou fr tant qu’il n’est pas traduit."
    )
    status: str
    department: str | None
    recommendations: list[str]
    url: str


class HackathonDetail(HackathonOut):
    description: str
    questions: list[QuestionOut]


class TeamOut(Schema):
    id: int
    number: int
    project: int | None


class QuestionDetail(QuestionOut):
    context: str
    constraints: str
    deliverable: str
    resources: str
    teams: list[TeamOut]


def _hackathon(request: HttpRequest, hackathon: Hackathon) -> dict[str, Any]:
    return {
        "id": hackathon.pk,
        "slug": hackathon.slug,
        "title": hackathon.title,
        "phase": hackathon.phase,
        "event": hackathon.event_id,
        "starts_at": iso(hackathon.event.starts_at),
        "ends_at": iso(hackathon.event.ends_at),
        "answers_due_at": iso(hackathon.answers_due_at),
        "url": page_url(request, reverse("hackathons:detail", args=[hackathon.slug])),
    }


def _question(request: HttpRequest, hackathon: Hackathon, question: Question) -> dict[str, Any]:
    return {
        "id": question.pk,
        "title": text_in(question, "title"),
        "text_languages": translated_languages(question),
        "status": question.status,
        "department": question.sponsor_department.name if question.sponsor_department else None,
        "recommendations": [r.reference for r in question.recommendations.all()],
        "url": page_url(request, reverse("hackathons:question", args=[hackathon.slug, question.pk])),
    }


@router.get("/", response=HackathonPage, summary="Hackathons")
def hackathons(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    refuse_unknown_parameters(request, ("cursor", "limit"))
    conditional(request, stamps=[hackathons_stamp])
    return paginate(request, hackathon_list(viewer=api_viewer(request)), serialise=lambda rows: [_hackathon(request, h) for h in rows])


@router.get("/{slug}", response=HackathonDetail, summary="Un hackathon")
def hackathon(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A hackathon with its selected questions and the recommendations they come from."""
    refuse_unknown_parameters(request)
    viewer = api_viewer(request)
    found = visible_hackathon(viewer=viewer, slug=slug)
    if found is None:
        raise Http404
    questions = selected_questions(hackathon=found, viewer=viewer)
    return {**_hackathon(request, found), "description": found.description, "questions": [_question(request, found, q) for q in questions]}


@router.get("/{slug}/questions/{question_id}", response=QuestionDetail, summary="Une question d’un hackathon")
def question(request: HttpRequest, slug: str, question_id: ObjectId) -> dict[str, Any]:
    """A question with its brief, and its teams with the projects their answers became."""
    refuse_unknown_parameters(request)
    found = question_page(viewer=api_viewer(request), slug=slug, pk=question_id)
    if found is None:
        raise Http404
    hackathon, item, teams = found
    return {
        **_question(request, hackathon, item),
        "context": text_in(item, "context"),
        "constraints": item.constraints,
        "deliverable": item.deliverable,
        "resources": item.resources,
        "teams": [{"id": t.pk, "number": t.number, "project": t.project_id} for t in teams],
    }
