"""The experiments' endpoints (``/api/v1/experiments/…``): calls for experiments with
their phases and topics, and the groups' public summaries, read as their pages read them
(``call_list``, ``call_page``, ``visible_group``; docs/api.md). Members are not listed."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from cairn.core.api import ObjectId, Paging, api_viewer, conditional, iso, page_url, paginate, refuse_unknown_parameters
from cairn.core.translation import text_in, translated_languages
from cairn.experiments.models import Call, Group
from cairn.experiments.selectors import call_list, call_page, group_list, visible_group
from cairn.experiments.stamps import calls_stamp
from cairn.experiments.state_of_play import groups_stamp

router = Router()


class CallOut(Schema):
    id: int
    slug: str
    title: str
    text_languages: dict[str, str] = Field(
        description="La langue de chaque texte traduisible : celle de l’appelant, ou fr tant qu’il n’est pas traduit."
    )
    state: str
    interest_deadline: str
    url: str


class CallPage(Schema):
    items: list[CallOut]
    next: str | None


class PhaseOut(Schema):
    kind: str
    starts_on: str
    ends_on: str | None


class TopicOut(Schema):
    id: int
    title: str
    description: str
    text_languages: dict[str, str] = Field(
        description="La langue de chaque texte traduisible : celle de l’appelant, ou fr tant qu’il n’est pas traduit."
    )
    recommendations: list[str]
    groups: list[int]


class CallDetail(CallOut):
    framework: str
    phases: list[PhaseOut]
    topics: list[TopicOut]


class GroupOut(Schema):
    id: int
    name: str
    status: str
    call: str
    topic: int
    city: str | None
    online: bool
    languages: str
    rhythm: str
    open_to_requests: bool
    project: int | None
    url: str


class GroupPage(Schema):
    items: list[GroupOut]
    next: str | None


class GroupDetail(GroupOut):
    goal: str
    dispositif: str
    success: str
    outcome: str
    conclusion: str
    learned: str


def _call(request: HttpRequest, call: Call) -> dict[str, Any]:
    return {
        "id": call.pk,
        "slug": call.slug,
        "title": text_in(call, "title"),
        "text_languages": translated_languages(call),
        "state": call.state,
        "interest_deadline": iso(call.interest_deadline),
        "url": page_url(request, reverse("experiments:call", args=[call.slug])),
    }


def _group(request: HttpRequest, group: Group) -> dict[str, Any]:
    return {
        "id": group.pk,
        "name": group.name,
        "status": group.status,
        "call": group.call.slug,
        "topic": group.topic_id,
        "city": group.office.city if group.office else None,
        "online": group.online,
        "languages": group.languages,
        "rhythm": group.rhythm,
        "open_to_requests": group.open_to_requests,
        "project": group.project_id,
        "url": page_url(request, reverse("experiments:group", args=[group.pk])),
    }


@router.get("/calls/", response=CallPage, summary="Appels à expérimentations")
def calls(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    refuse_unknown_parameters(request, ("cursor", "limit"))
    conditional(request, stamps=[calls_stamp, groups_stamp])
    return paginate(request, call_list(viewer=api_viewer(request)), serialise=lambda rows: [_call(request, c) for c in rows])


@router.get("/calls/{slug}", response=CallDetail, summary="Un appel à expérimentations")
def call(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A call with its framework, planning and topics (their recommendations and groups)."""
    refuse_unknown_parameters(request)
    page = call_page(viewer=api_viewer(request), slug=slug)
    if page is None:
        raise Http404
    return {
        **_call(request, page.call),
        "framework": text_in(page.call, "framework"),
        "phases": [{"kind": p.kind, "starts_on": iso(p.starts_on), "ends_on": iso(p.ends_on)} for p in page.phases],
        "topics": [
            {
                "id": t.pk,
                "title": text_in(t, "title"),
                "description": text_in(t, "description"),
                "text_languages": translated_languages(t),
                "recommendations": [r.reference for r in t.recommendations.all()],
                "groups": [g.pk for g in t.groups.all()],
            }
            for t in page.topics
        ],
    }


@router.get("/groups/", response=GroupPage, summary="Groupes d’expérimentation")
def groups(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    refuse_unknown_parameters(request, ("cursor", "limit"))
    conditional(request, stamps=[calls_stamp, groups_stamp])  # a group is listed while its call may be seen
    return paginate(request, group_list(viewer=api_viewer(request)), serialise=lambda rows: [_group(request, g) for g in rows])


@router.get("/groups/{group_id}", response=GroupDetail, summary="Un groupe d’expérimentation")
def group(request: HttpRequest, group_id: ObjectId) -> dict[str, Any]:
    """A group's public summary: what it tries, and what it concluded."""
    refuse_unknown_parameters(request)
    found = visible_group(viewer=api_viewer(request), pk=group_id)
    if found is None:
        raise Http404
    return {
        **_group(request, found),
        "goal": found.goal,
        "dispositif": found.dispositif,
        "success": found.success,
        "outcome": found.outcome,
        "conclusion": found.conclusion,
        "learned": found.learned,
    }
