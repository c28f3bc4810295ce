"""Pages everyone reads: the list, a hackathon, a question (the whole chain), a team."""

from __future__ import annotations

import rules
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cairn.hackathons import selectors
from cairn.hackathons.models import Phase


def hackathon_list(request: HttpRequest) -> HttpResponse:
    return render(request, "hackathons/list.html", {"hackathons": selectors.hackathon_list(viewer=request.user)})


def hackathon_detail(request: HttpRequest, slug: str) -> HttpResponse:
    hackathon = selectors.visible_hackathon(viewer=request.user, slug=slug)
    if hackathon is None:
        raise Http404
    manage = rules.has_perm("hackathons.manage_hackathon", request.user, hackathon)
    page = selectors.hackathon_page(viewer=request.user, slug=slug, manage=manage)
    if page is None:
        raise Http404
    context = {
        "page": page,
        "hackathon": page.hackathon,
        "event": page.hackathon.event,
        "can_manage": manage,
        "Phase": Phase,
        "can_vote": page.hackathon.phase == Phase.JUDGING and rules.has_perm("hackathons.take_part", request.user),
    }
    return render(request, "hackathons/detail.html", context)


def question_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = selectors.question_page(viewer=request.user, slug=slug, pk=pk)
    if found is None:
        raise Http404
    hackathon, question, teams = found
    return render(request, "hackathons/question.html", {"hackathon": hackathon, "question": question, "teams": teams})


def team_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = selectors.team_page(viewer=request.user, slug=slug, pk=pk)
    if found is None:
        raise Http404
    hackathon, team = found
    in_team = any(m.participant.user_id == request.user.pk for m in team.memberships.all())
    manage = rules.has_perm("hackathons.manage_hackathon", request.user, hackathon)
    context = {
        "hackathon": hackathon,
        "team": team,
        "in_team": in_team,
        "show_reasons": in_team or manage,
        "can_answer": in_team and hackathon.answers_open,
    }
    return render(request, "hackathons/team.html", context)
