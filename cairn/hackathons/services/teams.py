"""Teams: Cairn proposes them (``core.grouping``, in a background task), organisers move
people and lock them, then re-run around the locks. Two organisers asking at once: each
request takes a new round number under the hackathon's row lock; a run writes only if its
round is still the latest, so the last request wins and no two runs are ever mixed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core import grouping
from cairn.core.audit import record_change
from cairn.events.models import RegistrationStatus
from cairn.events.services.seats import after_commit
from cairn.hackathons.models import (
    FormationStatus,
    Hackathon,
    Membership,
    Participant,
    Phase,
    Question,
    QuestionStatus,
    Team,
    TeamFile,
    TeamPost,
)
from cairn.hackathons.selectors import hackathons_stamp
from cairn.hackathons.stamps import activity_stamp
from cairn.projects.services import check_attachment


def teams_request(*, actor: Any, hackathon: Hackathon) -> int:
    """Ask for teams to be formed (or re-formed around the locks); returns the round number."""
    from cairn.hackathons.tasks import form_teams

    if hackathon.phase != Phase.TEAMS:
        raise ValidationError(_("Les équipes se forment pendant la phase « Formation des équipes »."))
    with transaction.atomic():
        Hackathon.objects.filter(pk=hackathon.pk).update(
            formation_round=F("formation_round") + 1,
            formation_status=FormationStatus.PENDING,
            formation_reason={},
            formation_finished_at=None,
            updated_at=timezone.now(),
        )
        hackathons_stamp.forget()  # an update sends no signal (cairn.core.stamps)
        current = Hackathon.objects.select_for_update().get(pk=hackathon.pk)
        record_change(actor=actor, instance=current, action="hackathon_teams_request", after={"round": current.formation_round})
        after_commit(form_teams, hackathon_id=current.pk, round=current.formation_round)
    hackathon.formation_round = current.formation_round
    return current.formation_round


def grouping_input(hackathon: Hackathon) -> tuple[list[grouping.Person], list[grouping.Target], grouping.Settings]:
    """The confirmed participants and selected questions, as ``core.grouping`` reads them;
    the locked memberships are its locks."""
    participants = list(
        Participant.objects.filter(
            hackathon=hackathon,
            user__event_registrations__event=hackathon.event_id,
            user__event_registrations__status=RegistrationStatus.CONFIRMED,
        )
        .select_related("user__profile__office", "user__profile__sector", "membership__team")
        .order_by("pk")
    )
    questions = list(hackathon.questions.filter(status=QuestionStatus.SELECTED).order_by("pk"))
    people = []
    locks: dict[Any, tuple[Any, int]] = {}
    for p in participants:
        profile = getattr(p.user, "profile", None)
        traits = set()
        if profile is not None and profile.office_id:
            traits.add(f"office:{profile.office_id}")
        if profile is not None and profile.sector_id:
            traits.add(f"sector:{profile.sector_id}")
        people.append(
            grouping.Person(
                id=p.pk,
                languages=frozenset(p.languages.split()),
                skills=frozenset([p.role, *p.skills]),
                traits=frozenset(traits),
                preferences=tuple(p.preferences),
                availability=None,
                first_timer=p.first_participation,
                lead=p.role == "facilitation",
            )
        )
        membership = getattr(p, "membership", None) if hasattr(p, "membership") else None
        if membership is not None and membership.locked:
            locks[p.pk] = (membership.team.question_id, membership.team.number)
    targets = [grouping.Target(q.pk, needs=frozenset(q.needed_roles)) for q in questions]
    settings = grouping.Settings(
        min_size=hackathon.team_min_size,
        max_size=hackathon.team_max_size,
        max_groups_per_target=hackathon.teams_per_question,
        locks=locks,
    )
    return people, targets, settings


def teams_apply(*, hackathon_id: int, round: int, result: grouping.Result) -> bool:
    """Write a formation's teams, if ``round`` is still the latest request: the unlocked
    memberships are replaced, locked ones kept, empty teams removed. Returns whether it wrote."""
    with transaction.atomic():
        hackathon = Hackathon.objects.select_for_update().get(pk=hackathon_id)
        if hackathon.formation_round != round or hackathon.phase != Phase.TEAMS:
            return False
        Membership.objects.filter(team__hackathon=hackathon, locked=False).delete()
        teams: dict[tuple[Any, int], Team] = {(t.question_id, t.number): t for t in Team.objects.filter(hackathon=hackathon)}
        memberships = []
        for group in result.groups:
            team = teams.get((group.target, group.number))
            if team is None:
                team = teams[group.target, group.number] = Team.objects.create(
                    hackathon=hackathon, question_id=cast(int, group.target), number=group.number
                )
            for pid in group.members:
                reasons = [asdict(r) for r in result.reasons[pid]]
                memberships.append(Membership(team=team, participant_id=cast(int, pid), reasons=reasons))
        kept = set(Membership.objects.filter(team__hackathon=hackathon).values_list("participant_id", flat=True))
        for m in memberships:
            if m.participant_id in kept:
                Membership.objects.filter(participant_id=m.participant_id).update(reasons=m.reasons)
        Membership.objects.bulk_create([m for m in memberships if m.participant_id not in kept])
        activity_stamp.forget()  # bulk writes send no signal (cairn.core.stamps)
        Team.objects.filter(hackathon=hackathon, memberships__isnull=True, project__isnull=True).delete()
        Hackathon.objects.filter(pk=hackathon.pk).update(
            formation_status=FormationStatus.DONE, formation_reason={}, formation_finished_at=timezone.now(), updated_at=timezone.now()
        )
        hackathons_stamp.forget()
        record_change(
            actor=None,
            instance=hackathon,
            action="hackathon_teams_formed",
            after={"round": round, "teams": len(result.groups), "unplaced": sorted(result.unplaced), "status": result.status},
        )
    return True


def teams_formation_refused(*, hackathon_id: int, round: int, refusal: grouping.Refused) -> bool:
    """A formation that cannot keep its rules or locks writes no team: the hackathon keeps
    why (the refusal's code and data, with the question's title when it names one), the
    organisers' board says it, and each organiser gets an e-mail. A stale round records
    nothing. Returns whether it recorded."""
    from cairn.hackathons.emails import send_formation_refused

    with transaction.atomic():
        hackathon = Hackathon.objects.select_for_update().get(pk=hackathon_id)
        if hackathon.formation_round != round or hackathon.phase != Phase.TEAMS or hackathon.formation_status == FormationStatus.FAILED:
            return False  # stale, or this round's refusal is already recorded (a re-run tells no one twice)
        data = {k: v for k, v in refusal.data.items() if isinstance(v, (int, str, bool))}
        if "target" in data:
            data["question"] = Question.objects.filter(pk=data["target"], hackathon=hackathon).values_list("title", flat=True).first() or ""
        reason = {"code": refusal.code, "data": data}
        Hackathon.objects.filter(pk=hackathon.pk).update(
            formation_status=FormationStatus.FAILED,
            formation_reason=reason,
            formation_finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        hackathons_stamp.forget()
        record_change(actor=None, instance=hackathon, action="hackathon_teams_refused", after={"round": round, **reason})
        transaction.on_commit(lambda: send_formation_refused(hackathon_id=hackathon_id, round=round))
    return True


def membership_move(*, actor: Any, hackathon: Hackathon, participant: Participant, question: Question, number: int) -> Membership:
    """An organiser places a participant in a team (a new one if the number is free) and
    locks them there; a full team, another hackathon's question or participant is refused."""
    if participant.hackathon_id != hackathon.pk or question.hackathon_id != hackathon.pk or question.status != QuestionStatus.SELECTED:
        raise ValidationError(_("Cette équipe ou cette personne n’appartient pas à ce hackathon."))
    if not 0 <= number < hackathon.teams_per_question:
        raise ValidationError(_("Cette question a au plus %(n)s équipes.") % {"n": hackathon.teams_per_question})
    if hackathon.phase not in (Phase.TEAMS, Phase.RUNNING):
        raise ValidationError(_("Les équipes ne changent plus à cette phase."))
    with transaction.atomic():
        Hackathon.objects.select_for_update().get(pk=hackathon.pk)
        team, _created = Team.objects.get_or_create(hackathon=hackathon, question=question, number=number)
        size = team.memberships.exclude(participant=participant).count()
        if size >= hackathon.team_max_size:
            raise ValidationError(_("Cette équipe est complète (%(n)s personnes au plus).") % {"n": hackathon.team_max_size})
        membership, _created = Membership.objects.update_or_create(
            participant=participant, defaults={"team": team, "locked": True, "reasons": [{"code": grouping.LOCKED, "data": {}}]}
        )
        Team.objects.filter(hackathon=hackathon, memberships__isnull=True, project__isnull=True).delete()
        record_change(
            actor=actor, instance=hackathon, action="hackathon_member_move", after={"participant": participant.pk, "team": team.pk}
        )
    return membership


def membership_unlock(*, actor: Any, membership: Membership) -> Membership:
    """Let the next formation move this person again."""
    membership.locked = False
    membership.save(update_fields=["locked"])
    record_change(
        actor=actor, instance=membership.team.hackathon, action="hackathon_member_unlock", after={"participant": membership.participant_id}
    )
    return membership


def team_post_add(*, actor: Any, team: Team, text: str) -> TeamPost:
    """Add a dated entry to the team's logbook: its members and the organisers write there."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Écrivez quelque chose.")]})
    if len(text) > 3000:
        raise ValidationError({"text": [_("Un message fait au plus 3 000 caractères.")]})
    with transaction.atomic():
        post = TeamPost.objects.create(team=team, author=actor, text=text)
        record_change(actor=actor, instance=team, action="team_post_add", after={"post": post.pk})
    return post


def team_file_add(*, actor: Any, team: Team, upload: Any) -> TeamFile:
    """Keep a private file of the team, with the limits of a project's attachments (size,
    accepted types, content matching the extension); a failed write leaves no orphan file."""
    name, content_type = check_attachment(upload)
    with transaction.atomic():
        team_file = TeamFile(team=team, name=name, content_type=content_type, size=upload.size or 0, uploaded_by=actor)
        team_file.file.save(name, upload, save=False)
        stored = team_file.file.name or ""
        try:
            team_file.save()
            record_change(actor=actor, instance=team, action="team_file_add", after={"file": name, "size": team_file.size})
        except Exception:
            team_file.file.storage.delete(stored)
            raise
    return team_file
