"""What the organisers (and the coordination team) do: create a hackathon, its programme,
phases, questions, teams, jury; the live board; the chosen answers; the scores' export."""

from __future__ import annotations

import functools
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from cairn.accounts.models import User
from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.core.http import HtmxHttpRequest, form_page
from cairn.core.stamps import kept_access, kept_list, reader
from cairn.events.exports import spreadsheet
from cairn.hackathons import selectors, stories
from cairn.hackathons.forms import (
    DecideForm,
    HackathonForm,
    MentorSearchForm,
    MentorSlotForm,
    MoveForm,
    PhaseForm,
    QuestionForm,
    SessionForm,
    StoryLinkForm,
)
from cairn.hackathons.models import Hackathon, Participant, Question, Team
from cairn.hackathons.services.answers import answer_choose, criterion_add, juror_add
from cairn.hackathons.services.hackathons import hackathon_create, hackathon_set_phase, session_add
from cairn.hackathons.services.mentors import mentor_add, mentor_remove, mentor_slot_add, mentor_slot_remove
from cairn.hackathons.services.questions import QUESTION_FIELDS, question_create, question_decide, question_update
from cairn.hackathons.services.stories import hackathon_story_link, hackathon_story_unlink
from cairn.hackathons.services.teams import membership_move, teams_request
from cairn.hackathons.stamps import page_stamps


def managed(request: AuthenticatedHttpRequest, slug: str) -> Hackathon:
    """The hackathon if the user organises it (or coordinates); 404 if hidden, 403 otherwise."""
    hackathon = selectors.visible_hackathon(viewer=request.user, slug=slug)
    if hackathon is None:
        raise Http404
    if not rules.has_perm("hackathons.manage_hackathon", request.user, hackathon):
        raise PermissionDenied
    return hackathon


@login_required
@permission_required("hackathons.create_hackathon", raise_exception=True)
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = HackathonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hackathon = hackathon_create(actor=request.user, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le hackathon est créé, en brouillon."))
            return redirect("hackathons:manage", slug=hackathon.slug)
    return form_page(request, "hackathons/hackathon_form.html", {"form": form})


#: How long the organisers' board is kept at most: what no stamp sees (a renamed office in
#: a placement's reasons) shows within it.
BOARD_TTL = 60


@login_required
def manage(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The organisers' page: phase, programme, proposals, team formation, and the live board
    (who checked in, teams, answers), refreshed by htmx every 30 seconds. Its sections and
    its board are kept (Django's ``{% cache %}``) per hackathon, person and roles (how
    people are named to them) under the stamps of the hackathon's page
    (``hackathons.stamps.page_stamps``), its forms posting with the reader's own CSRF token
    (``{% kept_csrf_token %}``): a phase, a question, a team, a check-in or a juror shows on
    the next request. What they show is built only when a block is."""
    user: Any = request.user
    stamps = page_stamps()

    @functools.cache
    def found() -> Hackathon:
        return managed(request, slug)  # type: ignore[arg-type]

    def heading() -> dict[str, Any]:
        hackathon = found()
        return {"hackathon_title": hackathon.title, "event_id": hackathon.event_id}

    # Who may organise it (its organisers, its visibility, the roles) is kept with the page
    # under the same stamps: a kept board reads nothing.
    seen = kept_access("hackathon-board", user, slug, ttl=BOARD_TTL, stamps=stamps, decide=heading)
    hackathon: Any = SimpleLazyObject(found)  # read only when a block is built anew
    context = {
        **seen,
        "slug": slug,
        "hackathon": hackathon,
        "page": SimpleLazyObject(lambda: selectors.hackathon_page(viewer=user, hackathon=found(), manage=True)),
        "phase_form": SimpleLazyObject(lambda: PhaseForm(initial={"phase": found().phase})),
        "session_form": SimpleLazyObject(SessionForm),
        "participants": SimpleLazyObject(lambda: selectors.participants_for_board(hackathon=found())),
        "states": SimpleLazyObject(lambda: selectors.registration_states(hackathon=found())),
        "decide_form": SimpleLazyObject(lambda: DecideForm(hackathon=found())),
        **kept_list("hackathon-board", slug, reader(user), request.path, ttl=BOARD_TTL, stamps=stamps),
    }
    template = "hackathons/manage.html#board" if request.htmx else "hackathons/manage.html"
    return render(request, template, context)


def _after(request: AuthenticatedHttpRequest, hackathon: Hackathon, done: str, error: ValidationError | None) -> HttpResponse:
    if error is not None:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("hackathons:manage", slug=hackathon.slug)


@require_POST
@login_required
def set_phase(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hackathon = managed(request, slug)
    form = PhaseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Cette phase n’existe pas."))
        hackathon_set_phase(actor=request.user, hackathon=hackathon, phase=form.cleaned_data["phase"])
    except ValidationError as error:
        return _after(request, hackathon, "", error)
    return _after(request, hackathon, _("La phase est changée."), None)


@require_POST
@login_required
def add_session(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hackathon = managed(request, slug)
    form = SessionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        session_add(actor=request.user, hackathon=hackathon, **form.cleaned_data)
    except ValidationError as error:
        return _after(request, hackathon, "", error)
    return _after(request, hackathon, _("Le moment est ajouté au programme."), None)


@login_required
def new_question(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hackathon = managed(request, slug)
    form = QuestionForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        recommendations = data.pop("recommendations")
        try:
            question_create(actor=request.user, hackathon=hackathon, recommendations=recommendations, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La question est ajoutée et retenue."))
            return redirect("hackathons:manage", slug=hackathon.slug)
    return form_page(request, "hackathons/question_form.html", {"form": form, "hackathon": hackathon})


@login_required
def edit_question(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Reword a question, complete its brief or write its Dutch and English versions."""
    hackathon = managed(request, slug)
    question = get_object_or_404(Question, hackathon=hackathon, pk=pk)
    initial = {name: getattr(question, name) for name in QUESTION_FIELDS}
    initial["recommendations"] = list(question.recommendations.all())
    form = QuestionForm(request.POST or None, initial=initial, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        recommendations = data.pop("recommendations")
        try:
            question_update(actor=request.user, question=question, recommendations=recommendations, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La question est enregistrée."))
            return redirect("hackathons:manage", slug=hackathon.slug)
    return form_page(request, "hackathons/question_form.html", {"form": form, "hackathon": hackathon, "question": question})


@require_POST
@login_required
def decide_question(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    hackathon = managed(request, slug)
    question = get_object_or_404(Question, hackathon=hackathon, pk=pk)
    form = DecideForm(request.POST, hackathon=hackathon)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choisissez : retenue, fusionnée ou non retenue."))
        question_decide(actor=request.user, question=question, **form.cleaned_data)
    except ValidationError as error:
        return _after(request, hackathon, "", error)
    return _after(request, hackathon, _("La décision sur la question est enregistrée."), None)


@require_POST
@login_required
def form_teams(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hackathon = managed(request, slug)
    try:
        teams_request(actor=request.user, hackathon=hackathon)
    except ValidationError as error:
        return _after(request, hackathon, "", error)
    return _after(request, hackathon, _("Les équipes se forment en arrière-plan ; la page les montre dès qu’elles sont prêtes."), None)


@require_POST
@login_required
def move(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hackathon = managed(request, slug)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choisissez une question et un numéro d’équipe."))
        participant = Participant.objects.filter(hackathon=hackathon, pk=form.cleaned_data["participant"]).first()
        question = Question.objects.filter(hackathon=hackathon, pk=form.cleaned_data["question"]).first()
        if participant is None or question is None:
            raise ValidationError(_("Cette équipe ou cette personne n’appartient pas à ce hackathon."))
        membership_move(
            actor=request.user, hackathon=hackathon, participant=participant, question=question, number=form.cleaned_data["number"] - 1
        )
    except ValidationError as error:
        return _after(request, hackathon, "", error)
    return _after(request, hackathon, _("La personne est placée et verrouillée dans cette équipe."), None)


@require_POST
@login_required
def choose(request: AuthenticatedHttpRequest, slug: str, team_pk: int) -> HttpResponse:
    hackathon = managed(request, slug)
    team = get_object_or_404(Team, hackathon=hackathon, pk=team_pk)
    try:
        project = answer_choose(actor=request.user, team=team, covers=request.POST.get("covers", "partly"))
    except ValidationError as error:
        return _after(request, hackathon, "", error)
    messages.success(request, _("La réponse est retenue : le projet « %(title)s » la porte désormais.") % {"title": project.title})
    return redirect("projects:detail", pk=project.pk)


@require_POST
@login_required
def add_jury(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Add a criterion (name and weight) or a juror (by e-mail)."""
    hackathon = managed(request, slug)
    try:
        if request.POST.get("juror_email"):
            user = User.objects.filter(email__iexact=request.POST["juror_email"].strip(), is_active=True).first()
            if user is None:
                raise ValidationError(_("Aucun compte actif n’a cette adresse."))
            juror_add(actor=request.user, hackathon=hackathon, user=user)
        else:
            try:
                weight = int(request.POST.get("weight", ""))
            except ValueError:
                weight = 0
            criterion_add(actor=request.user, hackathon=hackathon, name=request.POST.get("name", ""), weight=weight)
    except ValidationError as error:
        return _after(request, hackathon, "", error)
    return _after(request, hackathon, _("Le jury est mis à jour."), None)


@login_required
def scores_export(request: AuthenticatedHttpRequest, slug: str, fmt: str) -> HttpResponse:
    hackathon = managed(request, slug)
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    header, *rows = selectors.scores_table(hackathon=hackathon)
    content, content_type = spreadsheet(header, rows, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="notes-{hackathon.slug}.{fmt}"'
    return response


def _posted_id(request: AuthenticatedHttpRequest, name: str) -> int:
    """A posted id; a forged or missing one answers 404, like a missing object."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)


@login_required
def mentors(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Name the mentors of a question (found by name) and add their slots."""
    hackathon = managed(request, slug)
    question = selectors.hackathon_question(hackathon=hackathon, pk=pk)
    if question is None:
        raise Http404
    here = redirect("hackathons:mentors", slug=hackathon.slug, pk=question.pk)
    slot_form = MentorSlotForm()
    if request.method == "POST" and "mentor" in request.POST:
        mentor = next((m for m in selectors.question_mentors(question_id=question.pk) if m.pk == _posted_id(request, "mentor")), None)
        if mentor is None:
            raise Http404
        mentor.question = question
        slot_form = MentorSlotForm(request.POST)
        if slot_form.is_valid():
            try:
                mentor_slot_add(actor=request.user, mentor=mentor, **slot_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(slot_form, error)
            else:
                messages.success(request, _("Le créneau est ajouté."))
                return here
    elif request.method == "POST":
        found = selectors.mentor_search(viewer=request.user, query=request.POST.get("q", ""))
        chosen = next((u for u in found if u.pk == _posted_id(request, "user")), None)
        if chosen is None:
            messages.error(request, _("Choisissez une personne parmi les résultats de la recherche."))
            return here
        try:
            mentor_add(actor=request.user, question=question, user=chosen)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La personne est nommée mentor de la question."))
        return here
    form = MentorSearchForm(request.GET or None)
    results = selectors.mentor_search(viewer=request.user, query=form.cleaned_data["q"]) if form.is_valid() else []
    context = {
        "hackathon": hackathon,
        "question": question,
        "form": form,
        "results": results,
        "mentors": selectors.question_mentors(question_id=question.pk),
        "slot_form": slot_form,
        "now": timezone.now(),
    }
    return form_page(request, "hackathons/mentors.html", context)


@login_required
def stories_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The stories that tell of the hackathon: the organisers link published ones, or unlink."""
    hackathon = managed(request, slug)
    form = StoryLinkForm(request.POST or None, choices=stories.story_choices())
    if request.method == "POST" and form.is_valid():
        story = stories.linkable_stories().filter(pk=form.cleaned_data["story"]).first()
        if story is None:
            raise Http404
        try:
            hackathon_story_link(actor=request.user, hackathon=hackathon, story=story)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le récit est lié au hackathon."))
            return redirect("hackathons:stories", slug=hackathon.slug)
    context = {"hackathon": hackathon, "form": form, "stories": stories.hackathon_stories(hackathon=hackathon, limit=None)}
    return form_page(request, "hackathons/stories.html", context)


@require_POST
@login_required
def unlink_story(request: AuthenticatedHttpRequest, slug: str, story_pk: int) -> HttpResponse:
    hackathon = managed(request, slug)
    story = hackathon.stories.filter(pk=story_pk).first()
    if story is None:
        raise Http404
    hackathon_story_unlink(actor=request.user, hackathon=hackathon, story=story)
    messages.success(request, _("Le récit n’est plus lié au hackathon."))
    return redirect("hackathons:stories", slug=hackathon.slug)


@require_POST
@login_required
def remove_mentor(request: AuthenticatedHttpRequest, slug: str, pk: int, mentor_pk: int) -> HttpResponse:
    """Take a mentor, or one of their slots (``slot`` posted), off the question; the teams hear of it."""
    hackathon = managed(request, slug)
    question = selectors.hackathon_question(hackathon=hackathon, pk=pk)
    mentor = next((m for m in selectors.question_mentors(question_id=question.pk) if m.pk == mentor_pk), None) if question else None
    if question is None or mentor is None:
        raise Http404
    mentor.question = question
    try:
        if "slot" in request.POST:
            slot = next((s for s in mentor.slots.all() if s.pk == _posted_id(request, "slot")), None)
            if slot is None:
                raise Http404
            slot.mentor = mentor
            mentor_slot_remove(actor=request.user, slot=slot)
            messages.success(request, _("Le créneau est retiré ; les équipes de la question en sont averties par e-mail."))
        else:
            mentor_remove(actor=request.user, mentor=mentor)
            messages.success(
                request, _("La personne n’est plus mentor de la question ; les équipes sont averties de ses créneaux annulés.")
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("hackathons:mentors", slug=hackathon.slug, pk=question.pk)
