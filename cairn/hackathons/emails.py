"""The hackathons' e-mails, in the recipient's language (``cairn.core.emails``): a
participant's team with the programme as .ics, and the results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as VEvent

from cairn.core.emails import render_email
from cairn.events.emails import language_of
from cairn.events.ical import build_calendar
from cairn.hackathons.models import Hackathon, Membership, Participant, Phase
from cairn.hackathons.services.mailing import phase_email_claim

#: Which e-mail a phase sends, and the participant's field that records it went.
PHASE_EMAILS = {Phase.RUNNING: ("teams_announced", "team_emailed_at"), Phase.RESULTS: ("results_published", "results_emailed_at")}


def _url(name: str, language: str, *args: Any) -> str:
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def programme_calendar(hackathon: Hackathon, sessions: list[Any]) -> bytes:
    """The hackathon's event (the events' own .ics: place, online link for a participant) and
    each moment of its programme as an entry of its own, in the reader's language."""
    calendar = Calendar.from_ical(build_calendar([hackathon.event], name=hackathon.title, show_online_for={hackathon.event_id}))
    host = settings.SITE_URL.split("://", 1)[-1].rstrip("/")
    location = ", ".join(part for part in [hackathon.event.address, hackathon.event.city] if part)
    for session in sessions:
        entry = VEvent()
        entry.add("uid", f"hackathon-session-{session.pk}@{host}")
        entry.add("dtstamp", timezone.now())
        entry.add("dtstart", session.starts_at)
        entry.add("dtend", session.ends_at)
        entry.add("summary", f"{hackathon.title} — {session.title or session.get_kind_display()}")
        if location:
            entry.add("location", location)
        calendar.add_component(entry)
    return bytes(calendar.to_ical())


def send_phase_email(*, hackathon: Hackathon, participant: Participant, phase: str) -> bool:
    """Send the phase's e-mail to the participant once (a conditional update claims it)."""
    template, field = PHASE_EMAILS[Phase(phase)]
    user = participant.user
    if not user.is_reachable:
        return False
    if not phase_email_claim(participant=participant, field=field):
        return False
    language = language_of(user)
    membership = getattr(participant, "membership", None) if hasattr(participant, "membership") else None
    team = membership.team if membership is not None else None
    sessions = list(hackathon.sessions.all())
    context = {
        "hackathon": hackathon,
        "team": team,
        "hackathon_url": _url("hackathons:detail", language, hackathon.slug),
        "team_url": _url("hackathons:team", language, hackathon.slug, team.pk) if team else "",
        "sessions": sessions,
    }
    message = render_email(f"hackathons/emails/{template}", context, language)
    message.to = [user.email]
    if phase == Phase.RUNNING:
        with translation.override(language):
            calendar = programme_calendar(hackathon, sessions)
        message.attach(f"hackathon-{hackathon.pk}.ics", calendar, "text/calendar")
    message.send()
    return True


def _send(template: str, user: Any, context: dict[str, Any]) -> bool:
    """One e-mail of the hackathons to one person, in their language; False if unreachable."""
    if not user.is_reachable:
        return False
    language = language_of(user)
    message = render_email(f"hackathons/emails/{template}", context, language)
    message.to = [user.email]
    message.send()
    return True


def send_formation_refused(*, hackathon_id: int, round: int) -> int:
    """Tell each organiser that the formation of ``round`` wrote no team, and why."""
    hackathon = Hackathon.objects.select_related("event").filter(pk=hackathon_id, formation_round=round).first()
    if hackathon is None:
        return 0
    sent = 0
    for organiser in hackathon.event.organisers.select_related("profile").order_by("pk"):
        url = _url("hackathons:manage", language_of(organiser), hackathon.slug)
        sent += _send("formation_refused", organiser, {"hackathon": hackathon, "reason": hackathon.formation_reason, "manage_url": url})
    return sent


def send_mentoring_cancelled(*, cancellation_id: int) -> int:
    """Tell the members of the question's teams that these slots of the mentor are off; the
    mentor is named as each recipient may see their profile (``person_shown``)."""
    from cairn.accounts.selectors import person_shown
    from cairn.hackathons.models import MentoringCancellation

    cancellation = MentoringCancellation.objects.select_related("question__hackathon", "mentor__profile").filter(pk=cancellation_id).first()
    if cancellation is None:
        return 0
    question, mentor = cancellation.question, cancellation.mentor
    times = [(dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)) for a, b in cancellation.slots]
    members = Membership.objects.filter(team__question=question).select_related("participant__user__profile", "team").order_by("pk")
    sent = 0
    for membership in members:
        user = membership.participant.user
        language = language_of(user)
        with translation.override(language):  # the neutral label, when the profile is hidden, in their language
            name = str(person_shown(mentor, user).name)
        url = _url("hackathons:team", language, question.hackathon.slug, membership.team_id)
        context = {"hackathon": question.hackathon, "question": question, "mentor_name": name, "slots": times, "team_url": url}
        sent += _send("mentoring_cancelled", user, context)
    return sent
