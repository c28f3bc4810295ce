"""A group's page and life: its charter, status and conclusion, meetings and meetups,
logbook, actions; invitations and requests to join; the facilitator's page."""

from __future__ import annotations

import datetime
import functools
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from cairn.accounts.views import AuthenticatedHttpRequest, member_permission_required
from cairn.core.forms import add_service_errors
from cairn.core.http import form_page, personal
from cairn.core.stamps import kept_access, kept_list, reader
from cairn.experiments import selectors
from cairn.experiments.forms import (
    ActionForm,
    CharterForm,
    DecisionForm,
    LogEntryForm,
    MeetingForm,
    MeetingRecordForm,
    MeetupForm,
    StatusForm,
)
from cairn.experiments.models import GROUP_STATUS_TONES, Group, GroupStatus
from cairn.experiments.services import groups as group_services
from cairn.experiments.services import life, meetings


def _group(request: HttpRequest, pk: int, perm: str | None = None) -> Group:
    """The group if its call is visible and, with ``perm``, the viewer may act on it; a
    group out of reach answers 404 like a missing one."""
    group = selectors.visible_group(viewer=request.user, pk=pk)
    if group is None or (perm and not rules.has_perm(perm, request.user, group)):
        raise Http404
    return group


#: How long a group's page is kept at most: what no stamp sees (the meetings to come
#: moving past) shows within it.
GROUP_PAGE_TTL = 60


def _group_page_stamps() -> list[Any]:
    """What a group's page is made of: the group, its call and topic, its places, its life
    (logbook, actions, decisions, meeting records), its meetings, the recommendations its
    topic acts on, and how people are named."""
    from cairn.accounts.selectors import people_stamp
    from cairn.events.stamps import agenda_stamp
    from cairn.experiments.stamps import calls_stamp, group_life_stamp, interest_stamp
    from cairn.experiments.state_of_play import groups_stamp
    from cairn.recommendations.selectors.registry import registry_stamp

    return [groups_stamp, calls_stamp, interest_stamp, group_life_stamp, agenda_stamp, registry_stamp, people_stamp]


def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A group's page. What it shows depends on who reads it (the details for its people and
    the staff, the buttons of who runs or leads it), so it is kept (Django's ``{% cache %}``)
    per group, person and roles under the stamps of all it shows: a logbook entry, an
    action, a place taken or a new charter shows on the next request. Who may read it and
    what they may do is kept with it, under the same stamps (they hold the call's
    visibility, the places and the roles), so a kept page reads the group only when it
    changed. Its forms post with the reader's own CSRF token (``{% kept_csrf_token %}``);
    the follow button stays outside, built per request."""
    user: Any = request.user
    stamps = _group_page_stamps()

    @functools.cache
    def found() -> Group | None:
        return selectors.visible_group(viewer=user, pk=pk)

    def access() -> dict[str, Any]:
        group = found()
        if group is None:
            raise Http404
        return {
            "group_name": group.name,
            "details": bool(rules.has_perm("experiments.view_group_details", user, group)),
            "can_run": rules.has_perm("experiments.run_group", user, group),
            "can_lead": rules.has_perm("experiments.lead_group", user, group),
            "can_join": group.open_to_requests
            and group.status != GroupStatus.CONCLUDED
            and not group.viewer_is_member  # type: ignore[attr-defined]
            and rules.has_perm("experiments.join_group", user),
        }

    seen = kept_access("experiment-group", user, pk, ttl=GROUP_PAGE_TTL, stamps=stamps, decide=access)
    return render(
        request,
        "experiments/group_detail.html",
        {
            **seen,
            "group_pk": pk,
            "group": SimpleLazyObject(found),
            # Built only when access was granted: the group was found.
            "page": SimpleLazyObject(lambda: selectors.group_page(viewer=user, group=found(), details=seen["details"])),  # type: ignore[arg-type]
            **kept_list("experiment-group", pk, reader(user), request.path, ttl=GROUP_PAGE_TTL, stamps=stamps),
            "tones": GROUP_STATUS_TONES,
        },
    )


def _saved(request: HttpRequest, group: Group, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("experiments:group", pk=group.pk)


@login_required
def group_charter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, "experiments.run_group")
    form = CharterForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            life.group_update_charter(
                actor=request.user, group=group, expected_updated_at=form.cleaned_data["version"], **form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, group, _("La charte du groupe est enregistrée."))
    return form_page(request, "experiments/group_form.html", {"group": group, "form": form, "heading": _("La charte du groupe")})


@login_required
def group_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move the group along forming → active → paused → concluded; at conclusion the team
    is offered to assess the recommendations the group's project answers (the projects' flow)."""
    group = _group(request, pk, "experiments.lead_group")
    form = StatusForm(request.POST or None, initial={"status": group.status})
    if request.method == "POST" and form.is_valid():
        try:
            group = life.group_move(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("L’état du groupe est enregistré."))
            if (
                group.status == GroupStatus.CONCLUDED
                and group.project is not None
                and rules.has_perm("recommendations.publish_assessment", request.user)
                and group.project.answers.exists()
            ):
                return redirect("projects:assess", pk=group.project.pk)
            return redirect("experiments:group", pk=group.pk)
    return form_page(request, "experiments/group_form.html", {"group": group, "form": form, "heading": _("L’état du groupe")})


def _duration(form: Any) -> datetime.timedelta:
    return datetime.timedelta(minutes=form.cleaned_data["minutes"])


@login_required
def group_meetings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Plan the group's meetings in plain words: a rhythm from a first date, or one date."""
    group = _group(request, pk, "experiments.lead_group")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = {"address": data["address"], "online_url": data["online_url"]}
        start = data["starts_at"].replace(tzinfo=None) if data["starts_at"].tzinfo is None else data["starts_at"]
        try:
            if data["rhythm"] == "once":
                life.meeting_add(actor=request.user, group=group, starts_at=start, duration=_duration(form), **place)
            else:
                from cairn.events.recurrence import to_local

                naive = to_local(start) if start.tzinfo else start
                life.meetings_plan(
                    actor=request.user, group=group, rhythm=data["rhythm"], first_start=naive, duration=_duration(form), **place
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, group, _("Les réunions du groupe sont au programme."))
    return form_page(request, "experiments/group_form.html", {"group": group, "form": form, "heading": _("Les réunions du groupe")})


@login_required
def group_meetup(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, "experiments.lead_group")
    form = MeetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            life.meeting_add(
                actor=request.user,
                group=group,
                starts_at=data["starts_at"],
                duration=_duration(form),
                address=data["address"],
                online_url=data["online_url"],
                meetup_format=data["meetup_format"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, group, _("La rencontre est à l’agenda ; les sociétaires peuvent s’y inscrire."))
    return form_page(request, "experiments/group_form.html", {"group": group, "form": form, "heading": _("Organiser une rencontre")})


@login_required
def group_log(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, "experiments.run_group")
    form = LogEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            life.log_entry_add(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, group, _("L’entrée est ajoutée au carnet de bord."))
    return form_page(request, "experiments/group_form.html", {"group": group, "form": form, "heading": _("Carnet de bord")})


@login_required
def group_action(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, "experiments.run_group")
    form = ActionForm(request.POST or None, people=selectors.group_people(group=group), viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            life.action_add(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, group, _("L’action est ajoutée."))
    return form_page(request, "experiments/group_form.html", {"group": group, "form": form, "heading": _("Nouvelle action")})


@login_required
def meeting_record(request: AuthenticatedHttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """A meeting's agenda (before), notes (after) and public summary, written by the group's
    people; an edit on a version someone changed since is refused."""
    group = _group(request, pk, "experiments.run_group")
    event = selectors.group_meeting(group=group, pk=event_pk)
    if event is None:
        raise Http404
    record = getattr(event, "experiment_record", None)
    form = MeetingRecordForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            meetings.meeting_record_write(
                actor=request.user,
                group=group,
                event=event,
                expected_updated_at=version,
                expected_new=version is None,
                **form.service_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, group, _("L’ordre du jour et le compte rendu sont enregistrés."))
    return form_page(
        request,
        "experiments/group_form.html",
        {"group": group, "form": form, "heading": _("Réunion du %(date)s") % {"date": _when(event)}},
    )


@login_required
def group_decision(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk, "experiments.run_group")
    form = DecisionForm(request.POST or None, meetings=selectors.group_meeting_choices(group=group))
    if request.method == "POST" and form.is_valid():
        try:
            meetings.decision_add(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, group, _("La décision est enregistrée."))
    return form_page(request, "experiments/group_form.html", {"group": group, "form": form, "heading": _("Nouvelle décision")})


def _when(event: Any) -> str:
    return formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")


@login_required
@require_POST
def action_done(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    group = _group(request, pk, "experiments.run_group")
    action = selectors.group_action(group=group, pk=action_pk)
    if action is None:
        raise Http404
    life.action_done(actor=request.user, action=action)
    return _saved(request, group, _("L’action est faite."))


@require_POST
@member_permission_required("experiments.join_group")
def group_join(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    try:
        group_services.join_request(user=request.user, group=group)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("experiments:group", pk=group.pk)
    return _saved(request, group, _("Votre demande est envoyée au groupe."))


@login_required
@require_POST
def join_answer(request: AuthenticatedHttpRequest, pk: int, placement_pk: int, accept: bool) -> HttpResponse:
    group = _group(request, pk, "experiments.lead_group")
    placement = selectors.group_placement(group=group, pk=placement_pk)
    if placement is None:
        raise Http404
    try:
        group_services.join_answer(actor=request.user, placement=placement, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("experiments:group", pk=group.pk)
    return _saved(request, group, _("La demande a reçu sa réponse."))


@require_POST
@member_permission_required("experiments.express_interest")
def invitation_answer(request: AuthenticatedHttpRequest, pk: int, accept: bool) -> HttpResponse:
    placement = selectors.own_placement(user=request.user, pk=pk)
    if placement is None:
        raise Http404
    try:
        placement = group_services.invitation_answer(user=request.user, placement=placement, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Bienvenue dans le groupe !") if accept else _("Votre réponse est enregistrée."))
    return redirect("experiments:mine")


@personal
@login_required
@permission_required("experiments.facilitate", raise_exception=True)
def facilitator_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The facilitator's page: my groups, next meetings, open actions, lapsed rhythms."""
    return render(
        request, "experiments/facilitator.html", {"page": selectors.facilitator_page(user=request.user), "tones": GROUP_STATUS_TONES}
    )
