"""What members do: propose a question, register, write their team's answer, vote, and —
for jurors — score the teams."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cairn.accounts.views import AuthenticatedHttpRequest, member_permission_required
from cairn.core.editing import version_of
from cairn.core.forms import add_service_errors
from cairn.core.http import form_page
from cairn.events.services.registrations import RegistrationRefused
from cairn.hackathons import selectors
from cairn.hackathons.forms import AnswerForm, ParticipantForm, ProposeForm, ScoreForm, StartTeamForm, VoteForm
from cairn.hackathons.models import Answer, Hackathon, Participant, Phase, QuestionStatus, Team
from cairn.hackathons.services.answers import answer_save, score_submit, vote_cast
from cairn.hackathons.services.own_teams import application_decide, application_submit, team_start
from cairn.hackathons.services.participants import hackathon_days, participant_register
from cairn.hackathons.services.questions import question_propose
from cairn.recommendations.models import Recommendation


def _hackathon(request: AuthenticatedHttpRequest, slug: str) -> Hackathon:
    hackathon = selectors.visible_hackathon(viewer=request.user, slug=slug)
    if hackathon is None:
        raise Http404
    return hackathon


@member_permission_required("hackathons.take_part")
def propose(request: AuthenticatedHttpRequest, slug: str, recommendation_pk: int) -> HttpResponse:
    hackathon = _hackathon(request, slug)
    recommendation = get_object_or_404(Recommendation.objects.visible_to(request.user), pk=recommendation_pk)
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question_propose(actor=request.user, hackathon=hackathon, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Merci : votre question est proposée à l’organisation du hackathon."))
            return redirect("recommendations:detail", reference=recommendation.reference)
    return form_page(request, "hackathons/propose.html", {"form": form, "hackathon": hackathon, "recommendation": recommendation})


@member_permission_required("hackathons.take_part")
def register(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hackathon = _hackathon(request, slug)
    questions = list(hackathon.questions.filter(status=QuestionStatus.SELECTED).order_by("pk"))
    days = hackathon_days(hackathon)
    existing = hackathon.participants.filter(user=request.user).first()
    initial: dict[str, object] = {"languages": [getattr(getattr(request.user, "profile", None), "language", "fr")]}
    initial["skills"] = ", ".join(selectors.profile_skills(user=request.user))
    if existing is not None:
        prefs = [*existing.preferences, None, None]
        initial = {
            "role": existing.role,
            "skills": ", ".join(existing.skills),
            "first_choice": prefs[0],
            "second_choice": prefs[1],
            "third_choice": prefs[2],
            "languages": existing.languages.split(),
            "availability": existing.availability,
            "first_participation": existing.first_participation,
        }
    form = ParticipantForm(request.POST or None, initial=initial, questions=questions, days=days, languages=hackathon.event.language_codes)
    if request.method == "POST" and form.is_valid():
        try:
            _participant, registration = participant_register(hackathon=hackathon, user=request.user, **form.service_data())
        except RegistrationRefused as refused:
            form.add_error(None, str(refused))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if registration.status == "waitlisted":
                messages.success(request, _("Le hackathon est complet : vous êtes sur la liste d’attente."))
            else:
                messages.success(request, _("C’est noté : vous êtes inscrit·e au hackathon. Une confirmation part par e-mail."))
            return redirect(hackathon.get_absolute_url())
    refusal = "" if hackathon.phase == Phase.REGISTRATION else _("Les inscriptions à ce hackathon ne sont pas ouvertes.")
    return form_page(request, "hackathons/register.html", {"form": form, "hackathon": hackathon, "refusal": refusal, "existing": existing})


def _own_team(request: AuthenticatedHttpRequest, slug: str, pk: int) -> Team:
    hackathon = _hackathon(request, slug)
    team = selectors.hackathon_team(hackathon=hackathon, pk=pk)
    if team is None:
        raise Http404
    if not request.user.has_perm("hackathons.answer", team):
        raise PermissionDenied
    return team


@member_permission_required("hackathons.take_part")
def answer(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    team = _own_team(request, slug, pk)
    current = Answer.objects.filter(team=team).first()
    initial = (
        {"version": version_of(current)}
        if current is None
        else {
            "version": version_of(current),
            "summary": current.summary,
            "answer": current.answer,
            "plan": current.plan,
            "links": current.links,
        }
    )
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            answer_save(actor=request.user, team=team, expected_updated_at=version, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La réponse de l’équipe est enregistrée."))
            return redirect(team.get_absolute_url())
    return form_page(request, "hackathons/answer.html", {"form": form, "team": team, "hackathon": team.hackathon})


@require_POST
@member_permission_required("hackathons.take_part")
def vote(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hackathon = _hackathon(request, slug)
    form = VoteForm(request.POST)
    team = selectors.hackathon_team(hackathon=hackathon, pk=form.cleaned_data["team"]) if form.is_valid() else None
    if team is None:
        messages.error(request, _("Cette équipe n’appartient pas à ce hackathon."))
        return redirect(hackathon.get_absolute_url())
    try:
        vote_cast(user=request.user, hackathon=hackathon, team=team)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre vote est enregistré ; vous pouvez le changer jusqu’aux résultats."))
    return redirect(hackathon.get_absolute_url())


@login_required
def jury(request: AuthenticatedHttpRequest, slug: str, team_pk: int) -> HttpResponse:
    """A juror's scores of one team; they never see the other jurors' scores here."""
    hackathon = _hackathon(request, slug)
    if not request.user.has_perm("hackathons.score", hackathon):
        raise PermissionDenied
    team = selectors.hackathon_team(hackathon=hackathon, pk=team_pk)
    if team is None:
        raise Http404
    criteria = list(hackathon.criteria.order_by("pk"))
    mine = selectors.juror_scores(hackathon=hackathon, juror=request.user).get(team.pk, {})
    initial: dict[str, object] = {}
    for c in criteria:
        if c.pk in mine:
            initial[f"score_{c.pk}"] = mine[c.pk].value
            initial[f"comment_{c.pk}"] = mine[c.pk].comment
    form = ScoreForm(request.POST or None, initial=initial, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            score_submit(juror=request.user, team=team, scores=form.scores())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Vos notes sont enregistrées."))
            return redirect(hackathon.get_absolute_url())
    return form_page(request, "hackathons/jury.html", {"form": form, "team": team, "hackathon": hackathon})


def _participant(request: AuthenticatedHttpRequest, hackathon: Hackathon) -> Participant:
    participant = selectors.own_participant(hackathon=hackathon, user=request.user)
    if participant is None:
        raise PermissionDenied
    return participant


@require_POST
@member_permission_required("hackathons.take_part")
def start_team(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A participant starts a team on a question and posts the roles it looks for."""
    hackathon = _hackathon(request, slug)
    participant = _participant(request, hackathon)
    form = StartTeamForm(request.POST, questions=list(hackathon.questions.filter(status=QuestionStatus.SELECTED)))
    try:
        if not form.is_valid():
            raise ValidationError(_("Choisissez une question et un numéro d’équipe."))
        question = hackathon.questions.get(pk=form.cleaned_data["question"])
        team = team_start(participant=participant, question=question, open_roles=form.cleaned_data["open_roles"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(hackathon.get_absolute_url())
    messages.success(request, _("Votre équipe est créée ; les autres participant·es peuvent y candidater."))
    return redirect(team.get_absolute_url())


@require_POST
@member_permission_required("hackathons.take_part")
def apply(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    hackathon = _hackathon(request, slug)
    participant = _participant(request, hackathon)
    team = selectors.hackathon_team(hackathon=hackathon, pk=pk)
    if team is None:
        raise Http404
    try:
        application_submit(participant=participant, team=team)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre candidature est envoyée à l’équipe."))
    return redirect(team.get_absolute_url())


@require_POST
@member_permission_required("hackathons.take_part")
def decide_application(request: AuthenticatedHttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    hackathon = _hackathon(request, slug)
    application = selectors.hackathon_application(hackathon=hackathon, pk=pk)
    if application is None or decision not in {"accepter", "refuser"}:
        raise Http404
    try:
        application_decide(actor=request.user, application=application, accept=decision == "accepter")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La décision est enregistrée."))
    return redirect(application.team.get_absolute_url())
