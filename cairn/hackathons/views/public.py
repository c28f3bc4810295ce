"""Pages everyone reads: the list, a hackathon, a question (the whole chain), a team."""

from __future__ import annotations

import functools
from functools import partial
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cairn.accounts.selectors import people_stamp
from cairn.core.http import personal
from cairn.core.stamps import for_visitors, kept_access, kept_list, reader
from cairn.hackathons import selectors
from cairn.hackathons.forms import StartTeamForm, TeamPostForm
from cairn.hackathons.models import Hackathon, Phase, Team
from cairn.hackathons.services.teams import team_file_add, team_post_add
from cairn.hackathons.stamps import activity_stamp, page_stamps, team_work_stamp
from cairn.hackathons.state_of_play import chain_stamp
from cairn.hackathons.stories import hackathon_stories
from cairn.projects.forms import AttachmentForm


def hackathon_list(request: HttpRequest) -> HttpResponse:
    return render(request, "hackathons/list.html", {"hackathons": selectors.hackathon_list(viewer=request.user)})


#: How long a visitor's hackathon page is kept at most: what no stamp sees (a renamed office
#: or sector in the report) shows within it.
HACKATHON_PAGE_TTL = 60


def _hackathon_context(request: HttpRequest, hackathon: Hackathon) -> dict[str, Any]:
    manage = rules.has_perm("hackathons.manage_hackathon", request.user, hackathon)
    page = selectors.hackathon_page(viewer=request.user, hackathon=hackathon, manage=manage)
    return {
        "page": page,
        "hackathon": page.hackathon,
        "event": page.hackathon.event,
        "can_manage": manage,
        "can_vote": page.hackathon.phase == Phase.JUDGING and rules.has_perm("hackathons.take_part", request.user),
        "stories": hackathon_stories(hackathon=page.hackathon),
        "start_form": StartTeamForm(questions=page.questions) if page.hackathon.phase == Phase.TEAMS and page.participant else None,
    }


def hackathon_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A hackathon's page. Every visitor sees the same published hackathon, so what the page
    shows is kept (``cairn.core.stamps.for_visitors``) per language and hackathon under the stamps
    of all it shows — None for one a visitor may not see: 404 — and rendered from the kept
    values. Members (their registration, team and vote) and organisers get it built for them."""

    def build() -> dict[str, Any] | None:
        hackathon = selectors.visible_hackathon(viewer=request.user, slug=slug)
        return None if hackathon is None else _hackathon_context(request, hackathon)

    context = for_visitors(request, "hackathon-page", slug, ttl=HACKATHON_PAGE_TTL, stamps=page_stamps(), compute=build)
    if context is None:
        raise Http404
    return render(request, "hackathons/detail.html", {**context, "Phase": Phase})


#: How long a visitor's question page is kept at most: what no stamp sees (a renamed
#: department) shows within it.
QUESTION_PAGE_TTL = 300


def question_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A question and its chain, from the recommendations to the teams' answers and projects.
    Every visitor sees the same one, so it is kept (``cairn.core.stamps.for_visitors``) per
    language and question under the stamps of what it shows: the hackathons', the chain's
    (questions, teams, answers, projects, recommendations) and the people's (its sponsor)."""
    found = for_visitors(
        request,
        "hackathon-question",
        slug,
        pk,
        ttl=QUESTION_PAGE_TTL,
        stamps=[selectors.hackathons_stamp, chain_stamp, people_stamp],
        compute=partial(selectors.question_page, viewer=request.user, slug=slug, pk=pk),
    )
    if found is None:
        raise Http404
    hackathon, question, teams = found
    return render(request, "hackathons/question.html", {"hackathon": hackathon, "question": question, "teams": teams})


#: How long a team's page is kept at most: what no stamp sees (the time to hand in answers
#: running out, which the answer form checks again itself) shows within it.
TEAM_PAGE_TTL = 60


def _team_stamps() -> list[Any]:
    """What a team's page is made of and who may read which part: the hackathon (who may
    see a draft), its questions, teams and answers, the memberships, the project a team
    became, the team's own work (logbook, files, versions, applications, mentors) and how
    people are named."""
    from cairn.hackathons.state_of_play import questions_stamp, teams_stamp
    from cairn.projects.stamps import projects_stamp

    return [selectors.hackathons_stamp, questions_stamp, teams_stamp, activity_stamp, projects_stamp, team_work_stamp, people_stamp]


def team_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A team's page: its members and answer for everyone, its logbook, files, answer
    versions and mentors for its members and the organisers. What the reader may see and
    the page itself are kept per team, person and roles under the stamps of all it shows
    and of all that decides who sees it (``_team_stamps``): the team, its hackathon and its
    members read only when one of them changed. Its forms post with the reader's own CSRF
    token (``{% kept_csrf_token %}``)."""
    user: Any = request.user
    stamps = _team_stamps()

    @functools.cache
    def found() -> tuple[Hackathon, Team] | None:
        return selectors.team_page(viewer=user, slug=slug, pk=pk)

    def access() -> dict[str, Any]:
        if found() is None:
            raise Http404
        hackathon, team = found()  # type: ignore[misc]
        in_team = any(m.participant.user_id == user.pk for m in team.memberships.all())
        manage = rules.has_perm("hackathons.manage_hackathon", user, hackathon)
        return {
            "hackathon_title": hackathon.title,
            "team_number": team.number,
            "in_team": in_team,
            "show_reasons": in_team or manage,
            "can_answer": in_team and hackathon.answers_open,
            "can_apply": hackathon.phase == Phase.TEAMS and bool(team.open_roles) and not in_team and user.is_authenticated,
            "applications_open": in_team and hackathon.phase == Phase.TEAMS,
        }

    seen = kept_access("hackathon-team", user, slug, pk, ttl=TEAM_PAGE_TTL, stamps=stamps, decide=access)

    def team() -> Team:
        return found()[1]  # type: ignore[index]

    insider = seen["show_reasons"]  # a member of the team or an organiser
    context = {
        **seen,
        "hackathon": SimpleLazyObject(lambda: found()[0]),  # type: ignore[index]
        "team": SimpleLazyObject(team),
        "posts": SimpleLazyObject(lambda: selectors.team_posts(team=team()) if insider else []),
        "files": SimpleLazyObject(lambda: selectors.team_files(team=team()) if insider else []),
        "file_form": SimpleLazyObject(AttachmentForm),
        "versions": SimpleLazyObject(lambda: selectors.answer_versions(team=team()) if insider else []),
        "mentors": SimpleLazyObject(lambda: selectors.question_mentors(question_id=team().question_id) if insider else []),
        "applications": SimpleLazyObject(lambda: selectors.pending_applications(team=team()) if seen["applications_open"] else []),
        "post_form": SimpleLazyObject(TeamPostForm),
        **kept_list("hackathon-team", slug, pk, reader(user), request.path, ttl=TEAM_PAGE_TTL, stamps=stamps),
    }
    return render(request, "hackathons/team.html", context)


@require_POST
@login_required
def team_post(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A team member or an organiser writes in the team's logbook."""
    found = selectors.team_page(viewer=request.user, slug=slug, pk=pk)
    if found is None:
        raise Http404
    hackathon, team = found
    in_team = any(m.participant.user_id == request.user.pk for m in team.memberships.all())
    if not (in_team or rules.has_perm("hackathons.manage_hackathon", request.user, hackathon)):
        raise PermissionDenied
    form = TeamPostForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        team_post_add(actor=request.user, team=team, text=form.cleaned_data["text"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le message est ajouté au journal de l’équipe."))
    return redirect(team.get_absolute_url())


def _team_insider(request: HttpRequest, slug: str, pk: int) -> tuple[Hackathon, Team]:
    """The team, for one of its members or an organiser; a 404 for anyone else (its private
    part is hidden, not forbidden)."""
    found = selectors.team_page(viewer=request.user, slug=slug, pk=pk)
    if found is None:
        raise Http404
    hackathon, team = found
    in_team = any(m.participant.user_id == request.user.pk for m in team.memberships.all())
    if not (in_team or rules.has_perm("hackathons.manage_hackathon", request.user, hackathon)):
        raise Http404
    return hackathon, team


@require_POST
@login_required
def team_file_upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A team member or an organiser adds a private file to the team."""
    _hackathon, team = _team_insider(request, slug, pk)
    form = AttachmentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        team_file = team_file_add(actor=request.user, team=team, upload=form.cleaned_data["file"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le fichier « %(name)s » est ajouté.") % {"name": team_file.name})
    return redirect(team.get_absolute_url())


@personal
def team_file_download(request: HttpRequest, slug: str, pk: int, file_pk: int) -> FileResponse:
    """A team's files are never in a public folder: each download checks the reader is in
    the team or organises the hackathon."""
    _hackathon, team = _team_insider(request, slug, pk)
    team_file = selectors.team_file(team=team, pk=file_pk)
    if team_file is None:
        raise Http404
    try:
        handle = team_file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=team_file.name, content_type=team_file.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
